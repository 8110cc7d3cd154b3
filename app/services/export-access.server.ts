/**
 * The check every export, report and analytics route makes itself: who is asking (a
 * signed-in user, or an API token's owner), the filter from the query string, and
 * resolveExport within their roles. Pages get a ServiceError (the loader answers it with
 * `.catch(loaderFailure)`); the API gets a JSON error response.
 */
import { insertAudit } from "#db/queries/audit";
import { parseExportFilter } from "~/domain/export-filter";
import { apiError } from "~/utils/http.server";
import { localeFromRequest, requestTranslator, type Locale } from "~/utils/i18n";
import { requireApiUser } from "./api-tokens.server";
import { type SessionUser } from "./auth.server";
import { appContext, type AppContext } from "./context.server";
import { resolveExport, type ResolvedExport } from "./export.server";
import { ServiceError } from "./service-error.server";
import { requireUser } from "~/utils/guards.server";

export interface ExportRequest {
  ctx: AppContext;
  user: SessionUser;
  resolved: ResolvedExport;
  locale: Locale;
  url: URL;
}

/** For pages and downloads of a signed-in user: redirects to sign-in; 400/403/404 as ServiceError. */
export async function requireSessionExport(
  request: Request,
  campaignId: string,
  /** Reports set the months from their period selector. */
  months?: { from: string; to: string },
): Promise<ExportRequest> {
  const user = await requireUser(request);
  const ctx = await appContext();
  const url = new URL(request.url);
  const search = new URLSearchParams(url.searchParams);
  if (months) {
    search.set("from", months.from);
    search.set("to", months.to);
  }
  const parsed = parseExportFilter(campaignId, search);
  if (!parsed.ok)
    throw new ServiceError(400, "export.error.filter", { detail: parsed.errors.join("; ") });
  const r = await resolveExport(ctx, user.grants, parsed.filter);
  if (!r.ok) throw new ServiceError(r.status, r.message);
  return { ctx, user, resolved: r.value, locale: localeFromRequest(request), url };
}

/** For the analysts' API: 401 without a valid token, JSON errors otherwise. */
export async function requireApiExport(
  request: Request,
  campaignId: string,
): Promise<ExportRequest> {
  const user = await requireApiUser(request);
  const ctx = await appContext();
  const url = new URL(request.url);
  const parsed = parseExportFilter(campaignId, url.searchParams);
  if (!parsed.ok) throw apiError(400, "bad_filter", parsed.errors.join("; "));
  const r = await resolveExport(ctx, user.grants, parsed.filter);
  if (!r.ok)
    throw apiError(
      r.status,
      r.status === 404 ? "not_found" : "forbidden",
      requestTranslator(request)(r.message),
    );
  return { ctx, user, resolved: r.value, locale: localeFromRequest(request), url };
}

/** Exports of raw answers are logged: who, which campaign, which format and filter. */
export function auditExport(e: ExportRequest, format: string) {
  return insertAudit(e.ctx.db, {
    userId: e.user.id,
    action: "export",
    entity: "campaign",
    entityId: e.resolved.campaign.id,
    after: { format, filter: e.resolved.filter, unit: e.resolved.unit?.id ?? null },
    unitId: e.resolved.unit?.id ?? null,
  });
}
