/**
 * Each figure under its own name, end to end: 30 outpatients who all answer "Hài lòng" (4)
 * on the official outpatient form give a satisfaction rate of 100 % and a satisfaction index
 * of 80 %, on the results page, in the report, the XLSX and the analysts' API; the verdict
 * against a 90 % rate target is taken on the 95 % interval, and a target on the index is
 * judged on the index. Also: a dashboard URL with a campaign shows that campaign's form, and
 * a draft's link never tells people to come back on a day that has come.
 */
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { insertAccessLink, insertCampaign } from "#db/queries/campaigns";
import { loader as dashboardLoader } from "~/routes/dashboard._index";
import { loader as download } from "~/routes/export.$campaignId.$format";
import { loader as reportLoader } from "~/routes/reports.$campaignId";
import { loader as resultsLoader } from "~/routes/results.$campaignId";
import { loader as analyticsResults } from "~/routes/api.v1.analytics.campaigns.$campaignId.results";
import { loader as surveyLoader } from "~/routes/s.$token";
import { comeBackFrom } from "~/domain/campaign";
import { createApiToken } from "~/services/api-tokens.server";
import { submitResponse } from "~/services/ingest.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { renderReportHtml } from "~/services/report-pdf.server";
import type { ReportData } from "~/domain/report-view";
import { asUser, makeTestApp } from "../fixtures/app";
import { runLoader } from "../fixtures/exports";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
/** The same 30 outpatients in a campaign whose 90 % target is set on the index. */
let onIndex: string;

const ITEMS = [
  ...[1, 2, 3, 4, 5].map((i) => `A${i}`),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => `B${i}`),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `C${i}`),
  ...[1, 2, 3, 4].map((i) => `D${i}`),
  ...[1, 2, 3, 4].map((i) => `E${i}`),
];
const ALL_FOURS = Object.fromEntries(ITEMS.map((c) => [c, 4]));

beforeAll(async () => {
  // The official outpatient form (Mẫu số 2) from the catalog; the fixture's campaign runs it
  // with a 90 % target and a minimum of 3 forms.
  app = await makeTestApp({ slug: "byt-ngoai-tru", surveysDir: resolve("surveys") });
  const index = await insertCampaign(app.ctx.db, {
    title: "Chỉ tiêu đặt trên chỉ số",
    questionnaireVersionId: app.version.id,
    status: "open",
    opensAt: "2020-01-01T00:00:00.000Z",
    closesAt: "2100-01-01T00:00:00.000Z",
    targetPct: 90,
    targetMetric: "index",
    channels: ["link"],
    minN: 3,
    scopeUnitIds: [app.units.province.id],
  });
  onIndex = index.id;
  const indexLink = await insertAccessLink(app.ctx.db, {
    campaignId: index.id,
    unitId: app.units.centre.id,
    channel: "link",
  });
  const limiter = new RateLimiter(0);
  for (const token of [app.link.token, indexLink.token])
    for (let i = 0; i < 30; i++) {
      const r = await submitResponse(
        app.ctx,
        { id: randomUUID(), token, answers: ALL_FOURS },
        { limiter, now: new Date("2026-03-10T03:00:00Z") },
      );
      expect(r.status).toBe(201);
    }
  // 60 submissions took over 10 s (the default hook timeout) on a loaded machine.
}, 120_000);

async function results(campaignId = app.campaign.id) {
  const request = await asUser(app.ctx, app.people.analyst.id, `/results/${campaignId}`);
  const r = await runLoader(resultsLoader as never, request, { campaignId });
  return (r as { body: Awaited<ReturnType<typeof resultsLoader>> }).body;
}

