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
