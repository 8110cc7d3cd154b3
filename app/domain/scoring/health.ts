/**
 * Health (Bộ Y tế, QĐ 56/QĐ-BYT 2024 and the QĐ 3869/QĐ-BYT 2019 forms):
 * reference health-byt.md §9. The official formula text was not found [unverified];
 * every variant §9.2 lists is computed.
 *
 * - item rate: answers 4–5 ("tỷ lệ hài lòng", top-2-box) among valid answers 1–5;
 *   0 = "không sử dụng" is the scale's notApplicable and leaves both sides.
 * - section (element) rate: pooled over its valid answers (option `aggregation`).
 * - overall: the rate ("tỷ lệ hài lòng") T, the share of 4–5 pooled over all valid answers
 *   (option `overall`). Beside it, always, the index ("chỉ số hài lòng") H = M / 5 × 100,
 *   the MoH headline style (4.04/5 ↔ 80.8 %, the only form of the national figure seen
 *   [V-news]): §9.2 names them as two metrics, so both are shown under their own names and
 *   a target says which one it is set on (domain/targets.ts). 30 answers all "Hài lòng" (4):
 *   rate 100 %, index 80 %.
 * - indicators: mean score M (pooled) and M / 5 × 100; hài lòng toàn diện (respondents
 *   with at least `comprehensiveMinValid` valid answers, all 4–5); the per-respondent
 *   index (soyte variant) and the share of respondents whose own mean ≥ θ; G1 mean (not
 *   capped: > 100 % allowed); G2 distribution and the "chắc chắn quay lại" share; the
 *   cost item (E7/E5) distribution and its "tương xứng" share.
 */
import { distribution, levelShare, meanIndicator, shareIndicator } from "./indicators";
import type { ScoringMethodImpl } from "./method";
import {
  ALL_SATISFIED,
  numericAnswer,
  RESPONDENT_MEAN,
  ratedAnswers,
  ratioKey,
  valueKey,
  type Derived,
} from "./derive";
import { scoreStructure } from "./generic";
import { maxPoints, meanEstimate, numericValues, ratioValues } from "./rates";
import type { OptionReader } from "./options";
import { isTextInput, questionTitle, questionValues, surveyQuestion } from "../surveyjs";
import { elementItems, overallMean, type Context } from "./structure";
import type { Indicator, ItemResult } from "./types";
import { NO_COUNTS } from "./counts";

const GROUP = "health";

/** Mean score and mean/max over all items: the "điểm trung bình" and "chỉ số hài lòng (điểm/5)". */
export function meanScoreIndicators(ctx: Context, items: ItemResult[], group: string): Indicator[] {
  const m = overallMean(ctx, items);
  const n = elementItems(ctx, items).reduce((x, i) => Math.max(x, i.n), 0);
  const est = { n, mean: m.mean, low: m.meanLow, high: m.meanHigh };
  const max = maxPoints(ctx.definition.scoring.scale) ?? 5;
  return [
    meanIndicator(
      {
        code: "mean_score",
        group,
        title: { default: "Điểm hài lòng trung bình", en: "Mean satisfaction score" },
      },
      est,
      ctx.minN,
      { max },
    ),
    meanIndicator(
      {
        code: "index_score",
        group,
        title: {
          default: `Chỉ số hài lòng (điểm trung bình / ${max} × 100)`,
          en: `Satisfaction index (mean score / ${max} × 100)`,
        },
      },
      est,
      ctx.minN,
      { per: max },
    ),
  ];
}

/** Per-respondent means (`$respondent_mean…`): their mean / max, and the share ≥ θ. */
export function respondentIndicators(
  ctx: Context,
  key: string,
  threshold: number,
  group: string,
  codes: { index?: string; satisfied?: string },
): Indicator[] {
  const values = ratioValues(ctx.counts[key]);
  const out: Indicator[] = [];
  const max = maxPoints(ctx.definition.scoring.scale) ?? 5;
  if (codes.index)
    out.push(
      meanIndicator(
        {
          code: codes.index,
          group,
          key,
          title: {
            default: `Chỉ số hài lòng bình quân theo người trả lời (điểm/${max})`,
            en: `Satisfaction index averaged over respondents (score/${max})`,
          },
        },
        meanEstimate(values),
        ctx.minN,
        { per: max },
      ),
    );
  if (codes.satisfied) {
    const n = values.reduce((s, [, c]) => s + c, 0);
    const hit = values.reduce((s, [v, c]) => s + (v >= threshold - 1e-9 ? c : 0), 0);
    out.push(
      shareIndicator(
        {
          code: codes.satisfied,
          group,
          key,
          title: {
            default: `Tỷ lệ người trả lời có điểm trung bình ≥ ${threshold}`,
            en: `Respondents whose own mean score is ≥ ${threshold}`,
          },
        },
        hit,
        n,
        ctx.minN,
      ),
    );
  }
  return out;
}