describe("30 outpatients who all answer «Hài lòng» (4)", () => {
  it("results page: rate 100 % and index 80 %, each under its own name; the rate target is not decidable", async () => {
    const d = await results();
    expect(d.cols).toMatchObject({ index: true, maxPoints: 5, topLabel: "Rất hài lòng" });
    // The rate: 930 answers at levels 4–5 among 930 valid answers (31 items × 30 forms).
    expect(d.overall).toMatchObject({
      rate: 1,
      satisfied: 930,
      answers: 930,
      n: 30,
      basis: "answers",
      mean: 4,
      top: 0,
    });
    // The index: mean 4 / 5.
    expect(d.overall.mean! / d.cols.maxPoints!).toBe(0.8);
    // Every element at 100 %.
    expect(d.elements.map((e) => e.f.rate)).toEqual([1, 1, 1, 1, 1]);
    expect(d.elements[2]!.f).toMatchObject({ n: 30, answers: 240, satisfied: 240 });
    // Against "tỷ lệ hài lòng tối thiểu 90 %": the Wilson interval of 30 of 30 starts at
    // 88.6 %, below the target, so the data cannot say it is reached.
    expect(d.target!.line).toEqual({ pct: 90, metric: "rate", comparator: "gte" });
    expect(d.target!.status).toBe("undecided");
    expect(d.target!.low).toBeCloseTo(0.8865, 4);
    expect(d.target!.high).toBeCloseTo(1, 12);
  });

  it("a target set on the index is judged on the index: 80 % is below 90 %", async () => {
    const d = await results(onIndex);
    expect(d.target!.line.metric).toBe("index");
    expect(d.target!.status).toBe("not_reached");
    expect([d.target!.low, d.target!.high]).toEqual([0.8, 0.8]);
  });

  it("report: both figures in words, the verdict on the interval, no unit listed below target", async () => {
    const id = app.campaign.id;
    const request = await asUser(
      app.ctx,
      app.people.analyst.id,
      `/reports/${id}?year=2026&period=Q1`,
    );
    const r = await runLoader(reportLoader as never, request, { campaignId: id });
    const d = (r as { body: { report: ReportData } }).body.report;
    expect(d.belowTarget).toEqual([]);
    expect(d.target!.status).toBe("undecided");
    const html = renderReportHtml(d, "vi");
    const text = html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toContain(
      "Tỷ lệ hài lòng chung đạt 100,0 % (khoảng tin cậy 95 %: 88,6 % – 100,0 %), tính trên 930 trả lời hài lòng trên 930 trả lời hợp lệ",
    );
    expect(text).toContain("Chỉ số hài lòng (điểm trung bình / 5 × 100) đạt 80,0 %");
    expect(text).toContain("Chưa kết luận được");
    expect(text).not.toContain("Tỷ lệ hài lòng chung đạt 80,0 %");
  });

  it("XLSX: the «Tổng thể» row pairs the rate with its own counts, the index beside it", async () => {
    const id = app.campaign.id;
    const request = await asUser(app.ctx, app.people.analyst.id, `/export/${id}/xlsx`);
    const r = (await runLoader(download as never, request, {
      campaignId: id,
      format: "xlsx",
    })) as Response;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await r.arrayBuffer()) as ArrayBuffer);
    const sheet = wb.getWorksheet("Theo yếu tố - tiêu chí")!;
    const rows = [...Array(sheet.rowCount).keys()].map((i) =>
      (sheet.getRow(i + 1).values as unknown[]).slice(1),
    );
    const head = rows.find((v) => v[0] === "Loại")!.map(String);
    const total = rows.find((v) => v[0] === "Tổng thể")!;
    const cell = (name: string) => total[head.indexOf(name)];
    expect(cell("Số phiếu")).toBe(30);
    expect(cell("Số trả lời hài lòng")).toBe(930);
    expect(cell("Số trả lời hợp lệ")).toBe(930);
    expect(cell("Tỷ lệ hài lòng")).toBe(1);
    expect(cell("Chỉ số hài lòng")).toBe(0.8);
    expect(cell("Điểm trung bình")).toBe(4);
    const units = wb.getWorksheet("Theo đơn vị")!;
    const uhead = (units.getRow(1).values as unknown[]).slice(1).map(String);
    const centre = [...Array(units.rowCount).keys()]
      .map((i) => (units.getRow(i + 1).values as unknown[]).slice(1))
      .find((v) => v[0] === app.units.centre.code)!;
    expect(centre[uhead.indexOf("Tỷ lệ hài lòng")]).toBe(1);
    expect(centre[uhead.indexOf("Chỉ số hài lòng")]).toBe(0.8);
    expect(centre[uhead.indexOf("So với chỉ tiêu")]).toBe("Chưa kết luận được");
  });

  it("analysts' API: `rate` is the rate, `index` the index, both documented", async () => {
    const token = await createApiToken(app.ctx, app.people.analyst.id, "t", 1);
    const id = app.campaign.id;
    const request = new Request(
      `http://localhost/api/v1/analytics/campaigns/${id}/results?by=unit`,
      {
        headers: { Authorization: `Bearer ${token.token}` },
      },
    );
    const r = (await runLoader(analyticsResults as never, request, { campaignId: id })) as Response;
    const body = (await r.json()) as {
      result: {
        overall: { rate: number; satisfied: number; answers: number; index: { value: number } };
      };
      units: Array<{ targetStatus: string; belowTarget: boolean | null }>;
    };
    expect(body.result.overall).toMatchObject({ rate: 1, satisfied: 930, answers: 930 });
    expect(body.result.overall.index.value).toBe(0.8);
    expect(body.units.every((u) => u.targetStatus === "undecided" && u.belowTarget === false)).toBe(
      true,
    );
  });
});

