/**
 * /dashboard/compare — two periods of the shown unit, or the shown unit and another one in the
 * same period, side by side, with Newcombe's interval for each difference (and a z-test for
 * single criteria).
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChartCanvas } from "~/components/charts/chart";
import type { ChartSpec } from "~/components/charts/spec";
import { chartPct, formatMonth, formatPoints, type T } from "~/components/dashboard/parts";
import { DashboardShell } from "~/components/dashboard/shell";
import { isPeriod } from "~/domain/dashboard";
import { useLocale } from "~/root";
import { dashboardContext } from "~/services/dashboard-route.server";
import { getComparison } from "~/services/dashboard/compare.server";
import { listComparableUnits, selectionView } from "~/services/dashboard/selection.server";
import type { RateView } from "~/domain/dashboard-view";
import {
  formatNumber,
  formatPercent,
  translator,
  type Locale,
  type MessageKey,
  pageTitle,
  matchesLocale,
  t,
} from "~/utils/i18n";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, selection, url, user } = await dashboardContext(request).catch(loaderFailure);
  const p = url.searchParams;
  const mode = p.get("mode") === "units" ? "units" : "periods";
  const from2 = isPeriod(p.get("from2")) ? p.get("from2")! : selection.prev.from;
  const to2 = isPeriod(p.get("to2")) ? p.get("to2")! : selection.prev.to;
  const unit2 = p.get("unit2");
  const candidates = await listComparableUnits(ctx, user.grants, selection.unit.id);
  const comparison =
    mode === "units"
      ? unit2 && candidates.some((c) => c.value === unit2)
        ? await getComparison(ctx, selection, user.grants, { mode, unitId: unit2 })
        : null
      : await getComparison(ctx, selection, user.grants, { mode, from: from2, to: to2 });
  return { selection: selectionView(selection), mode, from2, to2, unit2, candidates, comparison };
}

export const meta: MetaFunction = ({ matches }) => [
  {
    title: pageTitle(matches, "page.dashboardView", {
      view: t(matchesLocale(matches), "dash.tab.compare"),
    }),
  },
];

function pct(r: RateView, locale: Locale, t: T) {
  if (r.rate === null || !r.sufficient)
    return `${t("dash.status.insufficient")}${r.rate !== null ? ` (${formatPercent(r.rate, locale)})` : ""}`;
  return formatPercent(r.rate, locale);
}

export default function DashboardCompare() {
  const {
    selection,
    mode,
    from2,
    to2,
    unit2,
    candidates,
    comparison: c,
  } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  const extra: Record<string, string | null> =
    mode === "units" ? { mode, unit2 } : { mode, from2, to2 };
  return (
    <DashboardShell selection={selection} view="compare" t={t} extra={extra}>
      <h2 id="compare">{t("dash.tab.compare")}</h2>
      <form method="get" className="filters">
        {Object.entries(selection.params).map(([k, v]) =>
          v ? <input key={k} type="hidden" name={k} value={v} /> : null,
        )}
        <label>
          {t("dash.compareMode")}
          <select name="mode" defaultValue={mode}>
            <option value="periods">{t("dash.comparePeriods")}</option>
            <option value="units">{t("dash.compareUnits")}</option>
          </select>
        </label>
        <label>
          {t("dash.otherFrom")}
          <input type="month" name="from2" defaultValue={from2} />
        </label>
        <label>
          {t("dash.otherTo")}
          <input type="month" name="to2" defaultValue={to2} />
        </label>
        <label>
          {t("dash.otherUnit")}
          <select name="unit2" defaultValue={unit2 ?? ""}>
            <option value="">—</option>
            {candidates.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          {t("dash.apply")}
        </button>
      </form>
      <p className="muted">{t("dash.compareNote")}</p>
      {c && c.error === "nested" && <p className="card">{t("dash.nested")}</p>}
      {c && c.error === null && <Comparison c={c} t={t} locale={locale} />}
    </DashboardShell>
  );
}

type Result = Extract<
  NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["comparison"]>,
  { error: null }
>;

function Comparison({ c, t, locale }: { c: Result; t: T; locale: Locale }) {
  const side = (s: Result["a"]) =>
    `${s.unit}, ${formatMonth(s.from)} – ${formatMonth(s.to)} (${t("dash.formsCount", { n: formatNumber(s.responses, locale) })})`;
  const groups = c.rows.filter((r) => r.level !== "item");
  const spec: ChartSpec = {
    type: "bar",
    horizontal: true,
    percent: true,
    labels: groups.map((r) =>
      r.level === "overall" ? t("dash.overall") : `${r.code}. ${r.title}`.slice(0, 50),
    ),
    series: [
      {
        label: `A: ${c.a.unit}`,
        data: groups.map((r) => (r.a.sufficient ? chartPct(r.a.rate) : null)),
      },
      {
        label: `B: ${c.b.unit}`,
        data: groups.map((r) => (r.b.sufficient ? chartPct(r.b.rate) : null)),
      },
    ],
  };
  return (
    <>
      <ul>
        <li>
          <strong>{t("dash.sideA")}</strong>: {side(c.a)}
        </li>
        <li>
          <strong>{t("dash.sideB")}</strong>: {side(c.b)}
        </li>
      </ul>
      <ChartCanvas
        spec={spec}
        label={`${t("dash.tab.compare")}. ${t("dash.chartNote")}`}
        height={Math.max(200, groups.length * 44 + 90)}
      />
      <table data-testid="compare" aria-labelledby="compare">
        <thead>
          <tr>
            <th scope="col">{t("dash.code")}</th>
            <th scope="col">{t("dash.name")}</th>
            <th scope="col" className="num">
              {t("dash.sideA")}
            </th>
            <th scope="col" className="num">
              {t("dash.sideB")}
            </th>
            <th scope="col" className="num">
              {t("dash.diff")}
            </th>
            <th scope="col" className="num">
              {t("dash.diffCi")}
            </th>
            <th scope="col" className="num">
              {t("dash.pValue")}
            </th>
          </tr>
        </thead>
        <tbody>
          {c.rows.map((r) => (
            <tr key={`${r.level}-${r.code}`} data-code={r.code || "overall"}>
              <td>{r.level === "overall" ? "—" : r.code}</td>
              <td>
                {r.level === "overall" ? t("dash.overall") : r.title}
                <br />
                <span className="muted">{t(`dash.level.${r.level}` as MessageKey)}</span>
              </td>
              <td className="num">{pct(r.a, locale, t)}</td>
              <td className="num">{pct(r.b, locale, t)}</td>
              <td className="num">
                {r.difference ? (
                  <strong>
                    {formatPoints(r.difference.diff, locale)}
                    {r.difference.significant ? " *" : ""}
                  </strong>
                ) : (
                  "—"
                )}
              </td>
              <td className="num">
                {r.difference
                  ? `${formatPoints(r.difference.low, locale)} – ${formatPoints(r.difference.high, locale)}`
                  : "—"}
              </td>
              <td className="num">{r.z ? formatNumber(r.z.p, locale, 3) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">* {t("dash.significant")}.</p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
