/**
 * Readiness, for a load balancer or orchestrator: 200 once the database answers and has every
 * migration this build knows; 503 otherwise, so traffic goes to the other processes.
 * Liveness (is the process alive at all) is /healthz.
 */
import "~/utils/i18n-staff";
import { appContext } from "~/services/context.server";
import { readMigrationStatus } from "~/services/health.server";
import { jsonResponse } from "~/utils/http.server";

export async function loader() {
  try {
    const ctx = await appContext();
    const status = await readMigrationStatus(ctx);
    if (status.pending.length > 0) {
      return jsonResponse(
        { status: "not_ready", reason: "migrations_pending", pending: status.pending },
        503,
      );
    }
    return jsonResponse({
      status: "ready",
      database: ctx.dialect,
      migrations: status.applied.length,
      ...(status.unknown.length > 0 ? { newerMigrations: status.unknown } : {}),
    });
  } catch (e) {
    console.error("readiness check failed:", (e as Error).message);
    return jsonResponse({ status: "not_ready", reason: "database_unavailable" }, 503);
  }
}
