/** Every shipped questionnaire: a complete answer set passes the API and shows up in its results. */
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccessLink, insertCampaign } from "#db/queries/campaigns";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { loadVersion } from "~/services/context.server";
import { submitResponse } from "~/services/ingest.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { findCampaignResults } from "~/services/results.server";
import { readCatalog } from "~/services/catalog-files.server";
import { loadCatalog } from "~/services/catalog.server";
import { makeTestApp } from "../fixtures/app";

const SURVEYS = resolve(__dirname, "../../surveys");
const slugs = readCatalog(SURVEYS).map((e) => e.definition.slug);
let app: Awaited<ReturnType<typeof makeTestApp>>;
let versions: Awaited<ReturnType<typeof loadCatalog>>;

beforeAll(async () => {
  app = await makeTestApp();
  versions = await loadCatalog(app.ctx.db, SURVEYS);
});
afterAll(() => app.cleanup());

describe.each(slugs)("questionnaire %s", (slug) => {
  it("accepts complete answer sets through the API and scores them", async () => {
    const v = versions.find((x) => x.slug === slug)!.version;
    const campaign = await insertCampaign(app.ctx.db, {
      title: slug,
      questionnaireVersionId: v.id,
      status: "open",
      opensAt: "2020-01-01T00:00:00.000Z",
      closesAt: "2100-01-01T00:00:00.000Z",
      targetPct: null,
      channels: ["link"],
      minN: 5,
      scopeUnitIds: [app.units.province.id],
    });
    const link = await insertAccessLink(app.ctx.db, {
      campaignId: campaign.id,
      unitId: app.units.centre.id,
      channel: "link",
    });
    const loaded = (await loadVersion(app.ctx, v.id))!;
    const rand = seededRandom(slug.length);
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 10; i++) {
      const answers = syntheticAnswers(loaded.compiled, rand, {
        fillOptional: 1,
        satisfaction: 0.7,
      });
      const res = await submitResponse(
        app.ctx,
        { id: randomUUID(), token: link.token, answers, locale: "vi" },
        { limiter },
      );
      expect(res, JSON.stringify(res.body).slice(0, 500)).toMatchObject({ status: 201 });
    }
    const { result } = (await findCampaignResults(app.ctx, campaign.id))!;
    expect(result.responses).toBe(10);
    expect(result.items.length).toBe(loaded.definition.scoring.items.length);
    expect(result.overall.rate).not.toBeNull();
    expect(result.warnings).toEqual([]);
  });
});
