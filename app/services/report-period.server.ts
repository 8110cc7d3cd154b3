/** The report period asked for in a URL (?year=2026&period=Q1), by default this quarter. */
import { toPeriod } from "~/domain/period";
import {
  isReportPeriodKind,
  quarterOf,
  reportPeriod,
  type ReportPeriod,
} from "~/domain/report-period";

export function reportPeriodFromUrl(url: URL, now = new Date()): ReportPeriod {
  const kind = url.searchParams.get("period");
  const year = Number(url.searchParams.get("year"));
  if (isReportPeriodKind(kind) && Number.isInteger(year) && year >= 2000 && year <= 2100)
    return reportPeriod(year, kind);
  return quarterOf(toPeriod(now));
}
