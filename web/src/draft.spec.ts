import {
  CONVERSION_ONLY_FIELDS,
  defaultConversionRules,
} from "../../src/pixels/conversion-rules";
import {
  draftFromPixel,
  draftProblems,
  emptyDraft,
  sameDraft,
  toRequestBody,
  withConversionType,
} from "./draft";

// What a new purchase conversion sends: the server's creation defaults, except
// `state`, which the form never sends (the list's switch owns it).
const NEW_CONVERSION_RULES: Record<string, unknown> = {
  ...defaultConversionRules("conversion", "purchase"),
};
delete NEW_CONVERSION_RULES.state;

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
      ...NEW_CONVERSION_RULES,
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
    const body = toRequestBody({ ...draft, transaction_id: "order.id" });
    expect(body.config).toEqual({
      type: "pageview",
      currency: { source: "fixed", value: "EUR" },
    });
    // Conversion-only rules are not sent for a pageview (the server nulls them).
    for (const field of CONVERSION_ONLY_FIELDS)
      expect(body).not.toHaveProperty(field);
    expect(body).toMatchObject({ consent_mode: "off", piggyback_pixels: [] });
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
        transaction_id: { source: "variable" as const, value: "order.id" },
        properties: [{ key: "k", source: "variable" as const, value: "v" }],
      },
      event_category: "lead" as const,
      trigger_type: "click" as const,
      post_view_expire_mins: null,
      post_click_expire_mins: 90,
      post_view_value: 1.5,
      post_click_value: null,
      min_minutes_per_conv: 30,
      piggyback_pixels: [
        { pixel_type: "js" as const, url: "https://a.example/p.js" },
      ],
      consent_mode: "advanced" as const,
    };
    const draft = draftFromPixel(pixel);
    expect(toRequestBody(draft)).toEqual(pixel);
    expect(sameDraft(draft, draftFromPixel(pixel))).toBe(true);
    expect(sameDraft(draft, { ...draft, name: "Q" })).toBe(false);
  });
});

describe("conversion rules in the draft", () => {
  it("a new pixel's repeat rule follows its conversion type until chosen", () => {
    const draft = emptyDraft();
    expect(toRequestBody(draft).min_minutes_per_conv).toBe(0);
    const signup = withConversionType(draft, "signup");
    expect(toRequestBody(signup).min_minutes_per_conv).toBeNull();
    expect(
      toRequestBody(withConversionType(signup, "add_to_cart"))
        .min_minutes_per_conv,
    ).toBe(0);
    const chosen = { ...signup, repeat_chosen: true };
    expect(withConversionType(chosen, "purchase").repeat.mode).toBe("once");
  });

  it("a saved pixel keeps its repeat rule when the conversion type changes", () => {
    const saved = draftFromPixel({
      name: "P",
      target_platform: "javascript",
      config: { type: "conversion", conversion_type: "signup" },
      min_minutes_per_conv: null,
    });
    expect(withConversionType(saved, "purchase").repeat.mode).toBe("once");
  });

  it("a saved pageview opens with the conversion defaults ready if the type changes", () => {
    const draft = draftFromPixel({
      name: "Views",
      target_platform: "javascript",
      config: { type: "pageview" },
      trigger_type: null,
      post_view_expire_mins: null,
      post_click_expire_mins: null,
      min_minutes_per_conv: null,
      consent_mode: "basic",
    });
    expect(draft.post_view).toEqual({
      unlimited: false,
      days: "1",
      hours: "0",
    });
    expect(draft.trigger_type).toBe("hybrid");
    expect(
      toRequestBody({ ...draft, type: "conversion", conversion_type: "lead" }),
    ).toMatchObject({
      trigger_type: "hybrid",
      post_view_expire_mins: 1440,
      post_click_expire_mins: 20160,
      consent_mode: "basic",
    });
  });

  it("reports text it cannot send under the API field's name, and leaves it out of the body", () => {
    const draft = {
      ...emptyDraft(),
      post_view: { unlimited: false, days: "31", hours: "0" },
      post_click_value: "5,00",
      repeat: { mode: "every" as const, minutes: "0" },
    };
    expect(Object.keys(draftProblems(draft)).sort()).toEqual([
      "min_minutes_per_conv",
      "post_click_value",
      "post_view_expire_mins",
    ]);
    const body = toRequestBody(draft);
    expect(body).not.toHaveProperty("post_view_expire_mins");
    expect(body).not.toHaveProperty("min_minutes_per_conv");
    expect(body.post_click_expire_mins).toBe(20160);
    // A pageview has no such controls, so nothing to report.
    expect(draftProblems({ ...draft, type: "pageview" })).toEqual({});
    // Unparseable text still counts as an unsaved change.
    expect(
      sameDraft(emptyDraft(), { ...emptyDraft(), post_click_value: "x" }),
    ).toBe(false);
  });

  it("sends the piggyback rows as typed and the event category, none as null", () => {
    const body = toRequestBody({
      ...emptyDraft(),
      event_category: "purchase",
      piggyback_pixels: [{ pixel_type: "img", url: "not a url" }],
    });
    expect(body.event_category).toBe("purchase");
    expect(body.piggyback_pixels).toEqual([
      { pixel_type: "img", url: "not a url" },
    ]);
    expect(toRequestBody(emptyDraft()).event_category).toBeNull();
  });
});

describe("single-page-app pageviews (§10)", () => {
  it("sends history_pageviews only for a pageview that has it on, and reads it back", () => {
    const pageview = {
      ...emptyDraft(),
      name: "SPA",
      type: "pageview" as const,
    };
    expect(toRequestBody(pageview).config).not.toHaveProperty(
      "history_pageviews",
    );
    const on = { ...pageview, history_pageviews: true };
    expect(toRequestBody(on).config.history_pageviews).toBe(true);
    // A conversion never sends it (the server refuses true there); the box's state stays in the draft.
    const conversion = { ...on, type: "conversion" as const };
    expect(toRequestBody(conversion).config).not.toHaveProperty(
      "history_pageviews",
    );
    expect(sameDraft(pageview, on)).toBe(false);
    const saved = draftFromPixel({
      name: "SPA",
      target_platform: "javascript",
      config: { type: "pageview", history_pageviews: true },
    });
    expect(saved.history_pageviews).toBe(true);
    expect(sameDraft(saved, { ...saved, history_pageviews: false })).toBe(
      false,
    );
  });
});
