import { CreateSavedPixels1732406400000 } from './1732406400000-create-saved-pixels';

/** Every migration, oldest first. They run at start-up, on SQLite and PostgreSQL alike. */
export const MIGRATIONS = [CreateSavedPixels1732406400000];
