/**
 * The independent channel, SDG 16.6.2 and the alert's case button on the dialect under test
 * (SQLite, or PostgreSQL with TEST_DATABASE_URL): only a higher unit makes and revokes its QR
 * codes; the comparison reads the rollups (it holds when the raw responses are gone) and agrees
 * with the rollup reads filtered by channel; the report carries it; the SDG figure counts the
 * counter form's overall question; an alert opens one case, then links to it.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { insertAccessLink, insertCampaign } from "#db/queries/campaigns";
import * as alertsRoute from "~/routes/manage.alerts";
import * as independentRoute from "~/routes/manage.independent";
import { loadCatalog } from "~/services/catalog.server";
import { loadVersion } from "~/services/context.server";
import { resolveExport } from "~/services/export.server";
import {
  compareChannels,
  createIndependentLink,
  INDEPENDENT_CHANNEL,
  revokeIndependentLink,
} from "~/services/independent-channel.server";
import { submitResponse } from "~/services/ingest.server";
import { revokeAccessLink } from "~/services/links.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { buildReport } from "~/services/report.server";
import { findCampaignResults } from "~/services/results.server";
import { sdgIndicator } from "~/services/sdg.server";
import { ServiceError } from "~/services/service-error.server";
import { asUser, makeTestApp, type Who } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
const noLimit = new RateLimiter(0);

beforeEach(async () => {
  app = await makeTestApp();
});

async function answer(token: string, q1: number) {
  const r = await submitResponse(
    app.ctx,
    {
      id: randomUUID(),
      token,
      answers: { q1, q2: q1, ...(q1 <= 2 ? { reasons: ["cho_lau"] } : {}) },
    },
    { limiter: noLimit },
  );
  expect(r.status).toBe(201);
}

const uid = (who: Who) => (who === "anonymous" ? null : app.people[who].id);

/** The status and body of a loader or action, whether it returned or threw. */
async function call(run: () => Promise<unknown>) {
  try {
    const r = await run();
    if (r instanceof Response) return { status: r.status, location: r.headers.get("Location") };
    const d = r as { type?: string; init?: { status?: number } | null; data?: unknown };
    if (d?.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, body: d.data };
    return { status: 200, body: r as Record<string, unknown> };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get("Location") };
    const thrown = e as { init?: { status?: number } };
    if (thrown.init?.status) return { status: thrown.init.status };
    throw e;
  }
}

