/**
 * Migrations listed statically (not read from disk) so the bundled server,
 * Vitest and tsx all find the same set. Names sort by date.
 */
import type { Migration, MigrationProvider } from "kysely";
import * as m001 from "./2026-11-21-001-initial";
import * as m002 from "./2026-11-21-002-people";
import * as m003 from "./2026-11-21-003-rate-limit";

const migrations: Record<string, Migration> = {
  "2026-11-21-001-initial": m001,
  "2026-11-21-002-people": m002,
  "2026-11-21-003-rate-limit": m003,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
