/**
 * /manage/cases/summary — per unit, of the cases taken up in a period: how many, closed, closed
 * in time, still open and overdue, and the median time to close. A table: the figures are
 * few and exact.
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { CaseNav } from "~/components/case-parts";
import { vietnamDay, type CaseSummaryRow } from "~/domain/cases";
import { useLocale } from "~/root";
import { requireUser } from "~/utils/guards.server";
import { casesSummary } from "~/services/cases.server";
import { appContext } from "~/services/context.server";
import { loaderFailure } from "~/utils/outcome.server";
import {
  formatNumber,
  formatPercent,
  pageTitle,
  translator,
  type Locale,
  type Translate,
} from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const ctx = await appContext();
  const url = new URL(request.url);
  const now = new Date();
  const fallback = {
    from: vietnamDay(new Date(now.getTime() - 89 * 86_400_000)),
    to: vietnamDay(now),
  };
  const from = url.searchParams.get("from") ?? "";
  const to = url.searchParams.get("to") ?? "";
  const given = from !== "" || to !== "";
  const valid =
    DAY.test(from) &&
    DAY.test(to) &&
    from <= to &&
    !Number.isNaN(Date.parse(from)) &&
    !Number.isNaN(Date.parse(to));
  const range = valid ? { from, to } : fallback;
  const summary = await casesSummary(ctx, user, range, now).catch(loaderFailure);
  return { ...range, badRange: given && !valid, ...summary };
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "cases.summary.title") },
];

function Cells({ r, t, locale }: { r: CaseSummaryRow; t: Translate; locale: Locale }) {
  return (
    <>
      <td>{formatNumber(r.opened, locale)}</td>
      <td>{formatNumber(r.closed, locale)}</td>
      <td>
        {r.opened > 0
          ? t("cases.summary.inTimeShare", {
              n: formatNumber(r.closedInTime, locale),
              pct: formatPercent(r.closedInTime / r.opened, locale),
            })
          : "—"}
      </td>
      <td>{formatNumber(r.open, locale)}</td>
      <td className={r.overdue > 0 ? "error" : undefined}>{formatNumber(r.overdue, locale)}</td>
      <td>
        {r.medianMs === null
          ? "—"
          : r.medianMs < 86_400_000
            ? t("cases.summary.hours", { n: formatNumber(r.medianMs / 3_600_000, locale, 1) })
            : t("cases.summary.days", { n: formatNumber(r.medianMs / 86_400_000, locale, 1) })}
      </td>
    </>
  );
}

export default function CasesSummary() {
  const d = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  return (
    <>
      <h1>{t("cases.summary.title")}</h1>
      <CaseNav t={t} />
      <p>{t("cases.summary.intro")}</p>
      {d.badRange && <p className="note">{t("cases.summary.badRange")}</p>}
      <Form method="get" className="filters">
        <label>
          {t("cases.summary.from")}
          <input type="date" name="from" defaultValue={d.from} required />
        </label>
        <label>
          {t("cases.summary.to")}
          <input type="date" name="to" defaultValue={d.to} required />
        </label>
        <button type="submit" className="button">
          {t("cases.summary.apply")}
        </button>
      </Form>
      {d.rows.length === 0 ? (
        <p className="card">{t("cases.summary.none")}</p>
      ) : (
        <table data-testid="case-summary">
          <caption>{t("cases.summary.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("cases.summary.unit")}</th>
              <th scope="col">{t("cases.summary.opened")}</th>
              <th scope="col">{t("cases.summary.closed")}</th>
              <th scope="col">{t("cases.summary.inTime")}</th>
              <th scope="col">{t("cases.summary.open")}</th>
              <th scope="col">{t("cases.summary.overdue")}</th>
              <th scope="col">{t("cases.summary.median")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.unitId}>
                <th scope="row">{r.unitName}</th>
                <Cells r={r} t={t} locale={locale} />
              </tr>
            ))}
          </tbody>
          {d.rows.length > 1 && (
            <tfoot>
              <tr>
                <th scope="row">{t("cases.summary.total")}</th>
                <Cells r={d.total} t={t} locale={locale} />
              </tr>
            </tfoot>
          )}
        </table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