async function post(
  mod: { action: (a: ActionFunctionArgs) => unknown },
  who: Who,
  path: string,
  fields: Record<string, string>,
) {
  const request = await asUser(app.ctx, uid(who), path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  return call(async () => mod.action({ request, params: {}, context: {} }));
}

async function get(mod: { loader: (a: LoaderFunctionArgs) => unknown }, who: Who, path: string) {
  const request = await asUser(app.ctx, uid(who), path);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return call(async () => mod.loader({ request, params: {}, context: {} })) as Promise<any>;
}

describe("the independent channel", () => {
  it("is made and revoked only from a unit above the one it is posted at", async () => {
    const make = (who: string, owner: string, unit: string) =>
      createIndependentLink(
        app.ctx,
        {
          campaignId: app.campaign.id,
          unitId: unit,
          ownerUnitId: owner,
          label: "Cổng chính",
        },
        who,
      );
    const { province, centre, counter } = app.units;
    // The centre's manager does not manage the province: as if it did not exist.
    await expect(make(app.people.manager.id, province.id, centre.id)).rejects.toMatchObject({
      status: 404,
    });
    // A unit's own link is its own survey, never an independent check.
    await expect(make(app.people.manager.id, centre.id, centre.id)).rejects.toMatchObject({
      status: 400,
      key: "channel.error.notAbove",
    });
    await expect(make(app.people.admin.id, counter.id, centre.id)).rejects.toBeInstanceOf(
      ServiceError,
    );
    const link = await make(app.people.admin.id, province.id, centre.id);
    expect(link).toMatchObject({ channel: INDEPENDENT_CHANNEL, owner_unit_id: province.id });
    // The centre's manager manages the centre, yet cannot revoke the province's code.
    await expect(
      revokeAccessLink(app.ctx, link.token, {
        id: app.people.manager.id,
        grants: [{ role: "manager", unitPath: centre.path }],
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      revokeIndependentLink(app.ctx, link.token, app.people.manager.id),
    ).rejects.toMatchObject({ status: 404 });
    await revokeIndependentLink(app.ctx, link.token, app.people.admin.id);
    const row = await app.ctx.db
      .selectFrom("access_link")
      .select("revoked_at")
      .where("token", "=", link.token)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .select(["action", "unit_id"])
      .where("entity", "=", "access_link")
      .orderBy("at")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "revoke"]);
  });

  it("puts the unit's own survey beside it from the rollups alone, and in the report", async () => {
    const { province, centre } = app.units;
    const link = await createIndependentLink(
      app.ctx,
      { campaignId: app.campaign.id, unitId: centre.id, ownerUnitId: province.id },
      app.people.admin.id,
    );
    // Own survey: 19 of 20 satisfied; the Department's QR: 8 of 20.
    for (let i = 0; i < 20; i++) await answer(app.link.token, i === 0 ? 2 : 5);
    for (let i = 0; i < 20; i++) await answer(link.token, i < 8 ? 5 : 1);
    const q = {
      campaignIds: [app.campaign.id],
      definition: (await loadVersion(app.ctx, app.version.id))!.definition,
      minN: 3,
    };
    const rows = (await compareChannels(app.ctx, q))!;
    expect(rows).toHaveLength(1);
    const [r] = rows;
    expect(r).toMatchObject({
      unitId: centre.id,
      own: { responses: 20 },
      independent: { responses: 20 },
    });
    // The same figures as the results read filtered by channel.
    const byChannel = async (channel: string) =>
      (await findCampaignResults(app.ctx, app.campaign.id, { unitPath: centre.path, channel }))!
        .result.overall;
    const own = await byChannel("link");
    const ind = await byChannel(INDEPENDENT_CHANNEL);
    expect(r!.own.f.rate).toBeCloseTo(own.rate!, 12);
    expect(r!.own.f.low).toBeCloseTo(own.low!, 12);
    expect(r!.independent.f.rate).toBeCloseTo(ind.rate!, 12);
    expect(r!.own.f.rate).toBeCloseTo(0.95, 12);
    expect(r!.independent.f.rate).toBeCloseTo(0.4, 12);
    expect(r!.difference!.diff).toBeCloseTo(0.55, 12);
    expect(r!.difference!.significant).toBe(true);

    // The province (above the link's unit) shows the centre's row; the counter's subtree none.
    expect(await compareChannels(app.ctx, { ...q, within: [province.path] })).toHaveLength(1);
    expect(await compareChannels(app.ctx, { ...q, within: [app.units.counter.path] })).toBeNull();
    // Months without responses: the unit is left out.
    expect(await compareChannels(app.ctx, { ...q, from: "2001-01", to: "2001-12" })).toEqual([]);

    // No raw scan: with the raw responses gone (rollups kept), the figures do not move.
    await app.ctx.db.deleteFrom("response").execute();
    expect(await compareChannels(app.ctx, q)).toEqual(rows);

    // The report (web page and PDF) carries the section.
    const resolved = await resolveExport(app.ctx, [{ role: "admin", unitPath: province.path }], {
      campaignId: app.campaign.id,
      includeFlagged: false,
    } as never);
    expect(resolved.ok).toBe(true);
    if (!resolved.ok) return;
    const month = new Date().toISOString().slice(0, 7);
    const report = await buildReport(
      app.ctx,
      resolved.value,
      {
        year: Number(month.slice(0, 4)),
        kind: "Y",
        from: `${month.slice(0, 4)}-01`,
        to: `${month.slice(0, 4)}-12`,
      } as never,
      { who: "admin" },
    );
    expect(report.channels).toEqual(rows);
    // The fixture's form is not of the three sectors: the province's SDG section is empty.
    expect(report.sdg).toMatchObject({ unitName: "Tỉnh", combined: { respondents: 0 } });
  });

  it("lists the owner's codes on /manage/independent and makes them through its form", async () => {
    const page = await get(independentRoute, "admin", "/manage/independent");
    expect(page.status).toBe(200);
    const owners = page.body.owners.map((u: { id: string }) => u.id);
    expect(owners).toContain(app.units.province.id);
    const made = await post(independentRoute, "admin", "/manage/independent", {
      intent: "create",
      campaignId: app.campaign.id,
      unitId: app.units.counter.id,
      ownerUnitId: app.units.province.id,
      label: "",
    });
    expect(made.status).toBe(200);
    const after = await get(independentRoute, "admin", "/manage/independent");
    const links = after.body.campaigns.flatMap((c: { links: unknown[] }) => c.links);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ unitName: "Quầy 1", ownerName: "Tỉnh", revoked: false });
    // The centre's manager sees no code of the province's.
    const theirs = await get(independentRoute, "manager", "/manage/independent");
    expect(theirs.body.campaigns.flatMap((c: { links: unknown[] }) => c.links)).toEqual([]);
    const bad = await post(independentRoute, "admin", "/manage/independent", { intent: "nope" });
    expect(bad.status).toBe(400);
  });
});

