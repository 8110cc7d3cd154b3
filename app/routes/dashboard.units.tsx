/** /dashboard/units — ranking of the units below (or of one kind), against targets, with change. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChartCanvas } from "~/components/charts/chart";
import type { ChartSpec } from "~/components/charts/spec";
import { dashHref } from "~/components/dashboard/links";
import {
  chartPct,
  formatPoints,
  labelOf,
  StatusBadge,
  TargetText,
} from "~/components/dashboard/parts";
import { DashboardShell } from "~/components/dashboard/shell";
import { FigureCells, FigureHeadCells } from "~/components/figures";
import { RANK_KEYS } from "~/domain/figures";
import { useLocale } from "~/root";
import { dashboardContext } from "~/services/dashboard-route.server";
import { getRanking } from "~/services/dashboard/ranking.server";
import { selectionView } from "~/services/dashboard/selection.server";
import { translator, pageTitle, matchesLocale, t } from "~/utils/i18n";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, selection, url } = await dashboardContext(request).catch(loaderFailure);
  const wanted = url.searchParams.get("sort");
  const sort = RANK_KEYS.find((k) => k === wanted) ?? "rate";
  return {
    selection: selectionView(selection),
    ranking: await getRanking(ctx, selection, sort),
    sort,
  };
}

export const meta: MetaFunction = ({ matches }) => [
  {
    title: pageTitle(matches, "page.dashboardView", {
      view: t(matchesLocale(matches), "dash.tab.units"),
    }),
  },
];

export default function DashboardUnits() {
  const { selection, ranking, sort } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  const rows = ranking?.rows ?? [];
  const cols = selection.cols;
  const topLabel = cols?.topLabel ?? "";
  const ranked = rows.filter((r) => r.rank !== null);
  const name = (r: (typeof rows)[number]) => (r.self ? t("dash.direct", { name: r.name }) : r.name);
  const spec: ChartSpec = {
    type: "bar",
    horizontal: true,
    percent: true,
    labels: ranked.map((r) => name(r).slice(0, 50)),
    series:
      sort === "mean"
        ? [{ label: t("figure.mean"), data: ranked.map((r) => r.overall.mean) }]
        : [
            {
              label: sort === "top" ? t("figure.top", { label: topLabel }) : t("figure.rate"),
              data: ranked.map((r) => chartPct(sort === "top" ? r.overall.top : r.overall.rate)),
            },
            ...(sort === "rate"
              ? [
                  {
                    label: t("dash.targetLine"),
                    data: ranked.map((r) =>
                      r.target && r.target.metric === "rate" ? r.target.pct : null,
                    ),
                    kind: "target" as const,
                  },
                ]
              : []),
          ],
  };
  if (sort === "mean") spec.percent = false;
  return (
    <DashboardShell selection={selection} view="units" t={t}>
      <h2 id="ranking">{t("dash.tab.units")}</h2>
      <p className="muted">
        {selection.kind
          ? t("dash.kindNote", { kind: labelOf(t, "dash.kind", selection.kind) })
          : t("dash.rankNote", { minN: selection.minN })}
      </p>
      <form method="get" className="filters" aria-label={t("figure.sortBy")}>
        {Object.entries(selection.params)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v ?? ""} />
          ))}
        <label>
          {t("figure.sortBy")}{" "}
          <select name="sort" defaultValue={sort}>
            <option value="rate">{t("figure.sort.rate")}</option>
            <option value="top">{t("figure.sort.top", { label: topLabel })}</option>
            <option value="mean">{t("figure.sort.mean")}</option>
          </select>
        </label>{" "}
        <button type="submit" className="button">
          {t("dash.apply")}
        </button>
      </form>
      {ranking?.saturated && (
        <p className="note" data-testid="saturated">
          {t("figure.saturated", { label: topLabel })}
        </p>
      )}
      {ranking && ranked.length > 1 && (
        <p className="note" data-testid="within-intervals">
          {ranking.allWithin
            ? t("figure.withinIntervals")
            : rows.some((r) => r.near)
              ? t("figure.withinIntervalsSome")
              : null}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="card">{t("dash.noUnits")}</p>
      ) : (
        <>
          {ranked.length > 0 && (
            <ChartCanvas
              spec={spec}
              label={`${t("dash.tab.units")}. ${t("dash.chartNote")}`}
              height={Math.max(180, ranked.length * 30 + 90)}
            />
          )}
          <div className="table-scroll">
            <table data-testid="ranking" aria-labelledby="ranking">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t("dash.rank")}
                  </th>
                  <th scope="col">{t("dash.unit")}</th>
                  {cols && <FigureHeadCells t={t} cols={cols} />}
                  <th scope="col">{t("dash.change")}</th>
                  <th scope="col">{t("dash.target")}</th>
                  <th scope="col">{t("dash.status")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr
                    key={`${r.self}-${r.unitId}`}
                    data-unit={r.unitId}
                    className={r.status === "not_reached" ? "below-target" : undefined}
                  >
                    <td className="num">
                      {r.rank ?? "—"}
                      {r.near && (
                        <span title={t("figure.withinIntervalsSome")} aria-hidden="true">
                          {" "}
                          ≈
                        </span>
                      )}
                    </td>
                    <td>
                      {name(r)}
                      {r.drill && (
                        <>
                          {" "}
                          <a
                            href={dashHref("units", selection.params, {
                              unit: r.unitId,
                              kind: null,
                            })}
                          >
                            {t("dash.drill")}
                          </a>
                        </>
                      )}
                      <br />
                      <span className="muted">{labelOf(t, "dash.kind", r.kind)}</span>
                    </td>
                    {cols && <FigureCells f={r.overall} cols={cols} locale={locale} />}
                    <td className="num">
                      {r.change ? (
                        <span
                          title={`${formatPoints(r.change.low, locale)} – ${formatPoints(r.change.high, locale)}`}
                        >
                          {formatPoints(r.change.diff, locale)}
                          {r.change.significant ? " *" : ""}
                        </span>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>
                      <TargetText target={r.target} t={t} locale={locale} />
                    </td>
                    <td>
                      <StatusBadge status={r.status} t={t} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">
            * {t("dash.significant")} (Newcombe). {t("dash.statusNote")}
          </p>
        </>
      )}
    </DashboardShell>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
