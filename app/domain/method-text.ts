/**
 * How a result was computed, in sentences for officials: the method with the settings it ran
 * with (QuestionnaireResult.options) said in words, and the questionnaire's source with its
 * verification status as a footnote. The results page, the report and the XLSX method sheet
 * print these; no setting is ever printed as code. The formulas live in scoring/* (one
 * implementation each); this only describes them.
 */
import { localize, type QuestionnaireDefinition, type QuestionnaireMeta } from "./questionnaire";
import type { FigureColumns } from "./figures";
import type { QuestionnaireResult } from "./scoring";
import { levelPoints } from "./scoring/rates";
import type { Metric } from "./targets";
import { questionnaireLevels, type LevelInfo } from "./scoring/levels";
import { respondentGroups } from "./scoring/groups";
import { questionTitle, surveyQuestion } from "./surveyjs";
import {
  formatNumber,
  formatPercent,
  translator,
  type Locale,
  type MessageKey,
} from "~/utils/i18n";

type T = ReturnType<typeof translator>;
type Options = Record<string, unknown>;

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** "G1", "Câu 10" from a title that starts with its own number; else the title in quotes. */
export function questionRef(definition: QuestionnaireDefinition, name: string, locale: Locale) {
  const title = localize(questionTitle(surveyQuestion(definition, name), name), locale).trim();
  const m = /^((?:Câu|Question)\s+\d+[a-z]?|[A-ZĐ]{1,3}\d{1,2}[a-z]?)[.:)]\s/u.exec(title);
  if (m) return m[1]!;
  const short = [...title].length > 70 ? `${[...title].slice(0, 68).join("")}…` : title;
  return locale === "vi" ? `«${short}»` : `\u201c${short}\u201d`;
}

function joinWords(parts: string[], t: T): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")}${t("method.and")}${parts[parts.length - 1]}`;
}

/** Levels in words: «Hài lòng» (4) và «Rất hài lòng» (5). */
function levelWords(values: unknown[], levels: LevelInfo[], t: T, locale: Locale): string {
  return joinWords(
    values.map((v) => {
      const l = levels.find((x) => x.value === String(v));
      return l?.label
        ? t("method.level", { label: localize(l.label, locale), value: String(v) })
        : t("method.levelPlain", { value: String(v) });
    }),
    t,
  );
}

/** The label of the scale's top level ("Rất hài lòng"), for "Tỷ lệ «Rất hài lòng»". */
export function topLabel(definition: QuestionnaireDefinition, t: T, locale: Locale): string {
  const levels = questionnaireLevels(definition);
  const top = levels.find((l) => l.meaning === "satisfied" && l.strength === 0);
  return top?.label ? localize(top.label, locale) : t("figure.topDefault");
}

/**
 * The figure columns of a questionnaire's tables: the index for health forms (the MoH
 * headline) or wherever a target is set on it; the scale's points; the top level's text.
 */
export function figureColumns(
  definition: QuestionnaireDefinition,
  result: Pick<QuestionnaireResult, "method" | "maxPoints">,
  locale: Locale,
  targetMetric: Metric | null = null,
): FigureColumns {
  const t = translator(locale);
  const points = questionnaireLevels(definition)
    .filter((l) => l.meaning !== "notApplicable")
    .map((l) => levelPoints(definition.scoring.scale, l.value))
    .filter((p): p is number => p !== null);
  return {
    index: result.maxPoints !== null && (result.method === "health" || targetMetric === "index"),
    maxPoints: result.maxPoints,
    minPoints: points.length > 0 ? Math.min(...points) : null,
    topLabel: topLabel(definition, t, locale),
  };
}

