import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mintToken } from "../../src/auth/mint-token";
import {
  BuiltServer,
  killAll,
  startBuiltServer,
} from "../support/built-server";
import { pixelBody, TEST_SECRET } from "../support/test-app";

/**
 * What users rely on when the process dies: the BUILT server (`npm start`) on an
 * embedded SQLite file, killed with SIGKILL while 8 clients create pixels, keeps
 * every pixel it answered 201 for; stopped with SIGTERM, it finishes what it
 * accepted, exits 0 and closes the database cleanly.
 */
const CLIENTS = 8;
const KILL_ROUNDS = 3;

type Server = BuiltServer;

const startServer = (databaseFile: string): Promise<Server> =>
  startBuiltServer(`sqlite:${databaseFile}`);

interface Acknowledged {
  id: string;
  /** The 201 answer's `data`, as the client received it. */
  json: string;
}

describe("durability of the built server on SQLite", () => {
  let dir: string;
  const token = mintToken(TEST_SECRET, {
    account: "durable",
    role: "editor",
    user: "7",
    days: 1,
  });
  const servers: Server[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "saved-pixels-durability-"));
  });
  afterEach(async () => {
    await killAll(servers);
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(file: string): Promise<Server> {
    const server = await startServer(file);
    servers.push(server);
    return server;
  }

  /** One client: creates pixels until the server goes away; returns what got a 201. */
  async function createUntilDown(
    baseUrl: string,
    client: number,
    round: number,
  ): Promise<Acknowledged[]> {
    const acknowledged: Acknowledged[] = [];
    for (let i = 0; ; i++) {
      const body = pixelBody({
        name: `r${round} c${client} #${i} ${randomBytes(4).toString("hex")} ✓ ünïcødé`,
        description: `round ${round}, client ${client}, pixel ${i}: ${"d".repeat(i % 200)}`,
      });
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${baseUrl}/saved-pixels?account_id=durable`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
          },
          body: JSON.stringify(body),
        });
        text = await response.text();
      } catch {
        return acknowledged; // the server is gone: this request was never answered
      }
      if (response.status !== 201)
        throw new Error(`create answered ${response.status}: ${text}`);
      const data = JSON.parse(text).data;
      acknowledged.push({ id: data.id, json: JSON.stringify(data) });
    }
  }

  it(`SIGKILL while ${CLIENTS} clients create pixels loses no acknowledged pixel (${KILL_ROUNDS} rounds), and the file passes integrity_check`, async () => {
    const file = join(dir, "data/saved-pixels.sqlite");
    const all: Acknowledged[] = [];
    for (let round = 1; round <= KILL_ROUNDS; round++) {
      const server = await start(file);
      const clients = Array.from({ length: CLIENTS }, (_, client) =>
        createUntilDown(server.baseUrl, client, round),
      );
      // Kill at a moment that varies by round, with requests in flight.
      await new Promise((resolve) => setTimeout(resolve, 400 + round * 250));
      server.child.kill("SIGKILL");
      const { signal } = await server.exited;
      expect(signal).toBe("SIGKILL");
      const acknowledged = (await Promise.all(clients)).flat();
      expect(acknowledged.length).toBeGreaterThan(CLIENTS); // the load was real
      all.push(...acknowledged);
    }

    // Restart on the same file: every pixel that got a 201 is there, as it was.
    const server = await start(file);
    const missing: string[] = [];
    const changed: string[] = [];
    for (const pixel of all) {
      const response = await fetch(
        `${server.baseUrl}/saved-pixels/${pixel.id}?account_id=durable`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (response.status !== 200) {
        missing.push(`${pixel.id}: ${response.status}`);
        continue;
      }
      const stored = JSON.stringify((await response.json()).data);
      if (stored !== pixel.json) changed.push(`${pixel.id}: ${stored}`);
    }
    expect(missing).toEqual([]);
    expect(changed).toEqual([]);
    const list = await fetch(
      `${server.baseUrl}/saved-pixels?account_id=durable&limit=1`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    // Requests cut off by the kill may or may not have been stored; nothing else is.
    const { total } = (await list.json()).meta;
    expect(total).toBeGreaterThanOrEqual(all.length);
    expect(total).toBeLessThanOrEqual(all.length + KILL_ROUNDS * CLIENTS);

    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const rows = db
        .prepare("SELECT count(*) AS n FROM saved_pixels")
        .get() as { n: number };
      expect(rows.n).toBe(total);
    } finally {
      db.close();
    }
    process.stdout.write(
      `\ndurability: ${all.length} acknowledged creates over ${KILL_ROUNDS} SIGKILLs, all present and identical after restart\n`,
    );
  });

  /**
   * A create whose body arrives slowly: the request is in flight (headers read,
   * body incomplete) when SIGTERM arrives, and its answer is awaited.
   */
  function slowCreate(
    baseUrl: string,
    name: string,
    sigtermSent: Promise<void>,
  ): Promise<{ status: number; body: string }> {
    const body = Buffer.from(JSON.stringify(pixelBody({ name })));
    const url = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: "POST",
          path: "/saved-pixels?account_id=durable",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            "content-length": body.length,
          },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, body: text }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.flushHeaders();
      req.write(body.subarray(0, 10));
      // The rest only once the server has been told to stop.
      void sigtermSent.then(() =>
        setTimeout(() => req.end(body.subarray(10)), 300),
      );
    });
  }

  it("SIGTERM drains in-flight requests, refuses new connections, exits 0 and closes the database", async () => {
    const file = join(dir, "saved-pixels.sqlite");
    const server = await start(file);
    let signalled: () => void = () => undefined;
    const sigtermSent = new Promise<void>((resolve) => (signalled = resolve));
    const names = Array.from(
      { length: CLIENTS },
      (_, i) => `in flight ${i} ${randomBytes(3).toString("hex")}`,
    );
    const inFlight = names.map((name) =>
      slowCreate(server.baseUrl, name, sigtermSent),
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // all headers are in
    const stoppedAt = Date.now();
    server.child.kill("SIGTERM");
    signalled();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A new connection after SIGTERM is refused: the server stopped listening.
    await expect(fetch(`${server.baseUrl}/health`)).rejects.toThrow();

    const answers = await Promise.all(inFlight); // none reset
    for (const answer of answers) expect(answer.status).toBe(201);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const drainMs = Date.now() - stoppedAt;
    // Prompt: kept-alive connections do not hold the exit until clients drop them.
    expect(drainMs).toBeLessThan(3_000);

    // Closed cleanly: the last connection checkpointed and removed the WAL.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const stored = db
        .prepare("SELECT name FROM saved_pixels WHERE account_id = 'durable'")
        .all() as { name: string }[];
      expect(stored.map((row) => row.name).sort()).toEqual([...names].sort());
    } finally {
      db.close();
    }
    process.stdout.write(
      `\ngraceful shutdown: ${CLIENTS} in-flight creates answered 201, exit 0 ${drainMs} ms after SIGTERM\n`,
    );
  });
});
