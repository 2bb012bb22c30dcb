import type { INestApplication } from "@nestjs/common";
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from "@nestjs/swagger";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../config/project-root";
import { INGEST_KEY_SECURITY } from "../auth/authenticated.decorator";
import { ERROR_STATUS } from "../http/error-codes";

const ERROR_ENVELOPE = {
  type: "object",
  required: ["success", "error"],
  properties: {
    success: { type: "boolean", enum: [false] },
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: {
          type: "string",
          enum: Object.keys(ERROR_STATUS),
        },
        message: { type: "string" },
        details: {
          type: "array",
          items: {
            type: "object",
            required: ["field", "message"],
            properties: {
              field: { type: "string", example: "config.conversion_type" },
              message: { type: "string" },
            },
          },
        },
      },
    },
  },
};

/** The OpenAPI document the code describes, with stable key order so diffs are real changes. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const { version } = JSON.parse(
    readFileSync(join(projectRoot(), "package.json"), "utf8"),
  ) as {
    version: string;
  };
  const config = new DocumentBuilder()
    .setTitle("Saved Pixels API")
    .setDescription(
      "Save reusable pixel/event configurations (page views, conversions, microconversions) and generate the corresponding installation code for JavaScript, Google Tag Manager, or Tealium. " +
        'Default scope: read. Mutations require write (editor or higher). Click "Authorize" and paste the token `npm start` printed.',
    )
    .setVersion(version)
    .addBearerAuth({ type: "http", scheme: "bearer", bearerFormat: "JWT" })
    .addBearerAuth(
      {
        type: "http",
        scheme: "bearer",
        bearerFormat: "spx_ik_…",
        description:
          "An ingest key (POST /ingest-keys), for POST /events only.",
      },
      INGEST_KEY_SECURITY,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
  });
  document.components = document.components ?? {};
  document.components.schemas = {
    ...document.components.schemas,
    ErrorEnvelope: ERROR_ENVELOPE as never,
  };
  return sortKeys(document) as OpenAPIObject;
}

export function openApiPath(): string {
  return join(projectRoot(), "openapi.json");
}

export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Sorts the keys of `paths` and `components.schemas` (not of each schema: property order is meaningful to readers). */
function sortKeys(document: OpenAPIObject): OpenAPIObject {
  const sorted = <T extends object>(object: T | undefined): T | undefined =>
    object &&
    (Object.fromEntries(
      Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ) as T);
  return {
    ...document,
    paths: sorted(document.paths) ?? {},
    components: {
      ...document.components,
      schemas: sorted(document.components?.schemas),
    },
  };
}
