/** /dashboard/hours — responses by weekday × hour (Vietnam time), for kiosk and counter patterns. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChartCanvas } from "~/components/charts/chart";
import type { ChartSpec } from "~/components/charts/spec";
import { DashboardShell } from "~/components/dashboard/shell";
import { useLocale } from "~/root";
import { dashboardContext } from "~/services/dashboard-route.server";
import { getHours } from "~/services/dashboard/hours.server";
import { selectionView } from "~/services/dashboard/selection.server";
import {
  formatNumber,
  translator,
  type MessageKey,
  pageTitle,
  matchesLocale,
  t,
} from "~/utils/i18n";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, selection } = await dashboardContext(request).catch(loaderFailure);
  return { selection: selectionView(selection), hours: await getHours(ctx, selection) };
}

export const meta: MetaFunction = ({ matches }) => [
  {
    title: pageTitle(matches, "page.dashboardView", {
      view: t(matchesLocale(matches), "dash.tab.hours"),
    }),
  },
];

const HOURS = Array.from({ length: 24 }, (_, h) => h);

export default function DashboardHours() {
  const { selection, hours } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  const days = [1, 2, 3, 4, 5, 6, 7].map((d) => t(`dash.wd.${d}` as MessageKey));
  const max = Math.max(1, ...hours.grid.flat());
  const spec: ChartSpec = {
    type: "bar",
    stacked: true,
    labels: HOURS.map((h) => `${h}h`),
    series: days.map((d, i) => ({ label: d, data: hours.grid[i]! })),
  };
  return (
    <DashboardShell selection={selection} view="hours" t={t}>
      <h2 id="hours">{t("dash.hoursTitle")}</h2>
      <p className="muted">{t("dash.hoursNote")}</p>
      {hours.total === 0 ? (
        <p className="card">{t("dash.noData")}</p>
      ) : (
        <>
          <ChartCanvas spec={spec} label={`${t("dash.byHour")}. ${t("dash.chartNote")}`} />
          <div className="table-scroll">
            <table className="heat" data-testid="hours" aria-labelledby="hours">
              <thead>
                <tr>
                  <th scope="col">{t("dash.weekday")}</th>
                  {HOURS.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                  <th scope="col">{t("dash.total")}</th>
                </tr>
              </thead>
              <tbody>
                {hours.grid.map((row, d) => (
                  <tr key={d}>
                    <th scope="row">{days[d]}</th>
                    {row.map((n, h) => (
                      <td
                        key={h}
                        style={{
                          background: `rgba(11, 92, 173, ${(n / max) * 0.85})`,
                          color: n / max > 0.5 ? "#fff" : undefined,
                        }}
                      >
                        {n > 0 ? formatNumber(n, locale) : ""}
                      </td>
                    ))}
                    <td>
                      {formatNumber(
                        row.reduce((a, b) => a + b, 0),
                        locale,
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </DashboardShell>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
