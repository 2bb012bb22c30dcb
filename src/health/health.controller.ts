import { Controller, Get } from "@nestjs/common";
import { ApiOperation, ApiTags } from "@nestjs/swagger";
import { DataSource } from "typeorm";
import { Public } from "../auth/authenticated.decorator";
import { ApiError } from "../http/api-error";
import { ApiEnvelope, ApiErrors } from "../http/api-docs";
import { HealthResponse } from "./health.response";
import { ok } from "../http/envelope";

@ApiTags("Health")
@Controller("health")
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({
    operationId: "getHealth",
    summary: "Service health",
    description:
      "Answers 200 when the database answers a query, 503 otherwise.",
  })
  @ApiEnvelope(200, HealthResponse, {
    description: "The database answers.",
  })
  @ApiErrors("SERVICE_UNAVAILABLE")
  async health() {
    try {
      await this.dataSource.query("SELECT 1");
    } catch {
      throw new ApiError(
        "SERVICE_UNAVAILABLE",
        "The database cannot be reached.",
      );
    }
    return ok({
      status: "ok",
      database:
        this.dataSource.options.type === "postgres" ? "postgres" : "sqlite",
    });
  }
}
