import { formFieldFor, groupFieldErrors } from "./field-errors";

describe("formFieldFor", () => {
  it.each([
    ["name", "name"],
    ["description", "description"],
    ["target_platform", "target_platform"],
    ["config.type", "type"],
    ["config.conversion_type", "conversion_type"],
    ["config.revenue", "revenue"],
    ["config.revenue.value", "revenue"],
    ["config.revenue.source", "revenue"],
    ["config.currency.value", "currency"],
    ["config.properties", "properties"],
    ["config.properties.2.key", "properties.2.key"],
    ["config.properties.0.value", "properties.0.value"],
    ["config.properties.0.source", "properties.0.value"],
    ["config.properties.0", "properties.0.value"],
  ])("maps %s to the %s control", (path, field) => {
    expect(formFieldFor(path)).toBe(field);
  });

  it.each(["config", "config.attribution.window_days", "name.x", "id", ""])(
    "leaves %j at form level (no control shows it yet)",
    (path) => {
      expect(formFieldFor(path)).toBe("");
    },
  );
});

describe("groupFieldErrors", () => {
  it("groups messages per control and spells out the path of unclaimed ones", () => {
    expect(
      groupFieldErrors([
        { field: "config.revenue.value", message: "must be a decimal" },
        {
          field: "config.revenue.source",
          message: "must be fixed or variable",
        },
        { field: "name", message: "is required" },
        { field: "config.foo", message: "is not allowed" },
      ]),
    ).toEqual({
      revenue: ["must be a decimal", "must be fixed or variable"],
      name: ["is required"],
      "": ["config.foo: is not allowed"],
    });
  });
});

describe("formFieldFor: conversion rules (§7)", () => {
  it.each([
    ["event_category", "event_category"],
    ["trigger_type", "trigger_type"],
    ["post_view_expire_mins", "post_view_expire_mins"],
    ["post_click_value", "post_click_value"],
    ["min_minutes_per_conv", "min_minutes_per_conv"],
    ["consent_mode", "consent_mode"],
    ["piggyback_pixels", "piggyback_pixels"],
    ["piggyback_pixels.1.url", "piggyback_pixels.1.url"],
    ["piggyback_pixels.0.pixel_type", "piggyback_pixels.0.pixel_type"],
    ["piggyback_pixels.3", "piggyback_pixels.3.url"],
    ["piggyback_pixels.2.extra", "piggyback_pixels.2.url"],
    ["config.transaction_id", "transaction_id"],
    ["config.transaction_id.source", "transaction_id"],
    ["config.history_pageviews", "history_pageviews"],
  ])("maps %s to the %s control", (path, field) => {
    expect(formFieldFor(path)).toBe(field);
  });

  it.each([
    "config.trigger_type",
    "config.piggyback_pixels.0.url",
    "transaction_id",
    "trigger_type.x",
  ])(
    "leaves %j at form level (rules live beside config, transaction_id inside it)",
    (path) => {
      expect(formFieldFor(path)).toBe("");
    },
  );

  it("groups a piggyback row's message beside that row's URL", () => {
    expect(
      groupFieldErrors([
        { field: "piggyback_pixels.1.url", message: "must be an absolute URL" },
        { field: "post_view_expire_mins", message: "must be a whole number" },
      ]),
    ).toEqual({
      "piggyback_pixels.1.url": ["must be an absolute URL"],
      post_view_expire_mins: ["must be a whole number"],
    });
  });
});
