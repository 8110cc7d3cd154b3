/**
 * /kiosk/form — long questionnaires (SIPAS, hospital forms) on a counter tablet: the light
 * form drawn on the server (as on /s/:token) in the kiosk frame, sent through the kiosk's
 * queue, cleared after an idle time and reset after each submission. SurveyJS only for a
 * questionnaire the light form cannot draw. Public like /kiosk: the device's token says
 * which kiosk it is.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense, useEffect, useState } from "react";
import { CampaignClosed, KioskFrame, StatusScreen, SwitchTo } from "~/components/kiosk/frame";
import { KioskLongForm } from "~/components/kiosk/long-form";
import { useKioskRuntime } from "~/components/kiosk/runtime";
import { useLocale } from "~/root";
import { loadVersion } from "~/services/context.server";
import type { KioskScreen } from "~/services/kiosks.server";
import { formMarkup, type FormMarkup } from "~/services/respondent-markup.server";
import { translator, type Locale, pageTitle } from "~/utils/i18n";
import { KIOSK_PAGE_HEADERS, kioskHeaders, kioskLinks } from "~/utils/kiosk-page";
import { loadKioskScreen } from "~/utils/kiosk-page.server";
import respondentCss from "~/styles/respondent.css?url";

const KioskForm = lazy(() => import("~/components/kiosk/kiosk-form.client"));

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, locale, screen } = await loadKioskScreen(request);
  let light: FormMarkup | null = null;
  if (screen.kind === "ready" && screen.survey) {
    const version = await loadVersion(ctx, screen.versionId);
    if (version)
      light = formMarkup({
        survey: screen.survey,
        version,
        audience: screen.audience,
        token: screen.token,
        locale,
        title: screen.title,
      });
  }
  // The SurveyJS form travels only when the light form cannot draw the questionnaire.
  const page =
    screen.kind === "ready" && light ? { ...screen, survey: null, light } : { ...screen, light };
  return data(page, { headers: KIOSK_PAGE_HEADERS });
}

export const headers = kioskHeaders;

export const links = kioskLinks(respondentCss);

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "page.kiosk") },
  { name: "referrer", content: "no-referrer" },
];

type Page = KioskScreen & { light: FormMarkup | null };

export default function KioskFormRoute() {
  const screen = useLoaderData<typeof loader>() as unknown as Page;
  const locale = useLocale();
  const t = translator(locale);
  if (screen.kind === "closed_campaign")
    return <CampaignClosed locale={locale} unitName={screen.unitName} />;
  if (screen.kind !== "ready")
    return (
      <div className="kiosk">
        <StatusScreen title={t("kiosk.unpaired.title")}>
          <Link className="kiosk-action" to="/kiosk" reloadDocument>
            {t("pair.open")}
          </Link>
        </StatusScreen>
      </div>
    );
  if (screen.mode === "quick") return <SwitchTo path="/kiosk" locale={locale} />;
  return <Ready screen={screen} light={screen.light} locale={locale} />;
}

function Ready({
  screen,
  light,
  locale,
}: {
  screen: Extract<KioskScreen, { kind: "ready" }>;
  light: FormMarkup | null;
  locale: Locale;
}) {
  const t = translator(locale);
  const runtime = useKioskRuntime(screen.hours);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const loading = (
    <p role="status" className="kiosk-screen">
      {t("kiosk.form.loading")}
    </p>
  );
  return (
    <KioskFrame locale={locale} unitName={screen.unitName} hours={screen.hours} runtime={runtime}>
      {light ? (
        <KioskLongForm
          locale={locale}
          markup={light.markup}
          data={light.data}
          idleSeconds={screen.kiosk.idleSeconds}
          submit={runtime.submit}
        />
      ) : hydrated ? (
        <Suspense fallback={loading}>
          <KioskForm
            locale={locale}
            token={screen.token}
            title={screen.title}
            survey={screen.survey ?? {}}
            idleSeconds={screen.kiosk.idleSeconds}
            submit={runtime.submit}
          />
        </Suspense>
      ) : (
        loading
      )}
    </KioskFrame>
  );
}
