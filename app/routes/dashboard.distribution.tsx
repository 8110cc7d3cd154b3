/** /dashboard/distribution — answer levels per criterion (stacked), expectations ranked. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChartCanvas } from "~/components/charts/chart";
import type { ChartSpec } from "~/components/charts/spec";
import { chartPct, levelColor } from "~/components/dashboard/parts";
import { DashboardShell } from "~/components/dashboard/shell";
import { useLocale } from "~/root";
import { dashboardContext } from "~/services/dashboard-route.server";
import { getDistribution } from "~/services/dashboard/distribution.server";
import { selectionView } from "~/services/dashboard/selection.server";
import { formatNumber, formatPercent, translator, pageTitle, matchesLocale, t } from "~/utils/i18n";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, selection } = await dashboardContext(request).catch(loaderFailure);
  return { selection: selectionView(selection), dist: await getDistribution(ctx, selection) };
}

export const meta: MetaFunction = ({ matches }) => [
  {
    title: pageTitle(matches, "page.dashboardView", {
      view: t(matchesLocale(matches), "dash.tab.distribution"),
    }),
  },
];

export default function DashboardDistribution() {
  const { selection, dist } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  if (!dist || dist.responses === 0)
    return (
      <DashboardShell selection={selection} view="distribution" t={t}>
        <p className="card">{t("dash.noData")}</p>
      </DashboardShell>
    );
  const levels = dist.items[0]?.levels ?? [];
  const spec: ChartSpec = {
    type: "bar",
    horizontal: true,
    stacked: true,
    percent: true,
    labels: dist.items.map((i) => `${i.code}. ${i.title}`.slice(0, 60)),
    series: levels.map((l) => ({
      label: l.label ? `${l.value}: ${l.label}` : l.value,
      data: dist.items.map((i) =>
        chartPct(i.levels.find((x) => x.value === l.value)?.share ?? null),
      ),
      color: levelColor(l.meaning, l.strength),
    })),
  };
  return (
    <DashboardShell selection={selection} view="distribution" t={t}>
      <h2 id="levels">{t("dash.tab.distribution")}</h2>
      <p className="muted">{t("dash.distributionNote")}</p>
      <ChartCanvas
        spec={spec}
        label={`${t("dash.tab.distribution")}. ${t("dash.chartNote")}`}
        height={Math.max(200, dist.items.length * 30 + 110)}
      />
      <table data-testid="levels" aria-labelledby="levels">
        <thead>
          <tr>
            <th scope="col">{t("dash.code")}</th>
            <th scope="col">{t("dash.name")}</th>
            {levels.map((l) => (
              <th key={l.value} scope="col" className="num" data-meaning={l.meaning}>
                {l.value}
                {l.label ? `: ${l.label}` : ""}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {dist.items.map((i) => (
            <tr key={i.code} data-code={i.code}>
              <td>{i.code}</td>
              <td>{i.title}</td>
              {i.levels.map((l) => (
                <td key={l.value} className="num">
                  {formatNumber(l.count, locale)}
                  {l.share !== null ? ` (${formatPercent(l.share, locale)})` : ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="expectations">{t("dash.expectations")}</h2>
      {dist.expectations.length === 0 ? (
        <p>{t("dash.noExpectations")}</p>
      ) : (
        <table data-testid="expectations" aria-labelledby="expectations">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t("dash.rank")}
              </th>
              <th scope="col">{t("dash.name")}</th>
              <th scope="col" className="num">
                {t("results.indicatorN")}
              </th>
              <th scope="col" className="num">
                {t("dash.value")}
              </th>
              <th scope="col" className="num">
                {t("dash.ci")}
              </th>
            </tr>
          </thead>
          <tbody>
            {dist.expectations.map((e) => {
              const show = (v: number) =>
                e.unit === "proportion" ? formatPercent(v, locale) : formatNumber(v, locale, 2);
              return (
                <tr key={e.code}>
                  <td className="num">{e.rank ?? "—"}</td>
                  <td>{e.title}</td>
                  <td className="num">{formatNumber(e.n, locale)}</td>
                  {e.value === null || !e.sufficient ? (
                    <td className="num insufficient" colSpan={2}>
                      {t("dash.status.insufficient")}
                    </td>
                  ) : (
                    <>
                      <td className="num">{show(e.value)}</td>
                      <td className="num">
                        {e.low !== null && e.high !== null
                          ? `${show(e.low)} – ${show(e.high)}`
                          : "—"}
                      </td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </DashboardShell>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
