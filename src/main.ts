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
  app.enableShutdownHooks(["SIGTERM", "SIGINT"]);
  await app.listen({ port: config.port, host: config.host });
  printBanner(config, app.getHttpServer().address());
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
