/** Building blocks shared by every scoring method. */
import { itemKey, type QuestionnaireDefinition, type Scale, type ScoredItem } from "../questionnaire";
import { wilsonInterval } from "../statistics";
import type { CountTable, ItemResult, Rate } from "./types";

export const DEFAULT_MIN_N = 30;

export function toRate(satisfied: number, n: number, minN: number): Rate {
  const ci = wilsonInterval(satisfied, n);
  return {
    n,
    satisfied,
    rate: n > 0 ? satisfied / n : null,
    low: ci?.low ?? null,
    high: ci?.high ?? null,
    sufficient: n >= minN && n > 0,
  };
}

/** Pooled rate: all satisfied answers over all valid answers of the parts. */
export function pooled(parts: Rate[], minN: number): Rate {
  let s = 0;
  let n = 0;
  for (const p of parts) {
    s += p.satisfied;
    n += p.n;
  }
  return toRate(s, n, minN);
}

function levelPoints(scale: Scale, level: string): number | null {
  if (scale.points && level in scale.points) return scale.points[level] ?? null;
  const n = Number(level);
  return Number.isFinite(n) ? n : null;
}

export function scoreItem(
  item: ScoredItem,
  defaultScale: Scale,
  counts: CountTable,
  minN: number,
  title: ItemResult["title"],
): ItemResult {
  const scale = item.scale ?? defaultScale;
  const key = itemKey(item);
  const byValue = counts[key] ?? {};
  const na = new Set(scale.notApplicable.map(String));
  const sat = new Set(scale.satisfied.map(String));
  let n = 0;
  let satisfied = 0;
  let notApplicable = 0;
  let pointSum = 0;
  let pointN = 0;
  const levels = scale.levels.map((l) => {
    const value = String(l);
    const count = byValue[value] ?? 0;
    if (na.has(value)) notApplicable += count;
    else {
      n += count;
      if (sat.has(value)) satisfied += count;
      const pts = levelPoints(scale, value);
      if (pts !== null) {
        pointSum += pts * count;
        pointN += count;
      }
    }
    return { value, count };
  });
  return {
    ...toRate(satisfied, n, minN),
    code: item.code,
    key,
    title,
    levels,
    notApplicable,
    mean: pointN > 0 ? pointSum / pointN : null,
  };
}

/** Title of an item: its matrix row text or its question title, from the SurveyJS JSON. */
export function itemTitle(definition: QuestionnaireDefinition, item: ScoredItem): ItemResult["title"] {
  const q = findQuestion(definition.survey.pages, item.question);
  if (!q) return item.code;
  if (item.row !== undefined && Array.isArray(q.rows)) {
    const row = (q.rows as unknown[]).find(
      (r) => r && typeof r === "object" && String((r as { value: unknown }).value) === item.row,
    ) as { text?: ItemResult["title"] } | undefined;
    return row?.text ?? item.row;
  }
  return (q.title as ItemResult["title"] | undefined) ?? item.question;
}

type Json = Record<string, unknown>;
export function findQuestion(elements: unknown[], name: string): Json | undefined {
  for (const raw of elements) {
    if (!raw || typeof raw !== "object") continue;
    const el = raw as Json;
    if (el.name === name && el.type !== "panel") return el;
    if (Array.isArray(el.elements)) {
      const found = findQuestion(el.elements, name);
      if (found) return found;
    }
  }
  return undefined;
}
