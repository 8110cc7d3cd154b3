/** Results of a campaign, read from the rollups and scored by the questionnaire's method. */
import { findCampaign, findUnitsByPaths, listCampaignScope } from "#db/queries/campaigns";
import { reachableWithin, type Grant, type Permission } from "~/domain/access";
import { RESPONSES_KEY } from "#db/rollups/keys";
import { sumRollups, type RollupFilter } from "#db/rollups/read";
import { pathsIncludingPredecessors, withPredecessors } from "#db/queries/lineage";
import type { Campaign } from "#db/schema";
import { computeResults, foldCounts, type QuestionnaireResult } from "~/domain/scoring";
import { indexOf, type FigureView } from "~/domain/figures";
import { campaignTarget, isMetric, type AppliedTarget, type Metric } from "~/domain/targets";
import { loadVersion, type AppContext, type LoadedVersion } from "./context.server";

export interface CampaignResults {
  campaign: Campaign;
  version: LoadedVersion;
  result: QuestionnaireResult;
}

/** Rollup rows as a count table, and the responses they count; rows repeating a key add up. */
export const toCountTable = (
  rows: Iterable<{ question: string; value: string; count: number | string }>,
) => foldCounts(rows, RESPONSES_KEY);

export async function findCampaignResults(
  ctx: AppContext,
  campaignId: string,
  filter: Omit<RollupFilter, "campaignId"> = {},
): Promise<CampaignResults | undefined> {
  const campaign = await findCampaign(ctx.db, campaignId);
  if (!campaign) return undefined;
  const version = await loadVersion(ctx, campaign.questionnaire_version_id);
  if (!version)
    throw new Error(`questionnaire version ${campaign.questionnaire_version_id} missing`);
  const { counts, responses } = toCountTable(await sumRollups(ctx.db, { ...filter, campaignId }));
  const result = computeResults(version.definition, counts, responses, { minN: campaign.min_n });
  return { campaign, version, result };
}

/** The campaign's own target (on the rate unless it says the index), or null. */
export function campaignTargetOf(
  c: Pick<Campaign, "target_pct" | "target_metric">,
): AppliedTarget | null {
  if (c.target_pct === null) return null;
  return campaignTarget(Number(c.target_pct), isMetric(c.target_metric) ? c.target_metric : "rate");
}

/** The interval of the figure a target is set on. */
export function metricInterval(f: FigureView, metric: Metric, maxPoints: number | null) {
  const x = metric === "index" ? indexOf(f, maxPoints) : f;
  return { low: x.low, high: x.high };
}

/** What a mean-of-rates overall averages ("overall" option), for "TB 5 yếu tố". */
export function overallParts(
  options: Record<string, unknown>,
): "aspects" | "elements" | "items" | undefined {
  const o = options.overall;
  return o === "aspects" || o === "elements" || o === "items" ? o : undefined;
}

/** Indicators shown in the overall figures already (mean score, index): not listed twice. */
export const SHOWN_BESIDE_OVERALL = new Set(["mean_score", "index_score"]);

export interface ScopeOption {
  /** "" for the whole campaign, else a unit id. */
  value: string;
  label: string;
  path: string | null;
  /** The unit's subtree and its predecessors' (merged units): filter with `unitPaths`. */
  paths: string[];
}

/**
 * The parts of a campaign a user may read: the whole campaign when their roles cover
 * every scope root, else the units of theirs inside the scope. Empty: no access.
 */
export async function readableScopes(
  ctx: AppContext,
  campaignId: string,
  grants: readonly Grant[],
  /** "results.export" for exports, reports and the analysts' API. */
  permission: Permission = "results.read",
): Promise<ScopeOption[]> {
  const scope = await listCampaignScope(ctx.db, campaignId);
  const scopePaths = scope.map((u) => u.path);
  const own = reachableWithin(grants, permission, scopePaths);
  // A role over a merged unit also reaches the units it was formed from (unit_lineage): their
  // responses count in the unit's own option, or in options of their own where the user's
  // units are not in the campaign at all.
  const reach = reachableWithin(await withPredecessors(ctx.db, grants), permission, scopePaths);
  if (reach.length === 0) return [];
  const whole = scope.every((u) => reach.includes(u.path));
  const options: ScopeOption[] = [];
  const covered: string[] = [];
  for (const wanted of [own, reach]) {
    const left = wanted.filter((p) => !covered.some((c) => p.startsWith(c)));
    const units = await findUnitsByPaths(ctx.db, left);
    for (const u of units.sort((a, b) => a.path.localeCompare(b.path))) {
      const paths = await pathsIncludingPredecessors(ctx.db, [u.path]);
      covered.push(...paths);
      options.push({ value: u.id, label: u.name, path: u.path, paths });
    }
  }
  return whole ? [{ value: "", label: "", path: null, paths: [] }, ...options] : options;
}
