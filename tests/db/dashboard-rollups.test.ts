/**
 * The dashboards' rollups stay exact: after random inserts, flags and restores (the two
 * moderation operations), rollup_subtree, rollup_span, rollup_group and rollup_hour equal a
 * recomputation from the raw responses, the dashboards' rates equal computeResults on counts
 * recomputed from the raw responses (over ranges read as years, quarters and months), and a
 * rebuild gives the same tables.
 */
import { resolve } from "node:path";
import type { Kysely } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { countedAt } from "#db/counted-at";
import * as spansMigration from "#db/migrations/2026-11-22-008-rollup-spans";
import { insertAccessLink } from "#db/queries/campaigns";
import { quarterOf, yearOf } from "#db/rollups/spans";
import { insertUnit } from "#db/queries/units";
import { addMonths, previousRange } from "~/domain/dashboard";
import { toPeriod } from "~/domain/period";
import { seededRandom } from "~/domain/synthetic";
import { computeResults } from "~/domain/scoring";
import { flagResponses, restoreResponses } from "~/services/moderation.server";
import { getOverview } from "~/services/dashboard/overview.server";
import { getRanking } from "~/services/dashboard/ranking.server";
import { getTrend } from "~/services/dashboard/trend.server";
import { resolveSelection, readParams } from "~/services/dashboard/selection.server";
import { rebuildRollups, toRollupItems } from "~/services/rollup-maintenance.server";
import { seedResponses } from "~/services/seed.server";
import { toCountTable } from "~/services/results.server";
import { makeTestApp } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
const K = (...parts: Array<string | number>) => parts.join("|");

beforeAll(async () => {
  app = await makeTestApp({
    slug: "mau-02-phong-chuyen-mon",
    surveysDir: resolve(__dirname, "../../surveys"),
  });
  // A deeper tree: province › centre › counter › a desk below the counter, and the hospital.
  const desk = await insertUnit(app.ctx.db, {
    code: "P-C-1-a",
    name: "Bàn a",
    kind: "desk",
    sector: "administrative",
    parentId: app.units.counter.id,
  });
  for (const [unitId, channel] of [
    [desk.id, "kiosk"],
    [app.units.hospital.id, "qr"],
    [app.units.province.id, "link"],
  ] as const)
    await insertAccessLink(app.ctx.db, { campaignId: app.campaign.id, unitId, channel });

  const rand = seededRandom(11);
  await seedResponses(app.ctx, app.campaign.id, 500, {
    seed: 5,
    now: new Date("2026-11-20T10:00:00Z"),
  });
  // Flag and restore random responses, several rounds, then insert more.
  for (let round = 0; round < 3; round++) {
    const ids = await app.ctx.db.selectFrom("response").select(["id", "flag_reason"]).execute();
    const toFlag = ids.filter((r) => r.flag_reason === null && rand() < 0.15).map((r) => r.id);
    const toRestore = ids.filter((r) => r.flag_reason !== null && rand() < 0.5).map((r) => r.id);
    await flagResponses(app.ctx, toFlag, "thử nghiệm", { userId: app.people.admin.id });
    await restoreResponses(app.ctx, toRestore, { userId: app.people.admin.id });
  }
  await seedResponses(app.ctx, app.campaign.id, 200, {
    seed: 6,
    now: new Date("2026-11-20T10:00:00Z"),
  });
}, 120_000);

