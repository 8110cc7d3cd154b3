/**
 * Synthetic responses for the demo, the seed command and benchmarks: generated to pass
 * the questionnaire's validator and stored through the API's own code (prepareResponse →
 * insertResponses), in batched transactions, spread over the campaign's months so far.
 */
import { randomUUID } from "node:crypto";
import { findCampaign, listAccessLinks } from "#db/queries/campaigns";
import { insertResponses, type ResponseToStore } from "#db/queries/responses";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { loadVersion, type AppContext } from "./context.server";
import { prepareResponse } from "./ingest.server";

export async function seedResponses(
  ctx: AppContext,
  campaignId: string,
  total: number,
  opts: { seed?: number; batchSize?: number; now?: Date } = {},
): Promise<number> {
  const campaign = await findCampaign(ctx.db, campaignId);
  if (!campaign) throw new Error(`No campaign ${campaignId}`);
  const links = await listAccessLinks(ctx.db, campaign.id);
  if (links.length === 0) throw new Error(`Campaign ${campaignId} has no access links`);
  const version = (await loadVersion(ctx, campaign.questionnaire_version_id))!;
  const rand = seededRandom(opts.seed ?? 1);
  const from = new Date(campaign.opens_at).getTime();
  const to = Math.min(
    (opts.now ?? new Date()).getTime(),
    new Date(campaign.closes_at).getTime() - 1,
  );
  // Units differ in satisfaction, so rankings have something to show.
  const mood = new Map(links.map((l) => [l.token, 0.55 + rand() * 0.4]));
  const batchSize = opts.batchSize ?? 2000;
  let stored = 0;
  for (let done = 0; done < total;) {
    const n = Math.min(batchSize, total - done);
    const batch: ResponseToStore[] = [];
    for (let i = 0; i < n; i++) {
      const link = links[Math.floor(rand() * links.length)]!;
      const at = new Date(from + rand() * Math.max(0, to - from));
      const answers = syntheticAnswers(version.compiled, rand, {
        satisfaction: mood.get(link.token),
      });
      const prepared = prepareResponse(
        version,
        { id: randomUUID(), token: link.token, answers, locale: "vi" },
        { ...link, campaign_id: campaign.id, questionnaire_version_id: version.id },
        at,
      );
      if ("errors" in prepared) {
        throw new Error(`synthetic answers failed validation: ${JSON.stringify(prepared.errors)}`);
      }
      batch.push(prepared);
    }
    const inserted = await ctx.db.transaction().execute((trx) => insertResponses(trx, batch));
    stored += inserted.size;
    done += n;
  }
  return stored;
}
