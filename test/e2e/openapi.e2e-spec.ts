import { readFileSync } from "node:fs";
import {
  buildOpenApiDocument,
  openApiPath,
  serializeOpenApi,
} from "../../src/openapi/openapi-document";
import { request, startTestApp, TestApp } from "../support/test-app";

describe("OpenAPI document", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("is committed exactly as the code generates it (run `npm run openapi` after changing routes or DTOs)", () => {
    const committed = readFileSync(openApiPath(), "utf8");
    expect(committed).toBe(serializeOpenApi(buildOpenApiDocument(t.app)));
  });

  it("documents every route the application serves", () => {
    const document = buildOpenApiDocument(t.app);
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        "GET /saved-pixels",
        "POST /saved-pixels",
        "GET /saved-pixels/options",
        "GET /saved-pixels/{pixel_id}",
        "PUT /saved-pixels/{pixel_id}",
        "DELETE /saved-pixels/{pixel_id}",
        "GET /saved-pixels/{pixel_id}/code",
        "POST /saved-pixels/preview",
        "GET /saved-pixels/{pixel_id}/events",
        "GET /t.js",
        "POST /collect",
        "GET /collect.gif",
        "GET /health",
      ]),
    );
  });

  it("is what Swagger UI at /docs shows, with bearer auth for try-it", async () => {
    const ui = await request(t.baseUrl, "GET", "/docs");
    expect(ui.status).toBe(200);
    expect(ui.text).toContain("swagger-ui");
    const served = await request(t.baseUrl, "GET", "/openapi.json");
    expect(served.status).toBe(200);
    expect(served.body).toEqual(
      JSON.parse(readFileSync(openApiPath(), "utf8")),
    );
    expect(served.body.components.securitySchemes.bearer).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(served.body.paths["/saved-pixels"].post.security).toEqual([
      { bearer: [] },
    ]);
  });
});
