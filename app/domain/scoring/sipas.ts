/**
 * SIPAS (Bộ Nội vụ, QĐ 1001/QĐ-BNV 2023–2026): reference sipas-and-one-stop.md §5.1,
 * whose computation is [RECONSTRUCTED]; hence the options.
 *
 * - item: share of the `topBox` levels (default 4–5) among valid answers.
 * - element: mean of its item rates; aspect: mean of its element rates; SIPAS index
 *   (`overall`): mean of the aspects, or of the elements when the form has no aspects
 *   (option `aggregation` "mean" | "pooled", `overall`). Consistent with Hà Nội 2024:
 *   86.50 = (86.51 + 86.49) / 2.
 * - 2017–2020 variant (§5.2, [UNVERIFIED]): define each element with its one overall
 *   satisfaction question as its only item; element = that item's rate, index = mean
 *   of the elements. No separate code path is needed.
 * - perception (nhận định) and expectation (mong đợi) indicators [RECONSTRUCTED]: % per
 *   level and the "positive" share (levels 3–4) of the 4-level matrices (Câu 1, 3, 7),
 *   % per channel of the multi-select Câu 2 (denominator = respondents who answered
 *   it), % per option (Câu 4–6), % "Có" (Câu 8); Câu 10 expectations with % per level,
 *   positive and top-level shares, ranked.
 * - `serviceUserFilter` (§5.1 variant 2, [UNVERIFIED]): score the listed elements only
 *   on respondents who used a centre (Câu 8 rows 3/4 = Có), from `$users.` rollups.
 */
import type { LocalizedText } from "../questionnaire";
import { distribution, levelShare, multiChoice, rank } from "./indicators";
import type { ScoringMethodImpl } from "./method";
import { isObject, levelsOf, namesOf, asStrings, type Level, type OptionReader } from "./options";
import { answerOf, answeredMulti, usersKey, type Derived } from "./derive";
import { scoreStructure } from "./generic";
import { itemKey, type QuestionnaireDefinition } from "../questionnaire";
import {
  isMatrix,
  isMultiSelect,
  joinText,
  questionRows,
  questionTitle,
  questionValues,
  surveyQuestion,
} from "../surveyjs";
import type { Context } from "./structure";
import type { Indicator } from "./types";

const DEFAULT_POSITIVE: Level[] = [3, 4];

interface Filter {
  enabled: boolean;
  question: string;
  rows: string[];
  level: string;
  elements: string[];
}

/** serviceUserFilter: {enabled, question, rows, level, elements}; undefined when unusable. */
function readFilter(opt: OptionReader, record: boolean): Filter | undefined {
  const raw = opt.object("serviceUserFilter");
  if (!raw) return undefined;
  const rows = levelsOf(raw.rows);
  const elements = namesOf(raw.elements);
  const level = raw.level;
  if (
    typeof raw.question !== "string" ||
    !rows ||
    !elements ||
    !(typeof level === "string" || typeof level === "number")
  ) {
    if (record) opt.warn("serviceUserFilter", "needs question, rows, level and elements; ignored");
    return undefined;
  }
  const f: Filter = {
    enabled: raw.enabled === true,
    question: raw.question,
    rows: asStrings(rows),
    level: String(level),
    elements,
  };
  if (record) opt.set("serviceUserFilter", { ...f, rows, level });
  return f;
}

function filteredCodes(definition: QuestionnaireDefinition, f: Filter): Set<string> {
  const codes = new Set<string>();
  for (const el of definition.scoring.elements)
    if (f.elements.includes(el.code)) for (const c of el.items) codes.add(c);
  return codes;
}

function isServiceUser(answers: Record<string, unknown>, f: Filter): boolean {
  return f.rows.some((row) => answerOf(answers, { question: f.question, row }) === f.level);
}

const POSITIVE_TEXT = (levels: string[]): LocalizedText => ({
  default: `tích cực (mức ${levels.join(", ")})`,
  en: `positive (levels ${levels.join(", ")})`,
});

interface PerceptionEntry {
  question: string;
  positiveLevels?: string[];
}

function entries(v: unknown, opt: OptionReader, where: string): PerceptionEntry[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    opt.warn(where, "expected a list of question names; ignored");
    return [];
  }
  const out: PerceptionEntry[] = [];
  for (const e of v) {
    if (typeof e === "string" && e !== "") out.push({ question: e });
    else if (isObject(e) && typeof e.question === "string") {
      const pl = levelsOf(e.positiveLevels);
      out.push({ question: e.question, ...(pl ? { positiveLevels: asStrings(pl) } : {}) });
    } else opt.warn(where, `unusable entry ${JSON.stringify(e)}; ignored`);
  }
  return out;
}

