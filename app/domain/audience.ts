/**
 * Who fills a form in (shared decision 1): a question marked `"audience": "surveyor"` is
 * filled by an interviewer or staff ("Mã số phiếu (BV quy định)", "Người phỏng vấn"). It
 * is shown only through links and kiosks made for interviewers; a self-completing
 * respondent never sees it, and the validator does not ask it of them. Pure.
 */
export type Audience = "respondent" | "surveyor";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The names of the questions marked for the surveyor, in form order. */
export function surveyorQuestions(survey: Json): string[] {
  const out: string[] = [];
  const visit = (elements: unknown) => {
    for (const el of Array.isArray(elements) ? elements : []) {
      if (!isObject(el)) continue;
      if (el.type !== "panel" && el.audience === "surveyor" && typeof el.name === "string")
        out.push(el.name);
      visit(el.elements);
    }
  };
  visit(survey.pages);
  return out;
}

export function isAudience(v: unknown): v is Audience {
  return v === "respondent" || v === "surveyor";
}
