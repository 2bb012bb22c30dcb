import { SavedPixelEntity } from "../saved-pixels/saved-pixel.entity";

/** Every entity the data source maps. */
export const ENTITIES = [SavedPixelEntity];
