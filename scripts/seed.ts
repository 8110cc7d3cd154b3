/**
 * npm run seed -- --responses 100000 [--campaign <id>] [--seed 1]
 * Adds synthetic responses through the same code the API uses (prepareResponse →
 * insertResponses), in batched transactions, spread over the campaign's months so far.
 */
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { listAccessLinks, listCampaigns, findCampaign } from "#db/queries/campaigns";
import { insertResponses, type ResponseToStore } from "#db/queries/responses";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { appContext, loadVersion } from "~/services/context.server";
import { prepareResponse } from "~/services/ingest.server";
import { startup } from "~/services/startup.server";

const { values } = parseArgs({
  options: {
    responses: { type: "string", default: "1000" },
    campaign: { type: "string" },
    seed: { type: "string", default: "1" },
    batch: { type: "string", default: "2000" },
  },
});

const total = Number(values.responses);
if (!Number.isInteger(total) || total <= 0) {
  console.error("--responses must be a positive whole number");
  process.exit(2);
}
await startup({ baseUrl: "", demo: true });
const ctx = await appContext();
const campaignId =
  values.campaign ?? (await listCampaigns(ctx.db)).find((c) => c.status === "open")?.id;
const campaign = campaignId ? await findCampaign(ctx.db, campaignId) : undefined;
if (!campaign) {
  console.error(values.campaign ? `No campaign ${values.campaign}` : "No open campaign to seed");
  process.exit(2);
}
const links = await listAccessLinks(ctx.db, campaign.id);
const version = (await loadVersion(ctx, campaign.questionnaire_version_id))!;
const rand = seededRandom(Number(values.seed));
const from = new Date(campaign.opens_at).getTime();
const to = Math.min(Date.now(), new Date(campaign.closes_at).getTime() - 1);
// Units differ in satisfaction, so rankings have something to show.
const unitMood = new Map(links.map((l) => [l.token, 0.55 + rand() * 0.4]));

const started = performance.now();
const batchSize = Number(values.batch);
let stored = 0;
for (let done = 0; done < total;) {
  const n = Math.min(batchSize, total - done);
  const batch: ResponseToStore[] = [];
  for (let i = 0; i < n; i++) {
    const link = links[Math.floor(rand() * links.length)]!;
    const at = new Date(from + rand() * (to - from));
    const answers = syntheticAnswers(version.compiled, rand, {
      satisfaction: unitMood.get(link.token),
    });
    const prepared = prepareResponse(
      version,
      { id: randomUUID(), token: link.token, answers, locale: "vi" },
      { ...link, campaign_id: campaign.id, questionnaire_version_id: version.id },
      at,
    );
    if ("errors" in prepared)
      throw new Error(`synthetic answers failed validation: ${JSON.stringify(prepared.errors)}`);
    batch.push(prepared);
  }
  const inserted = await ctx.db.transaction().execute((trx) => insertResponses(trx, batch));
  stored += inserted.size;
  done += n;
}
const secs = (performance.now() - started) / 1000;
console.log(
  `Seeded ${stored} responses into "${campaign.title}" in ${secs.toFixed(1)} s (${Math.round(stored / secs)}/s).`,
);
await ctx.close();