/** What the raw, unflagged responses say, computed here without the rollup code. */
async function recompute() {
  const rows = await app.ctx.db
    .selectFrom("response")
    .selectAll()
    .where("flag_reason", "is", null)
    .execute();
  const units = new Map(
    (await app.ctx.db.selectFrom("unit").select(["id", "path", "kind"]).execute()).map((u) => [
      u.id,
      u,
    ]),
  );
  const items = await toRollupItems(app.ctx, rows);
  const subtree = new Map<string, number>();
  const span = new Map<string, number>();
  const group = new Map<string, number>();
  const hour = new Map<string, number>();
  const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const { row, rollup } of items) {
    const ids = units.get(row.unit_id)!.path.split("/").filter(Boolean);
    const groups = rollup.filter(([q]) => q.startsWith("$group."));
    for (const [q, v] of rollup) {
      for (const a of ids.slice(0, -1))
        for (const ch of [row.channel, "*"])
          add(subtree, K(row.campaign_id, a, ch, row.period, q, v));
      for (const sp of [quarterOf(row.period), yearOf(row.period)]) {
        add(span, K(row.campaign_id, row.unit_id, sp, 1, q, v));
        for (const a of ids.slice(0, -1)) add(span, K(row.campaign_id, a, sp, 0, q, v));
      }
      if (q.startsWith("$group.") || groups.some(([g]) => g === `$group.${q}`)) continue;
      for (const [g, gv] of groups) {
        add(
          group,
          K(row.campaign_id, g.slice(7), gv, row.unit_id, 1, row.period, row.channel, q, v),
        );
        for (const a of ids.slice(0, -1))
          add(group, K(row.campaign_id, g.slice(7), gv, a, 0, row.period, row.channel, q, v));
      }
    }
    const local = new Date(new Date(countedAt(row)).getTime() + 7 * 3600_000);
    add(
      hour,
      K(
        row.campaign_id,
        row.unit_id,
        row.channel,
        ((local.getUTCDay() + 6) % 7) + 1,
        local.getUTCHours(),
      ),
    );
  }
  return { items, units, subtree, span, group, hour };
}

async function stored() {
  const nonzero = <T extends { count: number | string }>(rows: T[], key: (r: T) => string) =>
    new Map(rows.filter((r) => Number(r.count) !== 0).map((r) => [key(r), Number(r.count)]));
  const db = app.ctx.db;
  return {
    subtree: nonzero(await db.selectFrom("rollup_subtree").selectAll().execute(), (r) =>
      K(r.campaign_id, r.unit_id, r.channel, r.period, r.question, r.value),
    ),
    span: nonzero(await db.selectFrom("rollup_span").selectAll().execute(), (r) =>
      K(r.campaign_id, r.unit_id, r.span, r.own, r.question, r.value),
    ),
    group: nonzero(await db.selectFrom("rollup_group").selectAll().execute(), (r) =>
      K(
        r.campaign_id,
        r.grp,
        r.grp_value,
        r.unit_id,
        r.own,
        r.period,
        r.channel,
        r.question,
        r.value,
      ),
    ),
    hour: nonzero(await db.selectFrom("rollup_hour").selectAll().execute(), (r) =>
      K(r.campaign_id, r.unit_id, r.channel, r.weekday, r.hour),
    ),
    rollup: nonzero(await db.selectFrom("rollup").selectAll().execute(), (r) =>
      K(r.campaign_id, r.unit_id, r.channel, r.period, r.question, r.value),
    ),
  };
}

