/**
 * /dashboard/sdg — SDG indicator 16.6.2 as this platform estimates it for the shown unit (a
 * province) over the selected months: per sector and combined, from every campaign with
 * responses in the unit's subtree, with counts, 95 % intervals and the method in words.
 */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DashboardShell } from "~/components/dashboard/shell";
import { SdgSection } from "~/components/sdg-section";
import { useLocale } from "~/root";
import { dashboardContext } from "~/services/dashboard-route.server";
import { selectionView } from "~/services/dashboard/selection.server";
import { sdgIndicator } from "~/services/sdg.server";
import { matchesLocale, pageTitle, t as translate, translator } from "~/utils/i18n";
import { loaderFailure } from "~/utils/outcome.server";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, selection: s } = await dashboardContext(request).catch(loaderFailure);
  const sdg = await sdgIndicator(ctx, s.unit, { from: s.from, to: s.to }, s.locale);
  return { selection: selectionView(s), sdg };
}

export const meta: MetaFunction = ({ matches }) => [
  {
    title: pageTitle(matches, "page.dashboardView", {
      view: translate(matchesLocale(matches), "sdg.nav"),
    }),
  },
];

export default function DashboardSdg() {
  const { selection, sdg } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  return (
    <DashboardShell selection={selection} view="sdg" t={t}>
      <SdgSection v={sdg} locale={locale} heading={<h2 id="sdg">{t("sdg.title")}</h2>} />
    </DashboardShell>
  );
}
