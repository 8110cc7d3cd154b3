/**
 * The kiosk's one-tap screen, described as plain data: the rating question, its levels
 * (best first) and the follow-up reasons shown for low ratings. Built on the server from the
 * questionnaire (toQuickRating); the kiosk page renders it without SurveyJS.
 */
import { localize, type QuestionnaireDefinition } from "./questionnaire";
import { questionTitle, questionValues, surveyQuestion } from "./surveyjs";
import type { CompiledQuestionnaire } from "./validator";
export interface QuickLevel {
  /** The value stored in the answers (2 / 1 / 0 for the counter evaluation). */
  value: string | number;
  text: string;
  satisfied: boolean;
  /** -1 (saddest) … 1 (happiest): the face drawn on the button. */
  mood: number;
  /** Low ratings ask for reasons. */
  asksReasons: boolean;
}

export interface QuickRating {
  question: string;
  title: string;
  levels: QuickLevel[];
  reasons: {
    question: string;
    title: string;
    choices: Array<{ value: string | number; text: string }>;
  } | null;
}

/**
 * The one-tap screen of a questionnaire, or null when it needs the full form: the overall
 * rating (scoring option overallItem, else the first item) must be a rating or single-choice
 * question, answering it alone must be a complete response, and the follow-up reasons
 * (option reasonsQuestion) are shown exactly when the server's own validator shows them.
 */
export function toQuickRating(
  definition: QuestionnaireDefinition,
  compiled: CompiledQuestionnaire,
  locale: string,
): QuickRating | null {
  const options = definition.scoring.options as {
    overallItem?: unknown;
    reasonsQuestion?: unknown;
  };
  const item =
    definition.scoring.items.find((i) => i.code === options.overallItem) ??
    definition.scoring.items[0];
  if (!item || item.row !== undefined) return null;
  const q = surveyQuestion(definition, item.question);
  if (!q || (q.type !== "rating" && q.type !== "radiogroup")) return null;
  const values = questionValues(q);
  if (values.length < 2 || values.length > 5) return null;
  const scale = definition.scoring.scale;
  const satisfied = new Set(scale.satisfied.map(String));
  // Best first, by the scale's own order of levels when it lists them.
  const order = scale.levels.map(String);
  const sorted = [...values].sort((a, b) => {
    const ia = order.indexOf(a.value);
    const ib = order.indexOf(b.value);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  const reasonsName = typeof options.reasonsQuestion === "string" ? options.reasonsQuestion : null;
  const rq = reasonsName ? surveyQuestion(definition, reasonsName) : undefined;
  const reasonChoices = rq
    ? questionValues(rq).filter((c) => !["other", "none", "refused", "dontknow"].includes(c.value))
    : [];
  const levels = [];
  const good = sorted.filter((v) => satisfied.has(v.value));
  const bad = sorted.filter((v) => !satisfied.has(v.value));
  // Faces: satisfied levels smile (1 down to 0.4), the others frown (-0.3 down to -1).
  const lerp = (list: typeof sorted, v: (typeof sorted)[number], hi: number, lo: number) =>
    list.length <= 1 ? hi : hi - ((hi - lo) * list.indexOf(v)) / (list.length - 1);
  for (const v of sorted) {
    if (!compiled.validate({ [item.question]: v.raw }).ok) return null;
    let asksReasons = false;
    if (rq && reasonChoices.length > 0) {
      const r = compiled.validate({
        [item.question]: v.raw,
        [reasonsName!]: [reasonChoices[0]!.raw],
      });
      asksReasons = r.ok;
    }
    levels.push({
      value: v.raw as string | number,
      text: localize(v.text, locale),
      satisfied: satisfied.has(v.value),
      mood: satisfied.has(v.value)
        ? lerp(good, v, 1, 0.4)
        : lerp(bad, v, bad.length > 1 ? -0.3 : -1, -1),
      asksReasons,
    });
  }
  return {
    question: item.question,
    title: localize(questionTitle(q, item.question), locale),
    levels,
    reasons:
      rq && reasonsName && levels.some((l) => l.asksReasons)
        ? {
            question: reasonsName,
            title: localize(questionTitle(rq, reasonsName), locale),
            choices: reasonChoices.map((c) => ({
              value: c.raw as string | number,
              text: localize(c.text, locale),
            })),
          }
        : null,
  };
}
