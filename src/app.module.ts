import { DynamicModule, Module } from "@nestjs/common";
import { APP_GUARD } from "@nestjs/core";
import { AuthGuard } from "./auth/auth.guard";
import { RateLimiter } from "./auth/rate-limiter";
import { APP_CONFIG, AppConfig } from "./config/app-config";
import { DatabaseModule } from "./database/database.module";
import { HealthController } from "./health/health.controller";
import { SavedPixelsModule } from "./saved-pixels/saved-pixels.module";
import { CollectionModule } from "./collection/collection.module";
import { InstallCodeModule } from "./install-code/install-code.module";
import { IngestKeysModule } from "./ingest-keys/ingest-keys.module";
import { ServerEventsModule } from "./server-events/server-events.module";
import { ReportsModule } from "./reports/reports.module";

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule,
        SavedPixelsModule,
        InstallCodeModule,
        CollectionModule,
        IngestKeysModule,
        ServerEventsModule,
        ReportsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        RateLimiter,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [APP_CONFIG, RateLimiter],
    };
  }
}
