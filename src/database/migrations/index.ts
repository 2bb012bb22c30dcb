import { CreateSavedPixels1732406400000 } from "./1732406400000-create-saved-pixels";
import { CreatePixelEvents1732406500000 } from "./1732406500000-create-pixel-events";
import { AddConversionRules1732406600000 } from "./1732406600000-add-conversion-rules";
import { CreateIngestKeys1732407200000 } from "./1732407200000-create-ingest-keys";
import { CreateSharesAndVersions1732408000000 } from "./1732408000000-create-shares-and-versions";
import { AddAttributionAndReportRollups1732409000000 } from "./1732409000000-add-attribution-and-report-rollups";
import { AddTestEvents1732409200000 } from "./1732409200000-add-test-events";
import { CreateAccountPixelCounts1732409500000 } from "./1732409500000-create-account-pixel-counts";
import { AddReportDayTotals1732409700000 } from "./1732409700000-add-report-day-totals";

/** Every migration, oldest first. They run at start-up, on SQLite and PostgreSQL alike. */
export const MIGRATIONS = [
  CreateSavedPixels1732406400000,
  CreatePixelEvents1732406500000,
  AddConversionRules1732406600000,
  CreateIngestKeys1732407200000,
  CreateSharesAndVersions1732408000000,
  AddAttributionAndReportRollups1732409000000,
  AddTestEvents1732409200000,
  CreateAccountPixelCounts1732409500000,
  AddReportDayTotals1732409700000,
];
