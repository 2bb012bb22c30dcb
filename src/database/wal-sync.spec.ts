import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WalSync, type OpenFile } from "./wal-sync";

/** A fake file system whose log syncs finish when the test says so. */
function fakeFiles() {
  const opened: string[] = [];
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const closed: string[] = [];
  const open: OpenFile = (path) => {
    opened.push(path);
    const handle = {
      sync: () =>
        path.endsWith("-wal")
          ? new Promise<void>((resolve, reject) =>
              pending.push({ resolve, reject }),
            )
          : Promise.resolve(),
      close: () => {
        closed.push(path);
        return Promise.resolve();
      },
    };
    return Promise.resolve(handle as unknown as FileHandle);
  };
  return {
    open,
    opened,
    pending,
    /** How often the log was closed. */
    closed: () => closed.filter((path) => path.endsWith("-wal")).length,
    /** Lets the promise callbacks queued so far run. */
    settle: () => new Promise((resolve) => setImmediate(resolve)),
  };
}

describe("WalSync", () => {
  it("syncs the database's -wal file, and its folder once", async () => {
    const files = fakeFiles();
    const sync = new WalSync("/data/pixels.sqlite", files.open);
    const first = sync.afterCommit();
    await files.settle();
    files.pending.shift()!.resolve();
    await first;
    const second = sync.afterCommit();
    await files.settle();
    files.pending.shift()!.resolve();
    await second;
    expect(files.opened).toEqual(["/data/pixels.sqlite-wal", "/data"]);
  });

  it("answers a commit only after a sync that began after it", async () => {
    const files = fakeFiles();
    const sync = new WalSync("/db.sqlite", files.open);
    const done: string[] = [];
    void sync.afterCommit().then(() => done.push("a"));
    await files.settle();
    expect(files.pending).toHaveLength(1);
    // b and c commit while a's sync runs: that sync may predate their commits.
    void sync.afterCommit().then(() => done.push("b"));
    void sync.afterCommit().then(() => done.push("c"));
    files.pending.shift()!.resolve();
    await files.settle();
    expect(done).toEqual(["a"]);
    // One more sync covers both (group commit), and nothing else starts.
    expect(files.pending).toHaveLength(1);
    files.pending.shift()!.resolve();
    await files.settle();
    expect(done).toEqual(["a", "b", "c"]);
    expect(files.pending).toHaveLength(0);
  });

  it("rejects the commits a failed sync covered, and reopens the log for the next", async () => {
    const files = fakeFiles();
    const sync = new WalSync("/db.sqlite", files.open);
    const failed = sync.afterCommit();
    await files.settle();
    files.pending.shift()!.reject(new Error("EIO"));
    await expect(failed).rejects.toThrow("EIO");
    expect(files.closed()).toBeGreaterThanOrEqual(1);
    const next = sync.afterCommit();
    await files.settle();
    files.pending.shift()!.resolve();
    await expect(next).resolves.toBeUndefined();
    expect(files.opened.filter((path) => path.endsWith("-wal"))).toHaveLength(
      2,
    );
  });

  it("runs the queued sync even when the one before it failed", async () => {
    const files = fakeFiles();
    const sync = new WalSync("/db.sqlite", files.open);
    const first = sync.afterCommit();
    await files.settle();
    const second = sync.afterCommit();
    files.pending.shift()!.reject(new Error("EIO"));
    await expect(first).rejects.toThrow("EIO");
    await files.settle();
    files.pending.shift()!.resolve();
    await expect(second).resolves.toBeUndefined();
  });

  it("close waits for a running sync, then closes the log", async () => {
    const files = fakeFiles();
    const sync = new WalSync("/db.sqlite", files.open);
    const running = sync.afterCommit();
    await files.settle();
    let closed = false;
    const closing = sync.close().then(() => (closed = true));
    await files.settle();
    expect(closed).toBe(false);
    files.pending.shift()!.resolve();
    await running;
    await closing;
    expect(files.closed()).toBe(1);
  });

  it("syncs a real file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wal-sync-"));
    try {
      const database = join(dir, "x.sqlite");
      writeFileSync(`${database}-wal`, "frames");
      const sync = new WalSync(database);
      await expect(sync.afterCommit()).resolves.toBeUndefined();
      await sync.close();
      // No log at all: the error reaches the caller, nothing is acknowledged.
      const missing = new WalSync(join(dir, "none.sqlite"));
      await expect(missing.afterCommit()).rejects.toMatchObject({
        code: "ENOENT",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
