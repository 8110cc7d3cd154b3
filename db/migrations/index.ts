/**
 * Migrations listed statically (not read from disk) so the bundled server,
 * Vitest and tsx all find the same set. Names sort by date.
 */
import type { Migration, MigrationProvider } from "kysely";
import * as m001 from "./2026-11-21-001-initial";

const migrations: Record<string, Migration> = {
  "2026-11-21-001-initial": m001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