/** The method as it ran, in sentences. */
export function methodSentences(
  definition: QuestionnaireDefinition,
  result: Pick<QuestionnaireResult, "method" | "options" | "minN" | "maxPoints" | "warnings">,
  locale: Locale,
): string[] {
  const t = translator(locale);
  const o: Options = result.options;
  const levels = questionnaireLevels(definition);
  const { scale, aspects } = definition.scoring;
  const words = (vs: unknown[]) => levelWords(vs, levels, t, locale);
  const q = (name: unknown) =>
    typeof name === "string" ? questionRef(definition, name, locale) : "";
  const out: string[] = [];

  const satisfied = asList(o.topBox ?? o.satisfied ?? scale.satisfied);
  out.push(t("method.item", { levels: words(satisfied) }));
  if (scale.notApplicable.length > 0)
    out.push(t("method.notApplicable", { levels: words(scale.notApplicable) }));

  const aggregation = o.aggregation;
  if (definition.scoring.elements.length > 0) {
    if (aggregation === "mean")
      out.push(
        t("method.group.mean", {
          aspects: aspects.length > 0 ? t("method.group.meanAspects") : "",
        }),
      );
    else if (aggregation === "respondent")
      out.push(
        t("method.group.respondent", {
          threshold: formatNumber(Number(o.respondentMeanThreshold ?? 4), locale, 1),
        }),
      );
    else
      out.push(
        t("method.group.pooled", {
          group: t(aspects.length > 0 ? "method.group.elementAspect" : "method.group.element"),
        }),
      );
  }

  const overallName = t(
    result.method === "sipas" ? "method.overall.sipasName" : "method.overall.name",
  );
  switch (o.overall) {
    case "aspects":
    case "elements":
    case "items":
      out.push(
        t("method.overall.mean", {
          name: overallName,
          parts: t(`figure.parts.${o.overall}` as MessageKey),
        }),
      );
      break;
    case "item":
      out.push(t("method.overall.item", { title: q(o.overallItem).replace(/^[«“]|[»”]$/g, "") }));
      break;
    default:
      out.push(t("method.overall.pooled", { forms: t("method.overall.forms") }));
  }

  const cols = figureColumns(definition, result, locale);
  if (result.method === "health" && cols.maxPoints !== null)
    out.push(t("method.index", { max: formatNumber(cols.maxPoints, locale) }));
  if (cols.maxPoints !== null && cols.minPoints !== null)
    out.push(
      t("method.top", {
        label: cols.topLabel,
        min: formatNumber(cols.minPoints, locale),
        max: formatNumber(cols.maxPoints, locale),
      }),
    );

  out.push(...methodSpecific(definition, result.method, o, levels, locale, t));

  const groups = respondentGroups(definition);
  if (groups.length > 0)
    out.push(
      t("method.groups", {
        titles: joinWords(
          groups.map((g) => localize(g.title, locale)),
          t,
        ),
      }),
    );
  out.push(t("method.ci"));
  out.push(t("method.minN", { minN: formatNumber(result.minN, locale) }));
  out.push(t("method.flagged"));
  out.push(t("method.targets"));
  if (result.method === "sipas" || result.method === "health" || result.method === "education")
    out.push(t(`method.unofficial.${result.method}`));
  if (result.warnings.length > 0) out.push(t("method.warnings", { n: result.warnings.length }));
  return out;
}

