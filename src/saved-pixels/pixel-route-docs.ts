import { ACCOUNT_RESOURCE_ERRORS } from "../http/api-docs";

/** The `{pixel_id}` path parameter, as the OpenAPI document shows it. */
export const PIXEL_ID_PARAM = {
  name: "pixel_id",
  description: "Saved pixel ID",
  example: "pix_a1b2c3d4e5f6",
};

/** What any route on one saved pixel can answer besides success. */
export const PIXEL_ROUTE_ERRORS = ACCOUNT_RESOURCE_ERRORS;
