import { Module } from "@nestjs/common";
import { SavedPixelsModule } from "../saved-pixels/saved-pixels.module";
import { CollectionController } from "./collection.controller";
import { EventCollector } from "./event-collector";
import { PixelEventsController } from "./pixel-events.controller";
import { PixelEventsRepository } from "./pixel-events.repository";
import { RuntimeConfigController } from "./runtime-config.controller";
import { TrackerAsset } from "./tracker-asset";

@Module({
  imports: [SavedPixelsModule],
  controllers: [
    CollectionController,
    PixelEventsController,
    RuntimeConfigController,
  ],
  providers: [EventCollector, PixelEventsRepository, TrackerAsset],
  exports: [EventCollector],
})
export class CollectionModule {}
