import { MigrationInterface, QueryRunner } from "typeorm";
import { pixelSnapshot } from "../../saved-pixels/history/pixel-snapshot";
import { SavedPixelEntity } from "../../saved-pixels/saved-pixel.entity";

/** Pixels read per batch while giving existing pixels their first version. */
const BATCH = 500;

/**
 * Sharing (contract §11: other accounts a pixel is shared with) and history
 * (one row per version of a pixel, the version the ETag names). Existing
 * pixels get their first history row: their current state, at their current
 * version, changed by their creator.
 */
export class CreateSharesAndVersions1732408000000 implements MigrationInterface {
  name = "CreateSharesAndVersions1732408000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE saved_pixel_shares (
        pixel_id varchar(32) NOT NULL,
        account_id varchar(64) NOT NULL,
        shared_at varchar(30) NOT NULL,
        shared_by varchar(128) NOT NULL,
        PRIMARY KEY (pixel_id, account_id)
      )`);
    // "The pixels shared with this account", for the list and the access check.
    await queryRunner.query(
      "CREATE INDEX saved_pixel_shares_account ON saved_pixel_shares (account_id, pixel_id)",
    );
    await queryRunner.query(`
      CREATE TABLE saved_pixel_versions (
        pixel_id varchar(32) NOT NULL,
        version integer NOT NULL,
        changed_by varchar(128) NOT NULL,
        changed_at varchar(30) NOT NULL,
        changes text NOT NULL,
        pixel text NOT NULL,
        PRIMARY KEY (pixel_id, version)
      )`);
    await this.recordCurrentVersions(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE saved_pixel_versions");
    await queryRunner.query("DROP TABLE saved_pixel_shares");
  }

  private async recordCurrentVersions(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === "postgres";
    const p = (index: number) => (postgres ? `$${index}` : "?");
    let after = "";
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT * FROM saved_pixels WHERE id > ${p(1)} ORDER BY id LIMIT ${BATCH}`,
        [after],
      )) as Record<string, unknown>[];
      if (rows.length === 0) return;
      for (const row of rows) {
        const pixel = entityOf(row);
        const snapshot = pixelSnapshot(pixel);
        await queryRunner.query(
          `INSERT INTO saved_pixel_versions (pixel_id, version, changed_by, changed_at, changes, pixel)
           VALUES (${[1, 2, 3, 4, 5, 6].map(p).join(", ")})`,
          [
            pixel.id,
            pixel.version,
            pixel.createdBy,
            snapshot.updated_at,
            "[]",
            JSON.stringify(snapshot),
          ],
        );
      }
      after = String(rows[rows.length - 1].id);
    }
  }
}

/** A `SELECT *` row as the entity: each snake_case column as its camelCase field. */
function entityOf(row: Record<string, unknown>): SavedPixelEntity {
  const pixel = new SavedPixelEntity() as unknown as Record<string, unknown>;
  for (const [column, value] of Object.entries(row)) {
    pixel[
      column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())
    ] = value;
  }
  const entity = pixel as unknown as SavedPixelEntity;
  entity.version = Number(entity.version);
  entity.eventCount = Number(entity.eventCount ?? 0);
  return entity;
}
