import { normaliseCollectedEvent } from "./collected-event";
import { parseStubBatch, STUB_BATCH_MAX_EVENTS } from "./stub-batch";

const PAGE = "https://shop.example/thanks?order=7";
const payload = {
  pixel_id: "pix_abc123",
  type: "conversion",
  conversion_type: "purchase",
  revenue: "49.99",
  currency: "EUR",
  properties: { sku: ["SKU-1", "SKU-2"], callback: {} },
  history_pageviews: true,
};

describe("parseStubBatch", () => {
  it("makes each track call an event of the page, as JSON serialises arguments objects and arrays", () => {
    const events = parseStubBatch([
      PAGE,
      [
        { "0": "track", "1": payload },
        ["consent", "update", { ad_storage: "denied" }],
        ["track", { pixel_id: "pix_other1", type: "pageview" }],
      ],
    ])!;
    // The payload's known fields (history_pageviews is the tracker's alone).
    const known: Partial<typeof payload> = { ...payload };
    delete known.history_pageviews;
    expect(events.map((raw) => ({ ...raw }))).toEqual([
      { ...known, page_url: PAGE, assignEventId: true },
      {
        pixel_id: "pix_other1",
        type: "pageview",
        page_url: PAGE,
        assignEventId: true,
      },
    ]);
  });

  it("assigns an event id without a warning, and still warns about what the page sent wrong", () => {
    const [raw] = parseStubBatch([PAGE, [["track", payload]]])!;
    const event = normaliseCollectedEvent(
      raw,
      {
        id: "pix_abc123",
        config: { type: "conversion", conversion_type: "purchase" },
      } as never,
      new Date("2026-01-02T03:04:05Z"),
    )!;
    expect(event.event_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.page_url).toBe(PAGE);
    expect(event.properties).toEqual({ sku: ["SKU-1", "SKU-2"] });
    // The stub sends a function as {}: it is named, never dropped silently; no
    // word about the event id. (The stub keeps no visitor id: §7's warning.)
    expect(event.warnings).toEqual([
      'property "callback" is an object, not text, a number, a boolean or a list; dropped',
      "no_visitor_id",
    ]);
  });

  it("keeps the payload's own page_url and event id, and reads spx_test from the page URL", () => {
    const [own, tested] = parseStubBatch([
      "https://shop.example/?a=1&spx_test=TEST%2042#x",
      [
        [
          "track",
          {
            pixel_id: "pix_abc123",
            page_url: "https://shop.example/own",
            event_id: "evt_12345678",
            test_event_code: "MINE",
          },
        ],
        ["track", { pixel_id: "pix_abc123" }],
      ],
    ])!;
    expect(own.page_url).toBe("https://shop.example/own");
    expect(own.event_id).toBe("evt_12345678");
    expect(own.test_event_code).toBe("MINE");
    expect(tested.test_event_code).toBe("TEST 42");
    for (const url of [
      "https://shop.example/#spx_test=x",
      "https://shop.example/?xspx_test=x",
      "https://shop.example/?spx_test=",
      "https://shop.example/?spx_test=%E0%A4%A",
    ])
      expect(
        parseStubBatch([url, [["track", { pixel_id: "pix_abc123" }]]])![0]
          .test_event_code,
      ).toBeUndefined();
  });

  it("is null for anything but [page_url, calls], and skips junk calls", () => {
    for (const body of [
      null,
      "x",
      {},
      [],
      [PAGE],
      [1, []],
      [PAGE, {}],
      [PAGE, [], 3],
    ])
      expect(parseStubBatch(body)).toBeNull();
    expect(
      parseStubBatch([
        PAGE,
        [
          null,
          5,
          "track",
          ["track"],
          ["track", null],
          ["track", []],
          { "0": "track" },
          { "1": payload },
          Object.assign(Object.create({ 0: "track", 1: payload }), {}),
        ],
      ]),
    ).toEqual([]);
  });

  it("keeps at most STUB_BATCH_MAX_EVENTS events", () => {
    const calls = Array.from({ length: STUB_BATCH_MAX_EVENTS + 10 }, () => [
      "track",
      payload,
    ]);
    expect(parseStubBatch([PAGE, calls])).toHaveLength(STUB_BATCH_MAX_EVENTS);
  });
});
