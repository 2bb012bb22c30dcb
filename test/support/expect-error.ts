import type { ApiResponse } from "./test-app";

/**
 * What an error answer must never show: stack frames, source paths, SQL, driver
 * or framework error names, or the database's own words for a conflict.
 */
export const LEAK =
  /\bat \S+ \(|\S+\.[jt]s:\d+:\d+|\b(SELECT|INSERT INTO|UPDATE \S+ SET|DELETE FROM)\b|SQLITE_|QueryFailedError|saved_pixels|node_modules|FST_ERR|statusCode|duplicate key|[Uu][Nn][Ii][Qq][Uu][Ee] constraint/;

/**
 * Contract §3's envelope: the status and code, JSON, exactly `success` and
 * `error` with `code`, a message and (when present) non-empty `details` of
 * `{field, message}`, nothing leaked, and, when given, exactly these fields named.
 */
export function expectError(
  response: ApiResponse,
  status: number,
  code: string,
  fields?: string[],
): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual(
    { status, code },
  );
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(Object.keys(response.body).sort()).toEqual(["error", "success"]);
  expect(response.body.success).toBe(false);
  const error = response.body.error;
  expect(typeof error.message).toBe("string");
  expect(error.message.length).toBeGreaterThan(0);
  for (const key of Object.keys(error))
    expect(["code", "message", "details"]).toContain(key);
  if (error.details !== undefined) {
    expect(error.details.length).toBeGreaterThan(0);
    for (const detail of error.details)
      expect(detail).toEqual({
        field: expect.any(String),
        message: expect.any(String),
      });
  }
  expect(response.text).not.toMatch(LEAK);
  if (fields) {
    const named = (error.details ?? []).map(
      (detail: { field: string }) => detail.field,
    );
    expect([...new Set(named)].sort()).toEqual([...fields].sort());
  }
}
