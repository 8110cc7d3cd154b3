/** /dashboard/trend — the overall index by month, quarter or year, target lines, projection. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChartCanvas } from "~/components/charts/chart";
import type { ChartSpec } from "~/components/charts/spec";
import { dashHref } from "~/components/dashboard/links";
import {
  chartPct,
  formatMonth,
  formatPoints,
  StatusBadge,
  TargetText,
  type T,
} from "~/components/dashboard/parts";
import { DashboardShell } from "~/components/dashboard/shell";
import { FigureCells, FigureHeadCells } from "~/components/figures";
import type { FigureColumns } from "~/domain/figures";
import { GRANULARITIES, type Granularity } from "~/domain/dashboard";
import { useLocale } from "~/root";
import { dashboardContext } from "~/services/dashboard-route.server";
import { getTrend } from "~/services/dashboard/trend.server";
import { selectionView } from "~/services/dashboard/selection.server";
import {
  formatDate,
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
  const { ctx, selection, url } = await dashboardContext(request).catch(loaderFailure);
  const g = url.searchParams.get("g");
  const granularity: Granularity = (GRANULARITIES as readonly string[]).includes(g ?? "")
    ? (g as Granularity)
    : "month";
  return {
    selection: selectionView(selection),
    trend: await getTrend(ctx, selection, granularity),
  };
}

export const meta: MetaFunction = ({ matches }) => [
  {
    title: pageTitle(matches, "page.dashboardView", {
      view: t(matchesLocale(matches), "dash.tab.trend"),
    }),
  },
];

function bucketLabel(t: T, bucket: string, g: Granularity) {
  if (g === "month") return formatMonth(bucket);
  if (g === "year") return bucket;
  return t("dash.quarter", { q: bucket.slice(-1), y: bucket.slice(0, 4) });
}

export default function DashboardTrend() {
  const { selection, trend } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  const g = trend?.granularity ?? "month";
  return (
    <DashboardShell selection={selection} view="trend" t={t} extra={{ g }}>
      <p>
        {t("dash.granularity")}:{" "}
        {GRANULARITIES.map((x, i) => (
          <span key={x}>
            {i > 0 && " · "}
            {x === g ? (
              <strong aria-current="true">{t(`dash.g.${x}` as MessageKey)}</strong>
            ) : (
              <a href={dashHref("trend", selection.params, { g: x })}>
                {t(`dash.g.${x}` as MessageKey)}
              </a>
            )}
          </span>
        ))}
      </p>
      {!trend || trend.points.every((p) => p.responses === 0) ? (
        <p className="card">{t("dash.noData")}</p>
      ) : (
        <Trend trend={trend} cols={selection.cols} t={t} g={g} locale={locale} />
      )}
    </DashboardShell>
  );
}

type TrendData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["trend"]>;

function Trend({
  trend,
  cols,
  t,
  g,
  locale,
}: {
  trend: TrendData;
  cols: FigureColumns | null;
  t: T;
  g: Granularity;
  locale: Locale;
}) {
  const labels = trend.points.map((p) => bucketLabel(t, p.bucket, g));
  const spec: ChartSpec = {
    type: "line",
    percent: true,
    labels,
    series: [
      {
        label: t("dash.rate"),
        data: trend.points.map((p) => (p.sufficient ? chartPct(p.rate) : null)),
        kind: "line",
      },
      {
        label: t("dash.targetLine"),
        data: trend.points.map((p) => p.target?.pct ?? null),
        kind: "target",
      },
    ],
  };
  return (
    <>
      <h2 id="trend">{t("dash.tab.trend")}</h2>
      <ChartCanvas spec={spec} label={`${t("dash.tab.trend")}. ${t("dash.chartNote")}`} />
      <table data-testid="trend" aria-labelledby="trend">
        <thead>
          <tr>
            <th scope="col">{t("dash.periodCol")}</th>
            {cols && <FigureHeadCells t={t} cols={cols} />}
            <th scope="col">{t("dash.target")}</th>
            <th scope="col">{t("dash.status")}</th>
          </tr>
        </thead>
        <tbody>
          {trend.points.map((p, i) => (
            <tr key={p.bucket} data-bucket={p.bucket}>
              <td>{labels[i]}</td>
              {cols && <FigureCells f={p} cols={cols} locale={locale} />}
              <td>
                <TargetText target={p.target} t={t} locale={locale} />
              </td>
              <td>
                <StatusBadge status={p.status} t={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="projection">{t("dash.projection")}</h2>
      <p className="note">
        {t("dash.projectionNote", { n: trend.lastN, g: t(`dash.g.${g}` as MessageKey) })}
      </p>
      <table data-testid="projection" aria-labelledby="projection">
        <thead>
          <tr>
            <th scope="col">{t("dash.deadline")}</th>
            <th scope="col">{t("dash.target")}</th>
            <th scope="col" className="num">
              {t("dash.projected")}
            </th>
            <th scope="col" className="num">
              {t("dash.slope")}
            </th>
            <th scope="col">{t("dash.status")}</th>
          </tr>
        </thead>
        <tbody>
          {trend.projections.map((p) => (
            <tr key={p.deadline}>
              <td>{formatDate(`${p.deadline}T00:00:00+07:00`)}</td>
              <td>
                <TargetText target={p.target} t={t} locale={locale} full />
              </td>
              <td className="num">
                {p.projection ? formatPercent(p.projection.value, locale) : "—"}
              </td>
              <td className="num">
                {p.projection
                  ? t("dash.slopeValue", { v: formatPoints(p.projection.slopePerYear, locale) })
                  : "—"}
              </td>
              <td>
                {p.past
                  ? t("dash.pastDeadline")
                  : p.willMeet === null
                    ? t("dash.tooFewPoints")
                    : p.willMeet
                      ? t("dash.willMeet")
                      : t("dash.willNotMeet")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
