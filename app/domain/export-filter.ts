/**
 * ExportFilter: which responses an export, a report or the analysts' API covers. One
 * object and one parser for every export format and the API, so "the same filters" means
 * the same thing everywhere (to be merged with the dashboards' filter when it exists).
 * The unit is a subtree root; the user's own reach is applied on top (export.server.ts).
 */
import { z } from "zod";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const exportFilterSchema = z
  .object({
    campaignId: z.string().min(1).max(64),
    /** Only this unit and everything below it; undefined: all the user may export. */
    unitId: z.string().min(1).max(64).optional(),
    /** First and last month, 'YYYY-MM' (Vietnam time), inclusive. */
    periodFrom: z.string().regex(MONTH, "from: YYYY-MM").optional(),
    periodTo: z.string().regex(MONTH, "to: YYYY-MM").optional(),
    channel: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,30}$/, "channel: a channel name")
      .optional(),
    /**
     * Flagged responses are left out of the rates; exports leave them out too unless
     * asked, and then say why each one was flagged.
     */
    includeFlagged: z.boolean().default(false),
  })
  .refine((f) => !f.periodFrom || !f.periodTo || f.periodFrom <= f.periodTo, {
    message: "from must not be after to",
    path: ["periodTo"],
  });

export type ExportFilter = z.infer<typeof exportFilterSchema>;

export type FilterParse = { ok: true; filter: ExportFilter } | { ok: false; errors: string[] };

/**
 * The filter from a URL's query: ?unit=&from=YYYY-MM&to=YYYY-MM&channel=&flagged=include.
 * Empty parameters count as absent (an HTML form sends them empty).
 */
export function parseExportFilter(campaignId: string, params: URLSearchParams): FilterParse {
  const get = (k: string) => {
    const v = params.get(k)?.trim();
    return v ? v : undefined;
  };
  const r = exportFilterSchema.safeParse({
    campaignId,
    unitId: get("unit"),
    periodFrom: get("from"),
    periodTo: get("to"),
    channel: get("channel"),
    includeFlagged: get("flagged") === "include",
  });
  if (r.success) return { ok: true, filter: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ` : "") + i.message),
  };
}

/** The query string of a filter (campaign excluded: it is in the path). */
export function exportFilterQuery(f: Omit<ExportFilter, "campaignId">): URLSearchParams {
  const p = new URLSearchParams();
  if (f.unitId) p.set("unit", f.unitId);
  if (f.periodFrom) p.set("from", f.periodFrom);
  if (f.periodTo) p.set("to", f.periodTo);
  if (f.channel) p.set("channel", f.channel);
  if (f.includeFlagged) p.set("flagged", "include");
  return p;
}
