/**
 * What the respondent page hands to its script (enhance.entry.ts): a JSON data block, never
 * executed, beside the server-drawn form.
 */
import type { FormLogic } from "~/domain/form-logic";
import type { FormTexts } from "~/utils/form-texts";

export interface EnhanceData {
  token: string;
  locale: string;
  logic: FormLogic;
  texts: FormTexts;
  labels: { next: string; submit: string };
}

export const ENHANCE_DATA_ID = "hl-data";

/** JSON safe inside a <script> element: no "</script>" or "<!--" can close or bend it. */
export function enhanceJson(data: EnhanceData): string {
  return JSON.stringify(data).replace(/</g, "\\u003c");
}
