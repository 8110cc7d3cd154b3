/**
 * The one way a SurveyJS Model is made in the browser (survey page, preview, kiosk form).
 * The questionnaire's HTML was sanitised on the server (questionnaire-check.ts); here SurveyJS
 * is kept from adding markup of its own: an answer it fills into a text or an html element
 * ({name}) cannot open a tag, and no Markdown handler is registered, so titles stay plain text.
 */
import { Model } from "survey-core";
import type { Locale } from "~/utils/i18n";

/**
 * An answer as SurveyJS may print it: "<" and ">" become "‹" and "›", which read the same in
 * a title and can start no tag in HTML (the checker keeps placeholders out of attributes).
 */
export function neutralise(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.replace(/</g, "‹").replace(/>/g, "›");
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => neutralise(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, neutralise(v, depth + 1)]));
}

export function createSurveyModel(survey: Record<string, unknown>, locale: Locale): Model {
  const m = new Model(survey);
  m.locale = locale;
  m.showCompletedPage = false;
  // The page's own h1 carries the questionnaire's title.
  m.showTitle = false;
  m.onProcessDynamicText.add((_, options) => {
    options.value = neutralise(options.value);
  });
  return m;
}
