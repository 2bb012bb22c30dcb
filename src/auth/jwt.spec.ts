import { createHmac } from "node:crypto";
import { JwtError, MAX_TOKEN_LENGTH, signJwt, verifyJwt } from "./jwt";

const SECRET = "unit-test-secret-0123456789abcdef0123";
const NOW = Date.UTC(2025, 0, 5, 10, 0, 0);
const NOW_S = NOW / 1000;

function b64(value: unknown): string {
  return Buffer.from(
    typeof value === "string" ? value : JSON.stringify(value),
  ).toString("base64url");
}

/** A token with any header, correctly HS256-signed with `secret`. */
function forge(header: unknown, claims: unknown, secret = SECRET): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const signature = createHmac("sha256", secret)
    .update(input)
    .digest("base64url");
  return `${input}.${signature}`;
}

async function refusal(token: string, now = NOW): Promise<string> {
  try {
    await verifyJwt(token, SECRET, now);
  } catch (error) {
    expect(error).toBeInstanceOf(JwtError);
    return (error as Error).message;
  }
  throw new Error("expected the token to be refused");
}

describe("signJwt / verifyJwt", () => {
  it("round-trips claims with an HS256 header", async () => {
    const claims = { sub: 7, accounts: { acme: "editor" }, iat: NOW_S };
    const token = signJwt(claims, SECRET);
    const [header] = token.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({
      alg: "HS256",
      typ: "JWT",
    });
    expect(await verifyJwt(token, SECRET, NOW)).toEqual(claims);
  });

  it("accepts a header without typ", async () => {
    expect(
      await verifyJwt(forge({ alg: "HS256" }, { sub: 1 }), SECRET, NOW),
    ).toEqual({ sub: 1 });
  });

  describe("pins the algorithm", () => {
    it.each([
      [{ alg: "none", typ: "JWT" }],
      [{ alg: "None" }],
      [{ alg: "hs256" }],
      [{ alg: "HS384" }],
      [{ alg: "HS512" }],
      [{ alg: "RS256" }],
      [{ typ: "JWT" }],
      [{ alg: ["HS256"] }],
    ])("refuses %j even when correctly signed", async (header) => {
      expect(await refusal(forge(header, { sub: 1 }))).toBe(
        "unsupported algorithm",
      );
    });

    it("refuses an unsigned alg:none token", async () => {
      const token = `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: 1 })}.`;
      expect(await refusal(token)).toBe("unsupported algorithm");
    });

    it("refuses another typ and any crit header", async () => {
      expect(await refusal(forge({ alg: "HS256", typ: "JWS" }, {}))).toBe(
        "unsupported type",
      );
      expect(await refusal(forge({ alg: "HS256", crit: ["exp"] }, {}))).toBe(
        "unsupported critical header",
      );
    });
  });

  describe("checks the signature", () => {
    it("refuses a token signed with another key", async () => {
      const token = signJwt({ sub: 1 }, "another-secret-0123456789abcdef0123");
      expect(await refusal(token)).toBe("bad signature");
    });

    it("refuses a tampered payload", async () => {
      const [header, , signature] = signJwt(
        { sub: 1, accounts: { a: "viewer" } },
        SECRET,
      ).split(".");
      const tampered = `${header}.${b64({ sub: 1, accounts: { a: "owner" } })}.${signature}`;
      expect(await refusal(tampered)).toBe("bad signature");
    });

    it("refuses an empty, truncated or extended signature", async () => {
      const token = signJwt({ sub: 1 }, SECRET);
      const [header, payload, signature] = token.split(".");
      expect(await refusal(`${header}.${payload}.`)).toBe("bad signature");
      expect(await refusal(`${header}.${payload}.${signature.slice(1)}`)).toBe(
        "bad signature",
      );
      expect(await refusal(`${header}.${payload}.${signature}A`)).toBe(
        "bad signature",
      );
    });

    it("refuses the other spellings of a good signature (base64url's spare bits set)", async () => {
      // 32 bytes are 43 base64url characters, the last carrying 2 unused bits:
      // four texts decode to the same signature. Only the canonical one is the
      // token; the others would be new keys for the rate limiter and the memo.
      const token = signJwt({ sub: 1, accounts: { a: "viewer" } }, SECRET);
      const [header, payload, signature] = token.split(".");
      const alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      const last = alphabet.indexOf(signature.slice(-1));
      expect(last % 4).toBe(0);
      for (let spare = 1; spare < 4; spare++) {
        const variant = `${signature.slice(0, -1)}${alphabet[last + spare]}`;
        expect(Buffer.from(variant, "base64url")).toEqual(
          Buffer.from(signature, "base64url"),
        );
        expect(await refusal(`${header}.${payload}.${variant}`)).toBe(
          "bad signature",
        );
      }
      await expect(verifyJwt(token, SECRET, NOW)).resolves.toMatchObject({
        sub: 1,
      });
    });
  });

  describe("exp and nbf, with 30 s of leeway", () => {
    const at = (claims: Record<string, unknown>) => signJwt(claims, SECRET);

    it("accepts a token that has not expired, or expired within the leeway", async () => {
      await expect(
        verifyJwt(at({ exp: NOW_S + 60 }), SECRET, NOW),
      ).resolves.toBeDefined();
      await expect(
        verifyJwt(at({ exp: NOW_S - 29 }), SECRET, NOW),
      ).resolves.toBeDefined();
    });

    it("refuses a token expired beyond the leeway", async () => {
      expect(await refusal(at({ exp: NOW_S - 31 }))).toBe("token expired");
      expect(await refusal(at({ exp: NOW_S - 86400 }))).toBe("token expired");
    });

    it("accepts a token valid now or within the leeway", async () => {
      await expect(
        verifyJwt(at({ nbf: NOW_S }), SECRET, NOW),
      ).resolves.toBeDefined();
      await expect(
        verifyJwt(at({ nbf: NOW_S + 29 }), SECRET, NOW),
      ).resolves.toBeDefined();
    });

    it("refuses a token not yet valid beyond the leeway", async () => {
      expect(await refusal(at({ nbf: NOW_S + 31 }))).toBe(
        "token not yet valid",
      );
      expect(await refusal(at({ nbf: NOW_S + 3600 }))).toBe(
        "token not yet valid",
      );
    });

    it.each([["tomorrow"], [null], [String(NOW_S + 60)], [[NOW_S + 60]]])(
      "refuses a malformed exp or nbf (%j)",
      async (value) => {
        expect(await refusal(at({ exp: value }))).toBe("malformed exp");
        expect(await refusal(at({ nbf: value }))).toBe("malformed nbf");
      },
    );

    it("leaves exp and nbf optional", async () => {
      expect(await verifyJwt(at({ sub: 1 }), SECRET, NOW)).toEqual({ sub: 1 });
    });
  });

  describe("malformed tokens", () => {
    const good = signJwt({ sub: 1 }, SECRET);
    const [h, p, s] = good.split(".");

    it.each([
      [""],
      ["abc"],
      [`${h}.${p}`],
      [`${h}.${p}.${s}.${s}`],
      [`${h}.${p}.${s}=`],
      [`${h}+.${p}.${s}`],
      [`${h}.${p} .${s}`],
      [`${b64("not json")}.${p}.${s}`],
      [`${h}.${b64("not json")}.${s}`],
    ])("refuses %j", async (token) => {
      expect(await refusal(token)).toMatch(/malformed token|bad signature/);
    });

    it("refuses a header or payload that is JSON but not an object", async () => {
      for (const part of [[], "str", null, 5]) {
        expect(await refusal(forge(part, { sub: 1 }))).toBe("malformed token");
        expect(await refusal(forge({ alg: "HS256" }, part))).toBe(
          "malformed token",
        );
      }
    });

    it(`refuses a token over ${MAX_TOKEN_LENGTH} characters unread`, async () => {
      const big = signJwt(
        { sub: 1, pad: "x".repeat(MAX_TOKEN_LENGTH) },
        SECRET,
      );
      expect(big.length).toBeGreaterThan(MAX_TOKEN_LENGTH);
      expect(await refusal(big)).toBe("token too large");
      expect(await refusal("a".repeat(MAX_TOKEN_LENGTH + 1))).toBe(
        "token too large",
      );
    });
  });
});
