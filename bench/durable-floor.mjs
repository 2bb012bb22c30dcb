// A floor for POST /collect: the least a server can do and still answer 204
// only once the event is stored — node:http, JSON.parse, a check of the two
// ids, and group commit into SQLite (WAL, synchronous = NORMAL, an fsync of
// the log off the JavaScript thread before answering, as the service does).
// The table has the two indexes events need: (pixel_id, event_id) unique for
// dedup and (pixel_id, received_at) for a pixel's events in time order.
// None of §6–§11's checks, counting or rollups, so it should stay above what
// the service reaches on the same machine — though not strictly a bound: its
// SQLite checkpoints run inside its commits (the service moved them to a
// worker), and its table starts empty.
import Database from "better-sqlite3";
import { fsync, openSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { forkServer, listenAndReport } from "./processes.mjs";

const SELF = fileURLToPath(import.meta.url);

/**
 * The HTTP and group-commit side both floors share: each request's body is
 * parsed with JSON.parse and must carry the two ids (else 400); events that
 * gathered meanwhile go to `write` in one call (one transaction), and are
 * answered 204 only after an fsync of the log that holds them (503 when the
 * write or the fsync fails; never 204 for an accepted event not stored).
 * @param {string} file the SQLite file `write` commits into (WAL mode)
 * @param {(batch: {event: object, received: string}[]) => void} write
 *   stores a batch in one transaction (throws to store nothing)
 * @param {(event: object) => boolean} [accepts] false: answered 204 at once,
 *   not stored (the service drops events of unknown pixels the same way)
 */
export function serveDurableIngest(file, write, accepts = () => true) {
  const log = openSync(`${file}-wal`, "r");
  let pending = [];
  let syncing = false;
  let scheduled = false;
  function answer(batch, status) {
    for (const e of batch) {
      e.response.statusCode = status;
      e.response.end();
    }
  }
  function commit() {
    scheduled = false;
    if (syncing || pending.length === 0) return;
    const batch = pending;
    pending = [];
    try {
      write(batch);
    } catch {
      // Not stored: say so (503), never 204.
      return answer(batch, 503);
    }
    syncing = true;
    fsync(log, (error) => {
      syncing = false;
      answer(batch, error ? 503 : 204);
      commit();
    });
  }
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      let event;
      try {
        event = JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        event = null;
      }
      if (
        typeof event?.pixel_id !== "string" ||
        typeof event.event_id !== "string"
      ) {
        response.statusCode = 400;
        return response.end();
      }
      if (!accepts(event)) {
        response.statusCode = 204;
        return response.end();
      }
      pending.push({ event, received: new Date().toISOString(), response });
      if (!scheduled && !syncing) {
        scheduled = true;
        setImmediate(commit);
      }
    });
  });
  listenAndReport(server);
}

function serve(file) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(`CREATE TABLE events (
    id INTEGER PRIMARY KEY, pixel_id TEXT NOT NULL, event_id TEXT NOT NULL,
    received_at TEXT NOT NULL, body TEXT NOT NULL);
    CREATE UNIQUE INDEX events_pixel_event ON events (pixel_id, event_id);
    CREATE INDEX events_pixel_received ON events (pixel_id, received_at);`);
  const insert = db.prepare(
    "INSERT OR IGNORE INTO events (pixel_id, event_id, received_at, body) VALUES (?, ?, ?, ?)",
  );
  const write = db.transaction((batch) => {
    for (const { event, received } of batch)
      insert.run(
        event.pixel_id,
        event.event_id,
        received,
        JSON.stringify(event),
      );
  });
  serveDurableIngest(file, write);
}

/**
 * Forks the floor server on a new database file in `dir`.
 * @param {string} dir a folder of the bench's own (the file is left there)
 * @returns see forkServer
 */
export function startDurableFloor(dir) {
  const file = join(dir, "durable-floor.sqlite");
  return forkServer(SELF, ["--child", file], "durable floor");
}

if (process.argv[1] === SELF && process.argv[2] === "--child")
  serve(process.argv[3]);
