/**
 * The one way a SurveyJS Model is made in the browser (survey page, preview, kiosk form).
 * The questionnaire's HTML was sanitised on the server (questionnaire-check.ts); here SurveyJS
 * is kept from adding markup of its own: answers it fills into HTML ({name}) are escaped first,
 * and no Markdown handler is registered, so titles and descriptions stay plain text.
 */
import { Model } from "survey-core";
import type { Locale } from "~/utils/i18n";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "{": "&#123;",
  "}": "&#125;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'{}]/g, (c) => ESCAPES[c]!);
}

export function createSurveyModel(survey: Record<string, unknown>, locale: Locale): Model {
  const m = new Model(survey);
  m.locale = locale;
  m.showCompletedPage = false;
  // The page's own h1 carries the questionnaire's title.
  m.showTitle = false;
  // onProcessHtml runs before SurveyJS substitutes {placeholders}: substitute them here, escaped.
  m.onProcessHtml.add((sender, options) => {
    options.html = options.html.replace(/\{[^{}]+\}/g, (placeholder) =>
      escapeHtml(sender.processText(placeholder, true)),
    );
  });
  return m;
}
