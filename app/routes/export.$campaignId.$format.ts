/**
 * GET /export/:campaignId/:format — csv | csv-labels | xlsx | json, with the filters of
 * ExportFilter in the query (?unit=&from=&to=&channel=&flagged=include; CSV: &sep=semicolon).
 * Streamed: read a page of responses, write it, read the next, as the client takes it.
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { t } from "~/utils/i18n";
import { auditExport, requireSessionExport } from "~/services/export-access.server";
import {
  contentDisposition,
  csvChunks,
  EXPORT_FORMATS,
  exportFilename,
  jsonChunks,
  toByteStream,
  type ExportFormat,
} from "~/services/export.server";
import { xlsxStream } from "~/services/export-xlsx.server";
import { loaderFailure } from "~/utils/outcome.server";

const TYPES: Record<ExportFormat, [contentType: string, ext: string]> = {
  csv: ["text/csv; charset=utf-8", "csv"],
  "csv-labels": ["text/csv; charset=utf-8", "csv"],
  xlsx: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"],
  json: ["application/json; charset=utf-8", "json"],
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const e = await requireSessionExport(request, params.campaignId ?? "").catch(loaderFailure);
  const format = params.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format))
    throw data({ message: t(e.locale, "exports.error.format") }, { status: 404 });
  await auditExport(e, format);
  const sink = context.res;
  const opts = {
    locale: e.locale,
    signal: request.signal,
    sink,
    delimiter: e.url.searchParams.get("sep") === "semicolon" ? (";" as const) : ("," as const),
  };
  const body =
    format === "xlsx"
      ? xlsxStream(e.ctx, e.resolved, { ...opts, who: e.user.login })
      : toByteStream(
          format === "json"
            ? jsonChunks(e.ctx, e.resolved, opts)
            : csvChunks(e.ctx, e.resolved, format === "csv" ? "codes" : "labels", opts),
          opts,
        );
  const [type, ext] = TYPES[format];
  return new Response(body, {
    headers: {
      "Content-Type": type,
      "Content-Disposition": contentDisposition(
        exportFilename(e.resolved, ext, format === "csv-labels" ? "nhan" : ""),
      ),
      // no-transform: the compression middleware leaves it alone (it would buffer behind gzip).
      "Cache-Control": "no-store, no-transform",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
