import { writeFileSync } from "node:fs";
import { createApp } from "../src/app";
import { loadAppConfig } from "../src/config/app-config";
import {
  buildOpenApiDocument,
  openApiPath,
  serializeOpenApi,
} from "../src/openapi/openapi-document";

/** npm run openapi: writes the document the code generates to the committed openapi.json. */
async function main(): Promise<void> {
  const config = loadAppConfig({
    ...process.env,
    DATABASE_URL: "sqlite::memory:",
    AUTH_JWT_SECRET: "openapi-generation-only-secret-0123456789",
    LOG_LEVEL: "error",
  });
  const app = await createApp(config);
  const text = serializeOpenApi(buildOpenApiDocument(app));
  await app.close();
  writeFileSync(openApiPath(), text);
  process.stdout.write(`wrote ${openApiPath()} (${text.length} bytes)\n`);
}

void main();
