import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { mintToken } from "../../src/auth/mint-token";
import {
  BuiltServer,
  killAll,
  startBuiltServer,
} from "../support/built-server";
import { pixelBody, TEST_SECRET } from "../support/test-app";

/**
 * "A 2xx means stored" for events (issue #15): the BUILT server, killed with
 * SIGKILL while 8 senders post events, keeps every event it answered 204 for;
 * with the database's write lock held by another connection, it answers 503
 * with Retry-After once its bounded buffer is full, stays small, and stores
 * everything it acknowledged once the lock is released. On SQLite by default,
 * on the PostgreSQL server named by TEST_DATABASE_URL when set (as CI does).
 */
const SENDERS = 8;
const KILL_ROUNDS = 3;
/**
 * The database is stalled for 30 s, as issue #15 asks: long enough for the
 * buffer to fill many times over and for any growth in memory to show.
 * STALL_MS changes it (e.g. STALL_MS=5000 while working on this file).
 */
const STALL_MS = Number(process.env.STALL_MS ?? 30_000);
/** A small buffer, so the stall test fills it with a few hundred senders. */
const STALL_BUFFER = 64;
const STALL_SENDERS = 160;
const RSS_LIMIT_MB = 200;

const postgresUrl = process.env.TEST_DATABASE_URL;

/** The database the server runs on, and a way to read which events it stored. */
interface TestDatabase {
  url: string;
  storedEventIds(pixelId: string): Promise<Set<string>>;
  /** Takes the write lock from another connection; resolves with its release. */
  holdWriteLock(): Promise<() => Promise<void>>;
}

function sqliteDatabase(file: string): TestDatabase {
  return {
    url: `sqlite:${file}`,
    async storedEventIds(pixelId) {
      const db = new Database(file, { readonly: true });
      try {
        const rows = db
          .prepare("SELECT event_id FROM pixel_events WHERE pixel_id = ?")
          .all(pixelId) as { event_id: string }[];
        return new Set(rows.map((row) => row.event_id));
      } finally {
        db.close();
      }
    },
    async holdWriteLock() {
      const db = new Database(file);
      db.exec("BEGIN IMMEDIATE"); // the RESERVED lock: no other writer until COMMIT
      return async () => {
        db.exec("COMMIT");
        db.close();
      };
    },
  };
}

function postgresDatabase(url: string): TestDatabase {
  const connect = async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    return client;
  };
  return {
    url,
    async storedEventIds(pixelId) {
      const client = await connect();
      try {
        const { rows } = await client.query<{ event_id: string }>(
          "SELECT event_id FROM pixel_events WHERE pixel_id = $1",
          [pixelId],
        );
        return new Set(rows.map((row) => row.event_id));
      } finally {
        await client.end();
      }
    },
    async holdWriteLock() {
      const client = await connect();
      await client.query("BEGIN");
      // EXCLUSIVE lets readers through and makes every INSERT wait.
      await client.query("LOCK TABLE pixel_events IN EXCLUSIVE MODE");
      return async () => {
        await client.query("COMMIT");
        await client.end();
      };
    },
  };
}

const token = mintToken(TEST_SECRET, {
  account: "durable-events",
  role: "editor",
  user: "7",
  days: 1,
});

async function createPixel(baseUrl: string): Promise<string> {
  const response = await fetch(
    `${baseUrl}/saved-pixels?account_id=durable-events`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(pixelBody()),
    },
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { data: { id: string } }).data.id;
}

type Outcome = { status: number; retryAfter: string | null } | "gone";

