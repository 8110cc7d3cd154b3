/**
 * /kiosk — the one-tap rating screen of a paired counter tablet. Public: the device's own
 * token (an HttpOnly cookie set at /kiosk/pair) says which kiosk it is. This route loads no
 * SurveyJS (its chunk graph is checked in tests/e2e/kiosk-bundle.e2e.ts); questionnaires that
 * need the full form open /kiosk/form instead.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignClosed, KioskFrame, StatusScreen, SwitchTo } from "~/components/kiosk/frame";
import { QuickScreen } from "~/components/kiosk/quick-screen";
import { useKioskRuntime } from "~/components/kiosk/runtime";
import { useLocale } from "~/root";
import { linkTakesDossiers } from "~/services/dossiers.server";
import type { KioskScreen } from "~/services/kiosks.server";
import { translator, type Locale, pageTitle } from "~/utils/i18n";
import { KIOSK_PAGE_HEADERS, kioskHeaders, kioskLinks } from "~/utils/kiosk-page";
import { loadKioskScreen } from "~/utils/kiosk-page.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, screen } = await loadKioskScreen(request);
  const dossierCode = screen.kind === "ready" && (await linkTakesDossiers(ctx, screen.token));
  return data({ ...screen, dossierCode }, { headers: KIOSK_PAGE_HEADERS });
}

export const headers = kioskHeaders;

export const links = kioskLinks();

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "page.kiosk") },
  { name: "theme-color", content: "#0b5cad" },
  { name: "mobile-web-app-capable", content: "yes" },
  { name: "referrer", content: "no-referrer" },
];

export default function KioskRoute() {
  const screen = useLoaderData<typeof loader>() as KioskScreen & { dossierCode: boolean };
  const locale = useLocale();
  return <KioskPage screen={screen} locale={locale} />;
}

function KioskPage({
  screen,
  locale,
}: {
  screen: KioskScreen & { dossierCode: boolean };
  locale: Locale;
}) {
  const t = translator(locale);
  if (screen.kind === "unpaired")
    return (
      <div className="kiosk">
        <StatusScreen title={t("kiosk.unpaired.title")}>
          <p>{t("kiosk.unpaired.body")}</p>
          <Link className="kiosk-action" to="/kiosk/pair">
            {t("kiosk.unpaired.action")}
          </Link>
        </StatusScreen>
      </div>
    );
  if (screen.kind === "revoked")
    return (
      <div className="kiosk">
        <StatusScreen title={t("kiosk.revoked.title")}>
          <p>{t("kiosk.revoked.body")}</p>
        </StatusScreen>
      </div>
    );
  if (screen.kind === "closed_campaign")
    return <CampaignClosed locale={locale} unitName={screen.unitName} />;
  if (screen.mode === "form" || !screen.quick)
    return <SwitchTo path="/kiosk/form" locale={locale} />;
  return <Ready screen={screen} locale={locale} />;
}

function Ready({
  screen,
  locale,
}: {
  screen: Extract<KioskScreen, { kind: "ready" }> & { dossierCode: boolean };
  locale: Locale;
}) {
  const runtime = useKioskRuntime(screen.hours);
  return (
    <KioskFrame locale={locale} unitName={screen.unitName} hours={screen.hours} runtime={runtime}>
      <QuickScreen
        locale={locale}
        token={screen.token}
        quick={screen.quick!}
        minIntervalMs={screen.kiosk.minIntervalMs}
        runtime={runtime}
        anonymous={screen.anonymous}
        dossierCode={screen.dossierCode}
      />
    </KioskFrame>
  );
}
