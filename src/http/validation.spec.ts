import { ValidationError } from "class-validator";
import { ApiError } from "./api-error";
import { MAX_BODY_DEPTH, OBJECT_BODY } from "./object-body.pipe";
import { flattenValidationErrors, repeatedQueryParameters } from "./validation";

function node(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), {
    property,
    constraints,
    children,
  });
}

describe("flattenValidationErrors", () => {
  it("names each failing rule by its dotted path", () => {
    const errors = [
      node("name", { pixelName: "must be a string" }),
      node("config", undefined, [
        node("type", { isIn: "type must be one of …" }),
        node("properties", { arrayMaxSize: "too many" }, [
          node("0", undefined, [
            node("key", { propertyKey: "bad key" }),
            node("color", {
              whitelistValidation: "property color should not exist",
            }),
          ]),
        ]),
      ]),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: "name", message: "must be a string" },
      { field: "config.type", message: "type must be one of …" },
      { field: "config.properties", message: "too many" },
      { field: "config.properties.0.key", message: "bad key" },
      { field: "config.properties.0.color", message: "is not a known field" },
    ]);
  });

  it("says 'must be an object' for a nested value that is not one", () => {
    expect(
      flattenValidationErrors(
        [
          node("revenue", {
            nestedValidation: "nested property revenue must be …",
          }),
        ],
        "config",
      ),
    ).toEqual([{ field: "config.revenue", message: "must be an object" }]);
  });
});

describe("OBJECT_BODY", () => {
  it("passes a JSON object through", () => {
    const body = { name: "x" };
    expect(OBJECT_BODY.transform(body)).toBe(body);
  });

  it.each([[null], [undefined], [[]], [[{ name: "x" }]], ["x"], [5], [true]])(
    "refuses %j, naming the body",
    (body) => {
      try {
        OBJECT_BODY.transform(body);
        throw new Error("expected a refusal");
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).status).toBe(400);
        expect((error as ApiError).details).toEqual([
          { field: "body", message: "must be a JSON object" },
        ]);
      }
    },
  );

  function nested(levels: number, make: (inner: unknown) => unknown) {
    let value: unknown = 1;
    for (let i = 0; i < levels; i += 1) value = make(value);
    return value;
  }

  it(`accepts nesting up to ${MAX_BODY_DEPTH} levels`, () => {
    const body = { a: nested(MAX_BODY_DEPTH - 1, (inner) => [inner]) };
    expect(OBJECT_BODY.transform(body)).toBe(body);
  });

  it.each([
    ["arrays", (inner: unknown) => [inner]],
    ["objects", (inner: unknown) => ({ a: inner })],
  ])("refuses deeper %s, without overflowing the stack", (_kind, make) => {
    for (const levels of [MAX_BODY_DEPTH, 100_000]) {
      try {
        OBJECT_BODY.transform({ a: nested(levels, make) });
        throw new Error("expected a refusal");
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).details).toEqual([
          { field: "body", message: expect.stringContaining("levels deep") },
        ]);
      }
    }
  });
});

describe("repeatedQueryParameters", () => {
  const declared = new Set(["limit", "offset", "status"]);

  it("names each declared parameter given as a list or in a bracket form, once", () => {
    expect(
      repeatedQueryParameters(
        {
          account_id: "acme",
          limit: ["1", "2"],
          "offset[]": "0",
          "offset[1]": "2",
          "status[key]": "x",
        },
        declared,
      ),
    ).toEqual([
      { field: "limit", message: expect.stringContaining("once") },
      { field: "offset", message: expect.stringContaining("once") },
      { field: "status", message: expect.stringContaining("once") },
    ]);
  });

  it("lets single values and parameters it does not declare be", () => {
    expect(
      repeatedQueryParameters(
        { limit: "1", status: "active", "cache[]": "1", account_id: ["a"] },
        declared,
      ),
    ).toEqual([]);
  });
});
