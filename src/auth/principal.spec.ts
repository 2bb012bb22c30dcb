import { isAccountId, principalFromClaims } from "./principal";

describe("principalFromClaims", () => {
  const accounts = { acme: "editor", globex: "viewer" };

  it("reads sub and the accounts map", () => {
    const principal = principalFromClaims({ sub: 7, accounts });
    expect(principal).not.toBeNull();
    expect(principal!.userId).toBe(7);
    expect([...principal!.accounts]).toEqual([
      ["acme", "editor"],
      ["globex", "viewer"],
    ]);
  });

  it.each([
    [7, 7],
    [0, 0],
    ["7", 7],
    ["0", 0],
    ["123456789012345", 123456789012345],
    ["007", "007"],
    ["1234567890123456", "1234567890123456"],
    ["alice", "alice"],
    ["auth0|5f7c8ec7c33c6c004bbafe82", "auth0|5f7c8ec7c33c6c004bbafe82"],
    ["-1", "-1"],
  ])("sub %j becomes user %j (a number where numeric)", (sub, expected) => {
    expect(principalFromClaims({ sub, accounts })!.userId).toBe(expected);
  });

  it.each([
    [undefined],
    [null],
    [""],
    [-1],
    [1.5],
    [Number.MAX_SAFE_INTEGER + 1],
    [Number.NaN],
    ["a b"],
    ["x".repeat(129)],
    ["é"],
    [true],
    [{ id: 7 }],
  ])("refuses sub %j", (sub) => {
    expect(principalFromClaims({ sub, accounts })).toBeNull();
  });

  it("accepts a 128-character sub", () => {
    expect(
      principalFromClaims({ sub: "x".repeat(128), accounts })!.userId,
    ).toBe("x".repeat(128));
  });

  it("accepts an empty accounts map (a token good for /saved-pixels/options only)", () => {
    expect(principalFromClaims({ sub: 1, accounts: {} })!.accounts.size).toBe(
      0,
    );
  });

  it.each([
    [undefined],
    [null],
    ["acme"],
    [["acme"]],
    [[["acme", "editor"]]],
    [{ acme: "superuser" }],
    [{ acme: "Editor" }],
    [{ acme: 1 }],
    [{ acme: "editor", globex: null }],
    [{ "a b": "editor" }],
    [{ "-acme": "editor" }],
    [{ ["x".repeat(65)]: "editor" }],
  ])("refuses accounts %j", (value) => {
    expect(principalFromClaims({ sub: 1, accounts: value })).toBeNull();
  });

  it("refuses more than 1000 accounts", () => {
    const many = (n: number) =>
      Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`a${i}`, "viewer"]),
      );
    expect(
      principalFromClaims({ sub: 1, accounts: many(1000) }),
    ).not.toBeNull();
    expect(principalFromClaims({ sub: 1, accounts: many(1001) })).toBeNull();
  });
});

describe("isAccountId", () => {
  it.each(["acme", "a", "Acme-1", "acme.eu", "acme_eu", "0", "x".repeat(64)])(
    "accepts %j",
    (id) => expect(isAccountId(id)).toBe(true),
  );

  it.each([
    "",
    "-acme",
    ".acme",
    "_acme",
    "a b",
    "acme/1",
    "é",
    "x".repeat(65),
    5,
    null,
    undefined,
    ["acme"],
  ])("refuses %j", (id) => expect(isAccountId(id)).toBe(false));
});
