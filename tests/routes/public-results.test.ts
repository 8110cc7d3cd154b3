/** Published results: aggregates only, and rates under the minimum n are not in them at all. */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { insertAccessLink } from "#db/queries/campaigns";
import { loader as publicLoader } from "~/routes/public.results.$campaignId";
import { loader as publicIndex } from "~/routes/public._index";
import { submitResponse } from "~/services/ingest.server";
import { RateLimiter } from "~/services/rate-limit.server";
import {
  publishResults,
  unpublishResults,
  type PublishedContent,
} from "~/services/report-public.server";
import { findCampaignResults } from "~/services/results.server";
import { figureView } from "~/domain/figures";
import { makeTestApp } from "../fixtures/app";
import { FORMULAS, runLoader, seedKnownResponses } from "../fixtures/exports";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;

beforeAll(async () => {
  app = await makeTestApp();
  await seedKnownResponses(app);
  // Two responses at the hospital: under the campaign's minimum of 3.
  const link = await insertAccessLink(app.ctx.db, {
    campaignId: app.campaign.id,
    unitId: app.units.hospital.id,
    channel: "link",
  });
  for (const q1 of [1, 5])
    await submitResponse(
      app.ctx,
      {
        id: randomUUID(),
        token: link.token,
        answers: { q1, q2: 5, reasons: ["thai_do"].slice(0, q1 <= 2 ? 1 : 0), comment: "riêng tư" },
      },
      { limiter: new RateLimiter(0), now: new Date("2026-02-01T03:00:00Z") },
    );
});

const admin = () => ({
  id: app.people.admin.id,
  grants: [{ role: "admin" as const, unitPath: app.units.province.path }],
});

async function readPublic() {
  const id = app.campaign.id;
  const r = await runLoader(
    publicLoader as never,
    new Request(`http://localhost/public/results/${id}`),
    { campaignId: id },
  );
  return r;
}

describe("published results", () => {
  it("are 404 until published, then the scoring module's aggregates", async () => {
    expect((await readPublic()).status).toBe(404);
    await publishResults(app.ctx, admin(), app.campaign.id, {});
    const r = await readPublic();
    expect(r.status).toBe(200);
    const c = (r as { body: { content: PublishedContent } }).body.content;
    const page = (await findCampaignResults(app.ctx, app.campaign.id))!.result;
    expect(c.responses).toBe(page.responses);
    expect(c.overall).toEqual({ suppressed: false, ...figureView(page.overall) });
    // Each figure under its own name, with what the rate is computed from.
    expect(c.overall).toMatchObject({
      basis: "answers",
      satisfied: page.overall.satisfied,
      answers: page.overall.answers,
    });
    const index = await runLoader(publicIndex as never, new Request("http://localhost/public"), {});
    expect(
      (index as { body: { published: Array<{ id: string }> } }).body.published.map((p) => p.id),
    ).toEqual([app.campaign.id]);
  });

  it("remove rates under the minimum n: no rate, interval or count is stored or sent", async () => {
    await publishResults(app.ctx, admin(), app.campaign.id, {});
    const row = await app.ctx.db
      .selectFrom("published_result")
      .selectAll()
      .executeTakeFirstOrThrow();
    const c = JSON.parse(row.content) as PublishedContent;
    const hospital = c.units.find((u) => u.code === app.units.hospital.code)!;
    expect(hospital.rate).toEqual({ suppressed: true });
    const direct = (await findCampaignResults(app.ctx, app.campaign.id, {
      unitPath: app.units.hospital.path,
    }))!.result;
    expect(direct.overall.sufficient).toBe(false); // the reason it is suppressed
    expect(c.units.find((u) => u.code === app.units.centre.code)!.rate.suppressed).toBe(false);
    // A narrow period: the items answered fewer than 3 times are suppressed too.
    await publishResults(app.ctx, admin(), app.campaign.id, {
      periodFrom: "2026-02",
      periodTo: "2026-02",
    });
    const narrow = JSON.parse(
      (await app.ctx.db.selectFrom("published_result").select("content").executeTakeFirstOrThrow())
        .content,
    ) as PublishedContent;
    expect(narrow.responses).toBe(2);
    expect(narrow.overall).toEqual({ suppressed: true });
    for (const i of narrow.items) expect(i.rate).toEqual({ suppressed: true });
    expect(JSON.stringify(narrow)).not.toMatch(/"rate":\s*0\.|"low"|"high"/);
  });

  it("never hold answers or comments", async () => {
    await publishResults(app.ctx, admin(), app.campaign.id, {});
    const text = (
      await app.ctx.db.selectFrom("published_result").select("content").executeTakeFirstOrThrow()
    ).content;
    expect(text).not.toContain("riêng tư");
    for (const f of FORMULAS) expect(text).not.toContain(f.slice(1, 8));
    // Counts of valid answers ("answers": 12) but never an answer set ("answers": {…}).
    expect(text).not.toMatch(/"answers":\s*[{[]/);
    await unpublishResults(app.ctx, app.people.admin.id, app.campaign.id);
    expect((await readPublic()).status).toBe(404);
  });
});
