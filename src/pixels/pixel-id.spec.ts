import {
  PIXEL_ID,
  PIXEL_ID_ALPHABET,
  PIXEL_ID_RANDOM_LENGTH,
  isPixelId,
  newPixelId,
} from "./pixel-id";

describe("newPixelId", () => {
  it("issues ids of the one pixel-id shape", () => {
    for (let i = 0; i < 200; i += 1) {
      const id = newPixelId();
      expect(id).toMatch(PIXEL_ID);
      expect(id).toHaveLength(4 + PIXEL_ID_RANDOM_LENGTH);
    }
  });

  it("throws away bytes at or above 252 instead of wrapping them onto the first characters", () => {
    // 252..255 would be "a".."d" under byte % 36; rejected, the next bytes are used.
    const batches = [
      Uint8Array.from([252, 253, 254, 255, 0, 1, 2, 3, 4, 5, 6, 7]),
      Uint8Array.from([35, 36, 71, 251, 0, 0, 0, 0, 0, 0, 0, 0]),
    ];
    let call = 0;
    const id = newPixelId(() => batches[call++]);
    expect(id).toBe("pix_abcdefgh9a99");
    expect(call).toBe(2);
  });

  it("draws every character equally often", () => {
    // Every byte value once per batch: a biased mapping gives a–d 8 hits, the rest 7.
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const counts = new Map<string, number>();
    let offset = 0;
    const random = (size: number) => {
      const out = new Uint8Array(size);
      for (let i = 0; i < size; i += 1) out[i] = all[(offset + i) % 256];
      offset = (offset + size) % 256;
      return out;
    };
    // 21 ids of 12 characters consume 252 accepted bytes: one full cycle of 0..251.
    for (let i = 0; i < 21; i += 1)
      for (const c of newPixelId(random).slice(4))
        counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort().join("")).toBe(
      [...PIXEL_ID_ALPHABET].sort().join(""),
    );
    expect(new Set(counts.values())).toEqual(new Set([7]));
  });
});

describe("PIXEL_ID", () => {
  it.each(["pix_abc123", "pix_a1b2c3d4e5f6", `pix_${"a".repeat(28)}`])(
    "accepts %s",
    (id) => expect(isPixelId(id)).toBe(true),
  );
  it.each([
    "pix_abc12",
    `pix_${"a".repeat(29)}`,
    "pix_ABC123",
    "pix_abc_123",
    "px_abc123",
    " pix_abc123",
    "pix_abc123\n",
  ])("refuses %j", (id) => expect(isPixelId(id)).toBe(false));
  it("refuses non-strings", () => expect(isPixelId(42)).toBe(false));
});
