import { Module } from "@nestjs/common";
import { PixelHistoryController } from "./history/pixel-history.controller";
import { PixelVersionsRepository } from "./history/pixel-versions.repository";
import { SavedPixelsController } from "./saved-pixels.controller";
import { SavedPixelsRepository } from "./saved-pixels.repository";
import { SavedPixelsService } from "./saved-pixels.service";
import { PixelSharingController } from "./sharing/pixel-sharing.controller";
import { PixelSharesRepository } from "./sharing/pixel-shares.repository";

@Module({
  controllers: [
    SavedPixelsController,
    PixelSharingController,
    PixelHistoryController,
  ],
  providers: [
    SavedPixelsService,
    SavedPixelsRepository,
    PixelSharesRepository,
    PixelVersionsRepository,
  ],
  exports: [SavedPixelsService, SavedPixelsRepository],
})
export class SavedPixelsModule {}
