/** Results of a campaign, read from the rollups and scored by the questionnaire's method. */
import { findCampaign } from "#db/queries/campaigns";
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
