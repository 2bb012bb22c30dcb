import { Module } from "@nestjs/common";
import { CollectionModule } from "../collection/collection.module";
import { IngestKeysModule } from "../ingest-keys/ingest-keys.module";
import { ServerEventsController } from "./server-events.controller";
import { ServerEventsRepository } from "./server-events.repository";
import { ServerEventsService } from "./server-events.service";

@Module({
  imports: [CollectionModule, IngestKeysModule],
  controllers: [ServerEventsController],
  providers: [ServerEventsService, ServerEventsRepository],
})
export class ServerEventsModule {}
