import {
  IngestKeyHasher,
  looksLikeIngestKey,
  newIngestKey,
} from "./ingest-key-secret";

describe("ingest key secrets", () => {
  it("makes keys with the spx_ik_ prefix and 256 random bits, never twice the same", () => {
    const keys = new Set(Array.from({ length: 200 }, () => newIngestKey()));
    expect(keys.size).toBe(200);
    for (const key of keys) {
      expect(key).toMatch(/^spx_ik_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key.slice(7), "base64url")).toHaveLength(32);
      expect(looksLikeIngestKey(key)).toBe(true);
    }
  });

  it("refuses anything else as a key shape", () => {
    const key = newIngestKey();
    for (const bad of [
      "",
      "spx_ik_",
      key.slice(0, -1),
      `${key}A`,
      key.replace("spx_ik_", "spx_ix_"),
      `${key.slice(0, -1)}=`,
      ` ${key}`,
      "eyJhbGciOiJIUzI1NiJ9.e30.sig",
    ]) {
      expect(looksLikeIngestKey(bad)).toBe(false);
    }
  });

  it("hashes with a pepper from the secret: same secret same hash, other secret other hash", () => {
    const key = newIngestKey();
    const a = new IngestKeyHasher("a".repeat(40));
    const b = new IngestKeyHasher("b".repeat(40));
    expect(a.hash(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash(key)).toBe(new IngestKeyHasher("a".repeat(40)).hash(key));
    expect(a.hash(key)).not.toBe(b.hash(key));
    expect(a.hash(key)).not.toContain(key.slice(7));
  });

  it("compares hashes exactly, whatever their lengths", () => {
    const hasher = new IngestKeyHasher("s".repeat(40));
    const hash = hasher.hash(newIngestKey());
    expect(hasher.matches(hash, hash)).toBe(true);
    expect(hasher.matches(hash, hasher.hash(newIngestKey()))).toBe(false);
    expect(hasher.matches(hash, hash.slice(0, 62))).toBe(false);
    expect(hasher.matches(hash, "")).toBe(false);
  });
});
