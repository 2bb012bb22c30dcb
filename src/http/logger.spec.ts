import pino from "pino";
import { Writable } from "node:stream";
import { PinoNestLogger } from "./logger";

function capture(level = "info") {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level }, stream) };
}

describe("PinoNestLogger", () => {
  it("writes Nest's messages as pino lines with the context as a field", () => {
    const { lines, logger } = capture();
    const nest = new PinoNestLogger(logger);
    nest.log("Mapped {/health, GET} route", "RouterExplorer");
    nest.warn("pruning failed", "EventCollector");
    nest.error("boom", "Error: boom\n    at x", "ExceptionHandler");
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        context: "RouterExplorer",
        msg: "Mapped {/health, GET} route",
      }),
      expect.objectContaining({
        level: 40,
        context: "EventCollector",
        msg: "pruning failed",
      }),
      expect.objectContaining({
        level: 50,
        context: "ExceptionHandler",
        msg: "boom",
        stack: "Error: boom\n    at x",
      }),
    ]);
  });

  it("follows the pino level (Nest's log is info, verbose is trace)", () => {
    const { lines, logger } = capture("warn");
    const nest = new PinoNestLogger(logger);
    nest.log("hidden");
    nest.verbose("hidden");
    nest.debug("hidden");
    nest.warn("shown");
    expect(lines.map((line) => line.msg)).toEqual(["shown"]);
  });
});
