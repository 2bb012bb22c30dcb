import { Inject, Injectable } from "@nestjs/common";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { APP_CONFIG, AppConfig } from "../config/app-config";
import { projectRoot } from "../config/project-root";
import {
  createInstallCodeRenderer,
  InstallCode,
  InstallCodeRenderer,
} from "./engine";
import { CodePlatform, PixelConfig } from "../pixels/pixel-config";
import { SavedPixelEntity } from "../saved-pixels/saved-pixel.entity";
import { LRUCache } from "lru-cache";
import { CONSENT_MODES, ConsentMode } from "../pixels/conversion-rules";

/**
 * A rendered answer, kept serialised and UTF-8 encoded, so a cache hit costs
 * neither JSON.stringify nor encoding, and the bytes live outside the V8 heap.
 */
export interface RenderedCode {
  body: Buffer;
  etag: string;
}

/**
 * The cache is sized by bytes, not entries: answers are 3-10 KB (a GTM
 * container is the largest), so 40 MiB holds ~6,000 of them, every platform of
 * 2,000 pixels, where a 2,000-entry cache requested round-robin over 6,000
 * answers never hit (issue #15). Buffers are off-heap: the bound is on RSS.
 */
const CACHE_BYTES = 40 * 1024 * 1024;

/**
 * Renders install code. Templates are compiled once at start-up; saved pixels'
 * answers are cached per (pixel, version, platform), so the hot path is a lookup.
 */
@Injectable()
export class InstallCodeService {
  private readonly renderer: InstallCodeRenderer;
  /** Changes when the templates or the public base URL change, so old ETags do not match new code. */
  private readonly generation: string;
  private readonly cache = new LRUCache<string, RenderedCode>({
    maxSize: CACHE_BYTES,
    sizeCalculation: (rendered) => rendered.body.length + rendered.etag.length,
  });

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const templatesDir = join(projectRoot(), "templates");
    this.renderer = createInstallCodeRenderer({
      templatesDir,
      publicBaseUrl: config.publicBaseUrl,
    });
    this.generation = templatesFingerprint(templatesDir, config.publicBaseUrl);
  }

  renderSaved(pixel: SavedPixelEntity, platform: CodePlatform): RenderedCode {
    const key = `${pixel.id}.v${pixel.version}.${platform}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const code = this.renderer.render({
      pixelId: pixel.id,
      name: pixel.name,
      description: pixel.description,
      config: JSON.parse(pixel.config) as PixelConfig,
      platform,
      consentMode: consentModeOf(pixel),
    });
    const rendered = {
      body: Buffer.from(envelope(code)),
      etag: `"${this.generation}-${key}"`,
    };
    this.cache.set(key, rendered);
    return rendered;
  }

  renderPreview(input: {
    name: string;
    config: PixelConfig;
    platform: CodePlatform;
    consentMode: ConsentMode;
  }): string {
    return envelope(
      this.renderer.render({
        pixelId: null,
        name: input.name,
        description: null,
        config: input.config,
        platform: input.platform,
        consentMode: input.consentMode,
      }),
    );
  }
}

function envelope(code: InstallCode): string {
  return JSON.stringify({ success: true, data: code });
}

function templatesFingerprint(dir: string, publicBaseUrl: string): string {
  const hash = createHash("sha256").update(publicBaseUrl);
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(entry).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest("hex").slice(0, 10);
}

/** CONTRACT.md §10: the saved consent_mode ("off" when the rules predate it). */
function consentModeOf(pixel: SavedPixelEntity): ConsentMode {
  try {
    const mode = (
      JSON.parse(pixel.conversionRules) as { consent_mode?: unknown }
    ).consent_mode;
    return (CONSENT_MODES as readonly unknown[]).includes(mode)
      ? (mode as ConsentMode)
      : "off";
  } catch {
    return "off";
  }
}
