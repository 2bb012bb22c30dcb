import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import {
  readStatusLog,
  recordStatuses,
  undocumentedStatuses,
} from "../support/status-log";

const OPENAPI = {
  paths: {
    "/health": { get: { responses: { "200": {}, "503": {} } } },
    "/saved-pixels/{pixel_id}": {
      get: { responses: { "200": {}, "404": {} } },
      put: { responses: { "200": {} } },
    },
  },
};

describe("undocumentedStatuses (the e2e run's closing check)", () => {
  it("passes answers the document lists, HEAD as GET, and skips Swagger UI and preflights", () => {
    expect(
      undocumentedStatuses(
        [
          { method: "GET", route: "/health", status: 200 },
          { method: "HEAD", route: "/health", status: 503 },
          { method: "GET", route: "/saved-pixels/:pixel_id", status: 404 },
          { method: "GET", route: "/docs/*", status: 200 },
          { method: "OPTIONS", route: "*", status: 204 },
        ],
        OPENAPI,
      ),
    ).toEqual([]);
  });

  it("lists a status the operation does not document, and an undocumented operation", () => {
    expect(
      undocumentedStatuses(
        [
          { method: "PUT", route: "/saved-pixels/:pixel_id", status: 412 },
          { method: "PUT", route: "/saved-pixels/:pixel_id", status: 412 },
          { method: "DELETE", route: "/saved-pixels/:pixel_id", status: 204 },
        ],
        OPENAPI,
      ),
    ).toEqual([
      "DELETE /saved-pixels/{pixel_id}: operation not documented",
      "PUT /saved-pixels/{pixel_id} answered 412: not documented",
    ]);
  });
});

describe("recordStatuses", () => {
  it("logs each (method, route template, status) once, and nothing for unmatched paths", async () => {
    const dir = mkdtempSync(join(tmpdir(), "status-log-"));
    const log = join(dir, "statuses.jsonl");
    const fastify = Fastify();
    recordStatuses(fastify, log);
    fastify.get("/items/:id", async (request, reply) =>
      reply
        .status((request.params as { id: string }).id === "x" ? 404 : 200)
        .send(),
    );
    for (const url of ["/items/a", "/items/b", "/items/x", "/nowhere"])
      await fastify.inject({ method: "GET", url });
    await fastify.close();
    expect(readStatusLog(log)).toEqual([
      { method: "GET", route: "/items/:id", status: 200 },
      { method: "GET", route: "/items/:id", status: 404 },
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});
