/**
 * The UI texts the SurveyJS form needs around it, in one locale: handed to the form as data,
 * so the browser code that draws it (survey-form.client.tsx, the survey page's island) does
 * not bundle the whole translation table.
 */
import { translator, type Locale, type MessageKey } from "~/utils/i18n";

const SURVEY_KEYS = [
  "survey.loading",
  "survey.noscript",
  "survey.thanks.title",
  "survey.thanks.body",
  "survey.sending",
  "survey.error",
  "survey.retry",
  "survey.again.title",
  "survey.again.body",
  "survey.again.action",
  "preview.completed",
  "preview.answers",
] as const satisfies readonly MessageKey[];

export type SurveyTextKey = (typeof SURVEY_KEYS)[number];
export type SurveyTexts = Record<SurveyTextKey, string>;

export function surveyTexts(locale: Locale): SurveyTexts {
  const t = translator(locale);
  return Object.fromEntries(SURVEY_KEYS.map((k) => [k, t(k)])) as SurveyTexts;
}
