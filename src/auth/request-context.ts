import { createParamDecorator, ExecutionContext } from "@nestjs/common";
import type { FastifyRequest } from "fastify";
import { Principal } from "./principal";

/** What the guard learned about a request, for the handlers. */
export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
  accountId?: string;
}

/** The account the route acts on, checked by the guard against the token. */
export const AccountId = createParamDecorator(
  (_: unknown, context: ExecutionContext): string => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.accountId)
      throw new Error("AccountId used on a route without an account scope");
    return request.accountId;
  },
);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.principal)
      throw new Error("CurrentPrincipal used on a public route");
    return request.principal;
  },
);
