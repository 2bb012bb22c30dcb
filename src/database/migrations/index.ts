import { CreateSavedPixels1732406400000 } from "./1732406400000-create-saved-pixels";
import { CreatePixelEvents1732406500000 } from "./1732406500000-create-pixel-events";
import { CreateIngestKeys1732407200000 } from "./1732407200000-create-ingest-keys";

/** Every migration, oldest first. They run at start-up, on SQLite and PostgreSQL alike. */
export const MIGRATIONS = [
  CreateSavedPixels1732406400000,
  CreatePixelEvents1732406500000,
  CreateIngestKeys1732407200000,
];
