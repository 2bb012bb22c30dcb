import { isRole, roleHasScope, ROLES, SCOPES } from "./roles";

describe("roles and scopes", () => {
  it("orders the roles lowest first", () => {
    expect(ROLES).toEqual(["viewer", "editor", "admin", "owner"]);
    expect(SCOPES).toEqual(["read", "write"]);
  });

  it.each([
    ["viewer", "read", true],
    ["viewer", "write", false],
    ["editor", "read", true],
    ["editor", "write", true],
    ["admin", "read", true],
    ["admin", "write", true],
    ["owner", "read", true],
    ["owner", "write", true],
  ] as const)("%s has %s: %s", (role, scope, expected) => {
    expect(roleHasScope(role, scope)).toBe(expected);
  });

  it("knows only the four roles, exactly spelled", () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const value of [
      "Editor",
      "EDITOR",
      " editor",
      "superuser",
      "",
      null,
      undefined,
      1,
      ["editor"],
      { role: "editor" },
    ]) {
      expect(isRole(value)).toBe(false);
    }
  });
});