function perception(ctx: Context, nonResponse: Set<string>): Indicator[] {
  const { opt, definition, counts, minN } = ctx;
  const cfg = opt.object("perception");
  if (!cfg) return [];
  const out: Indicator[] = [];
  const seen = new Set<string>();
  const push = (list: Indicator[]) => {
    for (const i of list) {
      if (seen.has(i.code)) continue;
      seen.add(i.code);
      out.push(i);
    }
  };
  const positive = asStrings(levelsOf(cfg.positiveLevels) ?? DEFAULT_POSITIVE);
  const used: Record<string, unknown> = {
    positiveLevels: levelsOf(cfg.positiveLevels) ?? DEFAULT_POSITIVE,
  };
  const group = "perception";

  const byType = (e: PerceptionEntry, forceDistribution: boolean) => {
    const q = surveyQuestion(definition, e.question);
    if (!q) return opt.warn("perception", `question "${e.question}" is not in the form; skipped`);
    const values = questionValues(q);
    const base = `perception.${e.question}`;
    if (isMatrix(q)) {
      const levels = e.positiveLevels ?? positive;
      const hasLevels = levels.every((l) => values.some((v) => v.value === l));
      for (const row of questionRows(q)) {
        const key = `${e.question}.${row.value}`;
        const code = `${base}.${row.value}`;
        push(
          distribution(
            { code, group, key, title: row.text, values, exclude: nonResponse },
            counts,
            minN,
          ),
        );
        if (!forceDistribution && hasLevels)
          push([
            levelShare(
              {
                code: `${code}.positive`,
                group,
                key,
                title: joinText([row.text, POSITIVE_TEXT(levels)]),
              },
              counts,
              values,
              levels,
              nonResponse,
              minN,
            ),
          ]);
      }
    } else if (isMultiSelect(q)) {
      push(multiChoice(ctx, e.question, base, group, values));
    } else {
      const title = questionTitle(q, e.question);
      push(
        distribution(
          { code: base, group, key: e.question, title, values, exclude: nonResponse },
          counts,
          minN,
        ),
      );
      if (e.positiveLevels)
        push([
          levelShare(
            {
              code: `${base}.positive`,
              group,
              key: e.question,
              title: joinText([title, POSITIVE_TEXT(e.positiveLevels)]),
            },
            counts,
            values,
            e.positiveLevels,
            nonResponse,
            minN,
          ),
        ]);
    }
  };

  const questions = entries(cfg.questions, opt, "perception.questions");
  for (const e of questions) byType(e, false);
  used.questions = questions.map((e) => (e.positiveLevels ? e : e.question));

  const multi = entries(cfg.multiChoice, opt, "perception.multiChoice");
  for (const e of multi) {
    const q = surveyQuestion(definition, e.question);
    if (!q) opt.warn("perception", `question "${e.question}" is not in the form; skipped`);
    else push(multiChoice(ctx, e.question, `perception.${e.question}`, group, questionValues(q)));
  }
  used.multiChoice = multi.map((e) => e.question);

  const dist = entries(cfg.distribution, opt, "perception.distribution");
  for (const e of dist) byType(e, true);
  used.distribution = dist.map((e) => e.question);

  const exp = cfg.experience;
  const expList = Array.isArray(exp) ? exp : exp === undefined ? [] : [exp];
  const expUsed: unknown[] = [];
  for (const x of expList) {
    const q =
      isObject(x) && typeof x.question === "string"
        ? surveyQuestion(definition, x.question)
        : undefined;
    const yes = isObject(x) ? (x.yesLevel ?? 1) : undefined;
    if (
      !isObject(x) ||
      !q ||
      !isMatrix(q) ||
      !(typeof yes === "string" || typeof yes === "number")
    ) {
      opt.warn(
        "perception.experience",
        "needs {question (a matrix in the form), yesLevel}; skipped",
      );
      continue;
    }
    const name = x.question as string;
    const values = questionValues(q);
    const yesText = values.find((v) => v.value === String(yes))?.text ?? String(yes);
    for (const row of questionRows(q)) {
      push([
        levelShare(
          {
            code: `perception.${name}.${row.value}.yes`,
            group,
            key: `${name}.${row.value}`,
            title: joinText([row.text, yesText]),
          },
          counts,
          values,
          [String(yes)],
          nonResponse,
          minN,
        ),
      ]);
    }
    expUsed.push({ question: name, yesLevel: yes });
  }
  used.experience = expUsed;
  opt.set("perception", used);
  return out;
}

