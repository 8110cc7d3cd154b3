/**
 * Importing ratings collected elsewhere (SQLite, or PostgreSQL with TEST_DATABASE_URL): a dry
 * run stores nothing and reports by line; the import writes through the submission path
 * (rollups, outbox events); a second import of the same file stores nothing new; a dossier
 * rated already is reported on its line; a unit outside the importer's subtree is refused.
 */
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import { createClient } from "~/services/clients.server";
import {
  importerOfClient,
  importerOfUser,
  importRatings,
  templateFile,
  type ImportReport,
} from "~/services/rating-import.server";
import { loadActor } from "~/services/service-error.server";
import { upsertDossier } from "~/services/dossiers.server";
import { makeTestApp } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;

beforeEach(async () => {
  app = await makeTestApp();
});

const HEAD = "ma_phieu;ma_don_vi;ngay_danh_gia;q1;q2;reasons;comment";
const csv = (...lines: string[]) =>
  new TextEncoder().encode(`\uFEFF${[HEAD, ...lines].join("\r\n")}`);
const FILE = csv(
  "PG-001;P-C;08/10/2026;5;4;;Tốt",
  'PG-002;P-C-1;09/10/2026;2;3;"cho_lau; thai_do";"Chờ lâu; ""khó chịu"""',
  "PG-003;P-C;10/10/2026;9;4;;",
  "PG-004;Q;10/10/2026;5;5;;",
);

