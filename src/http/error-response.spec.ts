import {
  BadRequestException,
  HttpException,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
} from "@nestjs/common";
import {
  InvalidValueError,
  NameConflictError,
  NotFoundError,
  PreconditionFailedError,
} from "../common/domain-errors";
import { ApiError } from "./api-error";
import { ERROR_STATUS } from "./error-codes";
import { toErrorResponse } from "./error-response";

function fastifyError(code: string, statusCode: number, message = "boom") {
  return Object.assign(new Error(message), { code, statusCode });
}

describe("toErrorResponse", () => {
  it("gives every code its contract status", () => {
    expect(ERROR_STATUS).toMatchObject({
      VALIDATION_FAILED: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      NAME_CONFLICT: 409,
      PRECONDITION_FAILED: 412,
      PAYLOAD_TOO_LARGE: 413,
      UNSUPPORTED_MEDIA_TYPE: 415,
      RATE_LIMITED: 429,
      INTERNAL: 500,
    });
  });

  it("turns an ApiError into the envelope, with its details and headers", () => {
    const response = toErrorResponse(
      new ApiError(
        "VALIDATION_FAILED",
        "bad",
        [{ field: "config.type", message: "x" }],
        { "X-A": "1" },
      ),
    );
    expect(response).toEqual({
      status: 400,
      body: {
        success: false,
        error: {
          code: "VALIDATION_FAILED",
          message: "bad",
          details: [{ field: "config.type", message: "x" }],
        },
      },
      headers: { "X-A": "1" },
      unexpected: false,
    });
  });

  it("leaves details out when there are none", () => {
    expect(toErrorResponse(new ApiError("NOT_FOUND", "gone")).body).toEqual({
      success: false,
      error: { code: "NOT_FOUND", message: "gone" },
    });
    expect(
      toErrorResponse(ApiError.validation([])).body.error,
    ).not.toHaveProperty("details");
  });

  it("answers an unknown route or method as 404 NOT_FOUND", () => {
    for (const error of [
      new NotFoundException("Cannot GET /nope"),
      new MethodNotAllowedException(),
    ]) {
      const response = toErrorResponse(error);
      expect(response.body).toEqual({
        success: false,
        error: { code: "NOT_FOUND", message: "No such route." },
      });
      expect(response.unexpected).toBe(false);
    }
  });

  it.each([
    ["FST_ERR_CTP_BODY_TOO_LARGE", 413, 413, "PAYLOAD_TOO_LARGE"],
    ["FST_ERR_CTP_INVALID_MEDIA_TYPE", 415, 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["FST_ERR_CTP_INVALID_JSON_BODY", 400, 400, "VALIDATION_FAILED"],
    ["FST_ERR_CTP_EMPTY_JSON_BODY", 400, 400, "VALIDATION_FAILED"],
    ["FST_ERR_CTP_INVALID_CONTENT_LENGTH", 400, 400, "VALIDATION_FAILED"],
    ["FST_ERR_MAX_PARAM_LENGTH", 414, 404, "NOT_FOUND"],
    ["FST_ERR_BAD_URL", 400, 400, "VALIDATION_FAILED"],
  ])(
    "maps Fastify's %s to %i → %i %s, bare or wrapped by Nest",
    (code, fastifyStatus, status, errorCode) => {
      const raw = fastifyError(
        code,
        fastifyStatus,
        "Unexpected token } in JSON at position 3",
      );
      const wrapped = new HttpException("x", fastifyStatus, { cause: raw });
      for (const error of [raw, wrapped]) {
        const response = toErrorResponse(error);
        expect(response.status).toBe(status);
        expect(response.body.error.code).toBe(errorCode);
        expect(response.body.error.message).not.toContain("position");
        expect(response.unexpected).toBe(false);
      }
    },
  );

  it("names the body in details for a body that cannot be parsed", () => {
    expect(
      toErrorResponse(fastifyError("FST_ERR_CTP_INVALID_JSON_BODY", 400)).body
        .error.details,
    ).toEqual([{ field: "body", message: expect.any(String) }]);
  });

  it("names the path for a path that cannot be decoded", () => {
    expect(
      toErrorResponse(fastifyError("FST_ERR_BAD_URL", 400)).body.error.details,
    ).toEqual([{ field: "path", message: expect.any(String) }]);
  });

  it("maps Nest's own 4xx exceptions by status", () => {
    expect(toErrorResponse(new BadRequestException()).body.error.code).toBe(
      "VALIDATION_FAILED",
    );
    expect(toErrorResponse(new PayloadTooLargeException()).status).toBe(413);
  });

  it("hides the message of anything unexpected behind a 500 INTERNAL", () => {
    const leaky = Object.assign(
      new Error(
        'SQLITE_ERROR: near "SELECT": syntax error in SELECT * FROM saved_pixels',
      ),
      { code: "SQLITE_ERROR" },
    );
    for (const error of [
      leaky,
      new TypeError("Cannot read properties of null (reading 'trim')"),
      "a string",
      null,
      undefined,
      { statusCode: 502 },
    ]) {
      const response = toErrorResponse(error);
      expect(response.status).toBe(500);
      expect(response.unexpected).toBe(true);
      expect(response.body).toEqual({
        success: false,
        error: {
          code: "INTERNAL",
          message: "Something went wrong on our side. It has been logged.",
        },
      });
    }
  });
});

describe("toErrorResponse for the domain's errors", () => {
  it.each([
    [
      new InvalidValueError([{ field: "name", message: "bad" }]),
      400,
      "VALIDATION_FAILED",
    ],
    [new NotFoundError("No such pixel."), 404, "NOT_FOUND"],
    [new NameConflictError("Shop"), 409, "NAME_CONFLICT"],
    [new PreconditionFailedError("Changed."), 412, "PRECONDITION_FAILED"],
  ])("maps %p to %i %s", (error, status, code) => {
    const response = toErrorResponse(error);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toBe(error.message);
    expect(response.unexpected).toBe(false);
  });

  it("names the field of a name conflict", () => {
    expect(toErrorResponse(new NameConflictError("Shop")).body.error).toEqual({
      code: "NAME_CONFLICT",
      message: 'A saved pixel named "Shop" already exists in this account.',
      details: [
        {
          field: "name",
          message:
            "is already used by another pixel of this account (names ignore case)",
        },
      ],
    });
  });
});
