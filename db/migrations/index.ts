/**
 * Migrations listed statically (not read from disk) so the bundled server,
 * Vitest and tsx all find the same set. Names sort by date.
 */
import type { Migration, MigrationProvider } from "kysely";
import * as m001 from "./2026-11-21-001-initial";
import * as m002 from "./2026-11-21-002-people";
import * as m003 from "./2026-11-21-003-rate-limit";
import * as m004 from "./2026-11-21-004-kiosks";
import * as m005 from "./2026-11-21-005-dashboards";
import * as m006 from "./2026-11-21-006-organisation";
import * as m007 from "./2026-11-21-007-exports";
import * as m008 from "./2026-11-22-008-rollup-spans";
import * as m010 from "./2026-12-07-010-sign-in-throttle";
import * as m011 from "./2026-12-07-011-kiosk-clock";
import * as m013 from "./2026-12-07-013-target-metric";
import * as m015 from "./2026-12-07-015-jobs";
import * as m016 from "./2026-12-07-016-link-audience";
import * as m018 from "./2026-12-07-018-schedules-alerts";
import * as m019 from "./2026-12-07-019-cases";
import * as m020 from "./2026-12-07-020-dossiers";
import * as m021 from "./2026-12-07-021-events";
import * as m022a from "./2026-12-07-022a-event-delivery-index";
import * as m023 from "./2026-12-07-023-independent-channel";

const migrations: Record<string, Migration> = {
  "2026-11-21-001-initial": m001,
  "2026-11-21-002-people": m002,
  "2026-11-21-003-rate-limit": m003,
  "2026-11-21-004-kiosks": m004,
  "2026-11-21-005-dashboards": m005,
  "2026-11-21-006-organisation": m006,
  "2026-11-21-007-exports": m007,
  "2026-11-22-008-rollup-spans": m008,
  "2026-12-07-010-sign-in-throttle": m010,
  "2026-12-07-011-kiosk-clock": m011,
  "2026-12-07-013-target-metric": m013,
  "2026-12-07-015-jobs": m015,
  "2026-12-07-016-link-audience": m016,
  "2026-12-07-018-schedules-alerts": m018,
  "2026-12-07-019-cases": m019,
  "2026-12-07-020-dossiers": m020,
  "2026-12-07-021-events": m021,
  "2026-12-07-022a-event-delivery-index": m022a,
  "2026-12-07-023-independent-channel": m023,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
