/** /dashboard/units — ranking of the units below (or of one kind), against targets, with change. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChartCanvas } from "~/components/charts/chart";
import type { ChartSpec } from "~/components/charts/spec";
import { dashHref } from "~/components/dashboard/links";
import {
  chartPct,
  formatPoints,
  labelOf,
  RateCells,
  StatusBadge,
  TargetText,
} from "~/components/dashboard/parts";
import { DashboardShell } from "~/components/dashboard/shell";
import { useLocale } from "~/root";
import { dashboardContext } from "~/services/dashboard-route.server";
import { getRanking, scopeView } from "~/services/dashboard.server";
import { translator } from "~/utils/i18n";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, scope } = await dashboardContext(request);
  return { scope: scopeView(scope), ranking: await getRanking(ctx, scope) };
}

export const meta: MetaFunction = () => [{ title: "Bảng điều khiển: đơn vị — Hài Lòng" }];

export default function DashboardUnits() {
  const { scope, ranking } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  const rows = ranking ?? [];
  const ranked = rows.filter((r) => r.rank !== null);
  const name = (r: (typeof rows)[number]) => (r.self ? t("dash.direct", { name: r.name }) : r.name);
  const spec: ChartSpec = {
    type: "bar",
    horizontal: true,
    percent: true,
    labels: ranked.map((r) => name(r).slice(0, 50)),
    series: [
      { label: t("dash.rate"), data: ranked.map((r) => chartPct(r.overall.rate)) },
      {
        label: t("dash.targetLine"),
        data: ranked.map((r) => (r.target ? r.target.pct : null)),
        kind: "target",
      },
    ],
  };
  return (
    <DashboardShell scope={scope} view="units" t={t}>
      <h2 id="ranking">{t("dash.tab.units")}</h2>
      <p className="muted">
        {scope.kind
          ? t("dash.kindNote", { kind: labelOf(t, "dash.kind", scope.kind) })
          : t("dash.rankNote", { minN: scope.minN })}
      </p>
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
          <table data-testid="ranking" aria-labelledby="ranking">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t("dash.rank")}
                </th>
                <th scope="col">{t("dash.unit")}</th>
                <th scope="col" className="num">
                  {t("dash.n")}
                </th>
                <th scope="col" className="num">
                  {t("dash.rate")}
                </th>
                <th scope="col" className="num">
                  {t("dash.ci")}
                </th>
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
                  <td className="num">{r.rank ?? "—"}</td>
                  <td>
                    {name(r)}
                    {r.drill && (
                      <>
                        {" "}
                        <a href={dashHref("units", scope.params, { unit: r.unitId, kind: null })}>
                          {t("dash.drill")}
                        </a>
                      </>
                    )}
                    <br />
                    <span className="muted">{labelOf(t, "dash.kind", r.kind)}</span>
                  </td>
                  <RateCells rate={r.overall} locale={locale} t={t} />
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
          <p className="muted">
            * {t("dash.significant")} (Newcombe). {t("dash.statusNote")}
          </p>
        </>
      )}
    </DashboardShell>
  );
}
