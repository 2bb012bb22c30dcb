import { ifNoneMatchHits, parseEntityTags } from "./etag";

describe("parseEntityTags", () => {
  it("is undefined without a header", () =>
    expect(parseEntityTags(undefined)).toBeUndefined());
  it("reads a list, drops W/, keeps quotes, skips what is not a tag", () =>
    expect(parseEntityTags(' W/"a", "b" ,c, "", ,"d')).toEqual({
      any: false,
      tags: ['"a"', '"b"', '""'],
    }));
  it("joins repeated headers and sees *", () =>
    expect(parseEntityTags(['"a"', "*"])).toEqual({
      any: true,
      tags: ['"a"'],
    }));
});

describe("ifNoneMatchHits", () => {
  const etag = '"abc-1"';
  it.each([
    ['"abc-1"', true],
    ['W/"abc-1"', true],
    ['"x", "abc-1"', true],
    ["*", true],
    [['"x"', 'W/"abc-1"'], true],
    ['"abc-2"', false],
    ["abc-1", false],
    ["", false],
    [undefined, false],
  ])("%j → %s", (header, expected) =>
    expect(ifNoneMatchHits(header, etag)).toBe(expected),
  );
});
