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
  const [sentBefore, setSentBefore] = useState(false);
  useEffect(() => {
    setHydrated(true);
    if (props.token && !props.preview) setSentBefore(wasSent(props.token));
  }, [props.token, props.preview]);
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
  if (sentBefore) {
    // Soft one-response-per-browser rule: a second person on the same phone may still answer.
    return (
      <div className="thanks" role="status">
        <h2>{t("survey.again.title")}</h2>
        <p>{t("survey.again.body")}</p>
        <button type="button" className="button" onClick={() => setSentBefore(false)}>
          {t("survey.again.action")}
        </button>
      </div>
    );
  }
  return (
    <>
      <Suspense fallback={loading}>
        <SurveyForm {...props} />
      </Suspense>
      {/* Honeypot: out of sight and out of the tab order; a filled one flags the response. */}
      <div aria-hidden="true" style={{ position: "absolute", left: "-10000px", top: "auto" }}>
        <label>
          Website
          <input type="url" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
        </label>
      </div>
    </>
  );
}

const sentKey = (token: string) => `hl:sent:${token}`;

/** Remembers on this browser that a response went through this link. */
export function markSent(token: string) {
  try {
    localStorage.setItem(sentKey(token), new Date().toISOString());
  } catch {
    // Private mode or storage full: the rule is soft anyway.
  }
}

function wasSent(token: string): boolean {
  try {
    return localStorage.getItem(sentKey(token)) !== null;
  } catch {
    return false;
  }
}
