/** /questionnaires/:slug — a questionnaire's metadata and a working preview that stores nothing. */
import "~/utils/i18n-staff";
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SurveyIsland } from "~/components/survey-island";
import { surveyTexts } from "~/components/survey-texts";
import { localize } from "~/domain/questionnaire";
import { useLocale } from "~/root";
import { findLatestQuestionnaire } from "~/services/catalog.server";
import { appContext, loadVersion } from "~/services/context.server";
import { formatDate, localeFromRequest, translator } from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await appContext();
  const row = await findLatestQuestionnaire(ctx, params.slug ?? "");
  if (!row) throw data(null, { status: 404 });
  const version = (await loadVersion(ctx, row.id))!;
  const locale = localeFromRequest(request);
  const { meta, survey } = version.definition;
  return {
    slug: version.slug,
    version: version.version,
    title: localize(meta.title, locale),
    issuedBy: meta.issuedBy ?? null,
    formNumber: meta.formNumber ?? null,
    validFrom: meta.validFrom ?? null,
    referenceSection: meta.referenceSection ?? null,
    verification: meta.verification,
    note: meta.note ? localize(meta.note, locale) : null,
    survey: survey as Record<string, unknown>,
  };
}

/**
 * An agency's questionnaire runs in a sandbox: the page gets an opaque origin, so nothing in it
 * can act with the viewer's session (no cookies sent, no same-origin requests, no storage),
 * whatever its HTML. The form still works: it only draws and previews, it sends nothing.
 */
export const PREVIEW_SANDBOX = "sandbox allow-scripts";
// Without the Remix runtime (it needs same-origin storage and requests): the form is the page's
// one script, as on the survey page, and links are plain page loads.
export const handle = { hydrate: false };
export const headers: HeadersFunction = () => ({ "Content-Security-Policy": PREVIEW_SANDBOX });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} — Hài Lòng` : "Hài Lòng" },
];

export default function QuestionnairePreview() {
  const d = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = translator(locale);
  return (
    <>
      <h1>{d.title}</h1>
      <dl className="card">
        <dt>{t("catalog.slug")}</dt>
        <dd>
          {d.slug} · {t("catalog.version")} {d.version}
        </dd>
        {d.issuedBy && (
          <>
            <dt>{t("catalog.issuedBy")}</dt>
            <dd>{[d.issuedBy, d.formNumber].filter(Boolean).join(", ")}</dd>
          </>
        )}
        {d.validFrom && (
          <>
            <dt>{t("catalog.validFrom")}</dt>
            <dd>{formatDate(`${d.validFrom}T00:00:00+07:00`)}</dd>
          </>
        )}
        {d.referenceSection && (
          <>
            <dt>{t("catalog.source")}</dt>
            <dd>{d.referenceSection}</dd>
          </>
        )}
      </dl>
      <div className="note">
        <strong>{t(`results.verification.${d.verification}`)}.</strong> {d.note}
      </div>
      <p className="note" role="note">
        {t("preview.banner")}
      </p>
      <SurveyIsland data={{ token: null, survey: d.survey, locale, texts: surveyTexts(locale) }} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
