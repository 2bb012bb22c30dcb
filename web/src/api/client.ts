import createClient, { type Middleware } from "openapi-fetch";
import type { paths, components } from "./schema.gen";
import type { ErrorDetail } from "./field-errors";

export type SavedPixel = components["schemas"]["SavedPixelResponse"];
export type SavedPixelSummary =
  components["schemas"]["SavedPixelSummaryResponse"];
export type InstallCode = components["schemas"]["InstallCodeResponse"];
export type Artifact = components["schemas"]["ArtifactResponse"];
export type PixelEvent = components["schemas"]["PixelEventResponse"];
export type ListMeta = components["schemas"]["ListMeta"];
export type PixelShare = components["schemas"]["PixelShareResponse"];
export type PixelVersion = components["schemas"]["PixelVersionResponse"];
export type IngestKey = components["schemas"]["IngestKeyResponse"];
export type CreatedIngestKey =
  components["schemas"]["CreatedIngestKeyResponse"];

/** A failed call, from the contract's error envelope (or a network failure, status 0). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

/** The typed client for one token; same origin only (the CSP allows nothing else). */
export function apiClient(token: string) {
  const client = createClient<paths>({ baseUrl: "" });
  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}

export type ApiClient = ReturnType<typeof apiClient>;

/**
 * The `data` of a successful answer, or throws an ApiFailure carrying the
 * envelope's code, message and details. `response` gives access to headers (ETag).
 */
export async function unwrap<T>(
  call: Promise<{ data?: { data?: T }; error?: unknown; response: Response }>,
): Promise<{ value: T; meta?: ListMeta; response: Response }> {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch (error) {
    throw new ApiFailure(
      0,
      "NETWORK",
      `The service could not be reached (${(error as Error).message}).`,
    );
  }
  const { data, error, response } = result;
  if (response.ok)
    return {
      value: data?.data as T,
      meta: (data as { meta?: ListMeta } | undefined)?.meta,
      response,
    };
  const envelope = (error ?? {}) as {
    error?: { code?: string; message?: string; details?: ErrorDetail[] };
  };
  throw new ApiFailure(
    response.status,
    envelope.error?.code ?? "INTERNAL",
    envelope.error?.message ?? `The service answered ${response.status}.`,
    envelope.error?.details ?? [],
  );
}
