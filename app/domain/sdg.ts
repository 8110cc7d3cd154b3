/**
 * SDG indicator 16.6.2 as this platform can approximate it: the proportion of respondents
 * satisfied with their last experience of public services, per sector (health, education,
 * administrative services) and combined. The UN indicator is measured by a household survey
 * with its own questions; here each questionnaire's overall-satisfaction figure stands in for
 * "satisfied with the last experience" (sdgRule), and the sectors are combined by pooling
 * respondents, unweighted. Pure; docs/decisions/023-independent-channel-sdg.md.
 */
import type { QuestionnaireResult } from "./scoring";
import { wilsonInterval } from "./statistics";

export const SDG_SECTORS = ["health", "education", "administrative"] as const;
export type SdgSector = (typeof SDG_SECTORS)[number];

/** A questionnaire's sector as one of the indicator's three (land procedures are administrative). */
export function sdgSector(sector: string): SdgSector | null {
  if (sector === "health" || sector === "education") return sector;
  if (sector === "administrative" || sector === "land") return "administrative";
  return null;
}

/**
 * What counts as "satisfied with the last experience" on a questionnaire:
 * - "item": its overall-satisfaction question (scoring option overallItem: education's HL1,
 *   the counter's DG1), satisfied answers among valid answers, one answer per respondent;
 * - "respondents": the health forms, which have no such question: the respondents whose own
 *   mean over the form's items reaches the method's threshold (4 on 1–5);
 * - "none": no figure per respondent (SIPAS's overall is a mean of aspects): left out, and said.
 */
export type SdgRule =
  { kind: "item"; item: string } | { kind: "respondents"; indicator: string } | { kind: "none" };

export const HEALTH_RESPONDENT_INDICATOR = "respondent_satisfied";

export function sdgRule(scoring: {
  method: string;
  options?: Record<string, unknown> | undefined;
}): SdgRule {
  const item = scoring.options?.overallItem;
  if (typeof item === "string" && item !== "") return { kind: "item", item };
  if (scoring.method === "education") return { kind: "item", item: "HL1" };
  if (scoring.method === "health")
    return { kind: "respondents", indicator: HEALTH_RESPONDENT_INDICATOR };
  return { kind: "none" };
}

export interface SdgCount {
  satisfied: number;
  respondents: number;
}

/** The satisfied respondents and the respondents behind the rule's figure, or null. */
export function sdgCount(rule: SdgRule, result: QuestionnaireResult): SdgCount | null {
  if (rule.kind === "item") {
    const it = result.items.find((i) => i.code === rule.item || i.key === rule.item);
    return it ? { satisfied: it.satisfied, respondents: it.answers } : null;
  }
  if (rule.kind === "respondents") {
    const ind = result.indicators.find((i) => i.code === rule.indicator);
    if (!ind || ind.value === null) return ind ? { satisfied: 0, respondents: 0 } : null;
    return { satisfied: Math.round(ind.value * ind.n), respondents: ind.n };
  }
  return null;
}

export interface SdgFigure extends SdgCount {
  rate: number | null;
  low: number | null;
  high: number | null;
}

export function sdgFigure(c: SdgCount): SdgFigure {
  const ci = wilsonInterval(c.satisfied, c.respondents);
  return {
    ...c,
    rate: c.respondents > 0 ? c.satisfied / c.respondents : null,
    low: ci?.low ?? null,
    high: ci?.high ?? null,
  };
}

/** One campaign's part of the indicator. */
export interface SdgPart {
  campaignId: string;
  title: string;
  sector: SdgSector;
  rule: SdgRule;
  count: SdgCount | null;
}

export interface SdgResult {
  sectors: Array<SdgFigure & { sector: SdgSector; campaigns: number }>;
  /** The three sectors' respondents pooled, unweighted. */
  combined: SdgFigure;
  /** Campaigns with responses whose questionnaire has no figure per respondent. */
  leftOut: SdgPart[];
}

export function combineSdg(parts: readonly SdgPart[]): SdgResult {
  const sectors = SDG_SECTORS.map((sector) => {
    const counted = parts.filter((p) => p.sector === sector && p.count);
    const c = counted.reduce(
      (a, p) => ({
        satisfied: a.satisfied + p.count!.satisfied,
        respondents: a.respondents + p.count!.respondents,
      }),
      { satisfied: 0, respondents: 0 },
    );
    return { sector, campaigns: counted.length, ...sdgFigure(c) };
  });
  const all = sectors.reduce(
    (a, s) => ({
      satisfied: a.satisfied + s.satisfied,
      respondents: a.respondents + s.respondents,
    }),
    { satisfied: 0, respondents: 0 },
  );
  return {
    sectors,
    combined: sdgFigure(all),
    leftOut: parts.filter((p) => !p.count),
  };
}

/** The indicator for a unit's subtree over months [from, to], as pages and reports show it. */
export interface SdgView extends SdgResult {
  unitName: string;
  from: string;
  to: string;
}
