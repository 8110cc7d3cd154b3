/**
 * The respondent form's texts (messages/respondent.ts) in one locale, handed to the page as
 * data: they stay out of the translation table every page's JavaScript carries. Vietnamese
 * and English are built in; another language comes as a locale pack (surveys/locales/
 * <code>.json, read by services/locale-packs.server.ts), a missing text falling back to
 * Vietnamese.
 */
import { en, vi } from "./messages/respondent";

export type FormTextKey = keyof typeof vi;
export type FormTexts = Record<FormTextKey, string>;

export interface LocalePack {
  /** The language's own name, for the language switch ("ភាសាខ្មែរ"). */
  name: string;
  texts: Partial<Record<string, string>>;
}

export const BUILT_IN_NAMES: Record<string, string> = { vi: "Tiếng Việt", en: "English" };

export function formTexts(locale: string, pack?: LocalePack): FormTexts {
  if (locale === "en") return en;
  if (locale === "vi" || !pack) return vi;
  const out = { ...vi };
  for (const key of Object.keys(vi) as FormTextKey[]) {
    const v = pack.texts[key];
    if (typeof v === "string" && v.trim() !== "") out[key] = v;
  }
  return out;
}

/** "Trang {n}/{total}" with its values. */
export function fill(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
