/**
 * Exports read back: CSV, XLSX and JSON give the same answers as stored, and the rates
 * recomputed from the exported rows equal the scoring module's on the results page, for
 * the whole campaign and for a filter; flagged responses, formula injection, streaming.
 */
import ExcelJS from "exceljs";
import { listGrants } from "#db/queries/users";
import type { Role } from "~/domain/access";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv, UTF8_BOM } from "~/domain/csv";
import { answerColumns } from "~/domain/export-columns";
import { computeResults } from "~/domain/scoring";
import { loader as download } from "~/routes/export.$campaignId.$format";
import { csvChunks, resolveExport, toByteStream } from "~/services/export.server";
import { flagResponses } from "~/services/moderation.server";
import { setAppContext } from "~/services/context.server";
import { findCampaignResults } from "~/services/results.server";
import { asUser, makeTestApp } from "../fixtures/app";
import {
  answersFromRow,
  countAnswers,
  FORMULAS,
  runLoader,
  seedKnownResponses,
} from "../fixtures/exports";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
let version: Awaited<ReturnType<typeof seedKnownResponses>>["version"];

beforeAll(async () => {
  app = await makeTestApp();
  ({ version } = await seedKnownResponses(app));
});

async function get(format: string, query = "", who: keyof App["people"] = "analyst") {
  const request = await asUser(
    app.ctx,
    app.people[who].id,
    `/export/${app.campaign.id}/${format}${query}`,
  );
  const r = await runLoader(download as never, request, { campaignId: app.campaign.id, format });
  if (!(r instanceof Response)) throw new Error(`status ${r.status}: ${JSON.stringify(r.body)}`);
  expect(r.status).toBe(200);
  return r;
}

async function csvRecords(query = "", format = "csv") {
  const bytes = new Uint8Array(await (await get(format, query)).arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  expect(text.startsWith(UTF8_BOM)).toBe(true);
  const [header, ...rows] = parseCsv(text);
  return {
    text,
    header: header!,
    rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""]))),
  };
}

/** The scoring module's figures from exported rows, as the results page computes them. */
function rescore(rows: Array<Record<string, unknown>>) {
  const columns = answerColumns(version.definition, version.compiled);
  const answers = rows.map((row) =>
    answersFromRow(version, columns, (k) => {
      const v = row[k];
      // Neutralised free text comes back with its apostrophe: not needed for the rates.
      return typeof v === "string" && v.startsWith("'") ? v.slice(1) : v;
    }),
  );
  const { counts, responses } = countAnswers(version, answers);
  return computeResults(version.definition, counts, responses, { minN: app.campaign.min_n });
}

