/**
 * Renders the SurveyJS form after hydration only, loading survey-core lazily: the server
 * sends the questionnaire JSON and a loading line (docs/decisions/003-client-only-surveyjs.md).
 * Used by the questionnaire preview, a hydrated Remix page; the respondent page /s/:token
 * is not hydrated and draws the same form with its own script (survey-island.tsx).
 */
import "survey-core/survey-core.fontless.min.css";
import { lazy, Suspense, useEffect, useState } from "react";
import type { Locale } from "~/utils/i18n";
import { SurveyGate } from "./survey-gate";
import { surveyTexts } from "./survey-texts";

const SurveyForm = lazy(() => import("./survey-form.client"));

export function ClientSurvey(props: {
  token: string | null;
  survey: Record<string, unknown>;
  locale: Locale;
  preview?: boolean;
}) {
  const texts = surveyTexts(props.locale);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const loading = <p role="status">{texts["survey.loading"]}</p>;
  if (!hydrated) {
    return (
      <>
        {loading}
        <noscript>
          <p>{texts["survey.noscript"]}</p>
        </noscript>
      </>
    );
  }
  return (
    <SurveyGate token={props.token} preview={props.preview} texts={texts}>
      <Suspense fallback={loading}>
        <SurveyForm {...props} texts={texts} />
      </Suspense>
    </SurveyGate>
  );
}
