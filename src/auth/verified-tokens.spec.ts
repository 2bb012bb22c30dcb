import { JwtError, signJwt } from "./jwt";
import { VERIFIED_TOKEN_TTL_MS, VerifiedTokens } from "./verified-tokens";

const SECRET = "unit-test-secret-0123456789abcdef0123";
const START = Date.UTC(2025, 0, 5, 10, 0, 0);

function clock(): { now: () => number; advance: (ms: number) => void } {
  let time = START;
  return { now: () => time, advance: (ms) => (time += ms) };
}

function token(claims: Record<string, unknown>, secret = SECRET): string {
  return signJwt({ sub: 1, accounts: { acme: "editor" }, ...claims }, secret);
}

async function refusal(tokens: VerifiedTokens, jwt: string): Promise<string> {
  try {
    await tokens.verify(jwt);
  } catch (error) {
    expect(error).toBeInstanceOf(JwtError);
    return (error as Error).message;
  }
  throw new Error("expected the token to be refused");
}

describe("VerifiedTokens", () => {
  it("answers a token's claims, the same object on a second call within the TTL", async () => {
    const time = clock();
    const tokens = new VerifiedTokens(SECRET, time.now);
    const jwt = token({});
    const first = await tokens.verify(jwt);
    time.advance(VERIFIED_TOKEN_TTL_MS - 1);
    expect(first).toMatchObject({ sub: 1 });
    expect(await tokens.verify(jwt)).toBe(first);
  });

  it("verifies again after the TTL", async () => {
    const time = clock();
    const tokens = new VerifiedTokens(SECRET, time.now);
    const jwt = token({});
    const first = await tokens.verify(jwt);
    time.advance(VERIFIED_TOKEN_TTL_MS + 1);
    const second = await tokens.verify(jwt);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it("never answers from the memo past the token's exp (+30 s leeway)", async () => {
    const time = clock();
    const tokens = new VerifiedTokens(SECRET, time.now);
    const jwt = token({ exp: START / 1000 + 5 });
    await tokens.verify(jwt);
    time.advance(5_000 + 30_000 + 1);
    expect(await refusal(tokens, jwt)).toBe("token expired");
  });

  it("does not remember refusals: a bad signature is refused every time", async () => {
    const tokens = new VerifiedTokens(SECRET, clock().now);
    const forged = token({}, "another-secret-0123456789abcdef012345");
    expect(await refusal(tokens, forged)).toBe("bad signature");
    expect(await refusal(tokens, forged)).toBe("bad signature");
  });

  it("keeps a token valid under one secret from passing under another", async () => {
    const jwt = token({});
    await new VerifiedTokens(SECRET, clock().now).verify(jwt);
    const other = new VerifiedTokens(
      "another-secret-0123456789abcdef012345",
      clock().now,
    );
    expect(await refusal(other, jwt)).toBe("bad signature");
  });

  it("hands out frozen claims, so one request cannot change another's", async () => {
    const tokens = new VerifiedTokens(SECRET, clock().now);
    const claims = await tokens.verify(token({}));
    expect(Object.isFrozen(claims)).toBe(true);
  });
});