describe("CSV", () => {
  it("has one row per response and a column per item code, and rescoring it gives the results page", async () => {
    const { header, rows } = await csvRecords();
    expect(rows).toHaveLength(36);
    expect(header.slice(0, 7)).toEqual([
      "response_id",
      "submitted_at",
      "period",
      "unit_code",
      "unit_name",
      "channel",
      "locale",
    ]);
    // Scored items are keyed by their code, matrix rows too; other questions by name.
    expect(header).toEqual(
      expect.arrayContaining([
        "Q1",
        "Q2",
        "M1",
        "m.r2",
        "reasons",
        "reasons-Comment",
        "comment",
        "age",
        "again",
      ]),
    );
    const page = await findCampaignResults(app.ctx, app.campaign.id);
    expect(rescore(rows)).toEqual(page!.result);
  });

  it("has a labels variant with question titles and choice texts", async () => {
    const { header, rows, text } = await csvRecords("", "csv-labels");
    expect(header).toContain("Thái độ phục vụ");
    expect(header).toContain("Đơn vị");
    const q2 = rows.map((r) => r["Thời gian chờ"]);
    expect(q2).toContain("Không sử dụng");
    expect(rows.some((r) => /Bảng — r1/.test(Object.keys(r).join("|")))).toBe(true);
    // Channels by name, never their codes.
    const at = header.indexOf("Kênh");
    expect(at).toBe(5);
    const channels = new Set(
      parseCsv(text)
        .slice(1)
        .map((r) => r[at]),
    );
    expect(channels.size).toBeGreaterThan(0);
    for (const c of channels) expect(["Mã QR", "Đường dẫn"]).toContain(c);
  });

  it("matches the results page for the same filter (unit, months, channel)", async () => {
    const filters: Array<[string, Parameters<typeof findCampaignResults>[2]]> = [
      [`?unit=${app.units.counter.id}`, { unitPath: app.units.counter.path }],
      ["?from=2026-04&to=2026-06", { periodFrom: "2026-04", periodTo: "2026-06" }],
      ["?channel=link&from=2026-04", { channel: "link", periodFrom: "2026-04" }],
      [
        `?unit=${app.units.centre.id}&to=2026-04&channel=qr`,
        { unitPath: app.units.centre.path, periodTo: "2026-04", channel: "qr" },
      ],
    ];
    for (const [query, filter] of filters) {
      const { rows } = await csvRecords(query);
      const page = await findCampaignResults(app.ctx, app.campaign.id, filter);
      expect(rows.length, query).toBe(page!.result.responses);
      expect(rescore(rows), query).toEqual(page!.result);
    }
  });

  it("neutralises formulas in free text and quotes commas, quotes and line breaks", async () => {
    const { rows, text } = await csvRecords();
    const comments = rows.map((r) => r.comment!).filter(Boolean);
    for (const f of FORMULAS) expect(comments).toContain(`'${f}`);
    for (const c of comments) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    expect(comments.some((c) => c.includes('"rất tốt"; cảm ơn\nxuống dòng'))).toBe(true);
    expect(text).toContain('"\'=HYPERLINK(""http://x.example"",""bấm"")"');
    // Numbers stay numbers.
    expect(rows.map((r) => r.Q1)).toContain("1");
  });

  it("can use semicolons for Excel with Vietnamese regional settings", async () => {
    const text = await (await get("csv", "?sep=semicolon")).text();
    const [header] = parseCsv(text, ";");
    expect(header!.slice(0, 2)).toEqual(["response_id", "submitted_at"]);
  });

  it("rejects a malformed filter with 400 and a unit outside the user's reach with 403", async () => {
    const bad = await asUser(
      app.ctx,
      app.people.analyst.id,
      `/export/${app.campaign.id}/csv?from=2026-13`,
    );
    expect(
      (await runLoader(download as never, bad, { campaignId: app.campaign.id, format: "csv" }))
        .status,
    ).toBe(400);
    const outside = await asUser(
      app.ctx,
      app.people.manager.id,
      `/export/${app.campaign.id}/csv?unit=${app.units.hospital.id}`,
    );
    expect(
      (await runLoader(download as never, outside, { campaignId: app.campaign.id, format: "csv" }))
        .status,
    ).toBe(403);
  });
});

describe("flagged responses", () => {
  it("are left out by default, as from the rates, and come with their reason when asked", async () => {
    const fresh = await makeTestApp();
    const prev = app;
    app = fresh;
    try {
      const seeded = await seedKnownResponses(fresh);
      const ids = await fresh.ctx.db
        .selectFrom("response")
        .select("id")
        .where(
          "client_id",
          "in",
          seeded.clientIds.slice(0, 2).map((s) => s.toLowerCase()),
        )
        .execute();
      await flagResponses(
        fresh.ctx,
        ids.map((r) => r.id),
        "trùng lặp",
        { userId: null },
      );
      const omitted = await csvRecords();
      expect(omitted.rows).toHaveLength(34);
      expect(omitted.header).not.toContain("flag_reason");
      const page = await findCampaignResults(fresh.ctx, fresh.campaign.id);
      expect(rescore(omitted.rows)).toEqual(page!.result);

      const included = await csvRecords("?flagged=include");
      expect(included.rows).toHaveLength(36);
      expect(included.header).toContain("flag_reason");
      const flagged = included.rows.filter((r) => r.flag_reason !== "");
      expect(flagged.map((r) => r.response_id).sort()).toEqual(ids.map((r) => r.id).sort());
      expect(flagged.every((r) => r.flag_reason === "trùng lặp")).toBe(true);
    } finally {
      app = prev;
      setAppContext(prev.ctx);
    }
  });
});

