import { Module } from "@nestjs/common";
import { SavedPixelsController } from "./saved-pixels.controller";
import { SavedPixelsRepository } from "./saved-pixels.repository";
import { SavedPixelsService } from "./saved-pixels.service";

@Module({
  controllers: [SavedPixelsController],
  providers: [SavedPixelsService, SavedPixelsRepository],
  exports: [SavedPixelsService, SavedPixelsRepository],
})
export class SavedPixelsModule {}