const count = async (table: "response" | "event" | "audit_log") =>
  Number(
    (
      await app.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function asManager() {
  // The centre's manager: the campaign's scope is the province; the centre's subtree is theirs.
  return importerOfUser(await loadActor(app.ctx, app.people.manager.id));
}

describe("importing ratings from a file", () => {
  it("dry run: reports by line and stores nothing; import: stores through the submission path; again: nothing new", async () => {
    const who = await asManager();
    const file = { name: "phieu-giay.csv", bytes: FILE };
    const before = { responses: await count("response"), events: await count("event") };
    const dry = (await importRatings(
      app.ctx,
      who,
      app.campaign.id,
      file,
      { dryRun: true },
      new Date("2026-12-07T03:00:00Z"),
    )) as ImportReport;
    expect(dry.rows).toBe(4);
    expect(dry.counts).toEqual({ ready: 2, known: 0, rated: 0, refused: 2 });
    expect(dry.lines.map((l) => [l.line, l.outcome, l.column])).toEqual([
      [4, "refused", "q1"],
      [5, "refused", "ma_don_vi"],
    ]);
    expect(dry.lines[0]!.message).toMatch(/q1|thang|5/);
    expect(dry.lines[1]!.message).toBe(
      "Không có đơn vị mã «Q» đang hoạt động trong phạm vi đợt khảo sát mà Ông/Bà được nhập phiếu.",
    );
    expect(await count("response")).toBe(before.responses);
    expect(await count("event")).toBe(before.events);

    const done = (await importRatings(
      app.ctx,
      who,
      app.campaign.id,
      file,
      { dryRun: false },
      new Date("2026-12-07T03:00:00Z"),
    )) as ImportReport;
    expect(done.counts).toEqual({ ready: 2, known: 0, rated: 0, refused: 2 });
    const rows = await app.ctx.db
      .selectFrom("response")
      .select(["channel", "submitted_at", "period", "answers", "unit_id"])
      .where("channel", "=", "import")
      .orderBy("submitted_at")
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      submitted_at: "2026-10-08T05:00:00.000Z",
      period: "2026-10",
      unit_id: app.units.centre.id,
    });
    expect(JSON.parse(rows[1]!.answers)).toEqual({
      q1: 2,
      q2: 3,
      reasons: ["cho_lau", "thai_do"],
      comment: 'Chờ lâu; "khó chịu"',
    });
    // The write step's outbox: one response.accepted per stored rating.
    expect(await count("event")).toBe(before.events + 2);
    // Rollups: the October count of the campaign grew by two.
    const rolled = await app.ctx.db
      .selectFrom("rollup")
      .select((eb) => eb.fn.sum<number>("count").as("n"))
      .where("campaign_id", "=", app.campaign.id)
      .where("period", "=", "2026-10")
      .where("question", "=", "$responses")
      .where("channel", "=", "import")
      .executeTakeFirst();
    expect(Number(rolled?.n)).toBe(2);
    const audit = await app.ctx.db
      .selectFrom("audit_log")
      .select(["user_id", "after"])
      .where("action", "=", "import")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.user_id).toBe(app.people.manager.id);
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({
      file: "phieu-giay.csv",
      rows: 4,
      stored: 2,
      refused: 2,
    });

    const again = (await importRatings(
      app.ctx,
      who,
      app.campaign.id,
      file,
      { dryRun: false },
      new Date("2026-12-07T03:00:00Z"),
    )) as ImportReport;
    expect(again.counts).toEqual({ ready: 0, known: 2, rated: 0, refused: 2 });
    expect(await count("response")).toBe(before.responses + 2);
  });

  it("reports a dossier rated already on its line (and a second rating of it in the same file)", async () => {
    await app.ctx.db
      .updateTable("campaign")
      .set({ dossier_link_days: 30 })
      .where("id", "=", app.campaign.id)
      .execute();
    const admin = await loadActor(app.ctx, app.people.admin.id);
    const { token: _t, ...client } = await createClient(
      app.ctx,
      { name: "Một cửa", unitId: app.units.centre.id },
      admin,
    );
    const authed = {
      clientId: client.id,
      unitId: app.units.centre.id,
      name: "Một cửa",
      unitPath: (
        await app.ctx.db
          .selectFrom("unit")
          .select("path")
          .where("id", "=", app.units.centre.id)
          .executeTakeFirstOrThrow()
      ).path,
    };
    const code = "H15.50.05.13-261008-0975";
    await upsertDossier(
      app.ctx,
      authed,
      {
        code,
        procedureCode: "1.001",
        unitCode: "P-C-1",
        channel: "truc_tiep",
        receivedAt: new Date().toISOString(),
      },
      "http://localhost",
    );
    const who = importerOfClient(authed);
    const file = {
      name: "motcua.json",
      bytes: new TextEncoder().encode(
        JSON.stringify([
          { dossierCode: code, answers: { q1: 5, q2: 5 } },
          { dossierCode: code, answers: { q1: 1, q2: 1, reasons: ["thai_do"] } },
        ]),
      ),
    };
    const first = (await importRatings(app.ctx, who, app.campaign.id, file, {
      dryRun: false,
    })) as ImportReport;
    expect(first.counts).toEqual({ ready: 1, known: 0, rated: 1, refused: 0 });
    expect(first.lines[0]).toMatchObject({ line: 2, outcome: "rated", column: "ma_ho_so" });
    const rating = await app.ctx.db.selectFrom("dossier_rating").selectAll().execute();
    expect(rating).toHaveLength(1);
    // Another file rating the same dossier (another id): 409-style, per line, nothing stored.
    const other = {
      name: "khac.json",
      bytes: new TextEncoder().encode(
        JSON.stringify([{ id: "X-9", dossierCode: code, answers: { q1: 4, q2: 4 } }]),
      ),
    };
    const second = (await importRatings(app.ctx, who, app.campaign.id, other, {
      dryRun: false,
    })) as ImportReport;
    expect(second.counts).toEqual({ ready: 0, known: 0, rated: 1, refused: 0 });
    expect(second.lines[0]!.message).toMatch(/đã được đánh giá/);
    expect(await app.ctx.db.selectFrom("dossier_rating").selectAll().execute()).toHaveLength(1);
  });

  it("refuses a campaign outside the importer's subtree (404) and a file too large or too long, storing nothing", async () => {
    const outsider = importerOfUser(await loadActor(app.ctx, app.people.outsider.id));
    await expect(
      importRatings(
        app.ctx,
        outsider,
        app.campaign.id,
        { name: "a.csv", bytes: FILE },
        { dryRun: true },
      ),
    ).rejects.toMatchObject({ status: 404 });
    const who = await asManager();
    const big = await importRatings(
      app.ctx,
      who,
      app.campaign.id,
      { name: "a.csv", bytes: new Uint8Array(5 * 1024 * 1024 + 1) },
      { dryRun: false },
    );
    expect(big).toMatchObject({ status: 413, error: "file_too_large" });
    const long = csv(...Array.from({ length: 10_001 }, (_, i) => `R${i};P-C;;5;5;;`));
    const tooLong = await importRatings(
      app.ctx,
      who,
      app.campaign.id,
      { name: "b.csv", bytes: long },
      { dryRun: false },
    );
    expect(tooLong).toMatchObject({ status: 413, error: "too_many_rows" });
    expect(await count("response")).toBe(0);
  });

  it("reads the XLSX template back, refusing a formula cell on its line", async () => {
    const who = await asManager();
    const tpl = await templateFile(app.ctx, who, app.campaign.id, "xlsx", "vi");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(tpl.body) as never);
    const sheet = wb.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(headers.slice(0, 4)).toEqual(["ma_phieu", "ma_ho_so", "ma_don_vi", "ngay_danh_gia"]);
    expect(headers).toContain("m.r1");
    const col = (h: string) => headers.indexOf(h) + 1;
    const r2 = sheet.getRow(2);
    r2.getCell(col("ma_don_vi")).value = "P-C";
    r2.getCell(col("ngay_danh_gia")).value = new Date(Date.UTC(2026, 9, 8));
    r2.getCell(col("q1")).value = 4;
    r2.getCell(col("q2")).value = 5;
    const r3 = sheet.getRow(3);
    r3.getCell(col("ma_don_vi")).value = "P-C";
    r3.getCell(col("q1")).value = { formula: "2+3", result: 5 };
    r3.getCell(col("q2")).value = 5;
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = (await importRatings(
      app.ctx,
      who,
      app.campaign.id,
      { name: "x.xlsx", bytes },
      { dryRun: true },
    )) as ImportReport;
    expect(r.format).toBe("xlsx");
    expect(r.counts).toEqual({ ready: 1, known: 0, rated: 0, refused: 1 });
    expect(r.lines[0]).toMatchObject({ line: 3, column: expect.stringMatching(/^[A-Z]+3$/) });
    expect(r.lines[0]!.message).toMatch(/công thức/);
  });
});