describe("dashboard rollups after random inserts, flags and restores", () => {
  it("equal a recomputation from the raw responses", async () => {
    const flagged = await app.ctx.db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("flag_reason", "is not", null)
      .executeTakeFirstOrThrow();
    expect(Number(flagged.n)).toBeGreaterThan(10);
    const expected = await recompute();
    const actual = await stored();
    expect(actual.subtree).toEqual(expected.subtree);
    expect(actual.span).toEqual(expected.span);
    expect(actual.group).toEqual(expected.group);
    expect(actual.hour).toEqual(expected.hour);
    expect(expected.group.size).toBeGreaterThan(0);
  });

  it("give the dashboards the rates computeResults gives on the raw responses", async () => {
    const { items, units } = await recompute();
    const version = (await import("~/services/context.server")).loadVersion;
    const def = (await version(app.ctx, app.version.id))!.definition;
    const grants = [
      {
        role: "admin" as const,
        unitPath: app.units.province.path,
        unitId: app.units.province.id,
        unitName: "Tỉnh",
      },
    ];
    const from = "2020-01";
    const to = toPeriod(new Date("2026-11-20T10:00:00Z"));
    const expectFor = (pick: (r: (typeof items)[number]) => boolean) => {
      const rows = new Map<string, number>();
      let responses = 0;
      for (const it of items.filter(pick)) {
        responses++;
        for (const [q, v] of it.rollup)
          if (q !== "$responses") rows.set(K(q, v), (rows.get(K(q, v)) ?? 0) + 1);
      }
      const list = [...rows.entries()].map(([k, count]) => {
        const [question, value] = k.split("|") as [string, string];
        return { question, value, count };
      });
      list.push({ question: "$responses", value: "", count: responses });
      const { counts } = toCountTable(list);
      return computeResults(def, counts, responses, { minN: 3 });
    };
    const scopeFor = (query: string) =>
      resolveSelection(
        app.ctx,
        grants,
        readParams(new URL(`http://x/dashboard?from=${from}&to=${to}&${query}`)),
        "vi",
      );

    for (const unit of [
      app.units.province,
      app.units.centre,
      app.units.counter,
      app.units.hospital,
    ]) {
      const s = await scopeFor(`unit=${unit.id}`);
      const o = (await getOverview(app.ctx, s))!;
      const want = expectFor((it) => units.get(it.row.unit_id)!.path.startsWith(unit.path));
      expect(o.responses).toBe(want.responses);
      expect(o.items.map((i) => [i.code, i.n, i.satisfied])).toEqual(
        want.items.map((i) => [i.code, i.n, i.satisfied]),
      );
      expect(o.overall.rate).toBe(want.overall.rate);
      expect(o.overall.low).toBe(want.overall.low);
      expect(o.items.map((i) => [i.code, i.n, i.satisfied])).toEqual(
        want.items.map((i) => [i.code, i.n, i.satisfied]),
      );
    }

    // Filters: a respondent group, a kind of unit, a channel.
    const women = await scopeFor(`group=gioi_tinh%3D2`);
    expect(women.group).toEqual({ question: "gioi_tinh", value: "2" });
    const w = (await getOverview(app.ctx, women))!;
    const wantW = expectFor((it) =>
      it.rollup.some(([q, v]) => q === "$group.gioi_tinh" && v === "2"),
    );
    expect([w.responses, w.overall.rate]).toEqual([wantW.responses, wantW.overall.rate]);
    expect(w.responses).toBeGreaterThan(0);

    const counters = await scopeFor(`kind=counter`);
    const c = (await getOverview(app.ctx, counters))!;
    const wantC = expectFor((it) => units.get(it.row.unit_id)!.kind === "counter");
    expect([c.responses, c.overall.rate]).toEqual([wantC.responses, wantC.overall.rate]);

    const kiosk = await scopeFor(`channel=kiosk`);
    // "kiosk" is not a channel of the campaign (its channels list link, qr): the filter is dropped.
    expect(kiosk.channel).toBeNull();
    const qr = await scopeFor(`channel=qr`);
    const q = (await getOverview(app.ctx, qr))!;
    const wantQ = expectFor((it) => it.row.channel === "qr");
    expect([q.responses, q.overall.rate]).toEqual([wantQ.responses, wantQ.overall.rate]);

    // Ranking: the province's children, each its whole subtree, plus its direct responses.
    const ranking = (await getRanking(app.ctx, await scopeFor(`unit=${app.units.province.id}`)))!
      .rows;
    for (const row of ranking) {
      const unit = units.get(row.unitId)!;
      const want = expectFor((it) =>
        row.self
          ? it.row.unit_id === row.unitId
          : units.get(it.row.unit_id)!.path.startsWith(unit.path),
      );
      expect([row.name, row.responses, row.overall.rate]).toEqual([
        row.name,
        want.responses,
        want.overall.rate,
      ]);
    }
    expect(ranking.some((r) => r.self)).toBe(true);
    // The same ranking with a group filter reads the group rollup and folds units to children.
    const rankingW = (await getRanking(
      app.ctx,
      await scopeFor(`unit=${app.units.province.id}&group=gioi_tinh%3D2`),
    ))!.rows;
    for (const row of rankingW) {
      const unit = units.get(row.unitId)!;
      const want = expectFor(
        (it) =>
          it.rollup.some(([q, v]) => q === "$group.gioi_tinh" && v === "2") &&
          (row.self
            ? it.row.unit_id === row.unitId
            : units.get(it.row.unit_id)!.path.startsWith(unit.path)),
      );
      expect([row.responses, row.overall.rate]).toEqual([want.responses, want.overall.rate]);
    }

    // Trend: each month equals the responses of that month.
    const trend = (await getTrend(app.ctx, await scopeFor(`from=2026-01`), "quarter"))!;
    for (const p of trend.points) {
      const want = expectFor((it) => it.row.period >= p.first && it.row.period <= p.last);
      expect([p.bucket, p.responses, p.rate]).toEqual([
        p.bucket,
        want.responses,
        want.overall.rate,
      ]);
    }

    // Ranges of months read as years, quarters and months (some subtracted): the overview,
    // its previous period and the ranking equal the raw responses of exactly those months.
    const pickRange = seededRandom(3);
    const inRange = (period: string, r: { from: string; to: string }) =>
      period >= r.from && period <= r.to;
    for (let i = 0; i < 10; i++) {
      const a = Math.floor(pickRange() * 84);
      const r = {
        from: addMonths("2020-01", a),
        to: addMonths("2020-01", a + Math.floor(pickRange() * (84 - a))),
      };
      const prev = previousRange(r.from, r.to);
      const scopeOf = (unitId: string) =>
        resolveSelection(
          app.ctx,
          grants,
          readParams(new URL(`http://x/dashboard?from=${r.from}&to=${r.to}&unit=${unitId}`)),
          "vi",
        );
      for (const unit of [app.units.province, app.units.centre, app.units.counter]) {
        const o = (await getOverview(app.ctx, await scopeOf(unit.id)))!;
        const under = (it: (typeof items)[number]) =>
          units.get(it.row.unit_id)!.path.startsWith(unit.path);
        const want = expectFor((it) => under(it) && inRange(it.row.period, r));
        expect([r, o.responses, o.overall.rate, o.overall.low]).toEqual([
          r,
          want.responses,
          want.overall.rate,
          want.overall.low,
        ]);
        expect(o.items.map((x) => [x.code, x.n, x.satisfied])).toEqual(
          want.items.map((x) => [x.code, x.n, x.satisfied]),
        );
        const before = expectFor((it) => under(it) && inRange(it.row.period, prev));
        expect([r, o.previous?.rate ?? null]).toEqual([
          r,
          before.overall.sufficient ? before.overall.rate : null,
        ]);
      }
      const ranked = (await getRanking(app.ctx, await scopeOf(app.units.province.id)))!.rows;
      for (const row of ranked) {
        const unit = units.get(row.unitId)!;
        const at = (it: (typeof items)[number]) =>
          row.self
            ? it.row.unit_id === row.unitId
            : units.get(it.row.unit_id)!.path.startsWith(unit.path);
        const want = expectFor((it) => at(it) && inRange(it.row.period, r));
        const before = expectFor((it) => at(it) && inRange(it.row.period, prev));
        expect([
          r,
          row.unitId,
          row.responses,
          row.overall.rate,
          row.previous?.rate ?? null,
        ]).toEqual([r, row.unitId, want.responses, want.overall.rate, before.overall.rate]);
      }
    }
  });

  it("are rebuilt identically from the raw responses", async () => {
    const before = await stored();
    const { responses } = await rebuildRollups(app.ctx);
    expect(responses).toBeGreaterThan(0);
    const after = await stored();
    expect(after.rollup).toEqual(before.rollup);
    expect(after.subtree).toEqual(before.subtree);
    expect(after.span).toEqual(before.span);
    expect(after.group).toEqual(before.group);
    expect(after.hour).toEqual(before.hour);
  });

  it("fill rollup_span from the month rollups when migration 008 runs on existing data", async () => {
    const before = await stored();
    expect(before.span.size).toBeGreaterThan(0);
    const db = app.ctx.db as unknown as Kysely<unknown>;
    await spansMigration.down(db);
    await spansMigration.up(db);
    expect((await stored()).span).toEqual(before.span);
  });
});
