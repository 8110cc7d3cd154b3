/**
 * Renders the SurveyJS form after hydration only, loading survey-core lazily: the server
 * sends the questionnaire JSON and a loading line (docs/decisions/003-client-only-surveyjs.md).
 */
import { lazy, Suspense, useEffect, useState } from "react";
import { translator, type Locale } from "~/utils/i18n";

const SurveyForm = lazy(() => import("./survey-form.client"));

export function ClientSurvey(props: {
  token: string | null;
  survey: Record<string, unknown>;
  locale: Locale;
  preview?: boolean;
}) {
  const t = translator(props.locale);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const loading = <p role="status">{t("survey.loading")}</p>;
  if (!hydrated) {
    return (
      <>
        {loading}
        <noscript>
          <p>{t("survey.noscript")}</p>
        </noscript>
      </>
    );
  }
  return (
    <Suspense fallback={loading}>
      <SurveyForm {...props} />
    </Suspense>
  );
}
