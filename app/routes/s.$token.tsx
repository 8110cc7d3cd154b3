/**
 * /s/:token — a citizen answers a questionnaire through a link or QR code. The form is
 * drawn on the server as plain HTML (components/respondent/form-view.tsx) and works with
 * JavaScript off: each page posts here, the last one sends the answers through the same
 * submitResponse as the API. One small script (enhance.entry.ts) then runs the form in the
 * browser. A questionnaire the light renderer cannot draw falls back to the SurveyJS form
 * (survey-island.tsx), loaded only then. No Remix runtime in the browser either way.
 */
import type {
  ActionFunctionArgs,
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import {
  GeneralErrorBoundary,
  notFoundPage,
  type StatusHandler,
} from "~/components/error-boundary";
import { FormView } from "~/components/respondent/form-view";
import {
  enhanceJson,
  ENHANCE_DATA_ID,
  type EnhanceData,
} from "~/components/respondent/enhance-data";
import { SurveyIsland } from "~/components/survey-island";
import { surveyTexts } from "~/components/survey-texts";
import type { Answers } from "~/domain/form-logic";
import { localize } from "~/domain/questionnaire";
import type { RespondentForm } from "~/domain/respondent-form";
import { appContext } from "~/services/context.server";
import { dossierLinkRefusal } from "~/services/dossiers.server";
import { findForm, respondentFormOf } from "~/services/forms.server";
import { RESPONDENT_CSS } from "~/services/inline-css.server";
import { readDeviceToken } from "~/services/kiosks.server";
import {
  firstPage,
  formLanguages,
  formLocale,
  handleFormPost,
  newClientId,
  scriptData,
  serverView,
  textsFor,
  viewData,
  type PostOutcome,
  type ViewData,
} from "~/services/respondent.server";
import respondentCss from "~/styles/respondent.css?url";
import type { FormTexts } from "~/utils/form-texts";
import { formatDate, localeFromRequest, translator, type Locale } from "~/utils/i18n";
import { useNonce } from "~/utils/nonce";
import enhanceScript from "~/components/respondent/enhance.entry?worker&url";

// No React runtime in the browser (root.tsx leaves out <Scripts/>); the respondent layout:
// the unit's name and a language switch, no staff navigation (root.tsx).
export const handle = { hydrate: false, respondent: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: respondentCss }];

async function lookup(request: Request, token: string) {
  const form = await findForm(await appContext(), token);
  if (form.kind === "not_found") throw data({ reason: "not_found" }, { status: 404 });
  if (form.kind === "gone")
    throw data({ reason: form.reason, opensAt: form.opensAt }, { status: 410 });
  // A dossier's link, rated already or expired: said before the form is filled in.
  const refusal = await dossierLinkRefusal(await appContext(), token, localeFromRequest(request));
  if (refusal) throw data({ reason: refusal.error, ...refusal.page }, { status: 410 });
  const light = respondentFormOf(form.survey, form.version);
  const locale = formLocale(request, light);
  return { ...form, light, locale, audience: form.link.audience };
}

