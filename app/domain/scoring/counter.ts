/**
 * One-stop counter (per-transaction rating): reference sipas-and-one-stop.md §5.4–5.5.
 *
 * - criterion (item): share of the satisfied levels (Rất hài lòng + Hài lòng) among
 *   valid answers. Overall: the rate of the `overallItem` ("Đánh giá tổng thể") when
 *   set, else pooled over every criterion (options `overall`, `aggregation`). This is
 *   the Thanh Hóa `satisfaction_rate = pct_RHL + pct_HL` [TRANSCRIBED-3P].
 * - `reasonsQuestion`: % of each reason for dissatisfaction among the forms that gave one.
 * - TT 01/2018/TT-VPCP Art. 13 (9 indices, 0/1/2 points, maximum 18): for the questions
 *   mapped by `tt01Indices`, the mean points per index (`avg_i`) and the sum of the
 *   means over the indices present (`agency_total`), as the Thanh Hóa aggregation
 *   [TRANSCRIBED-3P]. Classified with `tt01Classes` (reference's recommended
 *   thresholds; the TT 01 thresholds themselves are [UNVERIFIED]) only when all nine
 *   indices have data: a total over fewer indices has a smaller maximum.
 * - QĐ 766/QĐ-TTg indicator 5.4: rate = 100 % − share of "không hài lòng" [SECONDARY],
 *   points = max at ≥ 90 %, else rate × max / 90 % [TRANSCRIBED-3P]. Only the citizen
 *   ratings are known here: the official rate also deducts overdue dossiers and
 *   complaints, which come from the one-stop system, not from this survey.
 */
import type { LocalizedText } from "../questionnaire";
import { multiChoice, rateIndicator } from "./indicators";
import type { ScoringMethodImpl } from "./method";
import { isObject, type OptionReader } from "./options";
import { ANY_DISSATISFIED, answeredMulti, ratedAnswers, type Derived } from "./derive";
import { scoreStructure } from "./generic";
import { combine, meanEstimate, toRate } from "./rates";
import {
  isMultiSelect,
  joinText,
  questionTitle,
  questionValues,
  surveyQuestion,
} from "../surveyjs";
import type { Context } from "./structure";
import type { Indicator, Rate } from "./types";
import type { QuestionnaireDefinition, Scale } from "../questionnaire";
import { NO_COUNTS } from "./counts";

export interface Tt01Class {
  min: number;
  label: LocalizedText;
}

/** Recommended by the reference (§5.4): [15,18] Xuất sắc, [12,15) Tốt, [9,12) Khá, [6,9) Trung bình, [0,6) Yếu. */
export const TT01_CLASSES: Tt01Class[] = [
  { min: 15, label: { default: "Xuất sắc", en: "Excellent" } },
  { min: 12, label: { default: "Tốt", en: "Good" } },
  { min: 9, label: { default: "Khá", en: "Fair" } },
  { min: 6, label: { default: "Trung bình", en: "Average" } },
  { min: 0, label: { default: "Yếu", en: "Poor" } },
];
export const TT01_INDEX_COUNT = 9;
export const QD766_MAX_POINTS = 6;
export const QD766_FULL_AT = 0.9;

/** Default dissatisfied levels: the valid levels that are not satisfied. */
function dissatisfiedLevels(scale: Scale, satisfied: string[]): string[] {
  const na = new Set(scale.notApplicable.map(String));
  const sat = new Set(satisfied);
  return scale.levels.map(String).filter((l) => !na.has(l) && !sat.has(l));
}

function readDissatisfied(
  definition: QuestionnaireDefinition,
  opt: OptionReader,
  satisfied: string[],
): string[] {
  return opt.levels("dissatisfied", dissatisfiedLevels(definition.scoring.scale, satisfied));
}

