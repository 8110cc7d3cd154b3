/**
 * What each answer level of a scale means, read from the scale itself, never from list
 * order: a level is satisfied (scale.satisfied), not applicable (scale.notApplicable), the
 * neutral middle of an odd scale, or not satisfied. The counter's 2/1/0 scale (2 = "Rất hài
 * lòng") and the 1–5 Likert scale get the same colours for the same meanings.
 */
import type { LocalizedText, QuestionnaireDefinition, Scale } from "../questionnaire";
import { questionValues, surveyQuestion } from "../surveyjs";
import { levelPoints } from "./rates";

export type LevelMeaning = "satisfied" | "neutral" | "dissatisfied" | "notApplicable";

export interface LevelInfo {
  value: string;
  meaning: LevelMeaning;
  /** Within its meaning, 0 is the strongest: the best satisfied level, the worst dissatisfied one. */
  strength: number;
  /** The level's text on the first scored question ("Rất hài lòng"), when it has one. */
  label: LocalizedText | null;
}

/** Texts of the answer levels, from the first scored question's choices. */
export function levelLabels(definition: QuestionnaireDefinition): Map<string, LocalizedText> {
  const first = definition.scoring.items[0];
  const out = new Map<string, LocalizedText>();
  if (!first) return out;
  for (const c of questionValues(surveyQuestion(definition, first.question)))
    if (c.text !== c.value) out.set(c.value, c.text);
  return out;
}

export function scaleLevels(
  scale: Scale,
  labels: Map<string, LocalizedText> = new Map(),
): LevelInfo[] {
  const na = new Set(scale.notApplicable.map(String));
  const sat = new Set(scale.satisfied.map(String));
  const values = scale.levels.map(String);
  const points = (v: string) => levelPoints(scale, v) ?? 0;
  const valid = values.filter((v) => !na.has(v)).sort((a, b) => points(a) - points(b));
  // The middle of an odd number of valid levels is neutral unless it counts as satisfied
  // (1–5: 3 "Bình thường"; the counter's 0/1/2: 1 "Hài lòng" is satisfied).
  const middle = valid.length % 2 === 1 ? valid[(valid.length - 1) / 2] : undefined;
  const meaning = (v: string): LevelMeaning =>
    na.has(v)
      ? "notApplicable"
      : sat.has(v)
        ? "satisfied"
        : v === middle
          ? "neutral"
          : "dissatisfied";
  const satisfiedDesc = valid.filter((v) => meaning(v) === "satisfied").reverse();
  const dissatisfiedAsc = valid.filter((v) => meaning(v) === "dissatisfied");
  return values.map((value) => {
    const m = meaning(value);
    const strength =
      m === "satisfied"
        ? satisfiedDesc.indexOf(value)
        : m === "dissatisfied"
          ? dissatisfiedAsc.indexOf(value)
          : 0;
    return { value, meaning: m, strength, label: labels.get(value) ?? null };
  });
}

/** The levels of a questionnaire's own scale, with their texts. */
export function questionnaireLevels(definition: QuestionnaireDefinition): LevelInfo[] {
  return scaleLevels(definition.scoring.scale, levelLabels(definition));
}
