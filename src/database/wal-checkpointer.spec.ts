import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { WalCheckpointer, WalCheckpointerOptions } from "./wal-checkpointer";

/**
 * Checkpoints on a worker's connection while this thread's connection writes
 * with its automatic checkpoints off (as Sql runs SQLite files).
 */
describe("WalCheckpointer", () => {
  let dir: string;
  let file: string;
  let db: Database.Database;
  let checkpointer: WalCheckpointer | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "wal-checkpointer-"));
    file = join(dir, "t.sqlite");
    db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("wal_autocheckpoint = 0");
    db.exec("CREATE TABLE t (k integer PRIMARY KEY, v text)");
  });
  afterEach(async () => {
    await checkpointer?.close();
    checkpointer = null;
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const options = (
    more: Partial<WalCheckpointerOptions> = {},
  ): WalCheckpointerOptions => ({
    delayMs: 1,
    restartFrames: 1_000_000,
    restartBackoffMs: 60_000,
    restartWhenQuiet: (task) => task(),
    onError: (error) => {
      throw error;
    },
    ...more,
  });
  const write = (from: number, count: number) => {
    const insert = db.prepare("INSERT INTO t (k, v) VALUES (?, ?)");
    for (let k = from; k < from + count; k++) insert.run(k, "x".repeat(2000));
  };
  /** Frames in the log and how many are in the database file, without copying any. */
  const logState = () =>
    db.pragma("wal_checkpoint(PASSIVE)") as {
      log: number;
      checkpointed: number;
    }[];

  it("copies the log into the database after commits, off this thread", async () => {
    checkpointer = new WalCheckpointer(file, options());
    write(0, 50);
    checkpointer.committed();
    await checkpointer.idle();
    const result = await checkpointer.checkpoint("PASSIVE");
    expect(result.log).toBeGreaterThan(50);
    // Nothing was left for this check to copy: the worker had done it.
    expect(result.checkpointed).toBe(result.log);
    expect(db.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 50 });
  });

  it("coalesces commits into one checkpoint and starts the log over past restartFrames", async () => {
    const quiet = jest.fn((task: () => Promise<void>) => task());
    checkpointer = new WalCheckpointer(
      file,
      options({ restartFrames: 20, restartWhenQuiet: quiet }),
    );
    const passive = jest.spyOn(checkpointer, "checkpoint");
    for (let round = 0; round < 10; round++) {
      write(round * 10, 10);
      checkpointer.committed();
    }
    await checkpointer.idle();
    expect(
      passive.mock.calls.filter(([mode]) => mode === "PASSIVE"),
    ).toHaveLength(1);
    expect(quiet).toHaveBeenCalledTimes(1);
    expect(statSync(`${file}-wal`).size).toBe(0); // emptied
    write(1000, 1);
    const [{ log }] = logState();
    expect(log).toBeLessThan(20); // started over, not appended to
  });

  it("does not wait for another process's reader, and backs off after it", async () => {
    const quiet = jest.fn((task: () => Promise<void>) => task());
    checkpointer = new WalCheckpointer(
      file,
      options({ restartFrames: 20, restartWhenQuiet: quiet }),
    );
    const reader = new Database(file);
    try {
      reader.exec("BEGIN");
      reader.prepare("SELECT count(*) FROM t").get(); // holds a snapshot
      write(0, 30);
      checkpointer.committed();
      const started = Date.now();
      await checkpointer.idle();
      expect(Date.now() - started).toBeLessThan(500); // no busy wait
      expect(quiet).toHaveBeenCalledTimes(1);
      write(100, 30);
      checkpointer.committed();
      await checkpointer.idle();
      expect(quiet).toHaveBeenCalledTimes(1); // backing off: PASSIVE only
      reader.exec("COMMIT");
    } finally {
      reader.close();
    }
  });

  it("reports a checkpoint that cannot run and keeps the caller going", async () => {
    const errors: Error[] = [];
    checkpointer = new WalCheckpointer(
      join(dir, "missing", "t.sqlite"),
      options({ onError: (error) => errors.push(error) }),
    );
    checkpointer.committed();
    await checkpointer.idle();
    expect(errors).toHaveLength(1);
  });

  it("closes its connection first, so the owner's close folds the log in", async () => {
    checkpointer = new WalCheckpointer(file, options());
    write(0, 5);
    checkpointer.committed();
    await checkpointer.close();
    checkpointer.committed(); // after close: ignored
    await checkpointer.idle();
  });
});
