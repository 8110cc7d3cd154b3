/** Liveness and readiness, as /healthz and /readyz answer them. */
import { migrationStatus } from "#db/migration-status";
import { pingDatabase } from "#db/queries/health";
import type { AppContext } from "./context.server";

export const checkDatabase = (ctx: AppContext) => pingDatabase(ctx.db);

/** Which migrations this build knows are applied, pending, or newer than it. */
export const readMigrationStatus = (ctx: AppContext) => migrationStatus(ctx.db);