/** What the page is drawn from (plain data: it is drawn on the server only). */
interface PageData {
  token: string;
  locale: string;
  respondent: {
    lang: string;
    unitName: string;
    languages: Array<{ code: string; name: string }>;
    css?: string;
  };
  unitName: string;
  campaignTitle: string;
  shortTitle: string;
  fullTitle: string;
  issuedBy: string | null;
  formNumber: string | null;
  description: string | null;
  anonymous: boolean;
  audience: "respondent" | "surveyor";
  fallback: { survey: Record<string, unknown>; texts: ReturnType<typeof surveyTexts> } | null;
  form: RespondentForm | null;
  script: EnhanceData | null;
  view: ViewData;
  texts: FormTexts;
  page: number;
  clientId: string;
  startedAt: string;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { link, version, survey, light, locale, audience } = await lookup(
    request,
    params.token ?? "",
  );
  const view = serverView(light, version, audience, {});
  const definition = version.definition;
  const uiLocale: Locale = locale === "en" ? "en" : "vi";
  const page: PageData = {
    token: link.token,
    locale,
    // root.tsx draws the respondent header from this.
    respondent: {
      lang: locale,
      unitName: link.unit_name,
      languages: formLanguages(light),
      // The light form's page carries its styles (a stylesheet costs a round trip first).
      ...(light.unsupported.length === 0 ? { css: RESPONDENT_CSS } : {}),
    },
    unitName: link.unit_name,
    campaignTitle: link.campaign_title,
    shortTitle: localize(light.title ?? definition.meta.title, locale),
    fullTitle: localize(definition.meta.title, locale),
    issuedBy: definition.meta.issuedBy ?? null,
    formNumber: definition.meta.formNumber ?? null,
    description: light.description ? localize(light.description, locale) : null,
    anonymous: link.anonymous === 1,
    audience,
    // The SurveyJS form, only for a questionnaire the light renderer cannot draw.
    fallback: light.unsupported.length > 0 ? { survey, texts: surveyTexts(uiLocale) } : null,
    // The light form and what it shows before any answer (plain data: the page is drawn
    // on the server only).
    form: light.unsupported.length > 0 ? null : light,
    script: light.unsupported.length > 0 ? null : scriptData(light, link.token, locale),
    view: viewData(view),
    texts: textsFor(locale),
    page: firstPage(view),
    clientId: newClientId(),
    startedAt: new Date().toISOString(),
  };
  return data(
    page,
    // The page holds an access token: keep it out of shared caches (and out of Referer
    // headers to other sites: security-headers.js sends Referrer-Policy: same-origin for /s/).
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

/** A page turned or the form sent without JavaScript (an ordinary form POST). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { link, version, light, locale, audience } = await lookup(request, params.token ?? "");
  const outcome = await handleFormPost(
    await appContext(),
    request,
    { form: light, version, token: link.token, audience, locale },
    {
      clientKey: (context as { clientKey?: string } | undefined)?.clientKey,
      deviceToken: readDeviceToken(request),
    },
  );
  if (outcome.kind === "form" && outcome.status === 410)
    throw data({ reason: outcome.alert?.error ?? "closed", opensAt: null }, { status: 410 });
  return data(outcome, {
    status: outcome.status,
    headers: { "Cache-Control": "private, no-store" },
  });
}

// Without this export Remix drops the loader's headers from the page itself.
export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? "private, no-store",
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.shortTitle} — Hài Lòng` : "Hài Lòng" },
  { name: "referrer", content: "same-origin" },
];

export default function SurveyRoute() {
  const d = useLoaderData() as unknown as PageData;
  const posted = useActionData() as unknown as PostOutcome | undefined;
  const texts = d.texts;
  const nonce = useNonce();

  if (posted?.kind === "thanks")
    return (
      <div className="hl-thanks" role="status">
        <h1>{texts["form.thanks.title"]}</h1>
        <p>{texts["form.thanks.body"]}</p>
      </div>
    );

  return (
    <>
      <h1 className="hl-h1">{d.shortTitle}</h1>
      <details className="hl-about">
        <summary>{texts["form.about"]}</summary>
        <dl>
          <dt>{texts["form.about.title"]}</dt>
          <dd>{d.fullTitle}</dd>
          {d.issuedBy && (
            <>
              <dt>{texts["form.about.issuedBy"]}</dt>
              <dd>{d.issuedBy}</dd>
            </>
          )}
          {d.formNumber && (
            <>
              <dt>{texts["form.about.formNumber"]}</dt>
              <dd>{d.formNumber}</dd>
            </>
          )}
          <dt>{texts["form.about.campaign"]}</dt>
          <dd>{d.campaignTitle}</dd>
        </dl>
      </details>
      {d.audience === "surveyor" && <p className="hl-mode">{texts["form.interviewer"]}</p>}
      {d.description && <p className="hl-intro">{d.description}</p>}
      {d.fallback || !d.form ? (
        <SurveyIsland
          data={{
            token: d.token,
            survey: d.fallback?.survey ?? {},
            locale: d.locale === "en" ? "en" : "vi",
            texts: d.fallback?.texts ?? surveyTexts("vi"),
          }}
        />
      ) : (
        <LightForm d={d} form={d.form} script={d.script!} posted={posted} nonce={nonce} />
      )}
      {d.anonymous && (
        <p className="muted hl-small">
          {translator(d.locale === "en" ? "en" : "vi")("survey.anonymous")}
        </p>
      )}
    </>
  );
}

function LightForm({
  d,
  form,
  script,
  posted,
  nonce,
}: {
  d: PageData;
  form: RespondentForm;
  script: EnhanceData;
  posted: PostOutcome | undefined;
  nonce: string | undefined;
}) {
  const texts = d.texts;
  const state = posted?.kind === "form" ? posted : null;
  const view = state?.view ?? d.view;
  return (
    <>
      {state?.alert && (
        <p className="hl-alert" role="alert">
          {texts["form.failed"]} {state.alert.message}
        </p>
      )}
      <FormView
        form={form}
        locale={d.locale}
        texts={texts}
        answers={(state?.fields ?? {}) as Answers}
        states={new Map(view.states)}
        pagesShown={view.pagesShown}
        hiddenElements={new Set(view.hiddenElements)}
        page={state?.page ?? d.page}
        errors={state?.errors ?? []}
        clientId={state?.clientId ?? d.clientId}
        startedAt={state?.startedAt ?? d.startedAt}
      />
      <script
        type="application/json"
        id={ENHANCE_DATA_ID}
        nonce={nonce}
        dangerouslySetInnerHTML={{ __html: enhanceJson(script) }}
      />
      <script type="module" src={enhanceScript} nonce={nonce} />
    </>
  );
}

/** A closed, used or unknown survey link says so; anything else gets the shared page. */
export function ErrorBoundary() {
  return <GeneralErrorBoundary statusHandlers={{ 410: gonePage, 404: notFoundPage }} />;
}

const gonePage: StatusHandler = ({ error, t }) => {
  const d = error.data as { reason: string; opensAt: string | null } & Partial<
    Record<"title" | "message", string>
  >;
  if (d.reason.startsWith("dossier_") && d.title)
    return (
      <>
        <h1>{d.title}</h1>
        <p>{d.message}</p>
      </>
    );
  if (d.reason === "invitation_used")
    return (
      <>
        <h1>{t("invitation.used.title")}</h1>
        <p>{t("invitation.used.body")}</p>
      </>
    );
  return (
    <>
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
    </>
  );
};