describe("XLSX", () => {
  it("has the responses, the summaries by element/criterion and unit, and the method sheet", async () => {
    const buf = Buffer.from(await (await get("xlsx")).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Theo yếu tố - tiêu chí",
      "Theo đơn vị",
      "Phương pháp",
      "Mã câu hỏi",
      "Phiếu trả lời",
    ]);
    const page = (await findCampaignResults(app.ctx, app.campaign.id))!.result;

    // Responses: read back and rescored.
    const ws = wb.getWorksheet("Phiếu trả lời")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Array<Record<string, unknown>> = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const values = (row.values as unknown[]).slice(1);
      rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
    });
    expect(rows).toHaveLength(36);
    expect(rescore(rows)).toEqual(page);
    const comments = rows.map((r) => r.comment).filter((c): c is string => typeof c === "string");
    for (const f of FORMULAS) expect(comments).toContain(`'${f}`);

    // Summary by element and criterion: the scoring module's numbers.
    const sum = wb.getWorksheet("Theo yếu tố - tiêu chí")!;
    const byCode = new Map<string, unknown[]>();
    sum.eachRow((row) => {
      const v = (row.values as unknown[]).slice(1);
      if (v[0] === "Tiêu chí" || v[0] === "Yếu tố" || v[0] === "Tổng thể")
        byCode.set(`${String(v[0])}:${String(v[1] ?? "")}`, v);
    });
    // Columns: kind, code, text, forms, basis, satisfied answers, valid answers, rate, low,
    // high, enough forms, share "Rất hài lòng", mean score: each count beside its own rate.
    const check = (
      key: string,
      r: { n: number; rate: number | null; low: number | null; satisfied: number; answers: number },
    ) => {
      const v = byCode.get(key)!;
      expect(v, key).toBeDefined();
      expect(v[3]).toBe(r.n);
      expect(v[4]).toBe("trả lời hợp lệ");
      expect(v[5]).toBe(r.satisfied);
      expect(v[6]).toBe(r.answers);
      expect(v[7] ?? null).toBe(r.rate);
      expect(v[8] ?? null).toBe(r.low);
    };
    check("Tổng thể:", page.overall);
    for (const e of page.elements) check(`Yếu tố:${e.code}`, e);
    for (const i of page.items) check(`Tiêu chí:${i.code}`, i);
    // The mean score is a number shown with two decimals, the shares as percentages.
    const rowsOfSum = [...Array(sum.rowCount).keys()].map((i) => sum.getRow(i + 1));
    const head = (rowsOfSum.find((row) => row.getCell(1).value === "Loại")!.values as unknown[])
      .slice(1)
      .map(String);
    expect(head.slice(3, 8)).toEqual([
      "Số phiếu",
      "Tỷ lệ tính trên",
      "Số trả lời hài lòng",
      "Số trả lời hợp lệ",
      "Tỷ lệ hài lòng",
    ]);
    expect(head[12]).toBe("Điểm trung bình");
    const overallRow = rowsOfSum.find((row) => row.getCell(1).value === "Tổng thể")!;
    expect(overallRow.getCell(13).value).toBeCloseTo(page.overall.mean!, 12);
    expect(overallRow.getCell(13).numFmt).toBe("0.00");
    expect(overallRow.getCell(8).numFmt).toBe("0.0%");

    // Responses: the submission time is a date-time cell in Vietnam time; channels by name.
    const first = ws.getRow(2);
    const at = first.getCell(2).value as Date;
    expect(at).toBeInstanceOf(Date);
    expect(first.getCell(2).numFmt).toBe("dd/mm/yyyy hh:mm:ss");
    const stored = await app.ctx.db
      .selectFrom("response")
      .select(["submitted_at", "channel"])
      .where("id", "=", String(first.getCell(1).value))
      .executeTakeFirstOrThrow();
    expect(at.getTime() - Date.parse(stored.submitted_at)).toBe(7 * 3600_000);
    expect(first.getCell(6).value).toBe(stored.channel === "qr" ? "Mã QR" : "Đường dẫn");

    // By unit: each unit's subtree as the results page computes it.
    const units = wb.getWorksheet("Theo đơn vị")!;
    const unitRows = new Map<string, unknown[]>();
    units.eachRow((row, n) => {
      if (n > 1) {
        const v = (row.values as unknown[]).slice(1);
        unitRows.set(String(v[0]), v);
      }
    });
    for (const u of [app.units.province, app.units.centre, app.units.counter]) {
      const expected = (await findCampaignResults(app.ctx, app.campaign.id, { unitPath: u.path }))!
        .result;
      const v = unitRows.get(u.code)!;
      expect(v, u.code).toBeDefined();
      expect(v[3]).toBe(expected.responses);
      expect(v[4]).toBe(expected.overall.n);
      expect(v[8] ?? null).toBe(expected.overall.rate);
    }
    expect(unitRows.has(app.units.hospital.code)).toBe(false); // no responses there

    // Method: in words, with the source and verification as a sentence; no settings as code.
    const method = wb.getWorksheet("Phương pháp")!;
    const kv = new Map<string, string>();
    const all: string[] = [];
    method.eachRow((row) => {
      const v = (row.values as unknown[]).slice(1);
      if (v[0]) kv.set(String(v[0]), String(v[1] ?? ""));
      all.push(String(v[1] ?? ""));
    });
    expect(kv.get("Cách tính")).toBe("Phương pháp chung");
    expect(kv.get("Nguồn và mức độ xác minh")).toMatch(/diễn giải/);
    expect(kv.get("Ghi chú về phiếu")).toBe("Phiếu dùng cho kiểm thử tự động.");
    expect(kv.get("Phương pháp")).toMatch(/^Tỷ lệ hài lòng của một tiêu chí/);
    expect(kv.get("Chỉ tiêu")).toBe("tỷ lệ hài lòng tối thiểu 90 %");
    for (const text of all) expect(text).not.toMatch(/\w+ = [[{"\d]/);
  });
});

describe("JSON", () => {
  it("holds every response with its answers exactly as stored", async () => {
    const body = JSON.parse(await (await get("json", "?from=2026-07")).text()) as {
      responses: Array<{ id: string; answers: Record<string, unknown>; period: string }>;
      columns: Array<{ key: string }>;
      filter: { periodFrom: string };
    };
    expect(body.filter.periodFrom).toBe("2026-07");
    const stored = await app.ctx.db
      .selectFrom("response")
      .select(["id", "answers"])
      .where("campaign_id", "=", app.campaign.id)
      .where("period", ">=", "2026-07")
      .orderBy("id")
      .execute();
    expect(body.responses.map((r) => r.id)).toEqual(stored.map((s) => s.id));
    expect(body.responses.map((r) => r.answers)).toEqual(stored.map((s) => JSON.parse(s.answers)));
    expect(body.columns.map((c) => c.key)).toContain("Q1");
  });
});

describe("streaming", () => {
  it("pages over response.id without gaps or repeats, whatever the page size", async () => {
    const grants = (await listGrants(app.ctx.db, app.people.analyst.id)).map((g) => ({
      role: g.role as Role,
      unitPath: g.unitPath,
    }));
    const r = await resolveExport(app.ctx, grants, {
      campaignId: app.campaign.id,
      includeFlagged: false,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const pageSize of [1, 5, 36, 1000]) {
      let text = "";
      for await (const chunk of csvChunks(app.ctx, r.value, "codes", { pageSize })) text += chunk;
      const ids = parseCsv(text)
        .slice(1)
        .map((row) => row[0]);
      expect(new Set(ids).size, String(pageSize)).toBe(36);
      expect([...ids].sort()).toEqual(ids);
    }
  });

  it("reads nothing before the client asks, and stops when it cancels", async () => {
    let produced = 0;
    async function* chunks() {
      for (let i = 0; i < 1000; i++) {
        produced++;
        yield `${i}\n`;
      }
    }
    const stream = toByteStream(chunks());
    await new Promise((r) => setTimeout(r, 10));
    expect(produced).toBeLessThanOrEqual(1);
    const reader = stream.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(produced).toBeLessThan(5);
  });
});
