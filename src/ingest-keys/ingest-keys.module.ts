import { Module } from "@nestjs/common";
import { IngestKeyGuard } from "./ingest-key.guard";
import { IngestKeysController } from "./ingest-keys.controller";
import { IngestKeysRepository } from "./ingest-keys.repository";
import { IngestKeysService } from "./ingest-keys.service";

@Module({
  controllers: [IngestKeysController],
  providers: [IngestKeysService, IngestKeysRepository, IngestKeyGuard],
  exports: [IngestKeysService, IngestKeyGuard],
})
export class IngestKeysModule {}
