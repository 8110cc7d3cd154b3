/**
 * Respondent groups: the scoring option `respondentGroups` names profile questions (sex, age
 * band…) by which dashboards may split every rate. Each response that answers such a question
 * adds `$group.<question>` = its answer to the rollups (derive.ts lists the `$` keys); the
 * rollup layer then also counts all of that response's answers under (question, answer) in the
 * group rollup, so a group's rates come from counts like every other rate.
 *
 * Only single-choice questions can split (radiogroup, dropdown, boolean, rating): a group is a
 * value the form offers, so the dashboard can list the groups before any answer arrives.
 */
import { groupKey } from "#db/rollups/keys";
import { own } from "../dict";
import type { LocalizedText, QuestionnaireDefinition } from "../questionnaire";
import { questionTitle, questionValues, surveyQuestion } from "../surveyjs";
import type { Derived } from "./derive";
import { namesOf, type OptionReader } from "./options";

const SPLITTING_TYPES = new Set(["radiogroup", "dropdown", "boolean", "rating"]);

export interface RespondentGroup {
  question: string;
  title: LocalizedText;
  values: Array<{ value: string; text: LocalizedText }>;
}

/**
 * The usable respondent groups of a definition. With `opt`, records the option (so results
 * state it) and warns about names that are not single-choice questions of the form.
 */
export function respondentGroups(
  definition: QuestionnaireDefinition,
  opt?: OptionReader,
): RespondentGroup[] {
  const raw = definition.scoring.options.respondentGroups;
  if (raw === undefined) return [];
  const names = namesOf(raw);
  if (!names) {
    opt?.warn("respondentGroups", "expected a list of question names; ignored");
    return [];
  }
  const out: RespondentGroup[] = [];
  for (const name of names) {
    const q = surveyQuestion(definition, name);
    if (!q || !SPLITTING_TYPES.has(String(q.type))) {
      opt?.warn(
        "respondentGroups",
        `"${name}" is not a single-choice question of the form; skipped`,
      );
      continue;
    }
    out.push({
      question: name,
      title: questionTitle(q, name),
      values: questionValues(q).map((c) => ({ value: c.value, text: c.text })),
    });
  }
  opt?.set(
    "respondentGroups",
    out.map((g) => g.question),
  );
  return out;
}

const cache = new WeakMap<QuestionnaireDefinition, RespondentGroup[]>();

/** The `$group.` facts of one (validated) response. */
export function groupMarkers(
  definition: QuestionnaireDefinition,
  answers: Record<string, unknown>,
): Derived {
  let groups = cache.get(definition);
  if (!groups) cache.set(definition, (groups = respondentGroups(definition)));
  const out: Derived = [];
  for (const g of groups) {
    const v = own(answers, g.question);
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean")
      out.push([groupKey(g.question), String(v)]);
  }
  return out;
}
