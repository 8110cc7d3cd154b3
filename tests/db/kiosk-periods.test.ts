/**
 * Kiosk ratings delivered late count when they were tapped: a month's results, the rollups
 * (all of them, exactly: equal to a rebuild from the raw responses, after flags and restores),
 * the weekday × hour pattern and an export for that month agree, whatever month the ratings
 * arrived in.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { countedAt } from "#db/counted-at";
import { parseCsv } from "~/domain/csv";
import { toPeriod } from "~/domain/period";
import { seededRandom } from "~/domain/synthetic";
import { loader as download } from "~/routes/export.$campaignId.$format";
import { submitResponse } from "~/services/ingest.server";
import { flagResponses, restoreResponses } from "~/services/moderation.server";
import { rebuildRollups } from "~/services/rollup-maintenance.server";
import { findCampaignResults } from "~/services/results.server";
import { asUser } from "../fixtures/app";
import { makeCollectionApp } from "../fixtures/collection";
import { runLoader } from "../fixtures/exports";
import { rollupSnapshot } from "../fixtures/rollups";

type App = Awaited<ReturnType<typeof makeCollectionApp>>;
let app: App;

beforeAll(async () => {
  app = await makeCollectionApp();
  const { kiosk, device } = await app.pairedKiosk({ minInterval: 5 });
  const rand = seededRandom(20);
  // Taps through the last days of October and November, each delivered 0–40 hours later
  // (a tablet offline overnight, over a weekend): many arrive in the following month.
  let t = Date.parse("2026-10-29T01:00:00Z");
  for (let i = 0; i < 120; i++) {
    t += 60_000 + Math.floor(rand() * 90 * 60_000);
    if (i === 60) t = Date.parse("2026-11-28T01:00:00Z");
    const now = new Date(t + Math.floor(rand() * 40 * 3_600_000));
    const value = Math.floor(rand() * 3);
    const r = await submitResponse(
      app.ctx,
      {
        ...app.rating(value, new Date(t), kiosk.access_token),
        deviceStartedAt: new Date(t + 10 * 60_000).toISOString(),
        deviceSentAt: new Date(now.getTime() + 10 * 60_000).toISOString(),
        ...(value === 0 ? { answers: { danh_gia_tong_the: 0 } } : {}),
      },
      { deviceToken: device, now },
    );
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  }
  const ids = await app.ctx.db.selectFrom("response").select("id").execute();
  const some = ids.filter(() => rand() < 0.2).map((r) => r.id);
  await flagResponses(app.ctx, some, "thử nghiệm", { userId: null });
  await restoreResponses(app.ctx, some.slice(0, some.length / 2), { userId: null });
}, 120_000);

const rows = () => app.ctx.db.selectFrom("response").selectAll().execute();

describe("kiosk ratings delivered in a later month", () => {
  it("are many, and each counts in the month of its tap", async () => {
    const all = await rows();
    const late = all.filter((r) => toPeriod(new Date(r.submitted_at)) !== r.period);
    expect(late.length).toBeGreaterThan(5);
    for (const r of all) expect(r.period).toBe(toPeriod(new Date(r.started_at!)));
  });

  it("keep the rollups exact: equal to a rebuild from the raw responses", async () => {
    const before = await rollupSnapshot(app.ctx.db);
    await rebuildRollups(app.ctx);
    expect(await rollupSnapshot(app.ctx.db)).toEqual(before);
  });

  it("are in that month's results, weekday × hour pattern and export", async () => {
    const counted = (await rows()).filter((r) => r.flag_reason === null);
    for (const month of ["2026-10", "2026-11", "2026-12"]) {
      const want = counted.filter((r) => toPeriod(new Date(r.started_at!)) === month);
      const page = await findCampaignResults(app.ctx, app.counterCampaign.id, {
        periodFrom: month,
        periodTo: month,
      });
      expect(page!.result.responses, month).toBe(want.length);
      const request = await asUser(
        app.ctx,
        app.people.admin.id,
        `/export/${app.counterCampaign.id}/csv?from=${month}&to=${month}`,
      );
      const res = await runLoader(download as never, request, {
        campaignId: app.counterCampaign.id,
        format: "csv",
      });
      if (!(res instanceof Response)) throw new Error(`export: ${res.status}`);
      const [, ...lines] = parseCsv((await res.text()).replace(/^\uFEFF/, ""));
      expect(lines.filter((l) => l.length > 1).length, month).toBe(want.length);
    }
    const hours = await app.ctx.db.selectFrom("rollup_hour").selectAll().execute();
    const byHour = new Map<string, number>();
    for (const r of counted) {
      const local = new Date(Date.parse(countedAt(r)) + 7 * 3_600_000);
      const k = `${((local.getUTCDay() + 6) % 7) + 1}|${local.getUTCHours()}`;
      byHour.set(k, (byHour.get(k) ?? 0) + 1);
    }
    expect(
      new Map(
        hours
          .filter((h) => Number(h.count) !== 0)
          .map((h) => [`${h.weekday}|${h.hour}`, Number(h.count)]),
      ),
    ).toEqual(byHour);
  });
});
