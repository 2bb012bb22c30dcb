import { Module } from "@nestjs/common";
import { SavedPixelsModule } from "../saved-pixels/saved-pixels.module";
import { InstallCodeController } from "./install-code.controller";
import { InstallCodeService } from "./install-code.service";

@Module({
  imports: [SavedPixelsModule],
  controllers: [InstallCodeController],
  providers: [InstallCodeService],
})
export class InstallCodeModule {}
