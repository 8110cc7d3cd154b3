/**
 * The report: its figures are the scoring module's for the period's months, comments are
 * counted and escaped, and the PDF is A4 with the pages it should have.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loader as reportLoader } from "~/routes/reports.$campaignId";
import { loader as pdfLoader } from "~/routes/reports.$campaignId_.pdf";
import { submitResponse } from "~/services/ingest.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { renderReportHtml } from "~/services/report-pdf.server";

import type { ReportData } from "~/domain/report-view";
import { findCampaignResults } from "~/services/results.server";
import { loadVersion } from "~/services/context.server";
import { figureView } from "~/domain/figures";
import { methodSentences } from "~/domain/method-text";
import { campaignTarget, targetStatus } from "~/domain/targets";
import { asUser, makeTestApp } from "../fixtures/app";
import { runLoader, seedKnownResponses } from "../fixtures/exports";

type App = Awaited<ReturnType<typeof makeTestApp>>;
let app: App;
const SCRIPT = "<script>alert('x')</script> & <b>đậm</b>";

beforeAll(async () => {
  app = await makeTestApp();
  await seedKnownResponses(app);
  await submitResponse(
    app.ctx,
    { id: randomUUID(), token: app.link.token, answers: { q1: 5, q2: 5, comment: SCRIPT } },
    { limiter: new RateLimiter(0), now: new Date("2026-02-10T03:00:00Z") },
  );
});

async function report(query: string, who: keyof App["people"] = "analyst") {
  const id = app.campaign.id;
  const request = await asUser(app.ctx, app.people[who].id, `/reports/${id}${query}`);
  const r = await runLoader(reportLoader as never, request, { campaignId: id });
  if (r instanceof Response) throw new Error(`status ${r.status}`);
  expect(r.status).toBe(200);
  return (r.body as { report: ReportData }).report;
}

/** Pages and their sizes from a PDF's page objects (Chromium writes them uncompressed). */
function pdfPages(bytes: Uint8Array) {
  const text = Buffer.from(bytes).toString("latin1");
  const sizes = text
    .split("endobj")
    .filter((obj) => /\/Type\s*\/Page\b(?!s)/.test(obj))
    .map((obj) => {
      const m = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(obj);
      return m ? [Number(m[3]) - Number(m[1]), Number(m[4]) - Number(m[2])] : [NaN, NaN];
    });
  const count = Number(/\/Type\s*\/Pages\b[\s\S]*?\/Count\s+(\d+)/.exec(text)?.[1] ?? NaN);
  return { count, sizes };
}

describe("report data", () => {
  it.each([
    ["Q1", "2026-01", "2026-03"],
    ["Q2", "2026-04", "2026-06"],
    ["H1", "2026-01", "2026-06"],
    ["H2", "2026-07", "2026-12"],
    ["Y", "2026-01", "2026-12"],
  ])("%s: the scoring module's figures for its months", async (kind, from, to) => {
    const d = await report(`?year=2026&period=${kind}`);
    expect(d.period).toMatchObject({ from, to, year: 2026, kind });
    const page = (await findCampaignResults(app.ctx, app.campaign.id, {
      periodFrom: from,
      periodTo: to,
    }))!.result;
    expect(d.sample.responses).toBe(page.responses);
    expect(d.overall).toEqual(figureView(page.overall));
    expect(d.items.map((i) => i.f.rate)).toEqual(page.items.map((i) => i.rate));
    expect(d.elements.map((e) => e.f.rate)).toEqual(page.elements.map((e) => e.rate));
    // Units: each one's subtree; the verdict against the 90 % target on the 95 % interval.
    for (const u of d.units) {
      const path = (
        await app.ctx.db
          .selectFrom("unit")
          .select("path")
          .where("id", "=", u.id)
          .executeTakeFirstOrThrow()
      ).path;
      const r = (await findCampaignResults(app.ctx, app.campaign.id, {
        unitPath: path,
        periodFrom: from,
        periodTo: to,
      }))!.result;
      expect(u.f.rate).toBe(r.overall.rate);
      expect(u.status).toBe(targetStatus(r.overall, campaignTarget(90, "rate")));
    }
    expect(d.belowTarget).toEqual(d.units.filter((u) => u.status === "not_reached"));
    expect(d.undecided).toEqual(d.units.filter((u) => u.status === "undecided"));
    const def = (await loadVersion(app.ctx, app.campaign.questionnaire_version_id))!.definition;
    expect(d.method.sentences).toEqual(methodSentences(def, page, "vi"));
    expect(d.questionnaire.footnote).toMatch(/Mức độ xác minh: diễn giải/);
  });

  it("counts comments and shows the latest few, escaped in the page and the PDF's HTML", async () => {
    const d = await report("?year=2026&period=Q1");
    const comment = d.comments.find((c) => c.key === "comment")!;
    const stored = await app.ctx.db
      .selectFrom("response")
      .select("answers")
      .where("campaign_id", "=", app.campaign.id)
      .where("period", ">=", "2026-01")
      .where("period", "<=", "2026-03")
      .execute();
    const withComment = stored.filter(
      (s) => (JSON.parse(s.answers) as { comment?: string }).comment,
    );
    expect(comment.count).toBe(withComment.length);
    expect(comment.examples.length).toBeLessThanOrEqual(5);
    expect(comment.examples).toContain(SCRIPT); // the latest one
    const html = renderReportHtml(d, "vi");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain(
      "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;",
    );
    expect(html).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(html).toContain("Độc lập - Tự do - Hạnh phúc");
    expect(html).toContain("KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG QUÝ I NĂM 2026");
    expect(html).toContain("<svg");
  });

  it("is restricted to the manager's subtree", async () => {
    const d = await report("?year=2026&period=Y", "manager");
    expect(d.scope).toBe("Trung tâm");
    expect(d.issuer).toEqual({ name: "Trung tâm", parentName: "Tỉnh" });
  });
});

