import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const RECENT_LIMIT = 8;

export type Parser = "html" | "babel" | "json";

/** The Prettier parser for an artifact's language (CSV has none). */
export function parserFor(language: string): Parser | undefined {
  return ({ html: "html", javascript: "babel", json: "json" } as const)[
    language as "html"
  ];
}

/**
 * The project's Prettier, with default options, in a child process (see
 * prettier-worker.mjs). Start one per test file and `close()` it afterwards.
 */
export class PrettierWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<
    number,
    { resolve: (text: string) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;
  private readonly recent = new Map<string, Promise<string>>();

  constructor() {
    this.child = spawn(
      process.execPath,
      [join(__dirname, "prettier-worker.mjs")],
      {
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    createInterface({ input: this.child.stdout }).on("line", (line) => {
      const reply = JSON.parse(line);
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.formatted);
    });
  }

  format(source: string, parser: Parser): Promise<string> {
    // Some artifacts (the JavaScript base code) are the same on every run.
    const key = `${parser}\0${source}`;
    const cached = this.recent.get(key);
    if (cached !== undefined) return cached;
    const id = this.nextId++;
    const formatted = new Promise<string>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(JSON.stringify({ id, source, parser }) + "\n");
    });
    this.recent.set(key, formatted);
    if (this.recent.size > RECENT_LIMIT) {
      this.recent.delete(this.recent.keys().next().value!);
    }
    return formatted;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.stdin.end();
    });
  }
}
