import { Injectable } from "@nestjs/common";
import { DataSource, EntityManager } from "typeorm";
import { Sql } from "../database/sql";

/** An ingest key as stored: never the key itself, only its hash. */
export interface IngestKeyRow {
  id: string;
  account_id: string;
  name: string;
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
}

/** Every ingest_keys query; each one but the key lookup is scoped to an account. */
@Injectable()
export class IngestKeysRepository {
  private readonly postgres: boolean;

  constructor(
    private readonly sql: Sql,
    dataSource: DataSource,
  ) {
    this.postgres = dataSource.options.type === "postgres";
  }

  async insert(row: IngestKeyRow): Promise<void> {
    await this.sql.affected(
      `INSERT INTO ingest_keys (id, account_id, name, key_hash, created_at, last_used_at)
       VALUES (:id, :account_id, :name, :key_hash, :created_at, :last_used_at)`,
      { ...row },
    );
  }

  /** The account's keys, newest first. */
  list(accountId: string): Promise<IngestKeyRow[]> {
    return this.sql.rows<IngestKeyRow>(
      `SELECT id, account_id, name, key_hash, created_at, last_used_at
         FROM ingest_keys WHERE account_id = :accountId
        ORDER BY created_at DESC, id DESC`,
      { accountId },
    );
  }

  /** Deletes one key of the account; false when there is none with that id there. */
  async delete(accountId: string, id: string): Promise<boolean> {
    const affected = await this.sql.affected(
      "DELETE FROM ingest_keys WHERE account_id = :accountId AND id = :id",
      { accountId, id },
    );
    return affected > 0;
  }

  /** The key with this hash, read from the database on every call (no cache: revocation is immediate). */
  async findByHash(keyHash: string): Promise<IngestKeyRow | null> {
    const [row] = await this.sql.rows<IngestKeyRow>(
      `SELECT id, account_id, name, key_hash, created_at, last_used_at
         FROM ingest_keys WHERE key_hash = :keyHash`,
      { keyHash },
    );
    return row ?? null;
  }

  /**
   * Inside a write transaction: whether the key still exists. On PostgreSQL the
   * row is locked FOR SHARE until the transaction ends, so a concurrent revocation
   * waits for the write to commit (and a write after the revocation finds no key).
   * SQLite runs one write transaction at a time, which gives the same order.
   */
  async stillExists(id: string, manager: EntityManager): Promise<boolean> {
    const rows = await this.sql.rows<{ id: string }>(
      this.postgres
        ? "SELECT id FROM ingest_keys WHERE id = :id FOR SHARE"
        : "SELECT id FROM ingest_keys WHERE id = :id",
      { id },
      manager,
    );
    return rows.length > 0;
  }

  /**
   * Records a use, unless one was recorded after `notBefore`: a key in constant use
   * costs one write a minute, not one per request, on every replica alike.
   */
  async touch(id: string, usedAt: string, notBefore: string): Promise<void> {
    await this.sql.affected(
      `UPDATE ingest_keys SET last_used_at = :usedAt
        WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :notBefore)`,
      { id, usedAt, notBefore },
    );
  }
}
