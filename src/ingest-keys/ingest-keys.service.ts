import { Inject, Injectable, Logger } from "@nestjs/common";
import { randomBytes } from "node:crypto";
import { EntityManager } from "typeorm";
import { APP_CONFIG, AppConfig } from "../config/app-config";
import { ApiError } from "../http/api-error";
import {
  IngestKeyHasher,
  looksLikeIngestKey,
  newIngestKey,
} from "./ingest-key-secret";
import { IngestKeyRow, IngestKeysRepository } from "./ingest-keys.repository";

/** An ingest key as listed: everything but the key. */
export interface IngestKeyView {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** The answer to a create: the only time the key itself is shown. */
export interface CreatedIngestKey {
  id: string;
  name: string;
  key: string;
  created_at: string;
}

/** The key a request authenticated with. */
export interface IngestKeyPrincipal {
  id: string;
  accountId: string;
}

/** `last_used_at` moves at most this often per key. */
const TOUCH_INTERVAL_MS = 60_000;
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const ID_LENGTH = 16;
/** Ids as issued: `ik_` and 16 lowercase letters or digits. */
const ID_PATTERN = /^ik_[a-z0-9]{16}$/;

/**
 * Creates, lists and revokes ingest keys, and authenticates requests that carry
 * one. Nothing is cached: every request reads its key from the database, so a
 * revoked key fails on every replica as soon as the DELETE has committed.
 */
@Injectable()
export class IngestKeysService {
  private readonly logger = new Logger(IngestKeysService.name);
  private readonly hasher: IngestKeyHasher;

  constructor(
    private readonly keys: IngestKeysRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.hasher = new IngestKeyHasher(config.jwtSecret);
  }

  async create(accountId: string, name: string): Promise<CreatedIngestKey> {
    const key = newIngestKey();
    const row: IngestKeyRow = {
      id: newIngestKeyId(),
      account_id: accountId,
      name,
      key_hash: this.hasher.hash(key),
      created_at: new Date().toISOString(),
      last_used_at: null,
    };
    await this.keys.insert(row);
    return { id: row.id, name: row.name, key, created_at: row.created_at };
  }

  async list(accountId: string): Promise<IngestKeyView[]> {
    const rows = await this.keys.list(accountId);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      created_at: row.created_at,
      last_used_at: row.last_used_at,
    }));
  }

  /** Revokes (deletes) a key of the account; 404 for an unknown id or another account's. */
  async revoke(accountId: string, id: string): Promise<void> {
    const deleted =
      ID_PATTERN.test(id) && (await this.keys.delete(accountId, id));
    if (!deleted)
      throw ApiError.notFound("No ingest key with this id in this account.");
  }

  /**
   * The key an `Authorization` header carries, checked against the database.
   * Throws 401 UNAUTHENTICATED for a missing, malformed, unknown or revoked key.
   */
  async authenticate(
    header: string | undefined,
    now = new Date(),
  ): Promise<IngestKeyPrincipal> {
    const match =
      typeof header === "string"
        ? /^Bearer ([^\s]+)$/i.exec(header.trim())
        : null;
    if (!match)
      throw unauthenticated(
        "Send an ingest key as a bearer token in the Authorization header.",
      );
    const key = match[1];
    if (!looksLikeIngestKey(key))
      throw unauthenticated(
        'This route takes an ingest key ("spx_ik_…"), not a user token.',
      );
    const hash = this.hasher.hash(key);
    const row = await this.keys.findByHash(hash);
    if (!row || !this.hasher.matches(row.key_hash, hash))
      throw unauthenticated("The ingest key is unknown or was revoked.");
    this.touch(row, now);
    return { id: row.id, accountId: row.account_id };
  }

  /**
   * For a write transaction: throws 401 when the key was revoked since the
   * request was authenticated, so nothing is stored with a revoked key.
   */
  async assertStillValid(
    key: IngestKeyPrincipal,
    manager: EntityManager,
  ): Promise<void> {
    if (!(await this.keys.stillExists(key.id, manager)))
      throw unauthenticated("The ingest key was revoked.");
  }

  /** Off the request path: a failed bookkeeping write must not fail the request. */
  private touch(row: IngestKeyRow, now: Date): void {
    const notBefore = new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString();
    if (row.last_used_at !== null && row.last_used_at >= notBefore) return;
    this.keys
      .touch(row.id, now.toISOString(), notBefore)
      .catch((error: unknown) =>
        this.logger.warn(
          `could not record the use of ${row.id}: ${String(error)}`,
        ),
      );
  }
}

function newIngestKeyId(): string {
  let id = "ik_";
  // 252 = 7 × 36: taking bytes below it keeps every character equally likely.
  for (const byte of randomBytes(ID_LENGTH * 2)) {
    if (byte >= 252) continue;
    id += ID_ALPHABET[byte % 36];
    if (id.length === 3 + ID_LENGTH) return id;
  }
  return newIngestKeyId();
}

/** 401 in the envelope, with the challenge header a bearer scheme sends. */
export function unauthenticated(message: string): ApiError {
  return new ApiError("UNAUTHENTICATED", message, undefined, {
    "WWW-Authenticate": 'Bearer realm="saved-pixels"',
  });
}
