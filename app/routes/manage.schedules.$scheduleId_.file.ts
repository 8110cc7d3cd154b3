/**
 * GET /manage/schedules/:id/file?period=2026-Q1&campaign=…&format=pdf|xlsx — a file of a
 * schedule's report, for download when mail is not configured; 503 with a message when no
 * Chromium can print the PDF.
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { appContext } from "~/services/context.server";
import { contentDisposition } from "~/services/export.server";
import { PDF_UNAVAILABLE } from "~/services/report-pdf.server";
import { downloadReportFile } from "~/services/report-schedules.server";
import { isServiceError } from "~/services/service-error.server";
import { loaderFailure } from "~/utils/outcome.server";
import { requestTranslator } from "~/utils/i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const q = new URL(request.url).searchParams;
  try {
    const f = await downloadReportFile(
      await appContext(),
      user,
      params.scheduleId ?? "",
      {
        period: q.get("period") ?? "",
        campaignId: q.get("campaign") ?? "",
        format: q.get("format") ?? "",
      },
      user.name,
    );
    return new Response(new Uint8Array(f.body), {
      headers: {
        "Content-Type": f.contentType,
        "Content-Disposition": contentDisposition(f.filename),
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (isServiceError(e, PDF_UNAVAILABLE))
      return new Response(requestTranslator(request)("exports.pdfUnavailable"), {
        status: 503,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
    loaderFailure(e);
  }
}
