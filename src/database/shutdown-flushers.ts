import { Injectable } from "@nestjs/common";

/**
 * Writers that buffer (event collection) register here; on shutdown the database
 * module runs them all before it closes the connection, so nothing acknowledged
 * is left in memory. Nest gives no ordering between modules' shutdown hooks, so
 * the order is made explicit here.
 */
@Injectable()
export class ShutdownFlushers {
  private readonly flushers: Array<() => Promise<void>> = [];

  register(flush: () => Promise<void>): void {
    this.flushers.push(flush);
  }

  async flushAll(): Promise<void> {
    for (const flush of this.flushers) await flush();
  }
}
