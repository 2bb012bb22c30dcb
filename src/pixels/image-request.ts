/**
 * Limits of the image requests (`GET /collect.gif`) that the `<noscript>` image and
 * the tracker's image fallback make: shared by the install-code engine, the
 * tracker build and the collector, so what one side generates the other receives.
 */

/**
 * The longest `/collect.gif` URL our artifacts generate, in characters, origin
 * included. 8,000 stays under the 8 KiB request-line limits common in proxies and
 * CDNs (nginx's default `large_client_header_buffers` is 8k); the collector
 * accepts far more (COLLECTOR_MAX_HEADER_BYTES), so a URL at this budget plus a
 * long Referer and cookies is always received.
 */
export const IMAGE_URL_MAX_LENGTH = 8000;

/**
 * Query parameter naming, comma-separated, what an image request left out to stay
 * within IMAGE_URL_MAX_LENGTH (`spx_omitted=description,notes`): property keys as
 * they are, other fields by their payload names. The collector puts a warning
 * naming them on the event.
 */
export const OMITTED_PARAMETER = "spx_omitted";

/**
 * The request line plus headers the collector's HTTP server accepts, in bytes
 * (Node's default is 16 KiB). Eight times the URL budget: an image URL at the
 * budget, a Referer as long, and a large Cookie header all fit, so the service
 * never answers 431 or 414 to a URL it generated.
 */
export const COLLECTOR_MAX_HEADER_BYTES = 64 * 1024;
