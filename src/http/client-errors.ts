import type { Socket } from "node:net";
import { COLLECTOR_MAX_HEADER_BYTES } from "../pixels/image-request";
import { failure } from "./envelope";

const HEADER_LIMIT_KIB = COLLECTOR_MAX_HEADER_BYTES / 1024;

/**
 * Requests that are not valid HTTP never reach a route: Node's parser refuses
 * them (a raw non-ASCII byte in the path, a malformed header, a request line
 * and headers over COLLECTOR_MAX_HEADER_BYTES) and Fastify answers on the socket. This answers them with the
 * contract's envelope too, then closes the connection as Node does.
 */
export function clientErrorHandler(
  error: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  let status = 400;
  let body = failure("VALIDATION_FAILED", "The request is not valid HTTP.", [
    { field: "request", message: "is not valid HTTP/1.1" },
  ]);
  if (error.code === "HPE_HEADER_OVERFLOW") {
    status = 431;
    body = failure(
      "VALIDATION_FAILED",
      `The request headers are too large (at most ${HEADER_LIMIT_KIB} KiB).`,
      [
        {
          field: "headers",
          message: `are larger than ${HEADER_LIMIT_KIB} KiB`,
        },
      ],
    );
  } else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    status = 408;
    body = failure("VALIDATION_FAILED", "The request took too long to arrive.");
  }
  if (socket.writable) {
    const text = JSON.stringify(body);
    // An answer to HEAD has no body (what a client reads after it would be garbage).
    const head =
      Buffer.isBuffer(error.rawPacket) &&
      error.rawPacket.subarray(0, 5).toString("latin1") === "HEAD ";
    socket.write(
      `HTTP/1.1 ${status} ${status === 400 ? "Bad Request" : status === 431 ? "Request Header Fields Too Large" : "Request Timeout"}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n` +
        (head ? "" : text),
    );
  }
  socket.destroy();
}
