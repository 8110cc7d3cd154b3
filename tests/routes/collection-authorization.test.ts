/**
 * Every role against the collection routes: kiosks, links and QR codes, invitation slips,
 * flagged responses. Allowed, or 403/404 — and never anything from outside the user's subtree.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as flags from "~/routes/manage.flags";
import * as kiosks from "~/routes/manage.kiosks";
import * as links from "~/routes/manage.links";
import * as qr from "~/routes/qr.$token";
import * as poster from "~/routes/qr.$token.poster";
import * as slips from "~/routes/qr.$token.slips";
import * as invitations from "~/routes/qr.invitations.$batchId";
import { recordHeartbeat } from "~/services/kiosk-rejections.server";
import { registerKiosk } from "~/services/kiosks.server";
import { createInvitationBatch } from "~/services/links.server";
import { flagResponses } from "~/services/moderation.server";
import { asUser, EVERYONE, type Who } from "../fixtures/app";
import { makeCollectionApp } from "../fixtures/collection";

type App = Awaited<ReturnType<typeof makeCollectionApp>>;
let app: App;
let hospitalKioskId: string;
let counterKioskId: string;
let batchId: string;
let flaggedId: string;
let refusedId: string;

const userId = (who: Who) => (who === "anonymous" ? null : app.people[who].id);

beforeAll(async () => {
  app = await makeCollectionApp();
  const counter = await app.pairedKiosk();
  counterKioskId = counter.kiosk.id;
  const hospital = await registerKiosk(
    app.ctx,
    { campaignId: app.counterCampaign.id, unitId: app.units.hospital.id, label: "Máy Bệnh viện" },
    null,
  );
  hospitalKioskId = hospital.kiosk.id;
  batchId = (
    await createInvitationBatch(
      app.ctx,
      { campaignId: app.counterCampaign.id, unitId: app.units.centre.id, count: 2 },
      null,
    )
  ).id;
  // A rating refused from the hospital kiosk's queue, as its heartbeat reports it.
  const refused = app.rating(2, new Date(), hospital.kiosk.access_token);
  await recordHeartbeat(app.ctx, hospital.kiosk, {
    queued: 0,
    rejected: {
      count: 1,
      held: [],
      items: [{ id: refused.id, status: 403, error: "outside_opening_hours", item: refused }],
    },
  });
  refusedId = refused.id;
  await app.post(app.rating(2, new Date(), counter.kiosk.access_token), { device: counter.device });
  const row = await app.ctx.db.selectFrom("response").select("id").executeTakeFirstOrThrow();
  flaggedId = row.id;
  await flagResponses(app.ctx, [flaggedId], "burst", { userId: null });
});

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    const r = await run();
    if (r instanceof Response) return { status: r.status, body: null };
    // data(…) wraps the body; a plain object is the body itself.
    const wrapped = r as {
      type?: string;
      init?: { status?: number } | null;
      data?: unknown;
    } | null;
    if (wrapped?.type === "DataWithResponseInit")
      return { status: wrapped.init?.status ?? 200, body: wrapped.data };
    return { status: 200, body: r };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, body: null };
    const thrown = e as { init?: { status?: number }; data?: unknown };
    if (thrown.init?.status) return { status: thrown.init.status, body: thrown.data };
    throw e;
  }
}

const get = async (who: Who, path: string, loader: (a: never) => unknown, params = {}) => {
  const request = await asUser(app.ctx, userId(who), path);
  return outcome(() => loader({ request, params, context: {} } as never) as Promise<unknown>);
};

const post = async (
  who: Who,
  path: string,
  action: (a: never) => unknown,
  form: Record<string, string>,
) => {
  const request = await asUser(app.ctx, userId(who), path, {
    method: "POST",
    body: new URLSearchParams(form),
  });
  return outcome(() => action({ request, params: {}, context: {} } as never) as Promise<unknown>);
};

// Managers of the centre and administrators of the province run collection; the others read results only.
const MANAGES: Record<Who, number> = {
  anonymous: 302,
  admin: 200,
  manager: 200,
  analyst: 403,
  viewer: 403,
  hospitalViewer: 403,
  outsider: 200, // an administrator elsewhere: allowed, but sees nothing of this province
};

describe("/manage/kiosks", () => {
  it.each(EVERYONE)("%s lists only kiosks in their subtree", async (who) => {
    const r = await get(who, "/manage/kiosks", kiosks.loader);
    expect(r.status).toBe(MANAGES[who]);
    if (r.status !== 200) return;
    const body = r.body as { kiosks: Array<{ id: string }>; units: Array<{ id: string }> };
    const ids = body.kiosks.map((k) => k.id).sort();
    if (who === "admin") expect(ids).toEqual([counterKioskId, hospitalKioskId].sort());
    if (who === "manager") expect(ids).toEqual([counterKioskId]);
    if (who === "outsider") {
      expect(ids).toEqual([]);
      expect(body.units.map((u) => u.id)).toEqual([app.units.other.id]);
    }
  });

  it.each(EVERYONE)("%s revoking the hospital's kiosk", async (who) => {
    const r = await post(who, "/manage/kiosks", kiosks.action, {
      intent: "revoke",
      kioskId: hospitalKioskId,
    });
    const expected: Record<Who, number> = {
      ...MANAGES,
      manager: 404, // the centre's manager does not reach the hospital
      outsider: 404,
    };
    expect(r.status).toBe(expected[who]);
    const k = await app.ctx.db
      .selectFrom("kiosk")
      .select("revoked_at")
      .where("id", "=", hospitalKioskId)
      .executeTakeFirstOrThrow();
    if (who !== "admin") expect(k.revoked_at).toBeNull();
    else {
      expect(k.revoked_at).not.toBeNull();
      await app.ctx.db
        .updateTable("kiosk")
        .set({ revoked_at: null })
        .where("id", "=", hospitalKioskId)
        .execute();
    }
  });

  it.each(EVERYONE)("%s discarding a refused rating of the hospital's kiosk", async (who) => {
    const r = await post(who, "/manage/kiosks", kiosks.action, {
      intent: "discard-rejected",
      kioskId: hospitalKioskId,
      clientId: refusedId,
    });
    const expected: Record<Who, number> = { ...MANAGES, manager: 404, outsider: 404 };
    expect(r.status).toBe(expected[who]);
    const row = await app.ctx.db
      .selectFrom("kiosk_rejection")
      .select("resolution")
      .where("client_id", "=", refusedId)
      .executeTakeFirstOrThrow();
    // Only the administrator reaches it (the matrix runs in EVERYONE's order, admin second).
    expect(row.resolution).toBe(who === "anonymous" ? null : "discarded");
  });

  it("a manager registers a kiosk at their counter and gets a pairing code, not at the hospital", async () => {
    const form = { intent: "register", campaignId: app.counterCampaign.id, label: "Máy mới" };
    const ok = await post("manager", "/manage/kiosks", kiosks.action, {
      ...form,
      unitId: app.units.counter.id,
    });
    expect(ok.status).toBe(200);
    expect((ok.body as { pairing: { code: string } }).pairing.code).toMatch(
      /^[A-Z2-9]{4}-[A-Z2-9]{4}$/,
    );
    const no = await post("manager", "/manage/kiosks", kiosks.action, {
      ...form,
      unitId: app.units.hospital.id,
    });
    expect(no.status).toBe(404);
  });
});

describe("/manage/links", () => {
  it.each(EVERYONE)("%s sees links of their subtree only", async (who) => {
    const r = await get(who, "/manage/links", links.loader);
    expect(r.status).toBe(MANAGES[who]);
    if (r.status !== 200) return;
    const body = r.body as {
      campaigns: Array<{ links: Array<{ token: string }> }>;
      batches: Array<{ id: string }>;
    };
    const tokens = body.campaigns.flatMap((c) => c.links.map((l) => l.token));
    if (who === "outsider") {
      expect(body.campaigns).toEqual([]);
      expect(body.batches).toEqual([]);
    }
    if (who === "manager" || who === "admin") {
      expect(tokens).toContain(app.counterLink.token);
      expect(body.batches.map((b) => b.id)).toContain(batchId);
    }
  });

  it.each(EVERYONE)("%s creating an invitation batch at the centre", async (who) => {
    const r = await post(who, "/manage/links", links.action, {
      intent: "create-batch",
      campaignId: app.counterCampaign.id,
      unitId: app.units.centre.id,
      count: "2",
    });
    expect(r.status).toBe(who === "outsider" ? 404 : MANAGES[who]);
  });

  it.each(EVERYONE)("%s making a QR code at the hospital, then revoking it", async (who) => {
    const label = `Mã QR Bệnh viện (${who})`;
    const r = await post(who, "/manage/links", links.action, {
      intent: "create-link",
      campaignId: app.counterCampaign.id,
      unitId: app.units.hospital.id,
      channel: "qr",
      label,
    });
    // The centre's manager does not reach the hospital; an administrator elsewhere neither.
    const expected: Record<Who, number> = { ...MANAGES, manager: 404, outsider: 404 };
    expect(r.status).toBe(expected[who]);
    const made = await app.ctx.db
      .selectFrom("access_link")
      .select(["token", "channel"])
      .where("label", "=", label)
      .execute();
    expect(made).toEqual(who === "admin" ? [{ token: expect.any(String), channel: "qr" }] : []);
    if (who !== "admin") return;
    const token = made[0]!.token;
    const revoke = (by: Who) =>
      post(by, "/manage/links", links.action, { intent: "revoke-link", token });
    expect((await revoke("manager")).status).toBe(404);
    expect((await revoke("admin")).status).toBe(200);
    const row = await app.ctx.db
      .selectFrom("access_link")
      .select("revoked_at")
      .where("token", "=", token)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
  });

  it("refuses a link on a channel the campaign does not use, with the reason", async () => {
    const r = await post("manager", "/manage/links", links.action, {
      intent: "create-link",
      campaignId: app.counterCampaign.id,
      unitId: app.units.centre.id,
      channel: "link", // the counter campaign takes kiosks and QR codes only
    });
    expect(r.status).toBe(400);
    expect((r.body as { message: string }).message).toBe("Đợt khảo sát không dùng kênh «link».");
  });
});

describe("QR codes, posters and slips", () => {
  const expected: Record<Who, number> = {
    anonymous: 302,
    admin: 200,
    manager: 200,
    analyst: 404,
    viewer: 404,
    hospitalViewer: 404,
    outsider: 404,
  };

  it.each(EVERYONE)("%s", async (who) => {
    const token = app.counterLink.token;
    const svg = await get(who, `/qr/${token}?format=svg`, qr.loader, { token });
    expect(svg.status).toBe(expected[who]);
    const png = await get(who, `/qr/${token}?format=png`, qr.loader, { token });
    expect(png.status).toBe(expected[who]);
    const p = await get(who, `/qr/${token}/poster?size=a5`, poster.loader, { token });
    expect(p.status).toBe(expected[who]);
    if (p.status === 200)
      expect((p.body as { url: string }).url).toBe(`http://localhost/s/${token}`);
    expect((await get(who, `/qr/${token}/slips`, slips.loader, { token })).status).toBe(
      expected[who],
    );
    const inv = await get(who, `/qr/invitations/${batchId}`, invitations.loader, { batchId });
    expect(inv.status).toBe(expected[who]);
  });

  it("serves a real SVG and PNG", async () => {
    const request = await asUser(
      app.ctx,
      app.people.manager.id,
      `/qr/${app.counterLink.token}?format=png`,
    );
    const res = (await qr.loader({
      request,
      params: { token: app.counterLink.token },
      context: {},
    })) as Response;
    expect(res.headers.get("Content-Type")).toBe("image/png");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join("")).toBe("PNG");
  });
});

describe("/manage/flags", () => {
  it.each(EVERYONE)("%s", async (who) => {
    const r = await get(who, "/manage/flags", flags.loader);
    expect(r.status).toBe(MANAGES[who]);
    if (r.status !== 200) return;
    const ids = (r.body as { flagged: Array<{ id: string }> }).flagged.map((f) => f.id);
    if (who === "outsider") expect(ids).toEqual([]);
    else expect(ids).toEqual([flaggedId]);
  });

  it.each(["outsider", "analyst", "anonymous"] as Who[])("%s cannot restore", async (who) => {
    const r = await post(who, "/manage/flags", flags.action, { intent: "restore", id: flaggedId });
    expect(r.status).toBe({ outsider: 404, analyst: 403, anonymous: 302 }[who as string]);
    const row = await app.ctx.db
      .selectFrom("response")
      .select("flag_reason")
      .where("id", "=", flaggedId)
      .executeTakeFirstOrThrow();
    expect(row.flag_reason).toBe("burst");
  });

  it("the manager restores, and the audit log names them", async () => {
    const r = await post("manager", "/manage/flags", flags.action, {
      intent: "restore",
      id: flaggedId,
    });
    expect(r.status).toBe(200);
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "restore")
      .execute();
    expect(audit.map((a) => [a.entity_id, a.user_id])).toEqual([
      [flaggedId, app.people.manager.id],
    ]);
  });
});
