import { Module } from "@nestjs/common";
import { CollectionModule } from "../collection/collection.module";
import { SavedPixelsModule } from "../saved-pixels/saved-pixels.module";
import { ReportsController } from "./reports.controller";
import { ReportsRepository } from "./reports.repository";

/** Contract §8 reports, read from the rollups the collector keeps. */
@Module({
  imports: [SavedPixelsModule, CollectionModule],
  controllers: [ReportsController],
  providers: [ReportsRepository],
})
export class ReportsModule {}
