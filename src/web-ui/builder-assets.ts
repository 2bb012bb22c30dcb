import type { NestFastifyApplication } from "@nestjs/platform-fastify";
import fastifyStatic from "@fastify/static";
import type { FastifyReply } from "fastify";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../config/project-root";

/** Where `npm run build` (Vite) writes the pixel builder: index.html and hashed assets/. */
export function builderDir(): string {
  return join(projectRoot(), "dist/web");
}

/** Requests for the builder's own files: the page and its hashed assets. */
export const BUILDER_PATH = /^\/(?:index\.html|assets\/[^?#]*)?(?:[?#]|$)/;

/**
 * Serves the pixel builder (web/, built into dist/web) at `/`. Routes are made
 * for the files present at start-up (no wildcard), so every other path keeps the
 * API's JSON 404. Hashed assets are cached for a year; index.html is revalidated
 * each time, so a new build is picked up at once. Without a build (a test run
 * that skipped `npm run build`), `/` stays a 404 and the API is unaffected.
 */
export async function registerBuilderAssets(
  app: NestFastifyApplication,
  dir = builderDir(),
): Promise<boolean> {
  if (!existsSync(join(dir, "index.html"))) return false;
  await app.register(fastifyStatic as never, {
    root: dir,
    prefix: "/",
    wildcard: false,
    index: ["index.html"],
    setHeaders: (reply: FastifyReply, path: string) => {
      reply.header(
        "Cache-Control",
        path.startsWith(join(dir, "assets"))
          ? "public, max-age=31536000, immutable"
          : "no-cache",
      );
    },
  });
  return true;
}
