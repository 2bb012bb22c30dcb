import {
  characterCount,
  hasControlCharacters,
  nameKey,
  truncateCharacters,
} from "./text";

describe("characterCount", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(characterCount("")).toBe(0);
    expect(characterCount("abc")).toBe(3);
    expect(characterCount("😀")).toBe(1);
    expect(characterCount("a😀b")).toBe(3);
    expect(characterCount("😀".repeat(100))).toBe(100);
  });

  it("counts a lone surrogate as one character", () => {
    expect(characterCount("\ud83d")).toBe(1);
    expect(characterCount("\ude00x")).toBe(2);
  });
});

describe("nameKey", () => {
  it("trims and folds case, so variants of one name share a key", () => {
    expect(nameKey("  Same Name ")).toBe("same name");
    expect(nameKey("SAME NAME")).toBe(nameKey(" same name"));
  });

  it("normalises to NFC", () => {
    expect(nameKey("Cafe\u0301")).toBe(nameKey("Caf\u00e9"));
  });
});

describe("hasControlCharacters", () => {
  it("finds C0 controls and DEL", () => {
    for (const text of ["a\u0000", "\n", "\t", "\u001f", "\u007f"]) {
      expect(hasControlCharacters(text)).toBe(true);
    }
    for (const text of ["plain text", "é😀", "\u00a0"]) {
      expect(hasControlCharacters(text)).toBe(false);
    }
  });
});

describe("truncateCharacters", () => {
  it.each<[string, number, string]>([
    ["abc", 5, "abc"],
    ["abcdef", 3, "abc"],
    ["😀😀😀", 2, "😀😀"],
    ["a😀b", 2, "a😀"],
    ["日本語", 2, "日本"],
    ["\ud800x", 1, "\ud800"],
  ])("%j to %d is %j", (text, max, expected) => {
    expect(truncateCharacters(text, max)).toBe(expected);
  });
});
