/**
 * A unit moved in the tree takes its rollups with it (db/rollups/move.ts): after
 * moves to another branch, back, deeper, shallower and through the CSV import, every rollup
 * table equals what a rebuild from the raw responses gives; and after retention deleted raw
 * responses, a move keeps their counts (a rebuild would lose them, so the script refuses).
 */
import { resolve } from "node:path";
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { insertAccessLink } from "#db/queries/campaigns";
import { listCampaignTotals } from "#db/queries/dashboard";
import { findUnitByCode } from "#db/queries/unit-tree";
import { ROLLUP_TABLES } from "#db/rollups/keys";
import { insertUnit } from "#db/queries/units";
import { seededRandom } from "~/domain/synthetic";
import { flagResponses, restoreResponses } from "~/services/moderation.server";
import { applyRetention } from "~/services/privacy.server";
import { rebuildRollups, retentionDeletions } from "~/services/rollup-maintenance.server";
import { seedResponses } from "~/services/seed.server";
import type { Actor } from "~/services/service-error.server";
import { moveUnit } from "~/services/units.server";
import { importUnitCsv } from "~/services/unit-csv.server";
import { makeTestApp } from "../fixtures/app";
import { rollupSnapshot } from "../fixtures/rollups";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let admin: Actor;
let desk: { id: string };
let district: { id: string };
let commune: { id: string };
const NOW = new Date("2026-11-20T10:00:00Z");

beforeEach(async () => {
  // The real catalog's form: its respondent groups fill rollup_group.
  app = await makeTestApp({
    slug: "mau-02-phong-chuyen-mon",
    surveysDir: resolve(__dirname, "../../surveys"),
  });
  admin = {
    id: app.people.admin.id,
    grants: [{ role: "admin", unitPath: app.units.province.path }],
  };
  // province › centre › counter › desk, province › hospital, province › district › commune.
  const add = (code: string, kind: string, parentId: string) =>
    insertUnit(app.ctx.db, { code, name: code, kind, sector: "administrative", parentId });
  desk = await add("P-C-1-a", "desk", app.units.counter.id);
  district = await add("P-D", "district", app.units.province.id);
  commune = await add("P-D-X", "commune", district.id);
  for (const [unitId, channel] of [
    [desk.id, "kiosk"],
    [app.units.hospital.id, "qr"],
    [app.units.province.id, "link"],
    [commune.id, "link"],
  ] as const)
    await insertAccessLink(app.ctx.db, { campaignId: app.campaign.id, unitId, channel });
  await seedResponses(app.ctx, app.campaign.id, 240, { seed: 3, now: NOW, batchSize: 80 });
  // Flag some, restore some of those: zero rows and flagged responses to carry along.
  const rand = seededRandom(7);
  const ids = await app.ctx.db.selectFrom("response").select("id").orderBy("id").execute();
  const flagged = ids.filter(() => rand() < 0.2).map((r) => r.id);
  await flagResponses(app.ctx, flagged, "thử nghiệm", { userId: app.people.admin.id });
  await restoreResponses(
    app.ctx,
    flagged.filter((_, i) => i % 2 === 0),
    { userId: app.people.admin.id },
  );
}, 120_000);

const rollups = () => rollupSnapshot(app.ctx.db);

/** The rollups as they stand equal a rebuild from the raw responses. */
async function expectRebuildEqual() {
  const kept = await rollups();
  await rebuildRollups(app.ctx);
  const rebuilt = await rollups();
  for (const t of ROLLUP_TABLES) {
    expect(rebuilt[t]!.length, t).toBeGreaterThan(0);
    expect(kept[t], t).toEqual(rebuilt[t]);
  }
}

/** Responses counted in a unit's subtree, from rollup + rollup_subtree ("*"), and its year spans. */
async function subtreeTotal(unitId: string) {
  const n = async (q: Promise<{ n: unknown } | undefined>) => Number((await q)?.n ?? 0);
  const own = await n(
    app.ctx.db
      .selectFrom("rollup")
      .select((eb) => eb.fn.sum<number>("count").as("n"))
      .where("unit_id", "=", unitId)
      .where("question", "=", "$responses")
      .executeTakeFirst(),
  );
  const below = await n(
    app.ctx.db
      .selectFrom("rollup_subtree")
      .select((eb) => eb.fn.sum<number>("count").as("n"))
      .where("unit_id", "=", unitId)
      .where("channel", "=", "*")
      .where("question", "=", "$responses")
      .executeTakeFirst(),
  );
  const years = await n(
    app.ctx.db
      .selectFrom("rollup_span")
      .select((eb) => eb.fn.sum<number>("count").as("n"))
      .where("unit_id", "=", unitId)
      .where("question", "=", "$responses")
      .where(sql<boolean>`length(span) = 4`)
      .executeTakeFirst(),
  );
  expect(years).toBe(own + below);
  return own + below;
}

const pathOf = async (id: string) =>
  (await app.ctx.db.selectFrom("unit").select("path").where("id", "=", id).executeTakeFirst())!
    .path;

