/** Roles, lowest first (contract §2), and the scopes each one holds. */
export const ROLES = ["viewer", "editor", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = ["read", "write"] as const;
export type Scope = (typeof SCOPES)[number];

/** The lowest role that holds each scope. */
const MINIMUM_ROLE: Record<Scope, Role> = { read: "viewer", write: "editor" };

export function isRole(value: unknown): value is Role {
  return (
    typeof value === "string" && (ROLES as readonly string[]).includes(value)
  );
}

export function roleHasScope(role: Role, scope: Scope): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(MINIMUM_ROLE[scope]);
}
