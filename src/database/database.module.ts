import {
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
} from "@nestjs/common";
import { DataSource } from "typeorm";
import { APP_CONFIG, AppConfig } from "../config/app-config";
import { openDatabase } from "./data-source";
import { PixelDependents } from "./pixel-dependents";
import { ShutdownFlushers } from "./shutdown-flushers";
import { Sql } from "./sql";

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly flushers: ShutdownFlushers,
    private readonly sql: Sql,
  ) {}

  // Runs after the HTTP server has stopped and drained: no request can add more.
  async onApplicationShutdown(): Promise<void> {
    await this.flushers.flushAll();
    await this.sql.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openDatabase(config.database),
    },
    DatabaseLifecycle,
    PixelDependents,
    ShutdownFlushers,
    Sql,
  ],
  exports: [DataSource, PixelDependents, ShutdownFlushers, Sql],
})
export class DatabaseModule {}
