import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * How many pixels each account owns, kept exact by triggers on saved_pixels in
 * the same transaction as every insert and delete (issue #15): the list's
 * `meta.total` reads one row instead of counting an account's 100,000 index
 * entries on every request. Triggers rather than application code, so no path
 * that writes pixels (create, restore, import, a migration) can forget it.
 * Concurrent creates in one account queue on its row; creates are human-paced.
 */
export class CreateAccountPixelCounts1732409500000 implements MigrationInterface {
  name = "CreateAccountPixelCounts1732409500000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE account_pixel_counts (
        account_id varchar(64) NOT NULL PRIMARY KEY,
        pixels integer NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO account_pixel_counts (account_id, pixels)
      SELECT account_id, COUNT(*) FROM saved_pixels GROUP BY account_id`);
    if (queryRunner.connection.options.type === "postgres") {
      await queryRunner.query(`
        CREATE FUNCTION account_pixel_counts_follow() RETURNS trigger AS $$
        BEGIN
          IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO account_pixel_counts (account_id, pixels) VALUES (NEW.account_id, 1)
              ON CONFLICT (account_id) DO UPDATE SET pixels = account_pixel_counts.pixels + 1;
          END IF;
          IF TG_OP IN ('DELETE', 'UPDATE') THEN
            UPDATE account_pixel_counts SET pixels = pixels - 1 WHERE account_id = OLD.account_id;
          END IF;
          RETURN NULL;
        END $$ LANGUAGE plpgsql`);
      await queryRunner.query(`
        CREATE TRIGGER saved_pixels_count_insert_delete
          AFTER INSERT OR DELETE ON saved_pixels
          FOR EACH ROW EXECUTE FUNCTION account_pixel_counts_follow()`);
      await queryRunner.query(`
        CREATE TRIGGER saved_pixels_count_move
          AFTER UPDATE OF account_id ON saved_pixels
          FOR EACH ROW WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id)
          EXECUTE FUNCTION account_pixel_counts_follow()`);
      return;
    }
    const add = (row: string) => `
      INSERT INTO account_pixel_counts (account_id, pixels) VALUES (${row}.account_id, 1)
        ON CONFLICT (account_id) DO UPDATE SET pixels = pixels + 1;`;
    const remove = (row: string) => `
      UPDATE account_pixel_counts SET pixels = pixels - 1 WHERE account_id = ${row}.account_id;`;
    await queryRunner.query(`
      CREATE TRIGGER saved_pixels_count_insert AFTER INSERT ON saved_pixels
      BEGIN ${add("NEW")} END`);
    await queryRunner.query(`
      CREATE TRIGGER saved_pixels_count_delete AFTER DELETE ON saved_pixels
      BEGIN ${remove("OLD")} END`);
    await queryRunner.query(`
      CREATE TRIGGER saved_pixels_count_move AFTER UPDATE OF account_id ON saved_pixels
      WHEN OLD.account_id IS NOT NEW.account_id
      BEGIN ${remove("OLD")} ${add("NEW")} END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") {
      await queryRunner.query(
        "DROP TRIGGER saved_pixels_count_move ON saved_pixels",
      );
      await queryRunner.query(
        "DROP TRIGGER saved_pixels_count_insert_delete ON saved_pixels",
      );
      await queryRunner.query("DROP FUNCTION account_pixel_counts_follow()");
    } else {
      await queryRunner.query("DROP TRIGGER saved_pixels_count_move");
      await queryRunner.query("DROP TRIGGER saved_pixels_count_delete");
      await queryRunner.query("DROP TRIGGER saved_pixels_count_insert");
    }
    await queryRunner.query("DROP TABLE account_pixel_counts");
  }
}
