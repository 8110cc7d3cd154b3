/**
 * /dashboard/channels — the unit's own survey beside the Department's independent channel, per
 * unit carrying an independent QR code inside the shown unit, for the selected campaigns and
 * months: a chart, and the table with both rates, intervals, the difference and its test.
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChannelComparisonTable } from "~/components/channel-comparison";
import { ChartCanvas } from "~/components/charts/chart";
import { chartPct } from "~/components/dashboard/parts";
import { DashboardShell } from "~/components/dashboard/shell";
import { useLocale } from "~/root";
import { dashboardContext } from "~/services/dashboard-route.server";
import { selectionView } from "~/services/dashboard/selection.server";
import { compareChannels } from "~/services/independent-channel.server";
import { matchesLocale, pageTitle, t as translate, translator } from "~/utils/i18n";
import { loaderFailure } from "~/utils/outcome.server";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, selection: s } = await dashboardContext(request).catch(loaderFailure);
  const rows = s.version
    ? await compareChannels(ctx, {
        campaignIds: s.campaignIds,
        definition: s.version.definition,
        minN: s.minN,
        from: s.from,
        to: s.to,
        within: [s.unit.path],
      })
    : null;
  return { selection: selectionView(s), rows };
}

export const meta: MetaFunction = ({ matches }) => [
  {
    title: pageTitle(matches, "page.dashboardView", {
      view: translate(matchesLocale(matches), "channel.nav"),
    }),
  },
];

export default function DashboardChannels() {
  const { selection, rows } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  const shown = (f: { rate: number | null; sufficient: boolean }) =>
    f.sufficient ? chartPct(f.rate) : null;
  return (
    <DashboardShell selection={selection} view="channels" t={t}>
      <h2 id="channels">{t("channel.dashTitle")}</h2>
      <p className="muted">{t("channel.dashNote")}</p>
      {!rows || rows.length === 0 ? (
        <p className="card">{rows ? t("channel.empty") : t("channel.none")}</p>
      ) : (
        <>
          <ChartCanvas
            label={`${t("channel.chart")}. ${t("channel.chartNote")}`}
            spec={{
              type: "bar",
              percent: true,
              labels: rows.map((r) => r.unitName),
              series: [
                { label: t("channel.own"), data: rows.map((r) => shown(r.own.f)) },
                { label: t("channel.independent"), data: rows.map((r) => shown(r.independent.f)) },
              ],
            }}
          />
          <ChannelComparisonTable rows={rows} locale={locale} caption={t("channel.dashTitle")} />
        </>
      )}
      <p className="small muted">{t("channel.method")}</p>
    </DashboardShell>
  );
}
