import { hrefFor, parseRoute, type Route } from "./route";

describe("routes", () => {
  it.each<[string, Route]>([
    ["#/", { screen: "list" }],
    ["#/new", { screen: "new" }],
    ["#/ingest-keys", { screen: "ingest-keys" }],
    ["#/pixels/pix_a1b2", { screen: "pixel", id: "pix_a1b2" }],
    ["#/pixels/pix_a1b2/report", { screen: "report", id: "pix_a1b2" }],
  ])("%s is a screen and its own address", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    expect(hrefFor(route)).toBe(hash);
  });

  it("sends anything else to the list", () => {
    for (const hash of [
      "",
      "#/pixels/x",
      "#/pixels/pix_a1/reports",
      "#/pixels/pix_A",
    ])
      expect(parseRoute(hash)).toEqual({ screen: "list" });
  });
});
