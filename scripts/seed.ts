/**
 * npm run seed -- --responses 100000 [--campaign <id>] [--seed 1]
 * Adds synthetic responses through the same insert code the API uses, batched.
 */
import { parseArgs } from "node:util";
import { listCampaigns } from "#db/queries/campaigns";
import { appContext } from "~/services/context.server";
import { seedResponses } from "~/services/seed.server";
import { startup } from "~/services/startup.server";

const { values } = parseArgs({
  options: {
    responses: { type: "string", default: "1000" },
    campaign: { type: "string" },
    seed: { type: "string", default: "1" },
  },
});

const total = Number(values.responses);
if (!Number.isInteger(total) || total <= 0) {
  console.error("--responses must be a positive whole number");
  process.exit(2);
}
await startup({ baseUrl: "", demo: true });
const ctx = await appContext();
const campaign = values.campaign
  ? { id: values.campaign, title: values.campaign }
  : (await listCampaigns(ctx.db)).find((c) => c.status === "open");
if (!campaign) {
  console.error("No open campaign to seed; give one with --campaign <id>");
  process.exit(2);
}
const started = performance.now();
const stored = await seedResponses(ctx, campaign.id, total, { seed: Number(values.seed) });
const secs = (performance.now() - started) / 1000;
console.log(
  `Seeded ${stored} responses into "${campaign.title}" in ${secs.toFixed(1)} s (${Math.round(stored / secs)}/s).`,
);
await ctx.close();
