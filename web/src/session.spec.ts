import { mintToken } from "../../src/auth/mint-token";
import { canWrite, decodeTokenClaims, takeTokenFromFragment } from "./session";

const part = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString("base64url");
const token = (payload: unknown) =>
  `${part({ alg: "HS256", typ: "JWT" })}.${part(payload)}.sig`;

describe("decodeTokenClaims", () => {
  it("reads the accounts and roles of a token the CLI mints", () => {
    const claims = decodeTokenClaims(
      mintToken("0123456789abcdef0123456789abcdef", {
        account: "acme",
        role: "viewer",
        user: "7",
        days: 1,
      }),
    );
    expect(claims).toMatchObject({
      sub: "7",
      accounts: [{ id: "acme", role: "viewer" }],
    });
    expect(claims!.expiresAt).toBeGreaterThan(Date.now());
  });

  it("keeps the token's account order, drops unknown roles, reads UTF-8", () => {
    expect(
      decodeTokenClaims(
        token({
          sub: 1,
          accounts: { zeta: "owner", "é-shop": "editor", x: "god" },
        }),
      ),
    ).toEqual({
      sub: "1",
      accounts: [
        { id: "zeta", role: "owner" },
        { id: "é-shop", role: "editor" },
      ],
      expiresAt: undefined,
    });
  });

  it.each([
    "",
    "abc",
    "a.b",
    "a.!!!.c",
    token("string"),
    token({ sub: "1" }),
    token({ sub: "1", accounts: ["acme"] }),
  ])("refuses %j", (value) => {
    expect(decodeTokenClaims(value)).toBeNull();
  });
});

describe("canWrite", () => {
  it("is the API's write scope: editor and above", () => {
    expect(canWrite("viewer")).toBe(false);
    expect(canWrite(undefined)).toBe(false);
    for (const role of ["editor", "admin", "owner"] as const)
      expect(canWrite(role)).toBe(true);
  });
});

describe("takeTokenFromFragment", () => {
  it("reads #token= and removes it from the address, keeping path and query", () => {
    const replaceState = jest.fn();
    expect(
      takeTokenFromFragment(
        { hash: "#token=eyJ.a.b", pathname: "/", search: "?x=1" },
        { replaceState },
      ),
    ).toBe("eyJ.a.b");
    expect(replaceState).toHaveBeenCalledWith(null, "", "/?x=1");
  });

  it("leaves other fragments alone", () => {
    const replaceState = jest.fn();
    expect(
      takeTokenFromFragment(
        { hash: "#/pixels/pix_abcdef", pathname: "/", search: "" },
        { replaceState },
      ),
    ).toBeNull();
    expect(replaceState).not.toHaveBeenCalled();
  });
});