describe("PDF", () => {
  const saved = process.env.CHROMIUM_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  });

  // The first lookup (CHROMIUM_PATH, else the system's package, else the bundled one), and the
  // Chromium shipped in @sparticuz/chromium: what a machine without a system Chromium uses.
  it.skipIf(saved === "none").each([
    ["the Chromium found first", saved],
    ["the bundled Chromium (@sparticuz/chromium)", "bundled"],
  ])(
    "is A4, several pages, made by %s",
    async (_, chromium) => {
      if (chromium === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = chromium;
      const id = app.campaign.id;
      const request = await asUser(
        app.ctx,
        app.people.analyst.id,
        `/reports/${id}/pdf?year=2026&period=Y`,
      );
      const r = (await runLoader(pdfLoader as never, request, { campaignId: id })) as Response;
      expect(r.status).toBe(200);
      expect(r.headers.get("Content-Type")).toBe("application/pdf");
      const bytes = new Uint8Array(await r.arrayBuffer());
      expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
      if (chromium === "bundled") {
        // Printed by the package's own build: its major version names the PDF producer.
        const pkg = resolve("node_modules/@sparticuz/chromium/package.json");
        const major = (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version.split(
          ".",
        )[0];
        expect(Buffer.from(bytes).toString("latin1")).toContain(`/Producer (Skia/PDF m${major})`);
      }
      const { count, sizes } = pdfPages(bytes);
      expect(count).toBeGreaterThanOrEqual(2);
      expect(count).toBeLessThanOrEqual(8);
      expect(sizes).toHaveLength(count);
      // A4 = 210 × 297 mm = 595.3 × 841.9 points (Chromium rounds to 1/96 inch: within 1 mm).
      for (const [w, h] of sizes) {
        expect(Math.abs(w! - 595.3)).toBeLessThan(2.9);
        expect(Math.abs(h! - 841.9)).toBeLessThan(2.9);
      }
    },
    120_000,
  );

  it("answers 503 with a message in the reader's language when there is no Chromium", async () => {
    process.env.CHROMIUM_PATH = "none";
    const id = app.campaign.id;
    const request = await asUser(
      app.ctx,
      app.people.analyst.id,
      `/reports/${id}/pdf?year=2026&period=Q1`,
    );
    const r = (await runLoader(pdfLoader as never, request, { campaignId: id })) as Response;
    expect(r.status).toBe(503);
    expect(await r.text()).toMatch(/chưa cài trình duyệt Chromium/);
    const english = new Request(request, { headers: new Headers(request.headers) });
    english.headers.set("Cookie", `${request.headers.get("Cookie")}; lang=en`);
    const en = (await runLoader(pdfLoader as never, english, { campaignId: id })) as Response;
    expect(await en.text()).toMatch(/^The server has no Chromium browser/);
  });
});