describe("moving units moves their rollups", () => {
  it("equals a rebuild after moves across branches, back, deeper, shallower and by CSV", async () => {
    const { province, centre, counter, hospital } = app.units;
    const total = await subtreeTotal(province.id);
    expect(total).toBeGreaterThan(100);
    const counterBefore = await subtreeTotal(counter.id);
    const centreBefore = await subtreeTotal(centre.id);
    expect(counterBefore).toBeGreaterThan(0);
    expect(centreBefore).toBeGreaterThan(counterBefore);

    // The counter (with its desk) to the hospital: another branch at the same depth.
    await moveUnit(app.ctx, counter.id, hospital.id, admin);
    expect(await pathOf(desk.id)).toBe(`${hospital.path}${counter.id}/${desk.id}/`);
    expect(await subtreeTotal(centre.id)).toBe(centreBefore - counterBefore);
    expect(await subtreeTotal(province.id)).toBe(total);
    await expectRebuildEqual();

    // Back where it was.
    await moveUnit(app.ctx, counter.id, centre.id, admin);
    expect(await subtreeTotal(centre.id)).toBe(centreBefore);
    await expectRebuildEqual();

    // The centre (counter and desk below it) one level deeper, under the district's commune.
    await moveUnit(app.ctx, centre.id, commune.id, admin);
    expect(await pathOf(desk.id)).toBe(
      `${province.path}${district.id}/${commune.id}/${centre.id}/${counter.id}/${desk.id}/`,
    );
    await expectRebuildEqual();

    // The counter shallower, straight under the province; then the centre back.
    await moveUnit(app.ctx, counter.id, province.id, admin);
    await moveUnit(app.ctx, centre.id, province.id, admin);
    expect(await subtreeTotal(province.id)).toBe(total);
    await expectRebuildEqual();

    // Through an empty unit and back: what it keeps are zero rows, which the dashboards
    // ignore (no campaign, no month).
    const empty = await insertUnit(app.ctx.db, {
      code: "P-E",
      name: "Trống",
      kind: "district",
      sector: "administrative",
      parentId: province.id,
    });
    await moveUnit(app.ctx, counter.id, empty.id, admin);
    expect((await listCampaignTotals(app.ctx.db, empty)).map((c) => c.responses)).toEqual([
      counterBefore,
    ]);
    await moveUnit(app.ctx, counter.id, centre.id, admin);
    expect(await subtreeTotal(empty.id)).toBe(0);
    expect(await listCampaignTotals(app.ctx.db, empty)).toEqual([]);
    await expectRebuildEqual();

    // Through the CSV import: the counter under the district.
    const file = new TextEncoder().encode(
      ["code,name,kind,sector,parent_code", `P-C-1,Quầy 1,counter,administrative,P-D`].join("\r\n"),
    );
    const r = await importUnitCsv(app.ctx, file, admin, { apply: true });
    expect(r.errors).toEqual([]);
    expect(r.applied).toBe(true);
    expect((await findUnitByCode(app.ctx.db, "P-C-1"))!.parent_id).toBe(district.id);
    expect(await subtreeTotal(district.id)).toBeGreaterThanOrEqual(counterBefore);
    await expectRebuildEqual();
  }, 120_000);

  it("stays exact when responses arrive while units move (PostgreSQL: several connections)", async () => {
    const { centre, counter, hospital } = app.units;
    const moves = (async () => {
      for (let i = 0; i < 8; i++)
        await moveUnit(app.ctx, counter.id, i % 2 === 0 ? hospital.id : centre.id, admin);
    })();
    const ingest = Promise.all(
      [11, 12, 13].map((seed) =>
        seedResponses(app.ctx, app.campaign.id, 120, { seed, now: NOW, batchSize: 6 }),
      ),
    );
    await Promise.all([moves, ingest]);
    await expectRebuildEqual();
  }, 120_000);

  it("keeps the counts of raw responses deleted by retention", async () => {
    const { province, centre, counter, hospital } = app.units;
    const total = await subtreeTotal(province.id);
    const counterTotal = await subtreeTotal(counter.id);
    const centreTotal = await subtreeTotal(centre.id);
    const hospitalTotal = await subtreeTotal(hospital.id);
    expect(await retentionDeletions(app.ctx)).toBe(0);

    // Raw responses older than three years go; their counts stay in the rollups.
    const run = await applyRetention(
      app.ctx,
      { commentsDays: null, rawDays: 3 * 365 },
      { now: NOW },
    );
    expect(run.deleted).toBeGreaterThan(20);
    expect(await retentionDeletions(app.ctx)).toBe(run.deleted);
    const unflagged = await app.ctx.db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("flag_reason", "is", null)
      .executeTakeFirstOrThrow();
    expect(Number(unflagged.n)).toBeLessThan(total);

    await moveUnit(app.ctx, counter.id, hospital.id, admin);
    expect(await subtreeTotal(province.id)).toBe(total);
    expect(await subtreeTotal(counter.id)).toBe(counterTotal);
    expect(await subtreeTotal(hospital.id)).toBe(hospitalTotal + counterTotal);
    expect(await subtreeTotal(centre.id)).toBe(centreTotal - counterTotal);

    // The new parent's months before the cut-off still hold the deleted responses' counts.
    const old = await app.ctx.db
      .selectFrom("rollup_subtree")
      .select((eb) => eb.fn.sum<number>("count").as("n"))
      .where("unit_id", "=", hospital.id)
      .where("channel", "=", "*")
      .where("question", "=", "$responses")
      .where("period", "<", run.rawBefore!.slice(0, 7))
      .executeTakeFirst();
    expect(Number(old?.n ?? 0)).toBeGreaterThan(0);
  }, 120_000);
});
