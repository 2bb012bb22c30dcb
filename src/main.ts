import type { NestFastifyApplication } from "@nestjs/platform-fastify";
import { createApp } from "./app";
import { AppConfig, ConfigError, loadAppConfig } from "./config/app-config";
import { mintToken } from "./auth/mint-token";

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Saved Pixels cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  // SIGTERM/SIGINT: stop listening, let in-flight requests finish, flush and close
  // the database, then exit 0 (by default Nest re-raises the signal, which ends the
  // process "killed by SIGTERM" and makes supervisors report a crash).
  app.enableShutdownHooks(["SIGTERM", "SIGINT"], { useProcessExit: true });
  closeConnectionsWhenDrained(app);
  await app.listen({ port: config.port, host: config.host });
  printBanner(config, app.getHttpServer().address());
}

/**
 * Once shutdown starts, every answer still being written (the in-flight requests)
 * says `Connection: close`, so its keep-alive connection ends with it. Otherwise
 * the server waits for each client (or load balancer) to drop its idle
 * connection, which can take the whole keep-alive timeout; idle connections are
 * closed when shutdown starts, and new requests on open ones get a 503.
 */
function closeConnectionsWhenDrained(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  let closing = false;
  fastify.addHook("preClose", (done) => {
    closing = true;
    done();
  });
  // A callback hook: see drain-refused-bodies.ts for why not an async one.
  fastify.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) reply.header("Connection", "close");
    done(null, payload);
  });
}

function printBanner(config: AppConfig, address: unknown): void {
  const port =
    typeof address === "object" && address
      ? (address as { port: number }).port
      : config.port;
  const host =
    config.host === "0.0.0.0" || config.host === "::"
      ? "localhost"
      : config.host;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const lines = [
    "",
    `Saved Pixels is listening on ${origin} (database: ${config.database.type === "sqlite" ? config.database.path : "postgres"})`,
    `  Swagger UI:   ${origin}/docs`,
    `  Health:       ${origin}/health`,
  ];
  if (!config.production) {
    const token = mintToken(config.jwtSecret, {
      account: "demo",
      role: "editor",
      user: "1",
      days: 30,
    });
    lines.push(
      "",
      "Pixel builder (signs you in as that token):",
      `  ${origin}/#token=${token}`,
      "",
      'A ready token (editor on account "demo", valid 30 days) — paste it into Swagger\'s "Authorize":',
      "",
      token,
      "",
      `  curl -H "Authorization: Bearer $TOKEN" "${origin}/saved-pixels?account_id=demo"`,
      `  More tokens: npm run token -- --account acme --role editor --user 7`,
    );
    if (config.jwtSecretSource !== "env") {
      lines.push(
        `  (development secret kept in ${config.dataDir}/jwt-secret; set AUTH_JWT_SECRET to use your own)`,
      );
    }
  }
  process.stdout.write(`${lines.join("\n")}\n\n`);
}

void main();