function readTt01Indices(opt: OptionReader): Array<[question: string, index: number]> {
  const raw = opt.object("tt01Indices");
  const out: Array<[string, number]> = [];
  const seen = new Set<number>();
  for (const [q, i] of Object.entries(raw ?? {})) {
    if (typeof i !== "number" || !Number.isInteger(i) || i < 1 || i > TT01_INDEX_COUNT) {
      opt.warn(
        "tt01Indices",
        `"${q}": index must be a whole number 1–${TT01_INDEX_COUNT}; ignored`,
      );
    } else if (seen.has(i)) {
      opt.warn("tt01Indices", `"${q}": index ${i} is mapped twice; ignored`);
    } else {
      seen.add(i);
      out.push([q, i]);
    }
  }
  out.sort((a, b) => a[1] - b[1]);
  opt.set("tt01Indices", Object.fromEntries(out));
  return out;
}

function readTt01Classes(opt: OptionReader): Tt01Class[] {
  const raw = opt.raw.tt01Classes;
  let classes = TT01_CLASSES;
  if (raw !== undefined && raw !== null) {
    const ok =
      Array.isArray(raw) &&
      raw.length > 0 &&
      raw.every(
        (c) =>
          isObject(c) &&
          typeof c.min === "number" &&
          Number.isFinite(c.min) &&
          (typeof c.label === "string" || isObject(c.label)),
      );
    if (ok) classes = (raw as Tt01Class[]).slice().sort((a, b) => b.min - a.min);
    else opt.warn("tt01Classes", "expected a list of {min, label}; default used");
  }
  return opt.set("tt01Classes", classes);
}

function readFullAt(opt: OptionReader): number {
  // Accept 0.9 or 90 (percent).
  const raw = opt.raw.qd766FullAt;
  if (typeof raw === "number" && raw > 1 && raw <= 100) return opt.set("qd766FullAt", raw / 100);
  return opt.number("qd766FullAt", QD766_FULL_AT, (n) => n > 0 && n <= 1);
}

function tt01(ctx: Context, indices: Array<[string, number]>, classes: Tt01Class[]): Indicator[] {
  const out: Indicator[] = [];
  const parts: Array<{
    value: number;
    low: number | null;
    high: number | null;
    weight: number;
    n: number;
  }> = [];
  for (const [question, index] of indices) {
    const byValue = ctx.counts[question] ?? NO_COUNTS;
    const pairs: Array<[number, number]> = (["0", "1", "2"] as const).map((p) => [
      Number(p),
      byValue[p] ?? 0,
    ]);
    const est = meanEstimate(pairs.filter(([, c]) => c > 0));
    out.push({
      code: `tt01.${index}`,
      group: "tt01",
      title: joinText(
        [`Chỉ số ${index}`, questionTitle(surveyQuestion(ctx.definition, question), question)],
        ": ",
      ),
      key: question,
      value: est.mean,
      unit: "points",
      max: 2,
      n: est.n,
      low: est.low,
      high: est.high,
      sufficient: est.n > 0 && est.n >= ctx.minN,
    });
    if (est.mean !== null)
      parts.push({ value: est.mean, low: est.low, high: est.high, weight: 1, n: est.n });
  }
  if (indices.length === 0) return out;
  const total = combine(parts);
  const n = parts.reduce((m, p) => Math.max(m, p.n), 0);
  const sufficient = n > 0 && n >= ctx.minN;
  const complete = parts.length === TT01_INDEX_COUNT;
  const label =
    complete && sufficient && total
      ? classes.find((c) => total.value >= c.min - 1e-9)?.label
      : undefined;
  out.push({
    code: "tt01.total",
    group: "tt01",
    title: {
      default: `Tổng điểm TT 01/2018 (${parts.length}/${TT01_INDEX_COUNT} chỉ số)`,
      en: `TT 01/2018 total score (${parts.length}/${TT01_INDEX_COUNT} indices)`,
    },
    value: total?.value ?? null,
    unit: "points",
    max: 2 * parts.length,
    n,
    low: total?.low ?? null,
    high: total?.high ?? null,
    sufficient,
    ...(label ? { label } : {}),
  });
  return out;
}

