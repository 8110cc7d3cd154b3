/**
 * System clients and dossiers: POST /api/v1/dossiers (bearer client token, idempotent by code,
 * a one-time rating link with its QR), and one rating per dossier through its link, a typed
 * dossier code or the ingestion API (409 dossier_already_rated, nothing stored).
 * Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import * as clientsPage from "~/routes/admin.clients";
import { loader as qd766Loader } from "~/routes/dashboard.dossiers";
import { toPeriod } from "~/domain/period";
import { action as dossiersAction } from "~/routes/api.v1.dossiers";
import { action as responsesAction } from "~/routes/api.v1.responses";
import { connectOpenApiDocument } from "~/services/connect-openapi.server";
import { csvChunks, resolveExport } from "~/services/export.server";
import { authenticateClient, createClient, revokeClient } from "~/services/clients.server";
import { loadActor, ServiceError } from "~/services/service-error.server";
import { asUser, makeTestApp } from "../fixtures/app";
import { freshDatabase, whenTestEnds } from "../fixtures/database";
import { createAppContext } from "~/services/context.server";
import { submitResponse } from "~/services/ingest.server";
import { RateLimiter } from "~/services/rate-limit.server";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let token: string;

beforeEach(async () => {
  app = await makeTestApp();
  await app.ctx.db
    .updateTable("campaign")
    .set({ dossier_link_days: 30 })
    .where("id", "=", app.campaign.id)
    .execute();
  const admin = await loadActor(app.ctx, app.people.admin.id);
  token = (
    await createClient(app.ctx, { name: "Một cửa tỉnh", unitId: app.units.centre.id }, admin)
  ).token;
});

const CODE = "H15.50.05.13-261008-0975";

function dossier(over: Record<string, unknown> = {}) {
  return {
    code: CODE,
    procedureCode: "1.001234",
    unitCode: "P-C-1",
    counter: "Quầy 1",
    officer: "Nguyễn Văn A",
    channel: "truc_tiep",
    receivedAt: "20261008083000",
    dueAt: "2026-10-15T17:00:00+07:00",
    ...over,
  };
}

function postDossier(body: unknown, auth: string | null = token) {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (auth) headers.set("Authorization", `Bearer ${auth}`);
  const request = new Request("http://localhost/api/v1/dossiers", {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
  return dossiersAction({ request, params: {}, context: {} }) as Promise<Response>;
}

function rate(tokenOf: string, extra: Record<string, unknown> = {}, q1 = 5) {
  const request = new Request("http://localhost/api/v1/responses", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      id: randomUUID(),
      token: tokenOf,
      answers: { q1, q2: 4, ...(q1 <= 2 ? { reasons: ["cho_lau"] } : {}) },
      ...extra,
    }),
  });
  return responsesAction({
    request,
    params: {},
    context: { clientKey: randomUUID() },
  }) as Promise<Response>;
}

async function stored() {
  const { db } = app.ctx;
  const responses = await db.selectFrom("response").select("client_id").execute();
  const ratings = await db.selectFrom("dossier_rating").selectAll().execute();
  const rollup = await db
    .selectFrom("rollup")
    .select((eb) => eb.fn.sum<number>("count").as("s"))
    .executeTakeFirst();
  return { responses: responses.length, ratings, rollup: Number(rollup?.s ?? 0) };
}

describe("system clients", () => {
  it("authenticates its token, refuses others and a revoked one (401), and audits create and revoke", async () => {
    const ok = await authenticateClient(
      app.ctx,
      new Request("http://x/", { headers: { Authorization: `Bearer ${token}` } }),
    );
    expect(ok).toMatchObject({ unitId: app.units.centre.id, name: "Một cửa tỉnh" });
    const stranger = await authenticateClient(
      app.ctx,
      new Request("http://x/", { headers: { Authorization: `Bearer hlc_${"x".repeat(43)}` } }),
    ).catch((e: unknown) => e);
    expect(stranger).toBeInstanceOf(ServiceError);
    expect((stranger as ServiceError).status).toBe(401);

    const admin = await loadActor(app.ctx, app.people.admin.id);
    await revokeClient(app.ctx, ok.clientId, admin);
    const res = await postDossier(dossier());
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect(((await res.json()) as { message: string }).message).toMatch(/mã truy cập/);
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .select(["action", "after"])
      .where("entity", "=", "system_client")
      .orderBy("at")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "revoke"]);
    expect(JSON.stringify(audit)).not.toContain(token);
    const row = await app.ctx.db.selectFrom("system_client").selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token.slice(4, 20));
  });

  it("an administrator creates clients only inside their subtree", async () => {
    const outsider = await loadActor(app.ctx, app.people.outsider.id);
    await expect(
      createClient(app.ctx, { name: "Khác", unitId: app.units.centre.id }, outsider),
    ).rejects.toMatchObject({ status: 404 });
    const manager = await loadActor(app.ctx, app.people.manager.id);
    await expect(
      createClient(app.ctx, { name: "Khác", unitId: app.units.centre.id }, manager),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("acts only inside its subtree: a unit elsewhere is 404", async () => {
    const res = await postDossier(dossier({ unitCode: "P-H" }));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe("unit_not_found");
    expect(await app.ctx.db.selectFrom("dossier").selectAll().execute()).toHaveLength(0);
  });
});

describe("/admin/clients", () => {
  async function page(userId: string, fields?: Record<string, string>) {
    const body = fields ? new FormData() : undefined;
    for (const [k, v] of Object.entries(fields ?? {})) body!.append(k, v);
    const request = await asUser(
      app.ctx,
      userId,
      "/admin/clients",
      body ? { method: "POST", body } : {},
    );
    const args = { request, params: {}, context: {} };
    try {
      const r = (await (fields ? clientsPage.action(args) : clientsPage.loader(args))) as unknown;
      const w = r as { type?: string; data?: unknown; init?: { status?: number } | null };
      return w?.type === "DataWithResponseInit"
        ? { status: w.init?.status ?? 200, data: w.data }
        : { status: 200, data: r };
    } catch (e) {
      const w = e as { type?: string; init?: { status?: number } | null; status?: number };
      return { status: w.init?.status ?? w.status ?? 500, data: null };
    }
  }

  it("lists, creates (token shown once) and revokes for administrators; others get 403", async () => {
    const created = await page(app.people.admin.id, {
      intent: "create",
      name: "HIS bệnh viện",
      unitId: app.units.hospital.id,
    });
    const secret = (created.data as { ok: boolean; secret?: string }).secret;
    expect(secret).toMatch(/^hlc_/);
    const listed = (await page(app.people.admin.id)).data as {
      clients: Array<{ id: string; name: string; revoked_at: string | null }>;
    };
    expect(listed.clients.map((c) => c.name).sort()).toEqual(["HIS bệnh viện", "Một cửa tỉnh"]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    const his = listed.clients.find((c) => c.name === "HIS bệnh viện")!;
    expect((await page(app.people.admin.id, { intent: "revoke", id: his.id })).status).toBe(200);
    const after = (await page(app.people.admin.id)).data as typeof listed;
    expect(after.clients.find((c) => c.id === his.id)!.revoked_at).not.toBeNull();
    // Another province's administrator neither sees nor revokes them.
    expect(((await page(app.people.outsider.id)).data as typeof listed).clients).toHaveLength(0);
    const other = after.clients.find((c) => c.name === "Một cửa tỉnh")!;
    expect((await page(app.people.outsider.id, { intent: "revoke", id: other.id })).status).toBe(
      404,
    );
    expect((await page(app.people.manager.id)).status).toBe(403);
  });
});

describe("POST /api/v1/dossiers", () => {
  it("creates a dossier with a one-time link and its QR (201), then updates it by code (200)", async () => {
    const res = await postDossier(dossier());
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      code: string;
      status: string;
      rated: boolean;
      link: {
        token: string;
        url: string;
        expiresAt: string;
        qr: { svg: string; pngBase64: string };
      };
    };
    expect(body).toMatchObject({ code: CODE, status: "received", rated: false });
    expect(body.link.url).toBe(`http://localhost/s/${body.link.token}`);
    expect(body.link.qr.svg).toMatch(/^<svg/);
    expect(Buffer.from(body.link.qr.pngBase64, "base64").subarray(1, 4).toString()).toBe("PNG");
    // The answer is the shape /api/v1/openapi.json documents.
    const documented = connectOpenApiDocument("http://localhost").components.schemas.Dossier;
    expect(Object.keys(body).sort()).toEqual(Object.keys(documented.properties).sort());
    expect(Object.keys(body.link).sort()).toEqual(
      Object.keys(documented.properties.link.properties).sort(),
    );
    // 30 days from now (the campaign's dossier_link_days).
    const days = (Date.parse(body.link.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const again = await postDossier(dossier({ returnedAt: "20261014100000", officer: "Trần B" }));
    expect(again.status).toBe(200);
    const b2 = (await again.json()) as typeof body;
    expect(b2.link.token).toBe(body.link.token);
    expect(b2.status).toBe("returned");
    const rows = await app.ctx.db.selectFrom("dossier").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      officer: "Trần B",
      received_at: "2026-10-08T01:30:00.000Z",
      returned_at: "2026-10-14T03:00:00.000Z",
      unit_id: app.units.counter.id,
    });
  });

  it("refuses bad input with a Vietnamese message naming the field, storing nothing", async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [dossier({ code: "abc" }), /mã hồ sơ.*không đúng dạng/],
      [dossier({ channel: "fax" }), /truc_tiep/],
      [dossier({ receivedAt: "08/10/2026" }), /receivedAt/],
      [dossier({ receivedAt: "20260231083000" }), /receivedAt/],
      [dossier({ dueAt: "2026-10-01T00:00:00+07:00" }), /dueAt.*không được trước/],
      [dossier({ contact: { phone: "12345" } }), /số di động/],
      [dossier({ extra: 1 }), /«extra»/],
      [{ ...dossier(), procedureCode: undefined }, /procedureCode/],
    ];
    for (const [body, message] of cases) {
      const res = await postDossier(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
    expect(await app.ctx.db.selectFrom("dossier").selectAll().execute()).toHaveLength(0);
  });

  it("checks the code against DOSSIER_CODE_PATTERN, and refuses a pattern that could backtrack (503)", async () => {
    const before = process.env.DOSSIER_CODE_PATTERN;
    try {
      process.env.DOSSIER_CODE_PATTERN = "^HS-\\d{6}$";
      expect((await postDossier(dossier())).status).toBe(400);
      expect((await postDossier(dossier({ code: "HS-000123" }))).status).toBe(201);
      process.env.DOSSIER_CODE_PATTERN = "^(a+)+$";
      const res = await postDossier(dossier({ code: "HS-000124" }));
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toBe("pattern_misconfigured");
    } finally {
      if (before === undefined) delete process.env.DOSSIER_CODE_PATTERN;
      else process.env.DOSSIER_CODE_PATTERN = before;
    }
  });

  it("409 when no open campaign takes dossier ratings for the unit", async () => {
    await app.ctx.db.updateTable("campaign").set({ dossier_link_days: null }).execute();
    const res = await postDossier(dossier());
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toMatch(/số ngày hiệu lực/);
  });
});

describe("one rating per dossier", () => {
  async function posted() {
    const res = await postDossier(dossier({ contact: { email: "dan@example.vn" } }));
    return ((await res.json()) as { link: { token: string } }).link.token;
  }

  it("takes one rating through the dossier's link; a second answers 409 and stores nothing", async () => {
    const link = await posted();
    const first = await rate(link, {}, 1);
    expect(first.status).toBe(201);
    const before = await stored();
    expect(before.ratings).toHaveLength(1);
    expect(before.ratings[0]!.dissatisfied).toBe(1);
    const second = await rate(link);
    expect(second.status).toBe(409);
    const body = (await second.json()) as { error: string; message: string };
    expect(body.error).toBe("dossier_already_rated");
    expect(body.message).toMatch(/đã được đánh giá/);
    expect(await stored()).toEqual(before);
    // The contact is erased once the link is used (Luật 91/2025/QH15).
    const d = await app.ctx.db.selectFrom("dossier").selectAll().executeTakeFirstOrThrow();
    expect(d.contact_email).toBeNull();
    expect(d.contact_erased_at).not.toBeNull();
    // The API reports it rated.
    expect(((await (await postDossier(dossier())).json()) as { rated: boolean }).rated).toBe(true);
  });

  it("a dossier code sent with a rating (kiosk, API) binds it; the link then answers 409", async () => {
    const link = await posted();
    const res = await rate(app.counterLink.token, { dossierCode: ` ${CODE} ` });
    expect(res.status).toBe(201);
    expect((await rate(link)).status).toBe(409);
    expect((await rate(app.link.token, { dossierCode: CODE })).status).toBe(409);
    // Unknown and malformed codes typed by a citizen are told, not stored.
    const unknown = await rate(app.counterLink.token, { dossierCode: "H15.50.05.13-261008-0976" });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/Không tìm thấy hồ sơ/);
    expect((await rate(app.counterLink.token, { dossierCode: "12" })).status).toBe(400);
    expect((await stored()).responses).toBe(1);
  });

  it("two concurrent ratings of one dossier: one is stored, the other answers 409", async () => {
    const link = await posted();
    const results = await Promise.all([rate(link), rate(link), rate(link, { dossierCode: CODE })]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const s = await stored();
    expect(s.responses).toBe(1);
    expect(s.ratings).toHaveLength(1);
  });

  it("the export carries each rating's dossier: code, procedure, channel, counter, officer", async () => {
    const link = await posted();
    expect((await rate(link)).status).toBe(201);
    expect((await rate(app.link.token)).status).toBe(201); // not a dossier's rating
    const r = await resolveExport(
      app.ctx,
      [{ role: "analyst", unitPath: app.units.province.path }],
      {
        campaignId: app.campaign.id,
        includeFlagged: false,
      },
    );
    if (!r.ok) throw new Error("export refused");
    let text = "";
    for await (const chunk of csvChunks(app.ctx, r.value, "labels")) text += chunk;
    const lines = text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toContain(
      "Mã hồ sơ,Mã thủ tục hành chính,Kênh nộp hồ sơ,Quầy tiếp nhận,Cán bộ tiếp nhận",
    );
    expect(
      lines.filter((l) => l.includes(`${CODE},1.001234,Trực tiếp,Quầy 1,Nguyễn Văn A`)),
    ).toHaveLength(1);
    expect(lines).toHaveLength(3);
  });

  it("an expired link answers 410", async () => {
    const link = await posted();
    await app.ctx.db
      .updateTable("dossier")
      .set({ link_expires_at: "2020-01-01T00:00:00.000Z" })
      .execute();
    const res = await rate(link);
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: string }).error).toBe("dossier_link_expired");
  });
});

describe("/dashboard/dossiers (QĐ 766)", () => {
  it("shows the month's dossier counts, rate and points per unit beside the survey's rate", async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const post = async (n: number, over: Record<string, unknown>) =>
      (
        (await (
          await postDossier(
            dossier({
              code: `H15.50.05.13-261008-${String(2000 + n)}`,
              receivedAt: iso(now - 3 * 3600_000),
              returnedAt: iso(now - 3600_000),
              dueAt: iso(now + 86_400_000),
              ...over,
            }),
          )
        ).json()) as { link: { token: string } }
      ).link.token;
    const a = await post(1, {});
    await post(2, { dueAt: iso(now - 2 * 3600_000) }); // returned after its due time: overdue
    const c = await post(3, { procedureCode: "2.000111", channel: "truc_tuyen" });
    await post(4, {});
    expect((await rate(a, {}, 5)).status).toBe(201);
    expect((await rate(c, {}, 1)).status).toBe(201); // "không hài lòng"
    const month = toPeriod(new Date(now));
    const request = await asUser(
      app.ctx,
      app.people.admin.id,
      `/dashboard/dossiers?unit=${app.units.centre.id}&from=${month}&to=${month}`,
    );
    const d = (await qd766Loader({ request, params: {}, context: {} })) as unknown as {
      view: {
        month: string;
        rules: { verified: boolean };
        total: Record<string, number>;
        units: Array<{
          name: string;
          figure: Record<string, number>;
          survey: { responses: number } | null;
        }>;
        byProcedure: Array<{ key: string; figure: { dossiers: number } }>;
      };
    };
    expect(d.view.month).toBe(month);
    expect(d.view.rules.verified).toBe(false);
    expect(d.view.total).toMatchObject({
      dossiers: 4,
      overdue: 1,
      rated: 2,
      dissatisfied: 1,
      deducted: 2,
      rate: 0.5,
    });
    expect(d.view.total.points).toBeCloseTo(3.33, 2);
    const counter = d.view.units.find((u) => u.name === "Quầy 1")!;
    expect(counter.figure).toMatchObject({ dossiers: 4 });
    // The survey's responses of the same unit and month stand beside it.
    expect(counter.survey?.responses).toBe(2);
    expect(d.view.byProcedure.map((p) => [p.key, p.figure.dossiers])).toEqual([
      ["1.001234", 3],
      ["2.000111", 1],
    ]);
  });
});

describe("two processes rate one dossier at once", () => {
  it("one rating is stored, the other answers 409, whichever process writes first", async () => {
    const fresh = await freshDatabase({ file: true });
    whenTestEnds(fresh.drop);
    app = await makeTestApp({ url: fresh.url });
    await app.ctx.db.updateTable("campaign").set({ dossier_link_days: 30 }).execute();
    const admin = await loadActor(app.ctx, app.people.admin.id);
    token = (await createClient(app.ctx, { name: "Một cửa", unitId: app.units.centre.id }, admin))
      .token;
    const other = await createAppContext(fresh.url);
    whenTestEnds(() => other.close());
    for (let round = 0; round < 5; round++) {
      const res = await postDossier(dossier({ code: `H15.50.05.13-261008-${3000 + round}` }));
      const link = ((await res.json()) as { link: { token: string } }).link.token;
      const results = await Promise.all(
        [app.ctx, other, app.ctx, other].map((ctx) =>
          submitResponse(
            ctx,
            { id: randomUUID(), token: link, answers: { q1: 5, q2: 4 } },
            { limiter: new RateLimiter(0) },
          ),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    }
    expect(await app.ctx.db.selectFrom("dossier_rating").selectAll().execute()).toHaveLength(5);
    expect((await stored()).responses).toBe(5);
  });
});
