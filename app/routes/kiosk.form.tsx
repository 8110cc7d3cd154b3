/**
 * /kiosk/form — long questionnaires (SIPAS, hospital forms) on a counter tablet: the SurveyJS
 * form in the kiosk frame, cleared after an idle time and reset after each submission.
 * Public like /kiosk: the device's token says which kiosk it is.
 */
import type {
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense, useEffect, useState } from "react";
import { CampaignClosed, KioskFrame, StatusScreen, SwitchTo } from "~/components/kiosk/frame";
import { useKioskRuntime } from "~/components/kiosk/runtime";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { findKioskScreen, readDeviceToken, type KioskScreen } from "~/services/kiosks.server";
import { localeFromRequest, translator, type Locale, pageTitle } from "~/utils/i18n";
import kioskCss from "~/styles/kiosk.css?url";

const KioskForm = lazy(() => import("~/components/kiosk/kiosk-form.client"));

export async function loader({ request }: LoaderFunctionArgs) {
  const screen = await findKioskScreen(
    await appContext(),
    readDeviceToken(request),
    localeFromRequest(request),
  );
  return data(screen, {
    headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" },
  });
}

// Without this export Remix drops the loader's headers from the page itself.
export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? "private, no-store",
  "Referrer-Policy": "no-referrer",
});

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: kioskCss },
  { rel: "manifest", href: "/kiosk.webmanifest" },
];

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "page.kiosk") },
  { name: "referrer", content: "no-referrer" },
];

export default function KioskFormRoute() {
  const screen = useLoaderData<typeof loader>() as KioskScreen;
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
  return <Ready screen={screen} locale={locale} />;
}

function Ready({
  screen,
  locale,
}: {
  screen: Extract<KioskScreen, { kind: "ready" }>;
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
      {hydrated ? (
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
