import { ArgumentMetadata } from "@nestjs/common";
import { ApiError } from "../../http/api-error";
import { QUERY_VALIDATION } from "../../http/validation";
import { ListSavedPixelsQuery } from "./list-saved-pixels.query";

const metadata: ArgumentMetadata = {
  type: "query",
  metatype: ListSavedPixelsQuery,
  data: "",
};

async function parse(query: Record<string, unknown>) {
  return (await QUERY_VALIDATION.transform(
    query,
    metadata,
  )) as ListSavedPixelsQuery;
}

async function refusedFields(query: Record<string, unknown>) {
  try {
    await parse(query);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("VALIDATION_FAILED");
    return [...new Set((error as ApiError).details!.map((d) => d.field))];
  }
  throw new Error(`expected ${JSON.stringify(query)} to be refused`);
}

describe("ListSavedPixelsQuery through QUERY_VALIDATION", () => {
  it("leaves everything optional and lets account_id and others through", async () => {
    const query = await parse({ account_id: "acme", _: "cache-buster" });
    expect(query.limit).toBeUndefined();
    expect(query.offset).toBeUndefined();
    expect(query.pixel_type).toBeUndefined();
  });

  it("converts limit and offset to numbers", async () => {
    const query = await parse({ limit: "1", offset: "0" });
    expect(query.limit).toBe(1);
    expect(query.offset).toBe(0);
    expect((await parse({ limit: "200", offset: "1000" })).limit).toBe(200);
  });

  it.each(["0", "201", "-1", "abc", "1.5", "", " 5", "1e2", "0x10"])(
    "refuses limit=%j, naming limit",
    async (limit) => {
      expect(await refusedFields({ limit })).toEqual(["limit"]);
    },
  );

  it("refuses a repeated limit", async () => {
    expect(await refusedFields({ limit: ["1", "2"] })).toEqual(["limit"]);
  });

  it.each(["-1", "abc", "1.5", ""])(
    "refuses offset=%j, naming offset",
    async (offset) => {
      expect(await refusedFields({ offset })).toEqual(["offset"]);
    },
  );

  it.each(["pageview", "conversion", "microconversion"])(
    "accepts pixel_type=%s",
    async (pixel_type) => {
      expect((await parse({ pixel_type })).pixel_type).toBe(pixel_type);
    },
  );

  it.each(["PAGEVIEW", "click", ""])(
    "refuses pixel_type=%j",
    async (pixel_type) => {
      expect(await refusedFields({ pixel_type })).toEqual(["pixel_type"]);
    },
  );

  it.each(["unverified", "active", "inactive"])(
    "accepts status=%s",
    async (status) => {
      expect((await parse({ status })).status).toBe(status);
    },
  );

  it("refuses an unknown status", async () => {
    expect(await refusedFields({ status: "live" })).toEqual(["status"]);
  });
});
