/**
 * Education (Bộ GD&ĐT, QĐ 3476/QĐ-BGDĐT 2019, QĐ 2034/QĐ-BGDĐT 2023): reference
 * education-moet.md §5. The official formulas were not retrieved [UNVERIFIED]; the
 * reference's defaults and switches are implemented as options.
 *
 * - item: mean M_i and rate P_i = share of 4–5 among valid answers (§5.2 1–2).
 * - element: pooled rate (default, §5.2 4a) | mean of item rates | respondent-based
 *   (share of respondents whose own element mean ≥ θ, §5.2 4b); mean score pooled (§5.2 3).
 * - overall (headline, option `overall`): mean of the element rates (default, §5.2 5a,
 *   matches HCMC 2023) | "pooled" (5b) | "item" = the overall question `overallItem`,
 *   default HL1 (5c). All three are also indicators ("overall.elements",
 *   "overall.pooled", "overall.item") as §5.2 asks.
 * - mean score over the criteria (§5.2 6), and the expectation rate (§5.2 7): mean of a
 *   0–100 answer ("percent"), or the satisfied share of a Likert answer ("likert").
 * - Items outside every element (HL1) are not pooled with the criteria.
 */
import { rateIndicator } from "./indicators";
import type { ScoringMethodImpl } from "./method";
import {
  numericAnswer,
  ratedAnswers,
  ratioKey,
  respondentMeanKey,
  valueKey,
  type Derived,
} from "./derive";
import { meanScoreIndicators, numericMeanIndicator, respondentIndicators } from "./health";
import { combineRates, ratioValues, toRate } from "./rates";
import { isTextInput, surveyQuestion } from "../surveyjs";
import {
  elementItems,
  namedRate,
  overallRate,
  readOverall,
  scoreAspects,
  scoreElements,
  scoreItems,
  type Context,
} from "./structure";
import type { GroupResult, Indicator } from "./types";

const GROUP = "education";

/** Element rate from `$respondent_mean.<el>`: respondents whose own element mean ≥ θ. */
function respondentElement(ctx: Context, el: GroupResult, threshold: number): GroupResult {
  const values = ratioValues(ctx.counts[respondentMeanKey(el.code)]);
  const n = values.reduce((s, [, c]) => s + c, 0);
  const hit = values.reduce((s, [v, c]) => s + (v >= threshold - 1e-9 ? c : 0), 0);
  return { ...el, ...toRate(hit, n, ctx.minN), basis: "respondents", aggregation: "respondent" };
}

interface Expectation {
  question: string;
  format: "percent" | "likert";
}

/**
 * `expectations: {question, format}`: format "percent" (a 0–100 answer: its mean) or
 * "likert" (the satisfied share). Default question "HL2"; default format "percent"
 * for a text input, else "likert".
 */
function readExpectation(ctx: Context): Expectation {
  const raw = ctx.opt.object("expectations") ?? {};
  const question = typeof raw.question === "string" && raw.question !== "" ? raw.question : "HL2";
  const q = surveyQuestion(ctx.definition, question);
  let format: Expectation["format"] = isTextInput(q) ? "percent" : "likert";
  if (raw.format === "percent" || raw.format === "likert") format = raw.format;
  else if (raw.format !== undefined)
    ctx.opt.warn("expectations.format", `expected "percent" or "likert"; "${format}" used`);
  return ctx.opt.set("expectations", { question, format });
}

export const education: ScoringMethodImpl = {
  score(ctx) {
    const { opt, minN, definition } = ctx;
    const satisfied = opt.levels("satisfied", definition.scoring.scale.satisfied);
    const aggregation = opt.oneOf(
      "aggregation",
      ["pooled", "mean", "respondent"] as const,
      "pooled",
    );
    const threshold = opt.number("respondentMeanThreshold", 4);
    if (opt.raw.overallItem === undefined) opt.raw.overallItem = "HL1";
    const overallKind = readOverall(ctx, "elements");
    const expectation = readExpectation(ctx);

    const items = scoreItems(ctx, satisfied);
    let elements = scoreElements(ctx, items, aggregation === "mean" ? "mean" : "pooled");
    if (aggregation === "respondent")
      elements = elements.map((e) => respondentElement(ctx, e, threshold));
    const aspects = scoreAspects(ctx, elements, aggregation === "pooled" ? "pooled" : "mean");
    const overall = overallRate(ctx, overallKind, { items, elements, aspects, satisfied });

    // §5.2 5: compute and report every overall variant.
    const indicators: Indicator[] = [];
    if (elements.length > 0)
      indicators.push(
        rateIndicator(
          {
            code: "overall.elements",
            group: GROUP,
            title: {
              default: "Tỷ lệ hài lòng chung (trung bình các nhóm tiêu chí)",
              en: "Overall rate (mean of the element rates)",
            },
          },
          combineRates(elements, "mean", minN),
        ),
      );
    indicators.push(
      rateIndicator(
        {
          code: "overall.pooled",
          group: GROUP,
          title: {
            default: "Tỷ lệ hài lòng chung (gộp mọi câu trả lời)",
            en: "Overall rate (all answers pooled)",
          },
        },
        combineRates(elementItems(ctx, items), "pooled", minN),
      ),
    );
    const hl1 =
      overallKind.item === null ? undefined : namedRate(ctx, overallKind.item, items, satisfied);
    if (hl1)
      indicators.push(
        rateIndicator({ code: "overall.item", group: GROUP, key: hl1.key, title: hl1.title }, hl1),
      );
    indicators.push(...meanScoreIndicators(ctx, items, GROUP));
    indicators.push(
      ...respondentIndicators(ctx, respondentMeanKey(), threshold, GROUP, {
        satisfied: "respondent_satisfied",
      }),
    );

    if (expectation.format === "percent") {
      const ind = numericMeanIndicator(ctx, expectation.question, "expectation", GROUP, null);
      if (ind) indicators.push(ind);
    } else {
      const r = namedRate(ctx, expectation.question, items, satisfied);
      if (r)
        indicators.push(
          rateIndicator({ code: "expectation", group: GROUP, key: r.key, title: r.title }, r),
        );
    }

    return { items, elements, aspects, overall, indicators };
  },

  derive(definition, answers, opt) {
    const out: Derived = [];
    const satisfied = opt.levels("satisfied", definition.scoring.scale.satisfied);
    const all = ratioKey(ratedAnswers(definition, answers, satisfied));
    if (all) out.push([respondentMeanKey(), all]);
    for (const el of definition.scoring.elements) {
      const r = ratioKey(ratedAnswers(definition, answers, satisfied, new Set(el.items)));
      if (r) out.push([respondentMeanKey(el.code), r]);
    }
    const exp = opt.object("expectations");
    const eq = exp && typeof exp.question === "string" ? exp.question : "HL2";
    if (isTextInput(surveyQuestion(definition, eq))) {
      const v = numericAnswer(answers[eq]);
      if (v !== undefined) out.push([valueKey(eq), String(v)]);
    }
    return out;
  },
};