describe("SDG 16.6.2", () => {
  it("counts the counter form's overall question per respondent for the province", async () => {
    const versions = await loadCatalog(app.ctx.db, resolve(__dirname, "../../surveys"));
    const counterForm = versions.find((v) => v.slug === "mot-cua-danh-gia-nhanh")!.version;
    const year = { opensAt: "2020-01-01T00:00:00.000Z", closesAt: "2100-01-01T00:00:00.000Z" };
    const campaign = await insertCampaign(app.ctx.db, {
      title: "Đánh giá nhanh tại một cửa",
      questionnaireVersionId: counterForm.id,
      status: "open",
      ...year,
      targetPct: null,
      channels: ["link"],
      minN: 1,
      scopeUnitIds: [app.units.province.id],
    });
    const { token } = await insertAccessLink(app.ctx.db, {
      campaignId: campaign.id,
      unitId: app.units.centre.id,
      channel: "link",
    });
    // Rất hài lòng, Hài lòng, Không hài lòng, Rất hài lòng, Rất hài lòng: 4 of 5 satisfied.
    for (const v of [2, 1, 0, 2, 2]) {
      const r = await submitResponse(
        app.ctx,
        { id: randomUUID(), token, answers: { danh_gia_tong_the: v } },
        { limiter: noLimit },
      );
      expect(r.status).toBe(201);
    }
    await answer(app.link.token, 5); // the fixture's generic form: no sector of the three
    const month = new Date().toISOString().slice(0, 7);
    const v = await sdgIndicator(app.ctx, app.units.province, { from: month, to: month }, "vi");
    const admin = v.sectors.find((s) => s.sector === "administrative")!;
    expect(admin).toMatchObject({ satisfied: 4, respondents: 5, campaigns: 1, rate: 0.8 });
    expect(admin.low).toBeGreaterThan(0.3);
    expect(admin.high).toBeLessThan(1);
    expect(v.sectors.find((s) => s.sector === "health")).toMatchObject({ respondents: 0 });
    expect(v.combined).toMatchObject({ satisfied: 4, respondents: 5, rate: 0.8 });
    // Outside the months: nothing.
    const before = await sdgIndicator(
      app.ctx,
      app.units.province,
      { from: "2001-01", to: "2001-12" },
      "vi",
    );
    expect(before.combined.respondents).toBe(0);
  });
});

describe("a case from an alert", () => {
  it("opens once from /manage/alerts, then the alert links to it", async () => {
    const now = new Date().toISOString();
    await app.ctx.db
      .insertInto("alert_rule")
      .values({
        id: "rule-1",
        unit_id: app.units.centre.id,
        kind: "burst",
        settings: JSON.stringify({ kind: "burst", threshold: 3 }),
        delivery: "each",
        recipients: "[]",
        base_url: "http://localhost",
        checked_until: null,
        paused_at: null,
        created_by: app.people.manager.id,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await app.ctx.db
      .insertInto("alert")
      .values({
        id: "alert-1",
        rule_id: "rule-1",
        unit_id: app.units.counter.id,
        day: now.slice(0, 10),
        kind: "burst",
        detail: JSON.stringify({ kind: "burst", count: 4, threshold: 3, from: now, to: now }),
        mail_job_id: null,
        created_at: now,
      })
      .execute();
    const before = await get(alertsRoute, "manager", "/manage/alerts");
    expect(before.body.alerts).toMatchObject([{ id: "alert-1", caseId: null }]);
    // Someone outside the unit: not found.
    const outsider = await post(alertsRoute, "outsider", "/manage/alerts", {
      intent: "open-case",
      id: "alert-1",
    });
    expect(outsider.status).toBe(404);
    const opened = await post(alertsRoute, "manager", "/manage/alerts", {
      intent: "open-case",
      id: "alert-1",
    });
    expect(opened.status).toBe(302);
    const caseId = opened.location!.replace("/manage/cases/", "");
    const row = await app.ctx.db
      .selectFrom("follow_up_case")
      .selectAll()
      .where("id", "=", caseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      source: "alert",
      alert_id: "alert-1",
      unit_id: app.units.counter.id,
    });
    expect(row.title).toBeTruthy();
    // A second press leads to the same case.
    const again = await post(alertsRoute, "manager", "/manage/alerts", {
      intent: "open-case",
      id: "alert-1",
    });
    expect(again.location).toBe(opened.location);
    const after = await get(alertsRoute, "manager", "/manage/alerts");
    expect(after.body.alerts).toMatchObject([{ id: "alert-1", caseId }]);
    const count = await app.ctx.db
      .selectFrom("follow_up_case")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});
