// After the service stopped gracefully: was every acknowledged event written?
// Read straight from the SQLite file, not through the API, so nothing the
// service still holds in memory could make the answer look better.
import Database from "better-sqlite3";
import pg from "pg";

/**
 * @param {string} file the SQLite database
 * @param {Set<string>} acknowledged "pixel_id event_id" of every 204
 */
export function verifyCollected(file, acknowledged) {
  const db = new Database(file, { readonly: true });
  try {
    const stored = new Set();
    for (const row of db
      .prepare("SELECT pixel_id, event_id FROM pixel_events")
      .iterate()) {
      stored.add(`${row.pixel_id} ${row.event_id}`);
    }
    let lost = 0;
    for (const key of acknowledged) if (!stored.has(key)) lost += 1;
    const counted = db
      .prepare("SELECT COALESCE(SUM(event_count), 0) AS n FROM saved_pixels")
      .get().n;
    return {
      acknowledged: acknowledged.size,
      stored: stored.size,
      lost,
      // Requests still in flight when autocannon stopped: stored, never answered.
      storedUnacknowledged: stored.size - (acknowledged.size - lost),
      eventCountSum: counted,
      countsAgree: counted === stored.size,
      integrity: db.pragma("integrity_check", { simple: true }),
    };
  } finally {
    db.close();
  }
}

/** Removes what the PostgreSQL create run wrote, so reruns start clean. */
export async function deletePostgresAccount(url, account) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(
      "DELETE FROM saved_pixels WHERE account_id = $1",
      [account],
    );
    return result.rowCount;
  } finally {
    await client.end();
  }
}
