/**
 * /s/:token — a citizen answers a questionnaire through a link or QR code. Served as HTML
 * without the Remix runtime: the SurveyJS form is drawn by the page's one script, its
 * island (components/survey-island.tsx), which keeps a phone's download within budget.
 */
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { SurveyIsland } from "~/components/survey-island";
import { surveyTexts } from "~/components/survey-texts";
import { localize } from "~/domain/questionnaire";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { findForm } from "~/services/forms.server";
import { formatDate, localeFromRequest, translator } from "~/utils/i18n";

// No React runtime in the browser (root.tsx leaves out <Scripts/>): the island draws the form.
export const handle = { hydrate: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const form = await findForm(await appContext(), params.token ?? "");
  if (form.kind === "not_found") throw data({ reason: "not_found" }, { status: 404 });
  if (form.kind === "gone")
    throw data({ reason: form.reason, opensAt: form.opensAt }, { status: 410 });
  const locale = localeFromRequest(request);
  const { link, version, survey } = form;
  return data(
    {
      token: link.token,
      campaignTitle: link.campaign_title,
      unitName: link.unit_name,
      title: localize(version.definition.meta.title, locale),
      survey,
      anonymous: link.anonymous === 1,
    },
    // The page holds an access token: keep it out of shared caches (and out of Referer
    // headers: server.js sends Referrer-Policy: no-referrer for every /s/ URL).
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

// Without this export Remix drops the loader's headers from the page itself.
export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? "private, no-store",
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} — Hài Lòng` : "Hài Lòng" },
  { name: "referrer", content: "no-referrer" },
];

export default function SurveyRoute() {
  const d = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  return (
    <>
      <p className="muted">
        {d.unitName} · {d.campaignTitle}
      </p>
      <h1>{d.title}</h1>
      <SurveyIsland
        data={{ token: d.token, survey: d.survey, locale, texts: surveyTexts(locale) }}
      />
      {d.anonymous && <p className="muted">{t("survey.anonymous")}</p>}
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = translator(useLocale());
  if (isRouteErrorResponse(error) && error.status === 410) {
    const d = error.data as { reason: string; opensAt: string | null };
    if (d.reason === "invitation_used")
      return (
        <div className="status-page">
          <h1>{t("invitation.used.title")}</h1>
          <p>{t("invitation.used.body")}</p>
        </div>
      );
    return (
      <div className="status-page">
        <h1>{t("gone.title")}</h1>
        <p>
          {d.reason === "not_yet_open"
            ? d.opensAt
              ? t("gone.notYet", { date: formatDate(d.opensAt) })
              : t("gone.notOpenYet")
            : d.reason === "link_revoked"
              ? t("link.revoked")
              : t("gone.closed")}
        </p>
      </div>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <div className="status-page">
        <h1>{t("notFound.title")}</h1>
        <p>{t("notFound.body")}</p>
      </div>
    );
  }
  throw error;
}
