/**
 * What surrounds the SurveyJS form in the browser, wherever it is drawn (the survey page's
 * island, the questionnaire preview): the soft one-response-per-browser rule and the
 * honeypot field. No translation table here: the texts come as data (survey-texts.ts).
 */
import { useState, type ReactNode } from "react";
import type { SurveyTexts } from "./survey-texts";

export function SurveyGate(props: {
  token: string | null;
  preview?: boolean;
  texts: SurveyTexts;
  children: ReactNode;
}) {
  const { token, preview, texts } = props;
  // Rendered in the browser only (never on the server), so localStorage can be read at once.
  const [sentBefore, setSentBefore] = useState(() => Boolean(token && !preview && wasSent(token)));
  if (sentBefore) {
    // Soft one-response-per-browser rule: a second person on the same phone may still answer.
    return (
      <div className="thanks" role="status">
        <h2>{texts["survey.again.title"]}</h2>
        <p>{texts["survey.again.body"]}</p>
        <button type="button" className="button" onClick={() => setSentBefore(false)}>
          {texts["survey.again.action"]}
        </button>
      </div>
    );
  }
  return (
    <>
      {props.children}
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
