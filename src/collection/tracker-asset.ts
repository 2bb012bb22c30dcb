import { Inject, Injectable } from "@nestjs/common";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { APP_CONFIG, AppConfig } from "../config/app-config";
import { projectRoot } from "../config/project-root";

/** The placeholder the tracker source carries where the collector's origin goes. */
export const BASE_URL_PLACEHOLDER = '"__SPX_BASE_URL__"';

/**
 * The tracker as served at /t.js: the minified build with this server's
 * PUBLIC_BASE_URL put in once at start-up, and its ETag.
 */
@Injectable()
export class TrackerAsset {
  readonly body: Buffer;
  readonly etag: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const file = join(projectRoot(), "dist/tracker/t.js");
    if (!existsSync(file)) {
      throw new Error(
        `The tracker is not built (${file} is missing): run "npm run build" first.`,
      );
    }
    const source = readFileSync(file, "utf8");
    if (!source.includes(BASE_URL_PLACEHOLDER)) {
      throw new Error(
        `The tracker build has no ${BASE_URL_PLACEHOLDER} placeholder.`,
      );
    }
    this.body = Buffer.from(
      source
        .split(BASE_URL_PLACEHOLDER)
        .join(JSON.stringify(config.publicBaseUrl)),
    );
    this.etag = `"${createHash("sha256").update(this.body).digest("base64url").slice(0, 22)}"`;
  }
}
