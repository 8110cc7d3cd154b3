/**
 * Reading questions, titles, rows and answer values out of SurveyJS JSON (pure, no
 * survey-core). The one place that knows what answers a question can hold: the validator
 * and the scoring methods both ask here.
 */
import type { LocalizedText, QuestionnaireDefinition, ScoredItem } from "./questionnaire";

type Json = Record<string, unknown>;

export interface Choice {
  /** The value as a string: how rollups key it. */
  value: string;
  /** The value as the form stores it in answers (number codes stay numbers). */
  raw: string | number | boolean;
  text: LocalizedText;
}

/** A question (not a page or panel) by name, searched through pages and panels. */
export function findQuestion(elements: unknown[], name: string): Json | undefined {
  for (const raw of elements) {
    if (!raw || typeof raw !== "object") continue;
    const el = raw as Json;
    if (el.name === name && typeof el.type === "string" && el.type !== "panel") return el;
    if (Array.isArray(el.elements)) {
      const found = findQuestion(el.elements, name);
      if (found) return found;
    }
  }
  return undefined;
}

export function surveyQuestion(
  definition: QuestionnaireDefinition,
  name: string,
): Json | undefined {
  return findQuestion(definition.survey.pages, name);
}

function text(v: unknown, fallback: string): LocalizedText {
  if (typeof v === "string" && v !== "") return v;
  if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, string>;
  return fallback;
}

function choiceOf(raw: unknown): Choice | undefined {
  if (typeof raw === "string" || typeof raw === "number")
    return { value: String(raw), raw, text: String(raw) };
  if (raw && typeof raw === "object" && "value" in raw) {
    const v = (raw as Json).value;
    if (typeof v === "string" || typeof v === "number")
      return { value: String(v), raw: v, text: text((raw as Json).text, String(v)) };
  }
  return undefined;
}

function choices(list: unknown): Choice[] {
  return Array.isArray(list) ? list.map(choiceOf).filter((c): c is Choice => c !== undefined) : [];
}

export function questionTitle(q: Json | undefined, name: string): LocalizedText {
  return text(q?.title, name);
}

/** Matrix rows. */
export function questionRows(q: Json | undefined): Choice[] {
  return choices(q?.rows);
}

export function isMatrix(q: Json | undefined): boolean {
  return q?.type === "matrix";
}

export function isMultiSelect(q: Json | undefined): boolean {
  return q?.type === "checkbox" || q?.type === "tagbox";
}

export function isTextInput(q: Json | undefined): boolean {
  return q?.type === "text";
}

/**
 * The answer values a question can store, in display order: matrix columns, choices
 * (with the special items SurveyJS adds), rating values, or true/false.
 */
export function questionValues(q: Json | undefined): Choice[] {
  if (!q) return [];
  if (q.type === "matrix") return choices(q.columns);
  if (q.type === "boolean") {
    const scalar = (v: unknown, d: boolean) =>
      typeof v === "string" || typeof v === "number" ? v : d;
    const t = scalar(q.valueTrue, true);
    const f = scalar(q.valueFalse, false);
    return [
      { value: String(t), raw: t, text: text(q.labelTrue, String(t)) },
      { value: String(f), raw: f, text: text(q.labelFalse, String(f)) },
    ];
  }
  if (q.type === "rating") {
    const rv = choices(q.rateValues);
    if (rv.length > 0) return rv;
    const min = typeof q.rateMin === "number" ? q.rateMin : 1;
    const step = typeof q.rateStep === "number" && q.rateStep > 0 ? q.rateStep : 1;
    const max =
      typeof q.rateMax === "number"
        ? q.rateMax
        : min + step * ((typeof q.rateCount === "number" ? q.rateCount : 5) - 1);
    const out: Choice[] = [];
    for (let v = min; v <= max + 1e-9; v += step) {
      const n = Math.round(v * 1e6) / 1e6;
      out.push({ value: String(n), raw: n, text: String(n) });
    }
    return out;
  }
  const out = choices(q.choices);
  const special = (value: string, label: unknown) =>
    out.push({ value, raw: value, text: text(label, value) });
  if (q.showOtherItem === true || q.hasOther === true) special("other", q.otherText);
  if (q.showNoneItem === true || q.hasNone === true) special("none", q.noneText);
  if (q.showRefuseItem === true) special("refused", q.refuseText);
  if (q.showDontKnowItem === true) special("dontknow", q.dontKnowText);
  return out;
}

/** Title of a scored item: its matrix row text or its question title. */
export function itemTitle(definition: QuestionnaireDefinition, item: ScoredItem): LocalizedText {
  const q = surveyQuestion(definition, item.question);
  if (!q) return item.code;
  if (item.row !== undefined) {
    return questionRows(q).find((r) => r.value === item.row)?.text ?? item.row;
  }
  return questionTitle(q, item.question);
}

/** Join texts per locale ("Câu 1 — Rất quan tâm"), keeping every locale either side has. */
export function joinText(parts: LocalizedText[], sep = " — "): LocalizedText {
  if (parts.every((p) => typeof p === "string")) return (parts as string[]).join(sep);
  const locales = new Set<string>(["default"]);
  for (const p of parts) if (typeof p !== "string") for (const k of Object.keys(p)) locales.add(k);
  const out: Record<string, string> = {};
  for (const loc of locales) {
    out[loc] = parts
      .map((p) =>
        typeof p === "string" ? p : (p[loc] ?? p.default ?? p.vi ?? Object.values(p)[0] ?? ""),
      )
      .join(sep);
  }
  return out;
}
