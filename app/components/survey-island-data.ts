/**
 * What the survey page's server-rendered HTML hands to its island script
 * (survey-island.tsx writes it, survey-island.entry.tsx reads it): a JSON data block,
 * never executed, next to the element the form is drawn into.
 */
import type { Locale } from "~/utils/i18n";
import type { SurveyTexts } from "./survey-texts";

export interface SurveyIslandData {
  /** null: a preview (/questionnaires/:slug), which sends nothing. */
  token: string | null;
  survey: Record<string, unknown>;
  locale: Locale;
  /** The form's texts in this locale only. */
  texts: SurveyTexts;
}

export const ISLAND_ROOT_ID = "survey-island";
export const ISLAND_DATA_ID = "survey-island-data";

/** JSON safe inside a <script> element: no "</script>" or "<!--" can close or bend it. */
export function islandJson(data: SurveyIslandData): string {
  return JSON.stringify(data).replace(/</g, "\\u003c");
}

export function readIslandData(doc: Document): SurveyIslandData {
  const el = doc.getElementById(ISLAND_DATA_ID);
  if (!el?.textContent) throw new Error(`#${ISLAND_DATA_ID} is missing`);
  return JSON.parse(el.textContent) as SurveyIslandData;
}
