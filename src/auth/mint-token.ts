import { signJwt } from "./jwt";
import { isAccountId } from "./principal";
import { isRole } from "./roles";

export interface MintOptions {
  account: string;
  role: string;
  user: string;
  /** Lifetime in days; 0 for a token without `exp`. */
  days: number;
}

/** A token for local use and tests (`npm run token`), checked like the guard would. */
export function mintToken(
  secret: string,
  options: MintOptions,
  now = Date.now(),
): string {
  if (!isAccountId(options.account))
    throw new Error(`--account "${options.account}" is not a valid account id`);
  if (!isRole(options.role))
    throw new Error(
      `--role must be viewer, editor, admin or owner (got "${options.role}")`,
    );
  const issuedAt = Math.floor(now / 1000);
  const sub = /^(0|[1-9][0-9]{0,14})$/.test(options.user)
    ? Number(options.user)
    : options.user;
  return signJwt(
    {
      sub,
      accounts: { [options.account]: options.role },
      iat: issuedAt,
      ...(options.days > 0
        ? { exp: issuedAt + Math.round(options.days * 86400) }
        : {}),
    },
    secret,
  );
}
