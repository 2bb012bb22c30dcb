import { open as openFile, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";

/** How WalSync opens files (a seam for tests). */
export type OpenFile = (path: string, flags: string) => Promise<FileHandle>;

/**
 * Makes SQLite commits durable without blocking the event loop.
 *
 * better-sqlite3 runs on the JavaScript thread, so with `synchronous = FULL`
 * every COMMIT waits there for the write-ahead log's fsync: ~0.75 ms per
 * transaction on this project's CI machine, during which no request is
 * parsed or answered. Instead the connection runs `synchronous = NORMAL` (in
 * WAL mode a commit is then written to the log, which survives a crash of
 * the process, but not yet synced, so a crash of the machine could lose it;
 * https://www.sqlite.org/pragma.html#pragma_synchronous), and the caller
 * awaits `afterCommit()` before answering: an fsync of the log file on
 * libuv's thread pool (fsync flushes a file's every dirty page, whichever
 * descriptor wrote them). Callers that commit while a sync is running share
 * the next one, so a busy service makes few syncs (group commit). SQLite
 * still syncs the log and the database itself around each checkpoint.
 *
 * Errors of the sync (a failing disk) reject `afterCommit`: the write is in
 * the database but not known to be on disk, and is not acknowledged.
 */
export class WalSync {
  private handle: FileHandle | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  /** `databasePath`: the SQLite file; its log is `databasePath + "-wal"`. */
  constructor(
    private readonly databasePath: string,
    private readonly open: OpenFile = openFile,
  ) {}

  /**
   * Resolves once an fsync of the log that began after this call has
   * completed, so everything committed before the call is on disk.
   */
  afterCommit(): Promise<void> {
    if (!this.running) {
      this.running = this.syncOnce().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    // The running sync may have begun before this commit: wait for the next.
    this.queued ??= this.running.then(
      () => this.startQueued(),
      () => this.startQueued(),
    );
    return this.queued;
  }

  /** Closes the log's descriptor (after the last commit, at shutdown). */
  async close(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.queued?.catch(() => undefined);
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private startQueued(): Promise<void> {
    this.queued = null;
    return this.afterCommit();
  }

  private async syncOnce(): Promise<void> {
    try {
      if (!this.handle) {
        this.handle = await this.open(`${this.databasePath}-wal`, "r");
        // A new file's name is durable once its directory is synced: once
        // per process, as SQLite does for the log it creates.
        const directory = await this.open(dirname(this.databasePath), "r");
        try {
          await directory.sync();
        } finally {
          await directory.close();
        }
      }
      await this.handle.sync();
    } catch (error) {
      const handle = this.handle;
      this.handle = null;
      await handle?.close().catch(() => undefined);
      throw error;
    }
  }
}
