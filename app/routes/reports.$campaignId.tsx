/**
 * /reports/:campaignId?year=&period=Q1…Q4|H1|H2|Y[&unit=&channel=] — the printable report
 * (A4 print stylesheet) and the link to its PDF.
 */
import "~/utils/i18n-staff";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ReportDocument } from "~/components/report-document";
import { REPORT_CSS } from "~/components/report-styles";
import { REPORT_PERIODS } from "~/domain/report-period";
import { useLocale } from "~/root";
import { requireSessionExport } from "~/services/export-access.server";
import { reportPeriodFromUrl } from "~/services/report-period.server";
import { buildReport } from "~/services/report.server";
import { translator } from "~/utils/i18n";
import exportStyles from "~/styles/exports.css?url";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: exportStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const period = reportPeriodFromUrl(new URL(request.url));
  const e = await requireSessionExport(request, params.campaignId ?? "", period).catch(
    loaderFailure,
  );
  const report = await buildReport(e.ctx, e.resolved, period, {
    locale: e.locale,
    who: e.user.name,
  });
  const opens = new Date(e.resolved.campaign.opens_at).getUTCFullYear();
  const closes = new Date(e.resolved.campaign.closes_at).getUTCFullYear();
  const years: number[] = [];
  for (
    let y = Math.min(opens, period.year);
    y <= Math.max(closes, period.year) && years.length < 20;
    y++
  )
    years.push(y);
  return { report, years };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Báo cáo ${data.report.campaign.title} — ${data.report.period.label}`
      : "Hài Lòng",
  },
];

export default function ReportRoute() {
  const { report: d, years } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  const q = new URLSearchParams({ year: String(d.period.year), period: d.period.kind });
  if (d.unitId) q.set("unit", d.unitId);
  if (d.channel) q.set("channel", d.channel);
  return (
    <>
      <div className="report-controls no-print">
        <p>
          <Link to={`/exports/${d.campaign.id}`}>← {t("export.download")}</Link>
        </p>
        <Form method="get" className="filters">
          {d.unitId && <input type="hidden" name="unit" value={d.unitId} />}
          {d.channel && <input type="hidden" name="channel" value={d.channel} />}
          <label>
            {t("report.year")}
            <select name="year" defaultValue={d.period.year}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("report.period")}
            <select name="period" defaultValue={d.period.kind}>
              {REPORT_PERIODS.map((p) => (
                <option key={p} value={p}>
                  {t(`report.period.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button">
            {t("results.show")}
          </button>
          <a className="button secondary" href={`/reports/${d.campaign.id}/pdf?${q}`}>
            {t("report.pdf")}
          </a>
        </Form>
        <p className="muted">{t("report.printHint")}</p>
      </div>
      {/* A constant of ours, the same rules the PDF is printed with. */}
      <style dangerouslySetInnerHTML={{ __html: REPORT_CSS }} />
      <div className="report-sheet">
        <ReportDocument d={d} locale={locale} />
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
