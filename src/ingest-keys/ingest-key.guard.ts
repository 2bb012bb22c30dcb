import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
} from "@nestjs/common";
import { RateLimiter } from "../auth/rate-limiter";
import { AuthenticatedRequest } from "../auth/request-context";
import { IngestKeyPrincipal, IngestKeysService } from "./ingest-keys.service";

/** A request authenticated by an ingest key. */
export interface IngestKeyRequest extends AuthenticatedRequest {
  ingestKey?: IngestKeyPrincipal;
}

/**
 * Authenticates `Bearer spx_ik_…` against the database (401 otherwise) and rate
 * limits per key. Applied by `@IngestKeyAuthenticated(IngestKeyGuard)`.
 */
@Injectable()
export class IngestKeyGuard implements CanActivate {
  constructor(
    private readonly keys: IngestKeysService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IngestKeyRequest>();
    const key = await this.keys.authenticate(request.headers.authorization);
    this.rateLimiter.consume(key.id);
    request.ingestKey = key;
    return true;
  }
}

/** The ingest key the guard accepted. */
export const CurrentIngestKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): IngestKeyPrincipal => {
    const request = context.switchToHttp().getRequest<IngestKeyRequest>();
    if (!request.ingestKey)
      throw new Error(
        "CurrentIngestKey used on a route without IngestKeyGuard",
      );
    return request.ingestKey;
  },
);