/** Mean of a numeric question (from `$value.<q>`, or its own numeric answer values), as a % / 100. */
export function numericMeanIndicator(
  ctx: Context,
  question: string,
  code: string,
  group: string,
  cap: number | null,
): Indicator | undefined {
  const q = surveyQuestion(ctx.definition, question);
  const derived = ctx.counts[valueKey(question)];
  const key = derived ? valueKey(question) : question;
  let values = numericValues(ctx.counts[key]);
  if (!q && values.length === 0) return undefined;
  if (cap !== null) values = values.map(([v, c]) => [Math.min(v, cap), c]);
  return meanIndicator(
    { code, group, key, title: questionTitle(q, question) },
    meanEstimate(values),
    ctx.minN,
    {
      per: 100,
    },
  );
}

export const health: ScoringMethodImpl = {
  score(ctx) {
    const { counts, minN, opt, definition } = ctx;
    // Older catalog versions chose one headline ("rate" | "scoreIndex"); both are shown now.
    delete opt.raw.headline;
    const s = scoreStructure(ctx, { aggregation: "pooled", overall: "itemOrPooled" });
    const threshold = opt.number("respondentMeanThreshold", 4);
    readMinValid(opt);
    const g1 = opt.name("g1Question", "G1");
    const g1Cap = opt.optionalNumber("g1Cap", (n) => n > 0);
    const g2 = opt.name("g2Question", "G2");
    const g2Return = opt.levels("g2ReturnValues", [5]);
    const cost = opt.optionalName("costQuestion");
    const costOk = opt.levels("costCommensurateValues", [3]);
    const costBase = opt.levels("costBaseValues", [1, 2, 3, 4]);

    const indicators: Indicator[] = [...meanScoreIndicators(ctx, s.items, GROUP)];

    const all = counts[ALL_SATISFIED] ?? NO_COUNTS;
    indicators.push(
      shareIndicator(
        {
          code: "all_satisfied",
          group: GROUP,
          key: ALL_SATISFIED,
          level: "1",
          title: {
            default: "Tỷ lệ hài lòng toàn diện (hài lòng với mọi câu đã trả lời)",
            en: "Comprehensive satisfaction (satisfied on every item answered)",
          },
        },
        all["1"] ?? 0,
        (all["1"] ?? 0) + (all["0"] ?? 0),
        minN,
      ),
    );
    indicators.push(
      ...respondentIndicators(ctx, RESPONDENT_MEAN, threshold, GROUP, {
        index: "respondent_index",
        satisfied: "respondent_satisfied",
      }),
    );

    const g1Indicator = numericMeanIndicator(ctx, g1, "g1_mean", GROUP, g1Cap);
    if (g1Indicator) indicators.push(g1Indicator);

    const g2q = surveyQuestion(definition, g2);
    if (g2q) {
      const values = questionValues(g2q);
      const title = questionTitle(g2q, g2);
      indicators.push(
        ...distribution({ code: "g2", group: GROUP, key: g2, title, values }, counts, minN),
      );
      indicators.push(
        levelShare(
          { code: "g2_return", group: GROUP, key: g2, title },
          counts,
          values,
          g2Return,
          new Set(),
          minN,
        ),
      );
    }

    const cq = cost === null ? undefined : surveyQuestion(definition, cost);
    if (cost !== null && cq) {
      const values = questionValues(cq);
      const title = questionTitle(cq, cost);
      indicators.push(
        ...distribution({ code: "cost", group: GROUP, key: cost, title, values }, counts, minN),
      );
      // "tương xứng" among the answers that judge the price (1–4; 5 "không tự chi trả" and 6 "khác" left out)
      const base = values.filter((v) => costBase.includes(v.value));
      indicators.push(
        levelShare(
          { code: "cost_commensurate", group: GROUP, key: cost, title },
          counts,
          base,
          costOk,
          new Set(),
          minN,
        ),
      );
    }

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
    const minValid = readMinValid(opt);
    const rated = ratedAnswers(definition, answers, satisfied);
    if (rated.length >= minValid)
      out.push([ALL_SATISFIED, rated.every((r) => r.satisfied) ? "1" : "0"]);
    const ratio = ratioKey(rated);
    if (ratio) out.push([RESPONDENT_MEAN, ratio]);
    const g1 = opt.name("g1Question", "G1");
    if (isTextInput(surveyQuestion(definition, g1))) {
      const v = numericAnswer(answers[g1]);
      if (v !== undefined) out.push([valueKey(g1), String(v)]);
    }
    return out;
  },
};

/** k_min of "hài lòng toàn diện": valid answers a respondent needs to count (default 1). Applied at ingestion. */
function readMinValid(opt: OptionReader): number {
  return opt.number("comprehensiveMinValid", 1, (n) => Number.isInteger(n) && n >= 1);
}
