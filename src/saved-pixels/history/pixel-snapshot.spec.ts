import {
  changedPaths,
  restorableFields,
  restoreChanges,
} from "./pixel-snapshot";

const base = {
  id: "pix_abcdef",
  account_id: "acme",
  name: "Purchase",
  description: "Standard",
  config: {
    type: "conversion",
    conversion_type: "purchase",
    revenue: { source: "fixed", value: "49.99" },
    properties: [{ key: "sku", source: "variable", value: "sku" }],
  },
  target_platform: "javascript",
  created_by: 7,
  created_at: "2025-01-05T10:00:00Z",
  updated_at: "2025-01-05T10:00:00Z",
};

describe("changedPaths", () => {
  it("lists every field set on a create, leaving out read-only and null ones", () => {
    expect(changedPaths({}, { ...base, description: null })).toEqual([
      "name",
      "config",
      "target_platform",
    ]);
  });

  it("names config fields one level down, and compares deeper values whole", () => {
    const after = {
      ...base,
      updated_at: "2025-01-06T10:00:00Z",
      config: {
        ...base.config,
        revenue: { source: "fixed", value: "50.00" },
        properties: [{ key: "sku", source: "variable", value: "product.sku" }],
        currency: { source: "fixed", value: "EUR" },
      },
    };
    expect(changedPaths(base, after)).toEqual([
      "config.revenue",
      "config.properties",
      "config.currency",
    ]);
  });

  it("sees removed fields, type changes and nulls", () => {
    const config: Record<string, unknown> = { ...base.config };
    delete config.revenue;
    expect(
      changedPaths(base, {
        ...base,
        description: null,
        config: { ...config, type: "microconversion" },
      }),
    ).toEqual(["description", "config.type", "config.revenue"]);
  });

  it("finds nothing between equal snapshots (updated_at alone is not a change)", () => {
    expect(
      changedPaths(base, { ...base, updated_at: "2030-01-01T00:00:00Z" }),
    ).toEqual([]);
  });

  it("catches fields the pixel gains later without knowing them", () => {
    expect(changedPaths(base, { ...base, state: "inactive" })).toEqual([
      "state",
    ]);
  });
});

describe("restorableFields", () => {
  it("keeps what a user sets, drops ids, authorship, timestamps and event-derived fields", () => {
    expect(
      restorableFields({
        ...base,
        status: "active",
        last_event_at: null,
        state: "active",
      }),
    ).toEqual({
      name: "Purchase",
      description: "Standard",
      config: base.config,
      target_platform: "javascript",
      state: "active",
    });
  });
});

describe("restoreChanges", () => {
  it("writes nothing when the version's user-set fields are the pixel's now, whatever its timestamps", () => {
    const now = {
      ...base,
      updated_at: "2025-02-01T00:00:00Z",
      status: "active",
    };
    expect(restoreChanges(base, now)).toEqual({});
  });

  it("writes every user-set field of the version when one of them differs", () => {
    const now = { ...base, name: "Renamed" };
    expect(restoreChanges(base, now)).toEqual(restorableFields(base));
    const deeper = {
      ...base,
      config: { ...base.config, revenue: { source: "fixed", value: "5" } },
    };
    expect(restoreChanges(base, deeper)).toEqual(restorableFields(base));
  });
});
