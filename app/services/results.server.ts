/** Results of a campaign, read from the rollups and scored by the questionnaire's method. */
import { findCampaign, findUnitsByPaths, listCampaignScope } from "#db/queries/campaigns";
import { reachableWithin, type Grant } from "~/domain/access";
import { sumRollups, type RollupFilter } from "#db/queries/rollups";
import type { Campaign } from "#db/schema";
import { computeResults, type CountTable, type QuestionnaireResult } from "~/domain/scoring";
import { loadVersion, type AppContext, type LoadedVersion } from "./context.server";
import { RESPONSES_KEY } from "./ingest.server";

export interface CampaignResults {
  campaign: Campaign;
  version: LoadedVersion;
  result: QuestionnaireResult;
}

export function toCountTable(
  rows: Array<{ question: string; value: string; count: number | string }>,
) {
  const counts: CountTable = {};
  let responses = 0;
  for (const r of rows) {
    const n = Number(r.count);
    if (r.question === RESPONSES_KEY) responses += n;
    else (counts[r.question] ??= {})[r.value] = n;
  }
  return { counts, responses };
}

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

export interface ScopeOption {
  /** "" for the whole campaign, else a unit id. */
  value: string;
  label: string;
  path: string | null;
}

/**
 * The parts of a campaign a user may read: the whole campaign when their roles cover
 * every scope root, else the units of theirs inside the scope. Empty: no access.
 */
export async function readableScopes(
  ctx: AppContext,
  campaignId: string,
  grants: readonly Grant[],
): Promise<ScopeOption[]> {
  const scope = await listCampaignScope(ctx.db, campaignId);
  const reach = reachableWithin(
    grants,
    "results.read",
    scope.map((u) => u.path),
  );
  if (reach.length === 0) return [];
  const whole = scope.every((u) => reach.includes(u.path));
  const units = await findUnitsByPaths(ctx.db, reach);
  const options: ScopeOption[] = units
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((u) => ({ value: u.id, label: u.name, path: u.path }));
  return whole ? [{ value: "", label: "", path: null }, ...options] : options;
}
