import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
} from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import { ApiError } from "../http/api-error";
import { APP_CONFIG, AppConfig } from "../config/app-config";
import { AUTH_METADATA, AuthRequirement } from "./authenticated.decorator";
import { JwtError } from "./jwt";
import { isAccountId, Principal, principalFromClaims } from "./principal";
import { AuthenticatedRequest } from "./request-context";
import { roleHasScope } from "./roles";
import { RateLimiter } from "./rate-limiter";
import { VerifiedTokens } from "./verified-tokens";
import { repeatedQueryParameters } from "../http/validation";

const ACCOUNT_ID_PARAMETER: ReadonlySet<string> = new Set(["account_id"]);

/**
 * The one global guard. It fails closed: a route that does not say what it needs
 * (with @Authenticated or @Public) is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: VerifiedTokens;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly rateLimiter: RateLimiter,
  ) {
    this.tokens = new VerifiedTokens(config.jwtSecret);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<
      AuthRequirement | undefined
    >(AUTH_METADATA, [context.getHandler(), context.getClass()]);
    if (!requirement)
      throw new ApiError("FORBIDDEN", "This route is not open to anyone.");
    if (requirement.kind === "public") return true;
    // Ingest-key routes carry their own guard (IngestKeyAuthenticated applies it),
    // which runs next; a JWT is not accepted there.
    if (requirement.kind === "ingest-key") return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { principal, token } = await this.authenticate(request);
    this.rateLimiter.consume(token);
    request.principal = principal;
    if (requirement.kind === "token") return true;

    const query = (request.query ?? {}) as Record<string, unknown>;
    // Refused as the routes' own parameters are: one value, no bracket forms.
    const repeated = repeatedQueryParameters(query, ACCOUNT_ID_PARAMETER);
    if (repeated.length > 0) throw ApiError.validation(repeated);
    const accountId = query.account_id;
    if (!isAccountId(accountId)) {
      throw ApiError.validation([
        {
          field: "account_id",
          message:
            accountId === undefined
              ? "account_id is required"
              : 'account_id must be 1-64 letters, digits, ".", "_" or "-"',
        },
      ]);
    }
    const role = principal.accounts.get(accountId);
    if (!role)
      throw new ApiError(
        "FORBIDDEN",
        "Your token has no role on this account.",
      );
    if (!roleHasScope(role, requirement.scope)) {
      throw new ApiError(
        "FORBIDDEN",
        `This needs the ${requirement.scope} scope; your role "${role}" does not have it.`,
      );
    }
    request.accountId = accountId;
    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<{
    principal: Principal;
    token: string;
  }> {
    const header = request.headers.authorization;
    const match =
      typeof header === "string"
        ? /^Bearer ([^\s]+)$/i.exec(header.trim())
        : null;
    if (!match)
      throw unauthenticated("Send a bearer token in the Authorization header.");
    const token = match[1];
    let principal: Principal | null;
    try {
      principal = principalFromClaims(await this.tokens.verify(token));
    } catch (error) {
      if (error instanceof JwtError)
        throw unauthenticated(`The token was refused: ${error.message}.`);
      throw error;
    }
    if (!principal)
      throw unauthenticated(
        'The token lacks a valid "sub" or "accounts" claim.',
      );
    return { principal, token };
  }
}

function unauthenticated(message: string): ApiError {
  return new ApiError("UNAUTHENTICATED", message, undefined, {
    "WWW-Authenticate": 'Bearer realm="saved-pixels"',
  });
}
