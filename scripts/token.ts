import { parseArgs } from "node:util";
import { ConfigError, loadAppConfig } from "../src/config/app-config";
import { mintToken } from "../src/auth/mint-token";

/**
 * npm run token -- --account acme --role editor --user 7 [--days 30]
 * Signs with AUTH_JWT_SECRET, or with the development secret `npm start` keeps in
 * the data folder, so the token works against the local server.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      account: { type: "string", default: "demo" },
      role: { type: "string", default: "editor" },
      user: { type: "string", default: "1" },
      days: { type: "string", default: "30" },
    },
  });
  try {
    const config = loadAppConfig();
    const days = Number(values.days);
    if (!Number.isFinite(days) || days < 0)
      throw new Error("--days must be a number, 0 for no expiry");
    process.stdout.write(
      `${mintToken(config.jwtSecret, { account: values.account!, role: values.role!, user: values.user!, days })}\n`,
    );
  } catch (error) {
    const message =
      error instanceof ConfigError || error instanceof Error
        ? error.message
        : String(error);
    process.stderr.write(`token: ${message}\n`);
    process.exit(2);
  }
}

main();