function methodSpecific(
  definition: QuestionnaireDefinition,
  method: QuestionnaireResult["method"],
  o: Options,
  levels: LevelInfo[],
  locale: Locale,
  t: T,
): string[] {
  const q = (name: unknown) =>
    typeof name === "string" ? questionRef(definition, name, locale) : "";
  const exists = (name: unknown) =>
    typeof name === "string" && surveyQuestion(definition, name) !== undefined;
  const choiceWords = (name: unknown, values: unknown[]) => {
    const json = typeof name === "string" ? surveyQuestion(definition, name) : undefined;
    const choices = Array.isArray(json?.choices) ? (json.choices as unknown[]) : [];
    return joinWords(
      values.map((v) => {
        const c = choices.find(
          (x) =>
            x && typeof x === "object" && String((x as { value: unknown }).value) === String(v),
        ) as { text?: Parameters<typeof localize>[0] } | undefined;
        return c?.text
          ? t("method.level", { label: localize(c.text, locale), value: String(v) })
          : String(v);
      }),
      t,
    );
  };
  const out: string[] = [];
  if (method === "health") {
    out.push(
      t("method.health.comprehensive", {
        k: formatNumber(Number(o.comprehensiveMinValid ?? 1), locale),
      }),
    );
    out.push(
      t("method.respondentThreshold", {
        threshold: formatNumber(Number(o.respondentMeanThreshold ?? 4), locale, 1),
      }),
    );
    if (exists(o.g1Question))
      out.push(
        t("method.health.g1", {
          q: q(o.g1Question),
          cap:
            typeof o.g1Cap === "number"
              ? t("method.health.g1Cap", { cap: formatNumber(o.g1Cap, locale) })
              : t("method.health.g1NoCap"),
        }),
      );
    if (exists(o.g2Question))
      out.push(
        t("method.health.g2", {
          q: q(o.g2Question),
          levels: choiceWords(o.g2Question, asList(o.g2ReturnValues)),
        }),
      );
    if (exists(o.costQuestion))
      out.push(
        t("method.health.cost", {
          q: q(o.costQuestion),
          ok: choiceWords(o.costQuestion, asList(o.costCommensurateValues)),
          base: choiceWords(o.costQuestion, asList(o.costBaseValues)),
        }),
      );
  }
  if (method === "education") {
    const exp = (o.expectations ?? {}) as { question?: string; format?: string };
    if (exists(exp.question))
      out.push(
        t(exp.format === "percent" ? "method.education.percent" : "method.education.likert", {
          q: q(exp.question),
        }),
      );
    out.push(
      t("method.respondentThreshold", {
        threshold: formatNumber(Number(o.respondentMeanThreshold ?? 4), locale, 1),
      }),
    );
    if (exists(o.overallItem)) out.push(t("method.education.variants", { q: q(o.overallItem) }));
  }
  if (method === "sipas") {
    const p = (o.perception ?? null) as {
      positiveLevels?: unknown[];
      questions?: unknown[];
    } | null;
    if (p && asList(p.questions).length > 0)
      out.push(
        t("method.sipas.perception", {
          levels: joinWords(asList(p.positiveLevels).map(String), t),
          questions: joinWords(asList(p.questions).map(q), t),
        }),
      );
    const e = (o.expectations ?? null) as { question?: string; positiveLevels?: unknown[] } | null;
    if (e && exists(e.question))
      out.push(
        t("method.sipas.expectations", {
          q: q(e.question),
          levels: joinWords(asList(e.positiveLevels).map(String), t),
        }),
      );
    const f = (o.serviceUserFilter ?? null) as { enabled?: boolean; question?: string } | null;
    if (f)
      out.push(
        f.enabled ? t("method.sipas.filterOn", { q: q(f.question) }) : t("method.sipas.filterOff"),
      );
  }
  if (method === "counter") {
    if (asList(o.dissatisfied).length > 0)
      out.push(
        t("method.counter.dissatisfied", {
          levels: levelWords(asList(o.dissatisfied), levels, t, locale),
        }),
      );
    if (exists(o.reasonsQuestion))
      out.push(t("method.counter.reasons", { q: q(o.reasonsQuestion) }));
    const indices = Object.keys((o.tt01Indices ?? {}) as Record<string, unknown>);
    if (indices.length > 0) {
      const classes = asList(o.tt01Classes) as Array<{
        min: number;
        label: Parameters<typeof localize>[0];
      }>;
      out.push(
        t("method.counter.tt01", {
          k: formatNumber(indices.length, locale),
          classes: classes
            .map((c) =>
              t("method.counter.tt01Class", {
                label: localize(c.label, locale),
                min: formatNumber(c.min, locale),
              }),
            )
            .join("; "),
        }),
      );
    }
    if (exists(o.qd766Question))
      out.push(
        t("method.counter.qd766", {
          max: formatNumber(Number(o.qd766MaxPoints ?? 6), locale),
          fullAt: formatPercent(Number(o.qd766FullAt ?? 0.9), locale, 0),
        }),
      );
  }
  return out;
}

/** The questionnaire's source and how far its wording is verified, in one sentence. */
export function sourceFootnote(meta: QuestionnaireMeta, locale: Locale): string {
  const t = translator(locale);
  const source =
    [meta.issuedBy, meta.formNumber].filter((x): x is string => !!x).join(", ") || t("source.own");
  return t("source.footnote", {
    source,
    verification: t(`verification.${meta.verification}` as MessageKey),
  });
}
