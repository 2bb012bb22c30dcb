import { Worker } from "node:worker_threads";

/** What `PRAGMA wal_checkpoint` answers (https://www.sqlite.org/pragma.html#pragma_wal_checkpoint). */
export interface CheckpointResult {
  /** 1 when a RESTART could not finish because a reader or writer was busy. */
  busy: number;
  /** Frames in the write-ahead log. */
  log: number;
  /** Frames of it already copied into the database file. */
  checkpointed: number;
}

/**
 * PASSIVE copies what it can beside readers and writers; TRUNCATE copies
 * everything, then makes the next write start the log over and empties the
 * file (refused, busy, while another process reads or writes).
 */
export type CheckpointMode = "PASSIVE" | "TRUNCATE";

export interface WalCheckpointerOptions {
  /** How long commits gather before a checkpoint starts (ms). */
  delayMs: number;
  /**
   * Log frames (pages of 4 KiB) past which the log is started over: under
   * steady writes a concurrent checkpoint rarely sees the log empty, and the
   * file would only grow (see `restartWhenQuiet`).
   */
  restartFrames: number;
  /**
   * After a start-over refused as busy (another process holds a read or a
   * write open), how long to keep to PASSIVE checkpoints before trying again (ms).
   */
  restartBackoffMs: number;
  /**
   * Runs `task` while this process sends nothing to the database (Sql's
   * turn-taking on SQLite): a TRUNCATE checkpoint blocks writers while it
   * runs, and a writer on the JavaScript thread that met it would wait there,
   * blocking the event loop.
   */
  restartWhenQuiet: (task: () => Promise<void>) => Promise<void>;
  /** Told when a checkpoint fails (the next commit tries again). */
  onError: (error: Error) => void;
}

/**
 * The worker's code: one connection of its own that runs `PRAGMA
 * wal_checkpoint(<mode>)` on request. Inline (eval), so it runs the same from
 * the TypeScript sources (tests) and the build.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma("synchronous = NORMAL");
db.pragma("busy_timeout = 0");
parentPort.on("message", (mode) => {
  if (mode === "close") { db.close(); parentPort.close(); return; }
  try {
    const [result] = db.pragma("wal_checkpoint(" + mode + ")");
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});
`;

/**
 * SQLite's checkpoints (copying the write-ahead log into the database file and
 * syncing it), run on a worker thread instead of inside a COMMIT.
 *
 * With the default `wal_autocheckpoint`, every ~1,000 pages of log one COMMIT
 * on the JavaScript thread copies them and fsyncs the database: 5–20 ms during
 * which no request is parsed or answered (in `/collect` under load a tenth of
 * the main thread's time). The owner turns the connection's automatic
 * checkpoints off and calls `committed()` after each write; a checkpoint then
 * starts on a second connection in a worker `delayMs` later (never two at
 * once), PASSIVE, so it neither waits for nor blocks the writer. The log is
 * started over and emptied (TRUNCATE) only once it holds `restartFrames`
 * frames, inside `restartWhenQuiet`, without waiting (busy timeout 0): when
 * another process keeps it busy (a backup, a shell reading), it backs off for
 * `restartBackoffMs` and the log grows meanwhile, as SQLite's own
 * checkpoints would let it.
 *
 * Durability is SQLite's own: a checkpoint syncs the log before copying and
 * the database after (synchronous = NORMAL), and a log is only started over
 * once everything in it is in the synced database file.
 */
export class WalCheckpointer {
  private worker: Worker | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private dirty = false;
  private closed = false;
  /** When a start-over may be tried again (ms since the epoch; see restartBackoffMs). */
  private restartAfter = 0;
  private readonly replies: ((reply: {
    result?: CheckpointResult;
    error?: string;
  }) => void)[] = [];

  constructor(
    private readonly databasePath: string,
    private readonly options: WalCheckpointerOptions,
  ) {}

  /** A transaction committed: a checkpoint will follow (coalesced). */
  committed(): void {
    if (this.closed) return;
    this.dirty = true;
    if (this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.checkpointWhileDirty().finally(() => {
        this.running = null;
      });
    }, this.options.delayMs);
    this.timer.unref();
  }

  /** Resolves once no checkpoint is scheduled or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.timer || this.running) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
        this.running ??= this.checkpointWhileDirty().finally(() => {
          this.running = null;
        });
      }
      await this.running;
    }
  }

  /**
   * Runs one checkpoint now and answers SQLite's result; rejects when SQLite
   * refuses it. TRUNCATE only inside `restartWhenQuiet` (see the options).
   */
  checkpoint(mode: CheckpointMode): Promise<CheckpointResult> {
    const worker = this.startedWorker();
    return new Promise((resolve, reject) => {
      this.replies.push((reply) =>
        reply.result ? resolve(reply.result) : reject(new Error(reply.error)),
      );
      worker.postMessage(mode);
    });
  }

  /**
   * Waits for a running checkpoint, then closes the worker's connection (so
   * the owner's connection, closed after, is the last one and SQLite folds
   * the log into the database as it closes).
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    worker.postMessage("close");
    await exited;
  }

  private async checkpointWhileDirty(): Promise<void> {
    while (this.dirty && !this.closed) {
      this.dirty = false;
      try {
        const { log } = await this.checkpoint("PASSIVE");
        if (
          log >= this.options.restartFrames &&
          !this.closed &&
          Date.now() >= this.restartAfter
        )
          await this.options.restartWhenQuiet(async () => {
            const { busy } = await this.checkpoint("TRUNCATE");
            if (busy)
              this.restartAfter = Date.now() + this.options.restartBackoffMs;
          });
      } catch (error) {
        this.options.onError(error as Error);
        return;
      }
    }
  }

  private startedWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        path: this.databasePath,
        driver: require.resolve("better-sqlite3"),
      },
    });
    worker.unref();
    worker.on("message", (reply: { result?: CheckpointResult }) =>
      this.replies.shift()?.(reply),
    );
    const failAll = (error: Error) => {
      this.worker = null;
      for (const reply of this.replies.splice(0))
        reply({ error: error.message });
    };
    worker.on("error", failAll);
    worker.on("exit", (code) => {
      if (this.worker === worker)
        failAll(new Error(`checkpoint worker exited (${code})`));
    });
    this.worker = worker;
    return worker;
  }
}
