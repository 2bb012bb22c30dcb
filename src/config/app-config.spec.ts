import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  ConfigError,
  developmentSecretPath,
  loadAppConfig,
  parseDatabaseUrl,
} from "./app-config";

const SECRET = "s".repeat(32);

function load(env: Record<string, string>) {
  return loadAppConfig(env as NodeJS.ProcessEnv);
}

function configError(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe("loadAppConfig", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "saved-pixels-config-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("has the contract's defaults", () => {
    const config = load({ AUTH_JWT_SECRET: SECRET });
    expect(config).toEqual({
      port: 3000,
      host: "127.0.0.1",
      database: { type: "sqlite", path: resolve("data/saved-pixels.sqlite") },
      jwtSecret: SECRET,
      jwtSecretSource: "env",
      publicBaseUrl: "http://localhost:3000",
      production: false,
      logLevel: "info",
      rateLimitPerMinute: 0,
      dataDir: resolve("data"),
      pixelConfigTtlS: 300,
      collectBufferEvents: 10000,
      databasePreparedStatements: true,
    });
  });

  it.each([
    [{ PORT: "3801" }, "http://localhost:3801"],
    [{ PORT: "3801", HOST: "0.0.0.0" }, "http://localhost:3801"],
    [{ PORT: "3801", HOST: "::" }, "http://localhost:3801"],
    [{ PORT: "3801", HOST: "::1" }, "http://localhost:3801"],
    [{ PORT: "8080", HOST: "10.0.0.5" }, "http://10.0.0.5:8080"],
    [{ PORT: "8080", HOST: "fd00::5" }, "http://[fd00::5]:8080"],
    [{ HOST: "pixels.internal" }, "http://pixels.internal:3000"],
  ])(
    "without PUBLIC_BASE_URL, follows PORT and HOST (%j → %s)",
    (env, expected) => {
      expect(load({ AUTH_JWT_SECRET: SECRET, ...env }).publicBaseUrl).toBe(
        expected,
      );
    },
  );

  it("reads every variable", () => {
    const config = load({
      AUTH_JWT_SECRET: SECRET,
      PORT: "8080",
      HOST: "0.0.0.0",
      DATABASE_URL: "postgres://u:p@db:5432/pixels",
      PUBLIC_BASE_URL: "https://px.example.com/",
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_MINUTE: "600",
      NODE_ENV: "production",
      PIXEL_CONFIG_TTL_S: "0",
    });
    expect(config).toMatchObject({
      pixelConfigTtlS: 0,
      collectBufferEvents: 10000,
      databasePreparedStatements: true,
      port: 8080,
      host: "0.0.0.0",
      database: { type: "postgres", url: "postgres://u:p@db:5432/pixels" },
      publicBaseUrl: "https://px.example.com",
      logLevel: "warn",
      rateLimitPerMinute: 600,
      production: true,
      jwtSecretSource: "env",
    });
  });

  it("turns PostgreSQL prepared statements off, and refuses other words, naming the variable", () => {
    expect(
      load({ AUTH_JWT_SECRET: SECRET, DATABASE_PREPARED_STATEMENTS: "off" })
        .databasePreparedStatements,
    ).toBe(false);
    expect(
      configError({
        AUTH_JWT_SECRET: SECRET,
        DATABASE_PREPARED_STATEMENTS: "no",
      }),
    ).toMatch(/^DATABASE_PREPARED_STATEMENTS must be on or off/);
  });

  it.each(["abc", "-1", "65536", "80.5", "0x50", "", " 80", "1e3"])(
    "refuses PORT=%j, naming PORT",
    (PORT) => {
      expect(configError({ AUTH_JWT_SECRET: SECRET, PORT })).toMatch(/^PORT/);
    },
  );

  it.each(["mysql://db/x", "sqlite:", "file.sqlite", "", "postgres:/x"])(
    "refuses DATABASE_URL=%j, naming DATABASE_URL",
    (DATABASE_URL) => {
      expect(configError({ AUTH_JWT_SECRET: SECRET, DATABASE_URL })).toMatch(
        /DATABASE_URL/,
      );
    },
  );

  it.each([
    "not a url",
    "localhost:3000",
    "ftp://example.com",
    "javascript:alert(1)",
    "https://example.com/?x=1",
    "https://example.com/#x",
    "https://user:pw@example.com",
  ])(
    "refuses PUBLIC_BASE_URL=%j, naming PUBLIC_BASE_URL",
    (PUBLIC_BASE_URL) => {
      expect(configError({ AUTH_JWT_SECRET: SECRET, PUBLIC_BASE_URL })).toMatch(
        /PUBLIC_BASE_URL/,
      );
    },
  );

  it("keeps a base path but no trailing slash", () => {
    expect(
      load({
        AUTH_JWT_SECRET: SECRET,
        PUBLIC_BASE_URL: "https://example.com/px/",
      }).publicBaseUrl,
    ).toBe("https://example.com/px");
  });

  it("names LOG_LEVEL and RATE_LIMIT_PER_MINUTE when they are bad", () => {
    expect(configError({ AUTH_JWT_SECRET: SECRET, LOG_LEVEL: "loud" })).toMatch(
      /LOG_LEVEL/,
    );
    expect(
      configError({ AUTH_JWT_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: "-5" }),
    ).toMatch(/RATE_LIMIT_PER_MINUTE/);
  });

  it("refuses a short AUTH_JWT_SECRET", () => {
    expect(configError({ AUTH_JWT_SECRET: "short" })).toMatch(
      /AUTH_JWT_SECRET.*32/,
    );
  });

  it("refuses to start in production without AUTH_JWT_SECRET, and writes nothing", () => {
    const DATABASE_URL = `sqlite:${join(dir, "data/sp.sqlite")}`;
    const envs: Record<string, string>[] = [
      { NODE_ENV: "production", DATABASE_URL },
      { NODE_ENV: "production", DATABASE_URL, AUTH_JWT_SECRET: "" },
    ];
    for (const env of envs) {
      expect(configError(env)).toMatch(/AUTH_JWT_SECRET is required/);
    }
    expect(existsSync(join(dir, "data"))).toBe(false);
  });

  it("in development, generates a secret into the data folder (mode 0600) and reuses it", () => {
    const DATABASE_URL = `sqlite:${join(dir, "data/sp.sqlite")}`;
    const first = load({ DATABASE_URL });
    expect(first.dataDir).toBe(join(dir, "data"));
    expect(first.jwtSecretSource).toBe("generated");
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);

    const file = developmentSecretPath(first.dataDir);
    expect(file).toBe(join(dir, "data/jwt-secret"));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toBe(first.jwtSecret);

    const second = load({ DATABASE_URL });
    expect(second.jwtSecretSource).toBe("file");
    expect(second.jwtSecret).toBe(first.jwtSecret);

    // Another data folder gets its own secret.
    const other = load({
      DATABASE_URL: `sqlite:${join(dir, "other/sp.sqlite")}`,
    });
    expect(other.jwtSecret).not.toBe(first.jwtSecret);
  });

  it("replaces a kept secret that is too short", () => {
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data/jwt-secret"), "short\n");
    const config = load({
      DATABASE_URL: `sqlite:${join(dir, "data/sp.sqlite")}`,
    });
    expect(config.jwtSecretSource).toBe("generated");
    expect(config.jwtSecret).not.toBe("short");
    expect(readFileSync(join(dir, "data/jwt-secret"), "utf8").trim()).toBe(
      config.jwtSecret,
    );
  });

  it("prefers AUTH_JWT_SECRET over a kept one and does not write a file", () => {
    const config = load({
      DATABASE_URL: `sqlite:${join(dir, "data/sp.sqlite")}`,
      AUTH_JWT_SECRET: SECRET,
    });
    expect(config.jwtSecret).toBe(SECRET);
    expect(existsSync(join(dir, "data/jwt-secret"))).toBe(false);
  });
});

describe("parseDatabaseUrl", () => {
  it("reads sqlite paths (relative, absolute, :memory:) and postgres URLs", () => {
    expect(parseDatabaseUrl("sqlite:data/x.sqlite")).toEqual({
      type: "sqlite",
      path: resolve("data/x.sqlite"),
    });
    expect(parseDatabaseUrl("sqlite:///tmp/x.sqlite")).toEqual({
      type: "sqlite",
      path: "/tmp/x.sqlite",
    });
    expect(parseDatabaseUrl("sqlite::memory:")).toEqual({
      type: "sqlite",
      path: ":memory:",
    });
    expect(parseDatabaseUrl("postgresql://h/db")).toEqual({
      type: "postgres",
      url: "postgresql://h/db",
    });
  });
});
