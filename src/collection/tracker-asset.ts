import { Inject, Injectable } from "@nestjs/common";
import { Negotiator } from "@fastify/accept-negotiator";
import { LRUCache } from "lru-cache";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { APP_CONFIG, AppConfig } from "../config/app-config";
import { projectRoot } from "../config/project-root";

/** The placeholder the tracker source carries where the collector's origin goes. */
export const BASE_URL_PLACEHOLDER = '"__SPX_BASE_URL__"';

/** A content coding /t.js is stored in (RFC 9110 §8.4.1); null: as it is. */
export type TrackerEncoding = "br" | "gzip" | null;

/** One stored form of the tracker: its bytes, its coding and its own ETag. */
export interface TrackerRepresentation {
  body: Buffer;
  encoding: TrackerEncoding;
  /** Strong ETag, distinct per coding (RFC 9110 §8.8.3: representations differ). */
  etag: string;
}

/** Distinct Accept-Encoding values remembered with their answer (browsers send a handful). */
const NEGOTIATED_HEADERS = 200;

/**
 * The tracker as served at /t.js: the minified build with this server's
 * PUBLIC_BASE_URL put in once at start-up, stored as it is and compressed
 * (Brotli at quality 11, gzip at level 9) so that no request compresses
 * anything, each form with its ETag. Every browser asks for `br` or `gzip`;
 * a client that sends no Accept-Encoding gets the plain file.
 */
@Injectable()
export class TrackerAsset {
  /** The plain file. */
  readonly identity: TrackerRepresentation;
  private readonly encoded: Record<"br" | "gzip", TrackerRepresentation>;
  /**
   * A negotiator per set of codings the header does not refuse: the library
   * lets `*` pick a coding the same header refused by name (`br;q=0, *`),
   * which RFC 9110 §12.5.3 forbids, so refused codings are left out first.
   */
  private readonly negotiators = new Map(
    [["br", "gzip"], ["br"], ["gzip"]].map((codings) => [
      codings.join(","),
      new Negotiator({ supportedValues: codings }),
    ]),
  );
  /** The answer per Accept-Encoding value seen (browsers send a handful). */
  private readonly chosen = new LRUCache<string, TrackerRepresentation>({
    max: NEGOTIATED_HEADERS,
  });

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
    const body = Buffer.from(
      source
        .split(BASE_URL_PLACEHOLDER)
        .join(JSON.stringify(config.publicBaseUrl)),
    );
    const hash = createHash("sha256")
      .update(body)
      .digest("base64url")
      .slice(0, 22);
    this.identity = { body, encoding: null, etag: `"${hash}"` };
    this.encoded = {
      br: {
        body: brotliCompressSync(body, {
          params: {
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        }),
        encoding: "br",
        etag: `"${hash}-br"`,
      },
      gzip: {
        body: gzipSync(body, { level: 9 }),
        encoding: "gzip",
        etag: `"${hash}-gzip"`,
      },
    };
  }

  /**
   * The form to send for a request's Accept-Encoding header (q-values
   * honoured, `br` preferred on a tie; absent or nothing acceptable: plain).
   */
  representationFor(acceptEncoding: string | undefined): TrackerRepresentation {
    if (!acceptEncoding) return this.identity;
    let chosen = this.chosen.get(acceptEncoding);
    if (!chosen) {
      chosen = this.negotiate(acceptEncoding);
      this.chosen.set(acceptEncoding, chosen);
    }
    return chosen;
  }

  private negotiate(acceptEncoding: string): TrackerRepresentation {
    // Codings are case-insensitive, and x-gzip is gzip (RFC 9110 §8.4.1.3).
    const header = acceptEncoding.toLowerCase().replace(/\bx-gzip\b/g, "gzip");
    const offered = (["br", "gzip"] as const).filter(
      (coding) => !refuses(header, coding),
    );
    if (offered.length === 0) return this.identity;
    const chosen = this.negotiators.get(offered.join(","))!.negotiate(header);
    return chosen === "br" || chosen === "gzip"
      ? this.encoded[chosen]
      : this.identity;
  }
}

/** Whether an Accept-Encoding header names `coding` with q=0 (0, 0.0, 0.000). */
function refuses(header: string, coding: string): boolean {
  for (const entry of header.split(",")) {
    const [name, ...parameters] = entry.split(";");
    if (name.trim() !== coding) continue;
    return parameters.some((parameter) =>
      /^\s*q\s*=\s*0(\.0{0,3})?\s*$/.test(parameter),
    );
  }
  return false;
}
