import { draftFromPixel, emptyDraft, sameDraft, toRequestBody } from "./draft";

describe("toRequestBody", () => {
  it("sends a conversion's values and leaves out empty optional ones", () => {
    const draft = {
      ...emptyDraft(),
      name: "Checkout",
      revenue: { source: "variable" as const, value: "order.total" },
      properties: [{ key: "sku", source: "fixed" as const, value: "A1" }],
    };
    expect(toRequestBody(draft)).toEqual({
      name: "Checkout",
      description: null,
      config: {
        type: "conversion",
        conversion_type: "purchase",
        revenue: { source: "variable", value: "order.total" },
        properties: [{ key: "sku", source: "fixed", value: "A1" }],
      },
      target_platform: "javascript",
    });
  });

  it("drops conversion type and revenue on a pageview, keeping them in the draft", () => {
    const draft = {
      ...emptyDraft(),
      name: "Views",
      type: "pageview" as const,
      revenue: { source: "fixed" as const, value: "5" },
      currency: { source: "fixed" as const, value: "EUR" },
    };
    expect(toRequestBody(draft).config).toEqual({
      type: "pageview",
      currency: { source: "fixed", value: "EUR" },
    });
    expect(draft.revenue.value).toBe("5");
  });

  it("sends what was typed (the server trims and validates)", () => {
    const body = toRequestBody({
      ...emptyDraft(),
      name: "  spaced  ",
      description: "d",
    });
    expect(body.name).toBe("  spaced  ");
    expect(body.description).toBe("d");
  });
});

describe("draftFromPixel / sameDraft", () => {
  it("round-trips a saved pixel, so an untouched form has no unsaved changes", () => {
    const pixel = {
      name: "P",
      description: null,
      target_platform: "gtm" as const,
      config: {
        type: "microconversion" as const,
        conversion_type: "signup",
        properties: [{ key: "k", source: "variable" as const, value: "v" }],
      },
    };
    const draft = draftFromPixel(pixel);
    expect(toRequestBody(draft)).toEqual(pixel);
    expect(sameDraft(draft, draftFromPixel(pixel))).toBe(true);
    expect(sameDraft(draft, { ...draft, name: "Q" })).toBe(false);
  });
});
