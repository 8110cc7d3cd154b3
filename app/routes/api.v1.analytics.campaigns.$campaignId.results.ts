/**
 * GET /api/v1/analytics/campaigns/:campaignId/results[?unit=&from=&to=&channel=&by=unit]
 * Aggregates from the rollups, scored by computeResults: the same figures as the results
 * page and the exports for the same filter; `by=unit` adds every unit's subtree.
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiExport } from "~/services/export-access.server";
import { resultJson, scopeJson, unitsJson } from "~/services/export-api.server";
import { summariseExport } from "~/services/export.server";
import { findCampaignResults } from "~/services/results.server";
import { jsonResponse } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const e = await requireApiExport(request, params.campaignId ?? "");
  const byUnit = e.url.searchParams.get("by") === "unit";
  if (byUnit) {
    const summary = await summariseExport(e.ctx, e.resolved);
    return jsonResponse({
      ...scopeJson(e.resolved),
      result: resultJson(summary.result, e.locale),
      units: unitsJson(summary, e.locale),
    });
  }
  const found = await findCampaignResults(e.ctx, e.resolved.campaign.id, e.resolved.rollupFilter);
  return jsonResponse({ ...scopeJson(e.resolved), result: resultJson(found!.result, e.locale) });
}
