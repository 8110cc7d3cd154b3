/**
 * The organisation tree, people and campaigns through their services, on the dialect under
 * test: moves rewrite a whole subtree, the CSV import is all or nothing, merged units'
 * results are reported under their successor, and every change leaves an audit entry.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { pathsIncludingPredecessors, unitPathsIncludingPredecessors } from "#db/queries/lineage";
import { findUnit, insertUnit } from "#db/queries/units";
import { findUnitByCode } from "#db/queries/unit-tree";
import * as results from "~/routes/results.$campaignId";
import * as home from "~/routes/_index";
import { findSessionUser } from "~/services/auth.server";
import {
  createCampaign,
  findSpanningResults,
  setCampaignStatus,
} from "~/services/campaigns.server";
import { submitResponse } from "~/services/ingest.server";
import { createAccessLink } from "~/services/links.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { readableScopes } from "~/services/results.server";
import { ServiceError, type Actor } from "~/services/service-error.server";
import { createManagedUser, disableUser, removeRole, addRole } from "~/services/people.server";
import { createUnit, deactivateUnit, moveUnit, updateUnit } from "~/services/units.server";
import { exportUnitCsv, importUnitCsv } from "~/services/unit-csv.server";
import { mergeUnits } from "~/services/unit-merges.server";
import { createUser } from "~/services/users.server";
import { asUser, makeTestApp, ORIGIN, PASSWORD } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let admin: Actor;
beforeEach(async () => {
  app = await makeTestApp();
  admin = {
    id: app.people.admin.id,
    grants: [{ role: "admin", unitPath: app.units.province.path }],
  };
});

const limiter = new RateLimiter(0);
async function answer(token: string, q1: number, n = 1) {
  for (let i = 0; i < n; i++) {
    const r = await submitResponse(
      app.ctx,
      {
        id: crypto.randomUUID(),
        token,
        answers: { q1, q2: q1, ...(q1 <= 2 ? { reasons: ["cho_lau"] } : {}) },
      },
      { limiter },
    );
    expect(r.status).toBe(201);
  }
}

const audits = (entity: string, entityId?: string) =>
  app.ctx.db
    .selectFrom("audit_log")
    .selectAll()
    .where("entity", "=", entity)
    .$if(entityId !== undefined, (q) => q.where("entity_id", "=", entityId!))
    .orderBy("id")
    .execute();

async function expectServiceError(p: Promise<unknown>, status: number) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ServiceError);
  expect((e as ServiceError).status).toBe(status);
}

async function commune(code: string, name: string, parentId = app.units.province.id) {
  return createUnit(
    app.ctx,
    { code, name, kind: "commune", sector: "administrative", parentId, activeFrom: "2020-01-01" },
    admin,
  );
}

describe("units", () => {
  it("creates, renames and moves a unit with its whole subtree, audited before and after", async () => {
    const x = await commune("P-X1", "Xã Một");
    const centre = await createUnit(
      app.ctx,
      {
        code: "P-X1-TT",
        name: "Trung tâm xã",
        kind: "service_centre",
        sector: "administrative",
        parentId: x.id,
      },
      admin,
    );
    await updateUnit(
      app.ctx,
      x.id,
      { code: "P-X1", name: "Xã Một Mới", kind: "commune", sector: "administrative" },
      admin,
    );
    await moveUnit(app.ctx, x.id, app.units.centre.id, admin);
    const moved = (await findUnit(app.ctx.db, x.id))!;
    const child = (await findUnit(app.ctx.db, centre.id))!;
    expect(moved.path).toBe(`${app.units.centre.path}${x.id}/`);
    expect(child.path).toBe(`${moved.path}${centre.id}/`);
    expect(moved.name).toBe("Xã Một Mới");
    const log = await audits("unit", x.id);
    expect(log.map((a) => a.action)).toEqual(["create", "update", "move"]);
    expect(JSON.parse(log[1]!.before!)).toEqual({ name: "Xã Một" });
    expect(JSON.parse(log[1]!.after!)).toEqual({ name: "Xã Một Mới" });
    expect(JSON.parse(log[2]!.before!).path).toBe(`${app.units.province.path}${x.id}/`);
    expect(log.every((a) => a.user_id === admin.id && a.unit_id === x.id)).toBe(true);
  });

  it("refuses a move into its own subtree, a duplicate code, and anything outside the subtree", async () => {
    await expectServiceError(
      moveUnit(app.ctx, app.units.centre.id, app.units.counter.id, admin),
      409,
    );
    await expectServiceError(commune("P-C", "Trùng mã"), 409);
    await expectServiceError(commune("Q-1", "Xã ngoài", app.units.other.id), 404);
    const manager: Actor = {
      id: app.people.manager.id,
      grants: [{ role: "manager", unitPath: app.units.centre.path }],
    };
    await expectServiceError(
      createUnit(
        app.ctx,
        {
          code: "P-C-9",
          name: "Quầy 9",
          kind: "counter",
          sector: "administrative",
          parentId: app.units.centre.id,
        },
        manager,
      ),
      404,
    );
  });

  it("keeps the tree within 30 levels, for a new unit and for a move with its subtree", async () => {
    // The province is level 1: a chain of departments down to level 30.
    let parent = app.units.province.id;
    const chain = [];
    for (let level = 2; level <= 30; level++) {
      const u = await createUnit(
        app.ctx,
        {
          code: `P-D${level}`,
          name: `Cấp ${level}`,
          kind: "department",
          sector: "administrative",
          parentId: parent,
        },
        admin,
      );
      chain.push(u);
      parent = u.id;
    }
    await expectServiceError(commune("P-D31", "Cấp 31", parent), 400);
    // The centre (level 2) with its counter (level 3), moved under level 29: the counter would be 31.
    await expectServiceError(moveUnit(app.ctx, app.units.centre.id, chain[27]!.id, admin), 400);
    await moveUnit(app.ctx, app.units.centre.id, chain[26]!.id, admin);
    expect(
      (await findUnit(app.ctx.db, app.units.counter.id))!.path.split("/").filter(Boolean),
    ).toHaveLength(30);
  });

  it("deactivates a subtree from a day, revoking its links once the day has come", async () => {
    const r = await deactivateUnit(app.ctx, app.units.centre.id, {}, admin);
    expect(r.units).toBe(2); // the centre and its counter
    expect(r.revokedLinks).toBeGreaterThanOrEqual(3);
    const s = await submitResponse(
      app.ctx,
      { id: crypto.randomUUID(), token: app.link.token, answers: { q1: 5, q2: 5 } },
      { limiter },
    );
    expect(s.status).toBe(410);
    await expectServiceError(
      createUnit(
        app.ctx,
        {
          code: "P-C-2",
          name: "Quầy 2",
          kind: "counter",
          sector: "administrative",
          parentId: app.units.centre.id,
        },
        admin,
      ),
      409,
    );
  });
});

describe("CSV import", () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  it("checks without writing, then applies a good file in one go; its export imports unchanged", async () => {
    const file = enc(
      [
        "code,name,kind,sector,parent_code",
        "P-X2,Xã Hai,commune,administrative,P",
        "P-X2-TT,Trung tâm xã Hai,service_centre,administrative,P-X2",
        "P-C,Trung tâm Phục vụ hành chính công,service_centre,administrative,P",
      ].join("\r\n"),
    );
    const dry = await importUnitCsv(app.ctx, file, admin, { apply: false });
    expect(dry.errors).toEqual([]);
    expect(dry.rows.map((r) => [r.code, r.action])).toEqual([
      ["P-X2", "create"],
      ["P-X2-TT", "create"],
      ["P-C", "update"],
    ]);
    expect(await findUnitByCode(app.ctx.db, "P-X2")).toBeUndefined();
    const applied = await importUnitCsv(app.ctx, file, admin, { apply: true });
    expect(applied.applied).toBe(true);
    const x2 = (await findUnitByCode(app.ctx.db, "P-X2"))!;
    const tt = (await findUnitByCode(app.ctx.db, "P-X2-TT"))!;
    expect(tt.path).toBe(`${x2.path}${tt.id}/`);
    expect((await findUnitByCode(app.ctx.db, "P-C"))!.name).toBe(
      "Trung tâm Phục vụ hành chính công",
    );
    expect((await audits("unit")).filter((a) => a.after?.includes('"via":"csv"'))).toHaveLength(3);

    const csv = await exportUnitCsv(app.ctx, admin);
    expect(csv).toContain("P-X2-TT,Trung tâm xã Hai,service_centre,administrative,P-X2");
    expect(csv).not.toContain("Q,"); // the other province is not the admin's
    const again = await importUnitCsv(app.ctx, enc(csv), admin, { apply: false });
    expect(again.errors).toEqual([]);
    expect(again.rows.every((r) => r.action === "unchanged")).toBe(true);
  });

  it("writes nothing when any line is wrong, and hides units outside the admin's subtree", async () => {
    await insertUnit(app.ctx.db, {
      code: "Q-1",
      name: "Xã của tỉnh khác",
      kind: "commune",
      sector: "administrative",
      parentId: app.units.other.id,
    });
    const file = enc(
      [
        "code,name,kind,sector,parent_code",
        "P-X3,Xã Ba,commune,administrative,P",
        "P-X4,Xã Bốn,commune,administrative,Q", // the other province: not told apart from unknown
        "Q-1,Xã của tỉnh khác,commune,administrative,P", // its code is taken
      ].join("\n"),
    );
    const r = await importUnitCsv(app.ctx, file, admin, { apply: true });
    expect(r.applied).toBe(false);
    expect(r.errors).toEqual([
      { line: 3, problem: "unknown_parent", value: "Q" },
      { line: 4, problem: "code_taken", value: "Q-1" },
    ]);
    expect(await findUnitByCode(app.ctx.db, "P-X3")).toBeUndefined();
  });
});

describe("merging units (the 2025 reorganisation)", () => {
  it("reports the old units' responses under the new one, for its people too", async () => {
    // Two communes answered a province campaign in 2025; from 1/7/2025 they form one commune.
    const a = await commune("P-A", "Xã An");
    const b = await commune("P-B", "Xã Bình");
    const linkA = await createAccessLink(
      app.ctx,
      { campaignId: app.campaign.id, unitId: a.id, channel: "link" },
      admin,
    );
    const linkB = await createAccessLink(
      app.ctx,
      { campaignId: app.campaign.id, unitId: b.id, channel: "qr" },
      app.people.admin.id,
    );
    await answer(linkA.token, 5, 3);
    await answer(linkB.token, 1, 2);
    // The new commune is entered today, after the fact.
    const ab = await createUnit(
      app.ctx,
      {
        code: "P-AB",
        name: "Xã An Bình",
        kind: "commune",
        sector: "administrative",
        parentId: app.units.province.id,
      },
      admin,
    );
    const viewerOfNew = await createUser(
      app.ctx,
      {
        login: "xa.anbinh",
        name: "Xã An Bình",
        password: PASSWORD,
        grants: [{ unitId: ab.id, role: "viewer" }],
      },
      admin.id,
    );
    const read = async (userId: string) => {
      const request = await asUser(app.ctx, userId, `/results/${app.campaign.id}`);
      return (await results.loader({
        request,
        params: { campaignId: app.campaign.id },
        context: {},
      })) as {
        responses: number;
        scopes: Array<{ value: string }>;
      };
    };
    expect((await read(viewerOfNew.id)).responses).toBe(0);

    await mergeUnits(
      app.ctx,
      { predecessorIds: [a.id, b.id], successorId: ab.id, effectiveFrom: "2025-07-01" },
      admin,
    );

    expect(await unitPathsIncludingPredecessors(app.ctx.db, ab.id)).toEqual(
      [a.path, ab.path, b.path].sort(),
    );
    const r = await read(viewerOfNew.id);
    expect(r.responses).toBe(5);
    expect(r.scopes.map((s) => s.value)).toEqual([ab.id]);
    // It exists from the merger's day; the predecessors end the day before and take no answers.
    expect((await findUnit(app.ctx.db, ab.id))!.active_from).toBe("2025-07-01");
    expect((await findUnit(app.ctx.db, a.id))!.active_to).toBe("2025-06-30");
    const late = await submitResponse(
      app.ctx,
      { id: crypto.randomUUID(), token: linkA.token, answers: { q1: 5, q2: 5 } },
      { limiter },
    );
    expect(late.status).toBe(410);
    // The province's own figure counts every response once.
    expect((await read(app.people.admin.id)).responses).toBe(5);
    // Lineage is audited on both sides.
    expect((await audits("unit", a.id)).map((x) => x.action)).toContain("merge");
    expect((await audits("unit", ab.id)).map((x) => x.action)).toContain("merge");
  });

  it("gives the new unit's people the old units' own campaigns, and follows mergers of mergers", async () => {
    const a = await commune("P-A", "Xã An");
    const ab = await commune("P-AB", "Xã An Bình");
    const abc = await commune("P-ABC", "Xã An Bình Châu");
    const old = await createCampaign(
      app.ctx,
      {
        title: "Khảo sát Xã An 2024",
        questionnaireVersionId: app.version.id,
        scopeUnitIds: [a.id],
        from: "2024-01-01",
        to: "2024-12-31",
        targetPct: 80,
        targetResponses: null,
        channels: ["link"],
        minN: 1,
        anonymous: true,
      },
      admin,
      new Date("2024-01-01T00:00:00Z"),
    );
    await app.ctx.db
      .updateTable("campaign")
      .set({ status: "open", closes_at: "2100-01-01T00:00:00.000Z" })
      .where("id", "=", old.id)
      .execute();
    const link = await createAccessLink(
      app.ctx,
      { campaignId: old.id, unitId: a.id, channel: "link" },
      admin,
    );
    await answer(link.token, 4, 2);
    await mergeUnits(
      app.ctx,
      { predecessorIds: [a.id], successorId: ab.id, effectiveFrom: "2025-07-01" },
      admin,
    );
    await mergeUnits(
      app.ctx,
      { predecessorIds: [ab.id], successorId: abc.id, effectiveFrom: "2026-01-01" },
      admin,
    );
    expect(await pathsIncludingPredecessors(app.ctx.db, [abc.path])).toEqual(
      [a.path, ab.path, abc.path].sort(),
    );

    const viewer = await createUser(
      app.ctx,
      {
        login: "xa.abc",
        name: "Xã ABC",
        password: PASSWORD,
        grants: [{ unitId: abc.id, role: "viewer" }],
      },
      admin.id,
    );
    const user = (await findSessionUser(app.ctx, await asUser(app.ctx, viewer.id, "/")))!;
    const scopes = await readableScopes(app.ctx, old.id, user.grants);
    expect(scopes.map((s) => s.value)).toEqual(["", a.id]); // the whole (old) campaign is theirs
    const request = await asUser(app.ctx, viewer.id, `/results/${old.id}`);
    const r = (await results.loader({ request, params: { campaignId: old.id }, context: {} })) as {
      responses: number;
    };
    expect(r.responses).toBe(2);
    const homeRequest = await asUser(app.ctx, viewer.id, "/");
    const h = (await home.loader({ request: homeRequest, params: {}, context: {} })) as {
      campaigns: Array<{ id: string }>;
    };
    expect(h.campaigns.map((c) => c.id)).toContain(old.id);
    // Someone else's viewer still sees nothing of it.
    const other = (await findSessionUser(
      app.ctx,
      await asUser(app.ctx, app.people.hospitalViewer.id, "/"),
    ))!;
    expect(await readableScopes(app.ctx, old.id, other.grants)).toEqual([]);
  });

  it("refuses a merger loop, a unit merged into its own parent, and units outside the admin's", async () => {
    const a = await commune("P-A", "Xã An");
    const b = await commune("P-B", "Xã Bình");
    await mergeUnits(
      app.ctx,
      { predecessorIds: [a.id], successorId: b.id, effectiveFrom: "2025-07-01" },
      admin,
    );
    await app.ctx.db.updateTable("unit").set({ active_to: null }).where("id", "=", a.id).execute();
    await expectServiceError(
      mergeUnits(
        app.ctx,
        { predecessorIds: [b.id], successorId: a.id, effectiveFrom: "2025-07-01" },
        admin,
      ),
      409,
    );
    await expectServiceError(
      mergeUnits(
        app.ctx,
        {
          predecessorIds: [app.units.counter.id],
          successorId: app.units.centre.id,
          effectiveFrom: "2025-07-01",
        },
        admin,
      ),
      409,
    );
    await expectServiceError(
      mergeUnits(
        app.ctx,
        { predecessorIds: [app.units.other.id], successorId: b.id, effectiveFrom: "2025-07-01" },
        admin,
      ),
      404,
    );
  });
});

describe("people", () => {
  it("creates a person with a generated password, and disabling ends every session", async () => {
    const { user, password } = await createManagedUser(
      app.ctx,
      {
        login: "canbo.moi",
        name: "Cán bộ mới",
        password: "",
        unitId: app.units.centre.id,
        role: "analyst",
      },
      admin,
    );
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const request = await asUser(app.ctx, user.id, "/");
    expect(await findSessionUser(app.ctx, request)).not.toBeNull();
    await disableUser(app.ctx, user.id, admin);
    expect(await findSessionUser(app.ctx, request)).toBeNull();
    const log = await audits("user", user.id);
    expect(log.map((a) => a.action)).toEqual(["create", "sign_in", "disable"]);
    expect(log[0]!.unit_id).toBe(app.units.centre.id);
  });

  it("keeps the last role, shares accounts with roles elsewhere, and never edits oneself", async () => {
    await expectServiceError(
      removeRole(
        app.ctx,
        app.people.viewer.id,
        { unitId: app.units.counter.id, role: "viewer" },
        admin,
      ),
      409,
    );
    await addRole(
      app.ctx,
      app.people.viewer.id,
      { unitId: app.units.hospital.id, role: "analyst" },
      admin,
    );
    await removeRole(
      app.ctx,
      app.people.viewer.id,
      { unitId: app.units.counter.id, role: "viewer" },
      admin,
    );
    // The outsider's administrator cannot see or lock a person of this province.
    const outsider: Actor = {
      id: app.people.outsider.id,
      grants: [{ role: "admin", unitPath: app.units.other.path }],
    };
    await expectServiceError(disableUser(app.ctx, app.people.viewer.id, outsider), 404);
    // A person with roles in both provinces is only partly this admin's.
    await app.ctx.db
      .insertInto("membership")
      .values({
        user_id: app.people.analyst.id,
        unit_id: app.units.other.id,
        role: "viewer",
        created_at: new Date().toISOString(),
      })
      .execute();
    await expectServiceError(disableUser(app.ctx, app.people.analyst.id, admin), 403);
    await expectServiceError(disableUser(app.ctx, admin.id, admin), 409);
  });
});

describe("campaigns", () => {
  const input = (over: Record<string, unknown> = {}) => ({
    title: "Đợt mới",
    questionnaireVersionId: app.version.id,
    scopeUnitIds: [app.units.centre.id],
    from: "2026-01-01",
    to: "2099-12-31",
    targetPct: "90",
    targetResponses: "",
    channels: ["link", "kiosk"],
    minN: "5",
    anonymous: true,
    ...over,
  });
  const manager = (): Actor => ({
    id: app.people.manager.id,
    grants: [{ role: "manager", unitPath: app.units.centre.path }],
  });

  it("a manager creates a draft in their subtree, opens it, makes a link that takes answers, closes it", async () => {
    const c = await createCampaign(app.ctx, input(), manager());
    expect(c).toMatchObject({
      status: "draft",
      target_pct: 90,
      target_responses: null,
      min_n: 5,
      anonymous: 1,
    });
    expect(c.opens_at).toBe("2025-12-31T17:00:00.000Z"); // 00:00 in Vietnam
    const link = await createAccessLink(
      app.ctx,
      { campaignId: c.id, unitId: app.units.counter.id, channel: "kiosk", label: "Quầy 1" },
      app.people.manager.id,
    );
    const body = { id: crypto.randomUUID(), token: link.token, answers: { q1: 5, q2: 4 } };
    expect((await submitResponse(app.ctx, body, { limiter })).status).toBe(410); // a draft takes nothing
    await setCampaignStatus(app.ctx, c.id, "open", manager());
    expect((await submitResponse(app.ctx, body, { limiter })).status).toBe(201);
    await setCampaignStatus(app.ctx, c.id, "closed", manager());
    expect(
      (await submitResponse(app.ctx, { ...body, id: crypto.randomUUID() }, { limiter })).status,
    ).toBe(410);
    await expectServiceError(setCampaignStatus(app.ctx, c.id, "open", manager()), 409);
    await expectServiceError(
      createAccessLink(
        app.ctx,
        { campaignId: c.id, unitId: app.units.counter.id, channel: "kiosk" },
        manager(),
      ),
      409,
    );
    const log = await audits("campaign", c.id);
    expect(log.map((a) => a.action)).toEqual(["create", "open", "close"]);
    expect(log[0]!.unit_id).toBe(app.units.centre.id);
    const linkLog = await audits("access_link");
    expect(linkLog).toHaveLength(1);
    expect(JSON.stringify(linkLog)).not.toContain(link.token); // the token opens the survey
  });

  it("refuses a scope outside the manager's subtree, a foreign channel, and opening a wider campaign", async () => {
    await expectServiceError(
      createCampaign(app.ctx, input({ scopeUnitIds: [app.units.hospital.id] }), manager()),
      404,
    );
    await expectServiceError(createCampaign(app.ctx, input({ channels: [] }), manager()), 400);
    await expectServiceError(
      createAccessLink(
        app.ctx,
        { campaignId: app.campaign.id, unitId: app.units.counter.id, channel: "kiosk" },
        manager(),
      ),
      400, // the fixture campaign uses links and QR codes only
    );
    await expectServiceError(
      createAccessLink(
        app.ctx,
        { campaignId: app.campaign.id, unitId: app.units.hospital.id, channel: "qr" },
        manager(),
      ),
      404,
    );
    const wide = await createCampaign(
      app.ctx,
      input({ scopeUnitIds: [app.units.province.id] }),
      admin,
    );
    await expectServiceError(setCampaignStatus(app.ctx, wide.id, "open", manager()), 403);
    await setCampaignStatus(app.ctx, wide.id, "open", admin);
  });

  it("combines two campaigns of different versions on matching items", async () => {
    const second = await createCampaign(
      app.ctx,
      input({ scopeUnitIds: [app.units.province.id] }),
      admin,
    );
    await setCampaignStatus(app.ctx, second.id, "open", admin);
    const l2 = await createAccessLink(
      app.ctx,
      { campaignId: second.id, unitId: app.units.centre.id, channel: "link" },
      admin,
    );
    await answer(app.link.token, 5, 2);
    await answer(l2.token, 2, 2);
    const r = (await findSpanningResults(app.ctx, [app.campaign.id, second.id]))!;
    expect(r.span.matched).toEqual(["Q1", "Q2", "M1"]);
    expect(r.result.responses).toBe(4);
    const q1 = r.result.items.find((i) => i.code === "Q1")!;
    expect([q1.n, q1.satisfied]).toEqual([4, 2]);
  });
});

describe("the request check", () => {
  it("the results page of a unit viewer stays within the unit after a merger elsewhere", async () => {
    const a = await commune("P-A", "Xã An");
    const ab = await commune("P-AB", "Xã An Bình");
    await mergeUnits(
      app.ctx,
      { predecessorIds: [a.id], successorId: ab.id, effectiveFrom: "2025-07-01" },
      admin,
    );
    const request = new Request(`${ORIGIN}/results/${app.campaign.id}`, {
      headers: (await asUser(app.ctx, app.people.viewer.id, "/")).headers,
    });
    const r = (await results.loader({
      request,
      params: { campaignId: app.campaign.id },
      context: {},
    })) as {
      scopes: Array<{ value: string }>;
    };
    expect(r.scopes.map((s) => s.value)).toEqual([app.units.counter.id]);
  });
});
