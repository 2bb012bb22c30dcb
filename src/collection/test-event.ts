/**
 * Contract §9's test events: a payload carrying `test_event_code` (Meta's name
 * for the same thing, from its Conversions API) is someone checking an install.
 * It is stored and shown, marked `test`, but never counted, never claims a
 * transaction or a repeat-rule slot, never moves the pixel's `status`, and never
 * enters reports. Pure; never throws on input.
 */

/** A test event code is 1-50 characters (code points), any text. */
export const TEST_EVENT_CODE_MAX_LENGTH = 50;

/** Why a `test_event_code` value is not one, or null when it is (or is absent). */
export function testEventCodeProblem(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") return "must be text";
  const length = [...value].length;
  return length >= 1 && length <= TEST_EVENT_CODE_MAX_LENGTH
    ? null
    : `must be 1-${TEST_EVENT_CODE_MAX_LENGTH} characters`;
}

/**
 * Whether the event is a test event: `test_event_code` is a valid code. An
 * invalid one is dropped with a warning (`warn`) and the event is an ordinary
 * one: a typo must not silently hide real traffic, and the warning says why.
 */
export function isTestEvent(
  value: unknown,
  warn: (message: string) => void,
): boolean {
  if (value === undefined || value === null) return false;
  const problem = testEventCodeProblem(value);
  if (problem === null) return true;
  warn(
    `test_event_code ${problem}; dropped (the event is stored as a real event)`,
  );
  return false;
}
