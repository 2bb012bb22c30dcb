// Test data: a deterministic mix of pixel configs, seeded through the API (so
// every row is what the service itself writes), and a 100k bulk load written
// straight into the SQLite file (the API would take minutes for that many).
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";

const CONVERSION_TYPES = [
  "purchase",
  "signup",
  "lead",
  "add_to_cart",
  "begin_checkout",
  "contact",
  "download",
  "subscribe",
  "newsletter_optin",
];
const PLATFORMS = ["javascript", "gtm", "tealium"];
const TYPES = ["pageview", "conversion", "microconversion"];
// Values the engine must keep inert; part of the mix so escaping is on the hot path.
const AWKWARD_TEXT =
  'He said "hi" </script><!-- {{Page URL}} \u2028 back\\slash';

/** The i-th config of the mix: types, platforms, fixed and variable values. */
export function pixelConfig(i) {
  const type = TYPES[i % 3];
  const config = { type };
  if (type !== "pageview") {
    config.conversion_type = CONVERSION_TYPES[i % CONVERSION_TYPES.length];
  }
  if (type === "conversion") {
    config.revenue =
      i % 2 === 0
        ? { source: "variable", value: "order.total" }
        : { source: "fixed", value: `${i % 500}.99` };
    config.currency =
      i % 5 === 0
        ? { source: "variable", value: "order.currency" }
        : { source: "fixed", value: i % 2 ? "EUR" : "USD" };
  }
  const propertyCount = i % 4;
  if (propertyCount > 0) {
    config.properties = [];
    for (let p = 0; p < propertyCount; p += 1) {
      const fixed = (i + p) % 2 === 0;
      config.properties.push({
        key: ["sku", "category", "brand", "variant"][p],
        source: fixed ? "fixed" : "variable",
        value: fixed
          ? i % 7 === 0
            ? AWKWARD_TEXT
            : `value ${i}-${p}`
          : `product.items.${p}.sku`,
      });
    }
  }
  return config;
}

export function pixelInput(i, name) {
  return {
    name,
    description: i % 3 === 0 ? null : `Seeded pixel ${i} for the benchmark`,
    config: pixelConfig(i),
    target_platform: PLATFORMS[Math.floor(i / 3) % 3],
  };
}

/** The contract's example pixel: the one the snippet sizes are measured on. */
export const SIZE_REFERENCE = {
  name: "Purchase conversion (size reference)",
  description: "Standard purchase tracking",
  config: {
    type: "conversion",
    conversion_type: "purchase",
    revenue: { source: "variable", value: "order_total" },
    currency: { source: "fixed", value: "EUR" },
    properties: [{ key: "sku", source: "variable", value: "product_sku" }],
  },
  target_platform: "javascript",
};

export async function createPixel(url, token, account, input) {
  const response = await fetch(
    `${url}/saved-pixels?account_id=${encodeURIComponent(account)}`,
    {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify(input),
    },
  );
  const text = await response.text();
  if (response.status !== 201) {
    throw new Error(
      `seeding: POST /saved-pixels → ${response.status}: ${text.slice(0, 500)}`,
    );
  }
  return JSON.parse(text).data;
}

/** A new ingest key of the account (for POST /events); resolves with the key itself. */
export async function createIngestKey(url, token, account) {
  const response = await fetch(
    `${url}/ingest-keys?account_id=${encodeURIComponent(account)}`,
    {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ name: "bench" }),
    },
  );
  const text = await response.text();
  if (response.status !== 201)
    throw new Error(
      `POST /ingest-keys → ${response.status}: ${text.slice(0, 500)}`,
    );
  return JSON.parse(text).data.key;
}

/**
 * Creates `count` pixels through the API with a few requests in flight at once
 * (SQLite serialises writes anyway; more concurrency only adds queueing).
 * Resolves with [{id, type, conversionType}] in creation order.
 */
export async function seedThroughApi({ url, token, account, count }) {
  const pixels = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const pixel = await createPixel(
        url,
        token,
        account,
        pixelInput(i, `Bench pixel ${i}`),
      );
      pixels[i] = {
        id: pixel.id,
        type: pixel.config.type,
        conversionType: pixel.config.conversion_type,
      };
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return pixels;
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
function pixelId() {
  let id = "pix_";
  for (const byte of randomBytes(12)) id += ID_ALPHABET[byte % 36];
  return id;
}

/** The columns both bulk loads write, and the i-th row's values (ids are random). */
const BULK_COLUMNS =
  "id, account_id, name, name_key, description, config, pixel_type, conversion_type, target_platform, created_by, version, created_at, updated_at, last_event_at, event_count";

function bulkRow(i, account, start) {
  const input = pixelInput(i, `Bulk pixel ${i}`);
  const at = new Date(start + i).toISOString();
  return [
    pixelId(),
    account,
    input.name,
    input.name.trim().normalize("NFC").toLowerCase(),
    input.description,
    JSON.stringify(input.config),
    input.config.type,
    input.config.conversion_type ?? null,
    input.target_platform,
    "1",
    1,
    at,
    at,
    null,
    0,
  ];
}

/**
 * Writes `count` pixels of one account into a migrated PostgreSQL database, in
 * multi-row INSERTs of 1,000, the same rows `seedSqliteDirect` writes (the
 * per-account count is kept by the database's own trigger). Answers the
 * account's pixel count afterwards.
 */
export async function seedPostgresDirect({ url, account, count }) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const start = Date.now() - count;
    const width = BULK_COLUMNS.split(",").length;
    for (let first = 0; first < count; first += 1000) {
      const values = [];
      const tuples = [];
      for (let i = first; i < Math.min(count, first + 1000); i += 1) {
        const base = values.length;
        values.push(...bulkRow(i, account, start));
        tuples.push(
          `(${Array.from({ length: width }, (_, c) => `$${base + c + 1}`).join(", ")})`,
        );
      }
      await client.query(
        `INSERT INTO saved_pixels (${BULK_COLUMNS}) VALUES ${tuples.join(", ")}`,
        values,
      );
    }
    await client.query("ANALYZE saved_pixels");
    const { rows } = await client.query(
      "SELECT COUNT(*)::int AS n FROM saved_pixels WHERE account_id = $1",
      [account],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/**
 * Writes `count` pixels of one account into a migrated SQLite file in one
 * transaction, with the columns of src/database/migrations/ and the values the
 * service would store (canonical config JSON, name_key, ISO timestamps).
 * The service must not be running: one writer at a time.
 */
export function seedSqliteDirect({ file, account, count }) {
  const db = new Database(file);
  try {
    const insert = db.prepare(
      `INSERT INTO saved_pixels (${BULK_COLUMNS}) VALUES (${BULK_COLUMNS.split(
        ",",
      )
        .map(() => "?")
        .join(", ")})`,
    );
    // Distinct, increasing creation times a millisecond apart, ending now.
    const start = Date.now() - count;
    db.transaction(() => {
      for (let i = 0; i < count; i += 1)
        insert.run(...bulkRow(i, account, start));
    })();
    return db
      .prepare("SELECT COUNT(*) AS n FROM saved_pixels WHERE account_id = ?")
      .get(account).n;
  } finally {
    db.close();
  }
}
