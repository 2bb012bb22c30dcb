import { verifyJwt } from "./jwt";
import { mintToken } from "./mint-token";
import { principalFromClaims } from "./principal";

const SECRET = "unit-test-secret-0123456789abcdef0123";
const NOW = Date.UTC(2025, 0, 5, 10, 0, 0);

describe("mintToken", () => {
  it("mints a token the guard accepts, with the role on the account", async () => {
    const token = mintToken(
      SECRET,
      { account: "acme", role: "editor", user: "7", days: 1 },
      NOW,
    );
    const claims = await verifyJwt(token, SECRET, NOW);
    expect(claims).toEqual({
      sub: 7,
      accounts: { acme: "editor" },
      iat: NOW / 1000,
      exp: NOW / 1000 + 86400,
    });
    const principal = principalFromClaims(claims)!;
    expect(principal.userId).toBe(7);
    expect(principal.accounts.get("acme")).toBe("editor");
  });

  it("keeps a non-numeric user as a string and omits exp for days 0", async () => {
    const claims = await verifyJwt(
      mintToken(
        SECRET,
        { account: "a", role: "viewer", user: "alice", days: 0 },
        NOW,
      ),
      SECRET,
      NOW,
    );
    expect(claims.sub).toBe("alice");
    expect(claims.exp).toBeUndefined();
  });

  it("refuses a bad account or role, naming the flag", () => {
    expect(() =>
      mintToken(SECRET, { account: "a b", role: "editor", user: "1", days: 1 }),
    ).toThrow(/--account/);
    expect(() =>
      mintToken(SECRET, { account: "a", role: "root", user: "1", days: 1 }),
    ).toThrow(/--role/);
  });
});