function expectations(ctx: Context, nonResponse: Set<string>): Indicator[] {
  const { opt, definition, counts, minN } = ctx;
  const cfg = opt.object("expectations");
  if (!cfg) return [];
  const name = cfg.question;
  const q = typeof name === "string" ? surveyQuestion(definition, name) : undefined;
  if (typeof name !== "string" || !q) {
    opt.warn("expectations", "question missing or not in the form; skipped");
    return [];
  }
  const group = "expectation";
  const values = questionValues(q).filter((v) => !nonResponse.has(v.value));
  const rankBy = cfg.rankBy === "top" ? "top" : "positive";
  if (cfg.rankBy !== undefined && cfg.rankBy !== "top" && cfg.rankBy !== "positive")
    opt.warn("expectations.rankBy", 'expected "positive" or "top"; "positive" used');

  if (isMultiSelect(q)) {
    // A "choose your priorities" question (2017–2020 form): rank the % choosing each.
    const list = multiChoice(ctx, name, `expectation.${name}`, group, values);
    rank(list);
    opt.set("expectations", { question: name, rankBy: "chosen" });
    return list;
  }
  if (!isMatrix(q)) {
    opt.warn("expectations", `question "${name}" is neither a matrix nor a multi-select; skipped`);
    return [];
  }
  const positiveRaw = levelsOf(cfg.positiveLevels) ?? DEFAULT_POSITIVE;
  const positive = asStrings(positiveRaw);
  const lastValue = values[values.length - 1]?.value;
  const numeric = (v: string | undefined) =>
    v !== undefined && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  const topRaw =
    typeof cfg.topLevel === "string" || typeof cfg.topLevel === "number"
      ? cfg.topLevel
      : numeric(lastValue);
  const top = topRaw === undefined ? undefined : String(topRaw);
  const out: Indicator[] = [];
  const ranked: Indicator[] = [];
  for (const row of questionRows(q)) {
    const key = `${name}.${row.value}`;
    const code = `expectation.${name}.${row.value}`;
    out.push(
      ...distribution(
        { code, group, key, title: row.text, values, exclude: nonResponse },
        counts,
        minN,
      ),
    );
    const pos = levelShare(
      {
        code: `${code}.positive`,
        group,
        key,
        title: joinText([row.text, POSITIVE_TEXT(positive)]),
      },
      counts,
      values,
      positive,
      nonResponse,
      minN,
    );
    out.push(pos);
    if (rankBy === "positive") ranked.push(pos);
    if (top !== undefined) {
      const topText = values.find((v) => v.value === top)?.text ?? top;
      const t = levelShare(
        { code: `${code}.top`, group, key, title: joinText([row.text, topText]) },
        counts,
        values,
        [top],
        nonResponse,
        minN,
      );
      out.push(t);
      if (rankBy === "top") ranked.push(t);
    }
  }
  rank(ranked);
  opt.set("expectations", {
    question: name,
    positiveLevels: positiveRaw,
    topLevel: topRaw ?? null,
    rankBy,
  });
  return out;
}

export const sipas: ScoringMethodImpl = {
  score(ctx) {
    const { opt, definition } = ctx;
    const filter = readFilter(opt, true);
    const codes = filter?.enabled ? filteredCodes(definition, filter) : new Set<string>();
    const s = scoreStructure(
      ctx,
      { aggregation: "mean", overall: "aspects" },
      {
        satisfiedKey: "topBox",
        keyFor: (item) => (codes.has(item.code) ? usersKey(itemKey(item)) : undefined),
      },
    );
    const nr = opt.raw.nonResponse;
    const nonResponse = new Set(
      Array.isArray(nr) && nr.every((x) => typeof x === "string" || typeof x === "number")
        ? opt.set("nonResponse", nr).map(String)
        : opt.set("nonResponse", definition.scoring.scale.notApplicable).map(String),
    );
    if (nr !== undefined && !Array.isArray(nr))
      opt.warn("nonResponse", "expected a list of answer values; default used");
    const indicators = [...perception(ctx, nonResponse), ...expectations(ctx, nonResponse)];
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
    const cfg = opt.object("perception");
    const multi = new Set<string>();
    if (cfg) {
      for (const list of [cfg.questions, cfg.multiChoice])
        if (Array.isArray(list))
          for (const e of list) {
            const name =
              typeof e === "string"
                ? e
                : isObject(e) && typeof e.question === "string"
                  ? e.question
                  : undefined;
            if (name && isMultiSelect(surveyQuestion(definition, name))) multi.add(name);
          }
    }
    const exp = opt.object("expectations");
    if (
      exp &&
      typeof exp.question === "string" &&
      isMultiSelect(surveyQuestion(definition, exp.question))
    )
      multi.add(exp.question);
    out.push(...answeredMulti(multi, answers));
    const filter = readFilter(opt, false);
    if (filter && isServiceUser(answers, filter)) {
      const codes = filteredCodes(definition, filter);
      for (const item of definition.scoring.items) {
        if (!codes.has(item.code)) continue;
        const v = answerOf(answers, item);
        if (v !== undefined) out.push([usersKey(itemKey(item)), v]);
      }
    }
    return out;
  },
};
