import { expectedVersionFromIfMatch } from "./if-match";
import { etagOf } from "./saved-pixel.view";

const ID = "pix_abc123def456";

describe("expectedVersionFromIfMatch", () => {
  it("asks for nothing when the header is absent", () => {
    expect(expectedVersionFromIfMatch(undefined, ID)).toBeUndefined();
  });

  it("accepts any current version for *", () => {
    expect(expectedVersionFromIfMatch("*", ID)).toBeUndefined();
    expect(expectedVersionFromIfMatch(' "x", * ', ID)).toBeUndefined();
  });

  it("reads the version from the pixel's own ETag (round trip with etagOf)", () => {
    expect(expectedVersionFromIfMatch(etagOf({ id: ID, version: 1 }), ID)).toBe(
      1,
    );
    expect(
      expectedVersionFromIfMatch(etagOf({ id: ID, version: 42 }), ID),
    ).toBe(42);
  });

  it("finds the pixel's tag in a list, and in repeated headers", () => {
    expect(expectedVersionFromIfMatch(`"pix_other1.v9", "${ID}.v3"`, ID)).toBe(
      3,
    );
    expect(
      expectedVersionFromIfMatch(['"pix_other1.v9"', `"${ID}.v4"`], ID),
    ).toBe(4);
  });

  it("answers null (412) when no tag can match this pixel", () => {
    for (const header of [
      '"pix_other1.v3"', // another pixel's tag
      `${ID}.v3`, // unquoted
      `"${ID}.3"`,
      `"${ID}.v"`,
      `"${ID}.v-1"`,
      `"${ID}.v1234567890"`, // more than 9 digits
      `"${ID.toUpperCase()}.v1"`,
      "garbage",
      "",
      " , ",
    ]) {
      expect(expectedVersionFromIfMatch(header, ID)).toBeNull();
    }
  });
});
