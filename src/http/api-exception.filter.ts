import { ArgumentsHost, Catch, ExceptionFilter } from "@nestjs/common";
import type { FastifyReply, FastifyRequest } from "fastify";
import { toErrorResponse } from "./error-response";

/** The one place errors become HTTP responses (contract §3). */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    sendError(reply, request, exception);
  }
}

export function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  exception: unknown,
): void {
  const response = toErrorResponse(exception);
  if (response.unexpected) {
    request.log.error({ err: exception }, "unhandled error");
  }
  reply.status(response.status).headers(response.headers).send(response.body);
}
