import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
} from "@nestjs/common";
import {
  ApiBody,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from "@nestjs/swagger";
import { Authenticated } from "../auth/authenticated.decorator";
import { AccountId } from "../auth/request-context";
import {
  ApiEnvelope,
  ApiErrors,
  ACCOUNT_ERRORS,
  ACCOUNT_RESOURCE_ERRORS,
  BODY_ERRORS,
} from "../http/api-docs";
import { ok, SuccessEnvelope } from "../http/envelope";
import { OBJECT_BODY } from "../http/object-body.pipe";
import { BODY_VALIDATION } from "../http/validation";
import {
  CreatedIngestKeyResponse,
  CreateIngestKeyDto,
  IngestKeyResponse,
} from "./dto/ingest-key.dto";
import {
  CreatedIngestKey,
  IngestKeysService,
  IngestKeyView,
} from "./ingest-keys.service";

/** Contract §9: the account's ingest keys, for `POST /events` from servers. */
@ApiTags("Ingest keys")
@Controller("ingest-keys")
export class IngestKeysController {
  constructor(private readonly keys: IngestKeysService) {}

  @Post()
  @HttpCode(201)
  @Authenticated({ scope: "write" })
  @ApiOperation({
    operationId: "createIngestKey",
    summary: "Create an ingest key",
    description:
      "Required scope: write. The answer holds the key (`spx_ik_…`) once; only its hash is kept. Send it as `Authorization: Bearer spx_ik_…` to POST /events.",
  })
  @ApiBody({ type: CreateIngestKeyDto })
  @ApiEnvelope(201, CreatedIngestKeyResponse)
  @ApiErrors(...ACCOUNT_ERRORS, ...BODY_ERRORS)
  async create(
    @AccountId() accountId: string,
    @Body(OBJECT_BODY, BODY_VALIDATION) input: CreateIngestKeyDto,
  ): Promise<SuccessEnvelope<CreatedIngestKey>> {
    return ok(await this.keys.create(accountId, input.name));
  }

  @Get()
  @Authenticated({ scope: "read" })
  @ApiOperation({
    operationId: "listIngestKeys",
    summary: "List ingest keys",
    description:
      "Newest first, without the keys themselves, with when each was last used.",
  })
  @ApiEnvelope(200, IngestKeyResponse, { isArray: true })
  @ApiErrors(...ACCOUNT_ERRORS)
  async list(
    @AccountId() accountId: string,
  ): Promise<SuccessEnvelope<IngestKeyView[]>> {
    return ok(await this.keys.list(accountId));
  }

  @Delete(":key_id")
  @HttpCode(204)
  @Authenticated({ scope: "write" })
  @ApiOperation({
    operationId: "deleteIngestKey",
    summary: "Revoke an ingest key",
    description:
      "Required scope: write. The key stops working at once, on every replica: a request that reaches the database after this answer is refused with 401.",
  })
  @ApiParam({ name: "key_id", example: "ik_a1b2c3d4e5f6g7h8" })
  @ApiNoContentResponse({ description: "Revoked" })
  @ApiErrors(...ACCOUNT_RESOURCE_ERRORS, ...BODY_ERRORS)
  async revoke(
    @AccountId() accountId: string,
    @Param("key_id") id: string,
  ): Promise<void> {
    await this.keys.revoke(accountId, id);
  }
}