function qd766(
  ctx: Context,
  dissatisfied: string[],
  question: string | null,
  maxPts: number,
  fullAt: number,
): Indicator[] {
  let rate: Rate;
  let key: string;
  if (question) {
    const byValue = ctx.counts[question] ?? NO_COUNTS;
    const scale = ctx.definition.scoring.scale;
    const na = new Set(scale.notApplicable.map(String));
    const bad = new Set(dissatisfied);
    let n = 0;
    let d = 0;
    for (const l of scale.levels.map(String)) {
      if (na.has(l)) continue;
      n += byValue[l] ?? 0;
      if (bad.has(l)) d += byValue[l] ?? 0;
    }
    rate = toRate(n - d, n, ctx.minN);
    key = question;
  } else {
    const any = ctx.counts[ANY_DISSATISFIED] ?? NO_COUNTS;
    const n = (any["1"] ?? 0) + (any["0"] ?? 0);
    rate = toRate(any["0"] ?? 0, n, ctx.minN);
    key = ANY_DISSATISFIED;
  }
  const points = (r: number | null) =>
    r === null ? null : r >= fullAt ? maxPts : (r * maxPts) / fullAt;
  return [
    rateIndicator(
      {
        code: "qd766.rate",
        group: "qd766",
        key,
        title: {
          default: "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC (100% − tỷ lệ không hài lòng)",
          en: "Satisfaction with dossier handling (100 % − share dissatisfied)",
        },
      },
      rate,
    ),
    {
      code: "qd766.points",
      group: "qd766",
      key,
      title: {
        default: `Điểm chỉ số hài lòng QĐ 766 (tối đa ${maxPts}, đủ điểm khi ≥ ${Math.round(fullAt * 100)}%)`,
        en: `QĐ 766 satisfaction points (max ${maxPts}, full at ≥ ${Math.round(fullAt * 100)} %)`,
      },
      value: points(rate.rate),
      unit: "points",
      max: maxPts,
      n: rate.n,
      low: points(rate.low),
      high: points(rate.high),
      sufficient: rate.sufficient,
    },
  ];
}

export const counter: ScoringMethodImpl = {
  score(ctx) {
    const { opt, definition } = ctx;
    const s = scoreStructure(ctx, { aggregation: "pooled", overall: "itemOrPooled" });
    const dissatisfied = readDissatisfied(definition, opt, s.satisfied);
    const reasons = opt.optionalName("reasonsQuestion");
    const indices = readTt01Indices(opt);
    const classes = readTt01Classes(opt);
    const question = opt.optionalName("qd766Question");
    const maxPts = opt.number("qd766MaxPoints", QD766_MAX_POINTS, (n) => n > 0);
    const fullAt = readFullAt(opt);
    const indicators = [
      ...tt01(ctx, indices, classes),
      ...qd766(ctx, dissatisfied, question, maxPts, fullAt),
    ];
    const rq = reasons === null ? undefined : surveyQuestion(definition, reasons);
    if (reasons !== null && isMultiSelect(rq))
      indicators.push(...multiChoice(ctx, reasons, "reasons", "reasons", questionValues(rq)));
    else if (reasons !== null)
      opt.warn("reasonsQuestion", `"${reasons}" is not a multi-select in the form; skipped`);
    return {
      items: s.items,
      elements: s.elements,
      aspects: s.aspects,
      overall: s.overall,
      indicators,
    };
  },

  derive(definition, answers, opt) {
    const out: Derived = [];
    const satisfied = opt.levels("satisfied", definition.scoring.scale.satisfied);
    const bad = new Set(readDissatisfied(definition, opt, satisfied));
    const rated = ratedAnswers(definition, answers, satisfied);
    if (rated.length > 0) {
      const any = rated.some((r) =>
        r.item.scale
          ? dissatisfiedLevels(r.scale, r.scale.satisfied.map(String)).includes(r.value)
          : bad.has(r.value),
      );
      out.push([ANY_DISSATISFIED, any ? "1" : "0"]);
    }
    const reasons = opt.optionalName("reasonsQuestion");
    if (reasons !== null) out.push(...answeredMulti([reasons], answers));
    return out;
  },
};
