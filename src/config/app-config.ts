import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";

export const APP_CONFIG = Symbol("APP_CONFIG");

export type DatabaseConfig =
  { type: "sqlite"; path: string } | { type: "postgres"; url: string };

export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  jwtSecret: string;
  /** Where the secret came from, for the start-up banner. */
  jwtSecretSource: "env" | "generated" | "file";
  publicBaseUrl: string;
  production: boolean;
  logLevel: string;
  rateLimitPerMinute: number;
  /** The folder for the embedded database and the development secret. */
  dataDir: string;
  /**
   * PIXEL_CONFIG_TTL_S (§7): how long a pixel's runtime config (state,
   * piggybacks) may be cached, by browsers and by this service; 0 = not at all.
   */
  pixelConfigTtlS: number;
  /**
   * COLLECT_BUFFER_EVENTS: events waiting for their commit, at most; past it
   * `/collect` answers 503 with Retry-After (the database is not keeping up).
   */
  collectBufferEvents: number;
  /**
   * DATABASE_PREPARED_STATEMENTS (`on` | `off`, PostgreSQL only): run each
   * statement as a named prepared statement. `off` for a connection pooler
   * that cannot keep them (PgBouncer before 1.21 in transaction mode).
   */
  databasePreparedStatements: boolean;
}

/** A configuration problem, named by its variable, reported before anything starts. */
export class ConfigError extends Error {}

const MIN_SECRET_LENGTH = 32;

/**
 * Reads and checks the environment (contract §1). In development a missing
 * AUTH_JWT_SECRET is generated once and kept in the data folder (mode 0600) so
 * tokens survive restarts; in production it must be given.
 */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = env.NODE_ENV === "production";
  const database = parseDatabaseUrl(
    env.DATABASE_URL ?? "sqlite:data/saved-pixels.sqlite",
  );
  const dataDir =
    database.type === "sqlite" && database.path !== ":memory:"
      ? dirname(database.path)
      : resolve("data");
  const secret = resolveSecret(env.AUTH_JWT_SECRET, production, dataDir);
  const port = parsePort(env.PORT ?? "3000");
  const host = env.HOST ?? "127.0.0.1";
  return {
    port,
    host,
    database,
    jwtSecret: secret.value,
    jwtSecretSource: secret.source,
    publicBaseUrl: parsePublicBaseUrl(
      env.PUBLIC_BASE_URL ?? defaultPublicBaseUrl(host, port),
    ),
    production,
    logLevel: parseLogLevel(env.LOG_LEVEL ?? "info"),
    rateLimitPerMinute: parseNonNegativeInteger(
      "RATE_LIMIT_PER_MINUTE",
      env.RATE_LIMIT_PER_MINUTE ?? "0",
    ),
    dataDir,
    pixelConfigTtlS: parseNonNegativeInteger(
      "PIXEL_CONFIG_TTL_S",
      env.PIXEL_CONFIG_TTL_S ?? "300",
    ),
    collectBufferEvents: parsePositiveInteger(
      "COLLECT_BUFFER_EVENTS",
      env.COLLECT_BUFFER_EVENTS ?? "10000",
    ),
    databasePreparedStatements: parseOnOff(
      "DATABASE_PREPARED_STATEMENTS",
      env.DATABASE_PREPARED_STATEMENTS ?? "on",
    ),
  };
}

/** Hosts that mean "this machine" (wildcard or loopback): a browser here reaches them as `localhost`. */
const LOCAL_HOSTS = new Set(["0.0.0.0", "::", "127.0.0.1", "::1", "localhost"]);

/**
 * PUBLIC_BASE_URL when it is not set: the address the service itself listens on,
 * so a service started with PORT=3801 generates code that loads
 * `http://localhost:3801/t.js`. Wildcard and loopback hosts become `localhost`;
 * an IPv6 address is bracketed as URLs require (RFC 3986 §3.2.2).
 */
export function defaultPublicBaseUrl(host: string, port: number): string {
  const name = LOCAL_HOSTS.has(host)
    ? "localhost"
    : host.includes(":")
      ? `[${host}]`
      : host;
  return `http://${name}:${port}`;
}

export function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (path === "")
      throw new ConfigError(
        "DATABASE_URL: sqlite: needs a file path, e.g. sqlite:data/saved-pixels.sqlite",
      );
    return { type: "sqlite", path: path === ":memory:" ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { type: "postgres", url };
  throw new ConfigError(
    "DATABASE_URL must start with sqlite: or postgres:// (got something else).",
  );
}

function parseOnOff(name: string, value: string): boolean {
  if (value === "on") return true;
  if (value === "off") return false;
  throw new ConfigError(`${name} must be on or off (got "${value}").`);
}

function parsePort(value: string): number {
  // Digits only: Number() would read "" as 0 (a random port) and "0x50" as 80.
  const port = /^[0-9]{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(
      `PORT must be a whole number from 0 to 65535 (got "${value}").`,
    );
  }
  return port;
}

function parsePublicBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `PUBLIC_BASE_URL must be an absolute http(s) URL (got "${value}").`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(
      `PUBLIC_BASE_URL must be an http or https URL (got "${value}").`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError(
      "PUBLIC_BASE_URL must not carry a query, fragment or credentials.",
    );
  }
  // Generated code appends "/t.js" and "/collect": keep no trailing slash.
  return url.href.replace(/\/+$/, "");
}

function parseLogLevel(value: string): string {
  const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
  if (!levels.includes(value)) {
    throw new ConfigError(
      `LOG_LEVEL must be one of ${levels.join(", ")} (got "${value}").`,
    );
  }
  return value;
}

function parseNonNegativeInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new ConfigError(
      `${name} must be a whole number, 0 or more (got "${value}").`,
    );
  }
  return number;
}

function parsePositiveInteger(name: string, value: string): number {
  const number = parseNonNegativeInteger(name, value);
  if (number === 0)
    throw new ConfigError(`${name} must be 1 or more (got "${value}").`);
  return number;
}

function resolveSecret(
  fromEnv: string | undefined,
  production: boolean,
  dataDir: string,
): { value: string; source: AppConfig["jwtSecretSource"] } {
  if (fromEnv !== undefined && fromEnv !== "") {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(
        `AUTH_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters long.`,
      );
    }
    return { value: fromEnv, source: "env" };
  }
  if (production) {
    throw new ConfigError(
      "AUTH_JWT_SECRET is required when NODE_ENV=production: set it to a random string of 32+ characters (e.g. `openssl rand -hex 32`).",
    );
  }
  const file = developmentSecretPath(dataDir);
  if (existsSync(file)) {
    const value = readFileSync(file, "utf8").trim();
    if (value.length >= MIN_SECRET_LENGTH) return { value, source: "file" };
  }
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(32).toString("hex");
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { value, source: "generated" };
}

export function developmentSecretPath(dataDir: string): string {
  return join(dataDir, "jwt-secret");
}
