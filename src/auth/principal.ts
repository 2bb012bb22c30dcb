import { JwtClaims } from "./jwt";
import { isRole, Role } from "./roles";

/** Who is calling, as the token says: the user and their role on each account. */
export interface Principal {
  /** The token's `sub`: a number where it is numeric (it becomes `created_by`). */
  userId: number | string;
  accounts: ReadonlyMap<string, Role>;
}

export const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MAX_ACCOUNTS = 1000;

export function isAccountId(value: unknown): value is string {
  return typeof value === "string" && ACCOUNT_ID.test(value);
}

/** Reads the claims a verified token must carry; null when they are missing or malformed. */
export function principalFromClaims(claims: JwtClaims): Principal | null {
  const userId = parseSubject(claims.sub);
  if (userId === null) return null;
  const accounts = claims.accounts;
  if (
    accounts === null ||
    typeof accounts !== "object" ||
    Array.isArray(accounts)
  )
    return null;
  const entries = Object.entries(accounts as Record<string, unknown>);
  if (entries.length > MAX_ACCOUNTS) return null;
  const roles = new Map<string, Role>();
  for (const [account, role] of entries) {
    if (!isAccountId(account) || !isRole(role)) return null;
    roles.set(account, role);
  }
  return { userId, accounts: roles };
}

function parseSubject(sub: unknown): number | string | null {
  if (typeof sub === "number")
    return Number.isSafeInteger(sub) && sub >= 0 ? sub : null;
  if (typeof sub !== "string" || sub.length === 0 || sub.length > 128)
    return null;
  if (/^(0|[1-9][0-9]{0,14})$/.test(sub)) return Number(sub);
  return /^[\x21-\x7e]+$/.test(sub) ? sub : null;
}
