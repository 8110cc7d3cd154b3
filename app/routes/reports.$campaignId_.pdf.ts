/**
 * GET /reports/:campaignId/pdf?year=&period=… — the same report as a PDF (A4), printed on
 * the server by Chromium; 503 with a message in the reader's language when no Chromium is found.
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditExport, requireSessionExport } from "~/services/export-access.server";
import { contentDisposition, exportFilename } from "~/services/export.server";
import { reportPeriodFromUrl } from "~/services/report-period.server";
import { PDF_UNAVAILABLE, renderReportPdf } from "~/services/report-pdf.server";
import { isServiceError } from "~/services/service-error.server";
import { buildReport } from "~/services/report.server";
import { t } from "~/utils/i18n";
import { loaderFailure } from "~/utils/outcome.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const period = reportPeriodFromUrl(new URL(request.url));
  const e = await requireSessionExport(request, params.campaignId ?? "", period).catch(
    loaderFailure,
  );
  const report = await buildReport(e.ctx, e.resolved, period, {
    locale: e.locale,
    who: e.user.name,
  });
  let pdf: Buffer;
  try {
    pdf = await renderReportPdf(report, e.locale);
  } catch (err) {
    if (!isServiceError(err, PDF_UNAVAILABLE)) throw err;
    return new Response(t(e.locale, "exports.pdfUnavailable"), {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  await auditExport(e, "pdf");
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition(
        exportFilename(e.resolved, "pdf", `bao-cao-${period.year}-${period.kind}`),
      ),
      "Cache-Control": "no-store",
    },
  });
}
