/**
 * A follow-up case opened from an alert by a person (/manage/alerts): at most one per alert
 * (openCase finds the one an alert already has), by a manager of the unit the alert is about.
 */
import { casesOfAlerts, findAlertWithUnit } from "#db/queries/alert-cases";
import { can } from "~/domain/access";
import { describeAlert, type AlertDetail } from "~/domain/alerts";
import { translator } from "~/utils/i18n";
import { openCase } from "./cases.server";
import type { AppContext } from "./context.server";
import { loadActor, NOT_FOUND, ServiceError, type Actor } from "./service-error.server";

export async function openCaseFromAlert(
  ctx: AppContext,
  who: string | Actor,
  alertId: string,
  now = new Date(),
): Promise<{ id: string; created: boolean }> {
  const actor = await loadActor(ctx, who);
  const alert = await findAlertWithUnit(ctx.db, alertId);
  if (!alert || !can(actor.grants, "cases.manage", alert.unit_path))
    throw new ServiceError(404, NOT_FOUND);
  return openCase(ctx, {
    source: "alert",
    alertId: alert.id,
    unitId: alert.unit_id,
    title: describeAlert(JSON.parse(alert.detail) as AlertDetail, translator("vi")),
    openedBy: actor.id,
    now,
  });
}

/** alert id → the id of the case opened from it. */
export async function caseIdsOfAlerts(
  ctx: AppContext,
  alertIds: readonly string[],
): Promise<Record<string, string>> {
  return Object.fromEntries(await casesOfAlerts(ctx.db, alertIds));
}