describe("dashboard URL with a campaign and no version", () => {
  it("shows that campaign's questionnaire, not the first one with data", async () => {
    // A second campaign on another form, with more responses (listed first by default).
    const other = await insertCampaign(app.ctx.db, {
      title: "Đợt phiếu thử",
      questionnaireVersionId: (
        await app.ctx.db
          .selectFrom("questionnaire_version")
          .select("id")
          .where("slug", "=", "mau-02-phong-chuyen-mon")
          .executeTakeFirstOrThrow()
      ).id,
      status: "open",
      opensAt: "2020-01-01T00:00:00.000Z",
      closesAt: "2100-01-01T00:00:00.000Z",
      targetPct: 90,
      channels: ["link"],
      minN: 3,
      scopeUnitIds: [app.units.province.id],
    });
    const load = async (query: string) => {
      const request = await asUser(app.ctx, app.people.analyst.id, `/dashboard?${query}`);
      const r = await runLoader(dashboardLoader as never, request, {});
      return (r as { body: Awaited<ReturnType<typeof dashboardLoader>> }).body;
    };
    const d = await load(`campaign=${app.campaign.id}`);
    expect(d.selection.version).toBe(app.version.id);
    expect(d.selection.campaignId).toBe(app.campaign.id);
    expect(d.overview!.overall.rate).toBe(1);
    expect(d.overview!.responses).toBe(30);
    // A campaign of another form (no responses yet here) is not silently swapped for this one.
    const none = await load(`campaign=${other.id}`);
    expect(none.selection.campaignId).not.toBe(other.id);
  });
});

describe("a draft campaign's link", () => {
  it("never says «come back from» a day that has come", async () => {
    const now = new Date("2026-12-07T05:00:00Z");
    expect(comeBackFrom({ opens_at: "2026-12-06T17:00:00.000Z" }, now)).toBeNull(); // today, VN
    expect(comeBackFrom({ opens_at: "2026-12-09T17:00:00.000Z" }, now)).toBe(
      "2026-12-09T17:00:00.000Z",
    );
    const draft = await insertCampaign(app.ctx.db, {
      title: "Bản nháp",
      questionnaireVersionId: app.version.id,
      status: "draft",
      opensAt: "2020-01-01T00:00:00.000Z",
      closesAt: "2100-01-01T00:00:00.000Z",
      targetPct: null,
      channels: ["link"],
      minN: 3,
      scopeUnitIds: [app.units.province.id],
    });
    const link = await insertAccessLink(app.ctx.db, {
      campaignId: draft.id,
      unitId: app.units.centre.id,
      channel: "link",
    });
    const r = await runLoader(
      surveyLoader as never,
      new Request(`http://localhost/s/${link.token}`),
      { token: link.token },
    );
    expect(r).toMatchObject({ status: 410, body: { reason: "not_yet_open", opensAt: null } });
    // A campaign opening later still gives its date.
    const later = await runLoader(
      surveyLoader as never,
      new Request(`http://localhost/s/${app.futureLink.token}`),
      { token: app.futureLink.token },
    );
    expect(later).toMatchObject({ status: 410, body: { opensAt: "2099-01-01T00:00:00.000Z" } });
  });
});
