import {
  applyDecorators,
  CanActivate,
  SetMetadata,
  Type,
  UseGuards,
} from "@nestjs/common";
import { RouteConfig } from "@nestjs/platform-fastify";
import { ApiBearerAuth, ApiQuery } from "@nestjs/swagger";
import { EXPOSURE_CONFIG_KEY, RouteExposure } from "../http/route-exposure";
import { Scope } from "./roles";

export const AUTH_METADATA = "saved-pixels:auth";

export type AuthRequirement =
  | { kind: "public" }
  | { kind: "token" }
  | { kind: "account"; scope: Scope }
  | { kind: "ingest-key" };

/** The OpenAPI security scheme of routes that take an ingest key instead of a JWT. */
export const INGEST_KEY_SECURITY = "ingest-key";

/**
 * Says what a route needs, for the guard and for the OpenAPI document at once.
 * `scope` routes are account routes: `account_id` is required in the query and
 * the token must hold a role with that scope on the account.
 */
export function Authenticated(options: { scope: Scope } | { account: false }) {
  if ("scope" in options) {
    return applyDecorators(
      SetMetadata(AUTH_METADATA, { kind: "account", scope: options.scope }),
      ApiBearerAuth(),
      ApiQuery({
        name: "account_id",
        required: true,
        description: "Account ID",
        schema: {
          type: "string",
          pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
          example: "acme",
        },
      }),
    );
  }
  return applyDecorators(
    SetMetadata(AUTH_METADATA, { kind: "token" }),
    ApiBearerAuth(),
  );
}

/**
 * A route authenticated by an ingest key (`Bearer spx_ik_…`), never by a JWT. The
 * global guard lets it through to `guard`, the route's own guard, which must
 * check the key: both are applied here together, so one cannot be had without
 * the other. (The key check reads the database; the global guard stays synchronous.)
 */
export function IngestKeyAuthenticated(guard: Type<CanActivate>) {
  return applyDecorators(
    SetMetadata(AUTH_METADATA, { kind: "ingest-key" }),
    UseGuards(guard),
    ApiBearerAuth(INGEST_KEY_SECURITY),
  );
}

/**
 * A route anyone may call (health, the tracker, event collection), and how far it
 * is exposed: the one declaration the guard, the security headers and the body
 * check all read, so a new public route is one decorator.
 */
export function Public(exposure: Partial<RouteExposure> = {}) {
  const declared: RouteExposure = {
    crossOrigin: exposure.crossOrigin ?? false,
    anyBody: exposure.anyBody ?? false,
  };
  return applyDecorators(
    SetMetadata(AUTH_METADATA, { kind: "public" }),
    RouteConfig({ [EXPOSURE_CONFIG_KEY]: declared }),
  );
}
