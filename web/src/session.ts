/**
 * The signed-in session: a bearer token kept in sessionStorage (this tab only,
 * gone when it closes), read from a pasted value or from the `#token=…` link
 * `npm start` prints.
 */

export const TOKEN_KEY = "saved-pixels.token";
export const ACCOUNT_KEY = "saved-pixels.account";

export type Role = "viewer" | "editor" | "admin" | "owner";
const ROLES: readonly Role[] = ["viewer", "editor", "admin", "owner"];

/** What the builder shows about a token. Display only: the server decides. */
export interface TokenClaims {
  sub: string;
  /** Account id → role, in the token's order. */
  accounts: Array<{ id: string; role: Role }>;
  /** Expiry, ms since the epoch, when the token has one. */
  expiresAt?: number;
}

/**
 * Reads a JWT's payload without verifying it (the browser has no secret; every
 * request is checked by the server). Returns null for anything that is not a
 * three-part token whose payload is a JSON object with an `accounts` object.
 */
export function decodeTokenClaims(token: string): TokenClaims | null {
  const parts = token.trim().split(".");
  if (parts.length !== 3) return null;
  let payload: unknown;
  try {
    const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    payload = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
  if (!payload || typeof payload !== "object") return null;
  const { sub, accounts, exp } = payload as Record<string, unknown>;
  if (!accounts || typeof accounts !== "object" || Array.isArray(accounts))
    return null;
  const list = Object.entries(accounts as Record<string, unknown>)
    .filter((entry): entry is [string, Role] =>
      ROLES.includes(entry[1] as Role),
    )
    .map(([id, role]) => ({ id, role }));
  return {
    sub: String(sub ?? ""),
    accounts: list,
    expiresAt: typeof exp === "number" ? exp * 1000 : undefined,
  };
}

/** Whether a role may create, save and delete (the API's write scope). */
export function canWrite(role: Role | undefined): boolean {
  return role !== undefined && role !== "viewer";
}

/**
 * Takes a token from the address fragment (`#token=…`), then removes it from
 * the address bar and history so it is not bookmarked, shared or left on screen.
 */
export function takeTokenFromFragment(
  location: Pick<Location, "hash" | "pathname" | "search">,
  history: Pick<History, "replaceState">,
): string | null {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, "", location.pathname + location.search);
  return decodeURIComponent(match[1]);
}
