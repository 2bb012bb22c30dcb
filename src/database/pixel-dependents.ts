import { Injectable } from "@nestjs/common";
import { EntityManager } from "typeorm";

/** Deletes one table's rows of a pixel that was just deleted, in the caller's transaction. */
export type PixelDependentDeleter = (
  pixelId: string,
  manager: EntityManager,
) => Promise<void>;

/**
 * The repositories whose rows belong to one pixel (events, counting state,
 * report rollups) register here how to delete them; deleting a pixel runs them
 * all in the delete's transaction. So each table is deleted by the repository
 * that owns it, and src/saved-pixels needs no import of src/collection or
 * src/reports (which import it).
 */
@Injectable()
export class PixelDependents {
  private readonly deleters: PixelDependentDeleter[] = [];

  register(deleter: PixelDependentDeleter): void {
    this.deleters.push(deleter);
  }

  /** Runs every registered deleter for `pixelId`, one after another, in `manager`'s transaction. */
  async deleteAll(pixelId: string, manager: EntityManager): Promise<void> {
    for (const deleter of this.deleters) await deleter(pixelId, manager);
  }
}
