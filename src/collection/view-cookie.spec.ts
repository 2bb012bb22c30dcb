import { RememberedView, ViewCookie, viewTouchpoint } from "./view-cookie";

const cookie = new ViewCookie("secret-one");
const view = (account: string, at = 1_000): RememberedView => ({
  account_id: account,
  campaign: `camp-${account}`,
  source: null,
  seen_at_s: at,
});

describe("view cookie (contract §8)", () => {
  it("round-trips the latest view per account, newest first, bounded", () => {
    let value = cookie.write([], view("a"));
    value = cookie.write(cookie.read(`spx_views=${value}`), view("b"));
    value = cookie.write(
      cookie.read(`x=1; spx_views=${value}`),
      view("a", 2_000),
    );
    expect(cookie.read(`spx_views=${value}`)).toEqual([
      view("a", 2_000),
      view("b"),
    ]);
    for (let i = 0; i < 20; i++)
      value = cookie.write(cookie.read(`spx_views=${value}`), view(`acct${i}`));
    expect(cookie.read(`spx_views=${value}`)).toHaveLength(8);
    expect(value.length).toBeLessThan(2500);
  });

  it("keeps the cookie within a browser's 4096 bytes, dropping the oldest views first", () => {
    // 100-character campaign and source in CJK (3 bytes each in UTF-8) and
    // 64-character accounts: five such views alone are over 4 KB.
    const long = (account: string, at: number): RememberedView => ({
      account_id: account.padEnd(64, "x"),
      campaign: "中".repeat(100),
      source: "文".repeat(100),
      seen_at_s: at,
    });
    let value = "";
    for (let i = 0; i < 8; i++) {
      value = cookie.write(
        cookie.read(value ? `spx_views=${value}` : undefined),
        long(`acct${i}`, 1_000 + i),
      );
      // RFC 6265 §6.1: browsers keep cookies of at least 4096 bytes (name, "=" and value).
      expect(Buffer.byteLength(`spx_views=${value}`)).toBeLessThanOrEqual(4096);
      const views = cookie.read(`spx_views=${value}`);
      expect(views[0]).toEqual(long(`acct${i}`, 1_000 + i));
      if (i > 0) expect(views[1]).toEqual(long(`acct${i - 1}`, 999 + i));
    }
    // Escaped characters count too: 100 quotes are 200 bytes of JSON.
    const quoted = {
      ...long("q", 5),
      campaign: '"'.repeat(100),
      source: "\\".repeat(100),
    };
    value = cookie.write(cookie.read(`spx_views=${value}`), quoted);
    expect(Buffer.byteLength(`spx_views=${value}`)).toBeLessThanOrEqual(4096);
    expect(cookie.read(`spx_views=${value}`)[0]).toEqual(quoted);
  });

  it("ignores tampered, foreign-key or malformed cookies", () => {
    const value = cookie.write([], view("a"));
    const [payload, signature] = value.split(".");
    const forged = Buffer.from(
      JSON.stringify([["a", "evil", null, 1]]),
    ).toString("base64url");
    for (const bad of [
      `spx_views=${forged}.${signature}`,
      `spx_views=${new ViewCookie("secret-two").write([], view("a"))}`,
      `spx_views=${payload}`,
      `spx_views=${payload}.${signature}.x`,
      "spx_views=%%%",
      "",
    ])
      expect(cookie.read(bad)).toEqual([]);
    expect(cookie.read(undefined)).toEqual([]);
  });

  it("answers the account's view as a touchpoint aged on the server clock", () => {
    const views = [view("a", 1_000), view("b", 500)];
    expect(viewTouchpoint(views, "b", new Date(560_000))).toMatchObject({
      type: "view",
      campaign: "camp-b",
      age_s: 60,
    });
    expect(viewTouchpoint(views, "c", new Date(560_000))).toBeNull();
    expect(viewTouchpoint(views, "a", new Date(0))?.age_s).toBe(0);
  });
});