/** One beacon, as the tracker sends it (text/plain JSON). */
async function sendEvent(
  baseUrl: string,
  pixelId: string,
  eventId: string,
): Promise<Outcome> {
  try {
    const response = await fetch(`${baseUrl}/collect`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify({
        pixel_id: pixelId,
        type: "conversion",
        conversion_type: "purchase",
        revenue: "12.50",
        event_id: eventId,
        properties: { sku: "durable" },
      }),
    });
    await response.arrayBuffer();
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
    };
  } catch {
    return "gone"; // the server died before answering: never acknowledged
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

describe(`event durability of the built server on ${postgresUrl ? "PostgreSQL" : "SQLite"}`, () => {
  let dir: string;
  let database: TestDatabase;
  const servers: BuiltServer[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "saved-pixels-events-"));
    database = postgresUrl
      ? postgresDatabase(postgresUrl)
      : sqliteDatabase(join(dir, "saved-pixels.sqlite"));
  });
  afterEach(async () => {
    await killAll(servers);
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}) {
    const server = await startBuiltServer(database.url, env);
    servers.push(server);
    return server;
  }

  it(`SIGKILL while ${SENDERS} senders post events loses no acknowledged event (${KILL_ROUNDS} rounds)`, async () => {
    let pixelId = "";
    const acknowledged: string[] = [];
    for (let round = 1; round <= KILL_ROUNDS; round++) {
      const server = await start();
      pixelId ||= await createPixel(server.baseUrl);
      const senders = Array.from({ length: SENDERS }, async (_, sender) => {
        const mine: string[] = [];
        for (let i = 0; ; i++) {
          const eventId = `r${round}-s${sender}-${i}-${randomBytes(4).toString("hex")}`;
          const outcome = await sendEvent(server.baseUrl, pixelId, eventId);
          if (outcome === "gone") return mine;
          if (outcome.status !== 204)
            throw new Error(`/collect answered ${outcome.status}`);
          mine.push(eventId);
        }
      });
      // Kill at a moment that varies by round, with events in flight.
      await new Promise((resolve) => setTimeout(resolve, 500 + round * 300));
      server.child.kill("SIGKILL");
      expect((await server.exited).signal).toBe("SIGKILL");
      const answered = (await Promise.all(senders)).flat();
      expect(answered.length).toBeGreaterThan(SENDERS); // the load was real
      acknowledged.push(...answered);
    }

    const stored = await database.storedEventIds(pixelId);
    const missing = acknowledged.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    // Events cut off by a kill may or may not be stored; nothing else is.
    expect(stored.size).toBeLessThanOrEqual(
      acknowledged.length + KILL_ROUNDS * SENDERS,
    );
    process.stdout.write(
      `\nevent durability: ${acknowledged.length} acknowledged events over ${KILL_ROUNDS} SIGKILLs, all stored\n`,
    );
  });

  it(
    `with the write lock held for ${STALL_MS / 1000} s, answers 503 with Retry-After once its buffer is full, stays under ${RSS_LIMIT_MB} MB and stores every acknowledged event`,
    async () => {
      const server = await start({
        COLLECT_BUFFER_EVENTS: String(STALL_BUFFER),
      });
      const pixelId = await createPixel(server.baseUrl);
      const acknowledged: string[] = [];
      const retryAfter = new Set<string | null>();
      let refused = 0;
      let stop = false;
      const senders = Array.from(
        { length: STALL_SENDERS },
        async (_, sender) => {
          for (let i = 0; !stop; i++) {
            const eventId = `stall-s${sender}-${i}-${randomBytes(4).toString("hex")}`;
            const outcome = await sendEvent(server.baseUrl, pixelId, eventId);
            if (outcome === "gone") throw new Error("the server went away");
            if (outcome.status === 204) acknowledged.push(eventId);
            else if (outcome.status === 503) {
              refused++;
              retryAfter.add(outcome.retryAfter);
              await new Promise((resolve) => setTimeout(resolve, 100));
            } else throw new Error(`/collect answered ${outcome.status}`);
          }
        },
      );

      await new Promise((resolve) => setTimeout(resolve, 500)); // under load
      const release = await database.holdWriteLock();
      const heldAt = Date.now();
      let peakRss = 0;
      while (Date.now() - heldAt < STALL_MS) {
        peakRss = Math.max(peakRss, rssMb(server.child.pid!));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const refusedDuringStall = refused;
      await release();
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // back to normal
      stop = true;
      await Promise.all(senders);

      expect(refusedDuringStall).toBeGreaterThan(0);
      expect([...retryAfter]).toEqual(["5"]);
      expect(peakRss).toBeLessThanOrEqual(RSS_LIMIT_MB);
      const stored = await database.storedEventIds(pixelId);
      const missing = acknowledged.filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      expect(acknowledged.length).toBeGreaterThan(STALL_BUFFER);
      process.stdout.write(
        `\nstall: ${STALL_MS / 1000} s with the write lock held, ${refusedDuringStall} answers 503 (Retry-After 5), peak RSS ${peakRss.toFixed(0)} MB, ${acknowledged.length} acknowledged events all stored\n`,
      );
    },
    STALL_MS + 90_000,
  );
});
