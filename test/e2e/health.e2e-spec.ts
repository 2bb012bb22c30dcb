import { DataSource } from "typeorm";
import { request, startTestApp, TestApp } from "../support/test-app";

describe("GET /health", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("answers 200 with the database up, without a token", async () => {
    const response = await request(t.baseUrl, "GET", "/health");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      data: {
        status: "ok",
        database: process.env.TEST_DATABASE_URL?.startsWith("postgres")
          ? "postgres"
          : "sqlite",
      },
    });
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("ignores a bad Authorization header (it is public)", async () => {
    const response = await request(t.baseUrl, "GET", "/health", {
      headers: { authorization: "Bearer not.a.token" },
    });
    expect(response.status).toBe(200);
  });

  it("echoes a sane X-Request-Id", async () => {
    const response = await request(t.baseUrl, "GET", "/health", {
      headers: { "x-request-id": "req-123_abc" },
    });
    expect(response.headers.get("x-request-id")).toBe("req-123_abc");
  });

  describe("with the database down", () => {
    let down: TestApp;
    beforeAll(async () => {
      down = await startTestApp();
      await down.app.get(DataSource).destroy();
    });
    afterAll(() => down.close());

    it("answers 503 SERVICE_UNAVAILABLE in the envelope, without internals", async () => {
      const response = await request(down.baseUrl, "GET", "/health");
      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        success: false,
        error: {
          code: "SERVICE_UNAVAILABLE",
          message: "The database cannot be reached.",
        },
      });
    });

    it("answers a database-backed route with a clean 5xx, never leaking the driver's error", async () => {
      const account = down.account();
      const response = await request(
        down.baseUrl,
        "GET",
        `/saved-pixels?account_id=${account}`,
        { token: down.token(account) },
      );
      expect(response.status).toBeGreaterThanOrEqual(500);
      expect(response.body.success).toBe(false);
      expect(["INTERNAL", "SERVICE_UNAVAILABLE"]).toContain(
        response.body.error.code,
      );
      expect(response.text).not.toMatch(
        /DataSource|SELECT|SQLITE|connection|\bat \S+ \(/i,
      );
    });
  });
});
