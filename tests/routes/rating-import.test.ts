/**
 * Ratings in, through its routes (SQLite, or PostgreSQL with TEST_DATABASE_URL): the API with a
 * system client's token (dry run, import, again, subtree refusal, a file too large), the
 * managers' page (check, confirm, template) and who may use it.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { action as importApi } from "~/routes/api.v1.imports";
import { action as pageAction, loader as pageLoader } from "~/routes/manage.imports";
import { loader as templateLoader } from "~/routes/manage.imports.template";
import { createClient } from "~/services/clients.server";
import { connectOpenApiDocument } from "~/services/connect-openapi.server";
import { bodyLimitFor } from "~/utils/request-guards.server";
import { loadActor } from "~/services/service-error.server";
import { MAX_IMPORT_BYTES } from "~/domain/rating-import";
import { MAX_BODY_BYTES } from "~/domain/submission";
import { asUser, makeTestApp } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let token: string;

beforeEach(async () => {
  app = await makeTestApp();
  const admin = await loadActor(app.ctx, app.people.admin.id);
  token = (await createClient(app.ctx, { name: "Một cửa", unitId: app.units.centre.id }, admin))
    .token;
});

const CSV = [
  "ma_phieu,ma_don_vi,ngay_danh_gia,q1,q2",
  "A-1,P-C,08/10/2026,5,4",
  "A-2,P-C-1,09/10/2026,4,5",
  "A-3,P-H,09/10/2026,4,5",
].join("\n");

const responses = async () =>
  Number(
    (
      await app.ctx.db
        .selectFrom("response")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

function post(query: string, body: BodyInit, auth: string | null = token) {
  const headers = new Headers({ "Content-Type": "text/csv" });
  if (auth) headers.set("Authorization", `Bearer ${auth}`);
  const request = new Request(`http://localhost/api/v1/imports?${query}`, {
    method: "POST",
    headers,
    body,
  });
  return importApi({ request, params: {}, context: {} }) as Promise<Response>;
}

type Report = {
  counts: Record<string, number>;
  lines: Array<{ line: number; outcome: string; column?: string; message: string }>;
};

describe("POST /api/v1/imports", () => {
  it("dry run, import, again: stores each rating once; a unit outside the client's subtree is refused by line", async () => {
    const q = `campaign=${app.campaign.id}&fileName=motcua.csv`;
    const dry = await post(`${q}&dryRun=1`, CSV);
    expect(dry.status).toBe(200);
    const d = (await dry.json()) as Report;
    // The answer is the shape /api/v1/openapi.json documents.
    const documented = connectOpenApiDocument("http://localhost").components.schemas.ImportReport;
    expect(Object.keys(d).sort()).toEqual(Object.keys(documented.properties).sort());
    expect(d.counts).toEqual({ ready: 2, known: 0, rated: 0, refused: 1 });
    // The hospital is in the campaign but outside the client's subtree (the centre).
    expect(d.lines).toEqual([
      expect.objectContaining({ line: 4, outcome: "refused", column: "ma_don_vi" }),
    ]);
    expect(await responses()).toBe(0);

    const done = await post(q, CSV);
    expect(done.status).toBe(201);
    expect(((await done.json()) as Report).counts.ready).toBe(2);
    expect(await responses()).toBe(2);

    const again = await post(q, CSV);
    expect(again.status).toBe(200);
    expect(((await again.json()) as Report).counts).toEqual({
      ready: 0,
      known: 2,
      rated: 0,
      refused: 1,
    });
    expect(await responses()).toBe(2);
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .select("after")
      .where("action", "=", "import")
      .execute();
    expect(audit.map((a) => JSON.parse(a.after!) as { client: string; file: string })).toEqual([
      expect.objectContaining({ client: "Một cửa", file: "motcua.csv", stored: 2 }),
      expect.objectContaining({ client: "Một cửa", file: "motcua.csv", stored: 0, known: 2 }),
    ]);
  });

  it("refuses without a token (401), a campaign outside the subtree (404), a file too large (413), storing nothing", async () => {
    expect((await post(`campaign=${app.campaign.id}`, CSV, null)).status).toBe(401);
    const outsider = await loadActor(app.ctx, app.people.outsider.id);
    const other = (
      await createClient(app.ctx, { name: "Tỉnh khác", unitId: app.units.other.id }, outsider)
    ).token;
    expect((await post(`campaign=${app.campaign.id}`, CSV, other)).status).toBe(404);
    const big = await post(`campaign=${app.campaign.id}`, "x".repeat(5 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { message: string }).message).toMatch(/quá lớn/);
    const bad = await post(`campaign=${app.campaign.id}`, "ma_phieu,q1,khong_co\nA,5,1");
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as Report & { error: string };
    expect(body.error).toBe("unreadable_file");
    expect(body.lines[0]).toMatchObject({ line: 1, column: "khong_co" });
    expect(await responses()).toBe(0);
  });

  it("may send a file only with a valid client token: everyone else keeps the 64 KB body limit", async () => {
    expect(await bodyLimitFor("/api/v1/imports", undefined, `Bearer ${token}`)).toBe(
      MAX_IMPORT_BYTES,
    );
    expect(await bodyLimitFor("/api/v1/imports", undefined, "Bearer hlc_" + "x".repeat(30))).toBe(
      MAX_BODY_BYTES,
    );
    expect(await bodyLimitFor("/api/v1/imports", undefined)).toBe(MAX_BODY_BYTES);
    expect(await bodyLimitFor("/api/v1/responses", undefined, `Bearer ${token}`)).toBe(
      MAX_BODY_BYTES,
    );
  });
});

describe("/manage/imports", () => {
  const form = (fields: Record<string, string | File>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    return f;
  };

  it("checks, then imports on confirmation, the file that was checked", async () => {
    const file = new File([CSV], "giay.csv", { type: "text/csv" });
    const check = (await pageAction({
      request: await asUser(app.ctx, app.people.manager.id, "/manage/imports", {
        method: "POST",
        body: form({ intent: "check", campaign: app.campaign.id, file }),
      }),
      params: {},
      context: {},
    })) as unknown as { data: { report: Report; payload: string } };
    // The manager manages the centre: the hospital's line is refused.
    expect(check.data.report.counts).toEqual({ ready: 2, known: 0, rated: 0, refused: 1 });
    expect(await responses()).toBe(0);
    const confirm = (await pageAction({
      request: await asUser(app.ctx, app.people.manager.id, "/manage/imports", {
        method: "POST",
        body: form({
          intent: "import",
          campaign: app.campaign.id,
          payload: check.data.payload,
          fileName: "giay.csv",
        }),
      }),
      params: {},
      context: {},
    })) as unknown as { data: { report: Report & { dryRun: boolean } } };
    expect(confirm.data.report.dryRun).toBe(false);
    expect(confirm.data.report.counts.ready).toBe(2);
    expect(await responses()).toBe(2);
  });

  it("is for those who manage campaigns; the template lists the questionnaire's columns", async () => {
    for (const who of ["analyst", "viewer"] as const) {
      const r = await pageLoader({
        request: await asUser(app.ctx, app.people[who].id, "/manage/imports"),
        params: {},
        context: {},
      }).catch((e: unknown) => e);
      expect((r as { init?: { status: number } }).init?.status ?? (r as Response).status).toBe(403);
    }
    const page = (await pageLoader({
      request: await asUser(app.ctx, app.people.manager.id, "/manage/imports"),
      params: {},
      context: {},
    })) as { campaigns: Array<{ id: string }>; columns: Array<{ header: string }> };
    expect(page.campaigns.map((c) => c.id)).toContain(app.campaign.id);
    expect(page.columns.map((c) => c.header)).toEqual(
      expect.arrayContaining(["ma_phieu", "ma_don_vi", "q1", "q2", "m.r1", "reasons-Comment"]),
    );
    const csv = (await templateLoader({
      request: await asUser(
        app.ctx,
        app.people.manager.id,
        `/manage/imports/template?campaign=${app.campaign.id}&template=csv`,
      ),
      params: {},
      context: {},
    })) as Response;
    expect(csv.headers.get("Content-Disposition")).toMatch(/attachment; filename=".*\.csv"/);
    // UTF-8 with a BOM, so that Excel reads the accents.
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toMatch(
      /^ma_phieu,ma_ho_so,ma_don_vi,ngay_danh_gia,q1,q2,/,
    );
  });
});
