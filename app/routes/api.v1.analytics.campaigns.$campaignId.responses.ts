/**
 * GET /api/v1/analytics/campaigns/:campaignId/responses[?unit=&from=&to=&channel=&flagged=include&after=&limit=]
 * Raw responses, oldest first, a page at a time: pass `next` back as `after`.
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditExport, requireApiExport } from "~/services/export-access.server";
import { responseJson, scopeJson } from "~/services/export-api.server";
import { listExportUnits, listResponsePageOf } from "~/services/export.server";
import { apiError, jsonResponse } from "~/utils/http.server";

const MAX_LIMIT = 5000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const e = await requireApiExport(request, params.campaignId ?? "");
  const after = e.url.searchParams.get("after") ?? "";
  const limitParam = e.url.searchParams.get("limit");
  const limit = limitParam === null ? 1000 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    return apiError(400, "bad_limit", `limit: 1–${MAX_LIMIT}.`);
  if (after.length > 64) return apiError(400, "bad_cursor", "after: a response id.");
  if (after === "") await auditExport(e, "api.responses");
  const units = new Map((await listExportUnits(e.ctx, e.resolved)).map((u) => [u.id, u]));
  const page = await listResponsePageOf(e.ctx, e.resolved, after, limit);
  const withFlag = e.resolved.filter.includeFlagged;
  return jsonResponse({
    ...scopeJson(e.resolved),
    responses: page.map((r) => responseJson(r, units.get(r.unit_id), withFlag)),
    next: page.length === limit ? page[page.length - 1]!.id : null,
  });
}
