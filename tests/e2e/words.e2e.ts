/**
 * Pages an official signs, on the production build with the demo data: every results page,
 * report (its HTML and its PDF's text), published results page and dashboard of every demo
 * campaign reads as Vietnamese prose, with no verification tags, reference file names or
 * settings written as code, and names each figure; staff pages show channels, methods and
 * audit entries by name. Screenshots go to screenshots/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfText } from "../fixtures/pdf-text";
import { developerText } from "../fixtures/words";
import { startE2E, stopE2E } from "./fixture";
import { signInPage, type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;
let admin: BrowserContext;

beforeAll(async () => {
  ({ server, browser } = await startE2E());
  admin = await browser.newContext();
  const page = await admin.newPage();
  await signInPage(page, server, "quantri");
  await page.close();
});

afterAll(() => stopE2E({ server, browser }));

/** The demo campaigns as `npm start` printed them: title, results id, first survey link. */
function campaigns() {
  const out = server.output();
  const list = [
    ...out.matchAll(
      /\n {2}(\S[^\n]*)\n((?: {4}survey link:[^\n]*\n)+) {4}results:\s+\S+\/results\/(\S+)/g,
    ),
  ];
  return list.map((m) => ({
    title: m[1]!.trim(),
    survey: /survey link:\s+(\S+)/.exec(m[2]!)![1]!,
    id: m[3]!,
    health: /người bệnh/.test(m[1]!),
  }));
}

async function textOf(page: Page, url: string): Promise<string> {
  const r = await page.goto(url);
  expect(r?.status(), url).toBe(200);
  return page.locator("main, body").first().innerText();
}

const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();

describe("npm start", () => {
  it("prints the dashboard, kiosk pairing and a hospital inpatient survey link", async () => {
    const out = server.output();
    expect(out).toContain(`${server.baseUrl}/dashboard`);
    expect(out).toContain(`${server.baseUrl}/manage/kiosks`);
    const inpatient = campaigns().find((c) => /nội trú/.test(c.title));
    expect(inpatient).toBeDefined();
    const page = await browser.newPage();
    const r = await page.goto(inpatient!.survey);
    expect(r?.status()).toBe(200);
    expect(await page.title()).toMatch(/nội trú/);
    await page.close();
  });
});

describe("results pages and reports of the demo read as documents", () => {
  it("every results page: figures by name, no developer text", async () => {
    const page = await admin.newPage();
    const list = campaigns();
    expect(list.length).toBeGreaterThanOrEqual(6);
    for (const c of list) {
      const text = await textOf(page, `${server.baseUrl}/results/${c.id}`);
      expect(developerText(text), c.title).toEqual([]);
      expect(text).toContain("Tỷ lệ hài lòng");
      expect(text).toContain("Trả lời hài lòng / hợp lệ");
      expect(text).toContain("Nguồn:");
      if (c.health) expect(text).toContain("Chỉ số hài lòng");
      if (/ngoại trú/.test(c.title))
        await page.screenshot({ path: "screenshots/results-outpatient.png", fullPage: true });
    }
    await page.close();
  });

  it("every report, as HTML and as the PDF's text", async () => {
    const page = await admin.newPage();
    for (const c of campaigns()) {
      const query = `year=${year}&period=Y`;
      const text = await textOf(page, `${server.baseUrl}/reports/${c.id}?${query}`);
      expect(developerText(text), c.title).toEqual([]);
      expect(text).toContain("Kính gửi");
      expect(text).toMatch(/Tỷ lệ hài lòng chung đạt|Chưa đủ số phiếu/);
      if (/ngoại trú/.test(c.title))
        await page.screenshot({ path: "screenshots/report-outpatient.png", fullPage: true });
      const pdf = await admin.request.get(`${server.baseUrl}/reports/${c.id}/pdf?${query}`, {
        timeout: 60_000,
      });
      expect(pdf.status(), c.title).toBe(200);
      const pages = pdfText(await pdf.body());
      const all = pages.join("\n");
      expect(developerText(all), `${c.title} (PDF)`).toEqual([]);
      expect(all).toContain("BÁO CÁO");
      expect(all.replace(/\s+/g, " ")).toContain("Tỷ lệ hài lòng");
      if (c.health) expect(all.replace(/\s+/g, " ")).toContain("Chỉ số hài lòng");
    }
    await page.close();
  }, 300_000);

  it("published results: a message about results until published, then figures by name", async () => {
    const anonymous = await browser.newPage();
    const page = await admin.newPage();
    for (const c of campaigns()) {
      const url = `${server.baseUrl}/public/results/${c.id}`;
      const before = await anonymous.goto(url);
      expect(before?.status()).toBe(404);
      const missing = await anonymous.locator("body").innerText();
      expect(missing).toContain("Chưa có kết quả công bố");
      expect(missing).not.toContain("mã QR");
      await page.goto(`${server.baseUrl}/exports/${c.id}`);
      await page.getByRole("button", { name: "Công bố", exact: true }).click();
      // The action has committed when the page says since when the results are public.
      await page.getByText(/Đã công bố lúc/).waitFor();
      const text = await textOf(anonymous, url);
      expect(developerText(text), c.title).toEqual([]);
      expect(text).toContain("Tỷ lệ hài lòng");
    }
    await anonymous.close();
    await page.close();
  }, 120_000);

  it("every campaign's dashboard shows its own questionnaire, figures by name", async () => {
    const page = await admin.newPage();
    for (const c of campaigns()) {
      const text = await textOf(page, `${server.baseUrl}/dashboard?campaign=${c.id}`);
      expect(developerText(text), c.title).toEqual([]);
      const chosen = await page.locator('select[name="campaign"]').inputValue();
      expect(chosen, c.title).toBe(c.id);
      expect(text).toContain("Tỷ lệ hài lòng");
      expect(text).not.toMatch(/Số phiếu \(n\)|respondentGroups|UNVERIFIED/);
      if (/ngoại trú/.test(c.title)) {
        await page.screenshot({ path: "screenshots/dashboard-outpatient.png", fullPage: true });
        await page.goto(`${server.baseUrl}/dashboard/units?campaign=${c.id}&sort=mean`);
        await page.screenshot({ path: "screenshots/dashboard-units-by-mean.png", fullPage: true });
      }
      if (/quầy/.test(c.title)) {
        await page.goto(`${server.baseUrl}/dashboard/distribution?campaign=${c.id}`);
        // The counter's 2/1/0 scale: "Rất hài lòng" is a satisfied level, "Không hài lòng" not.
        expect(await page.locator('th[data-meaning="satisfied"]').first().innerText()).toMatch(
          /^2/,
        );
        expect(await page.locator('th[data-meaning="dissatisfied"]').first().innerText()).toMatch(
          /^0/,
        );
        await page.screenshot({ path: "screenshots/dashboard-counter-levels.png", fullPage: true });
      }
    }
    await page.close();
  }, 120_000);
});

describe("staff pages show codes by name", () => {
  it("links, questionnaires and the audit log", async () => {
    const page = await admin.newPage();
    await page.goto(`${server.baseUrl}/manage/links`);
    const cells = await page.locator("td").allInnerTexts();
    expect(cells.some((c) => c.startsWith("Mã QR"))).toBe(true);
    for (const c of cells) expect(c.trim()).not.toMatch(/^(qr|link|invitation|kiosk)\b/);
    await page.goto(`${server.baseUrl}/questionnaires`);
    const methods = await page.locator("td").allInnerTexts();
    for (const c of methods)
      expect(c.trim()).not.toMatch(/^(health|sipas|counter|education|generic)$/);
    expect(methods).toContain("Y tế (Bộ Y tế)");
    const audit = await textOf(page, `${server.baseUrl}/admin/audit`);
    expect(audit).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(audit).not.toMatch(/\{"|":/);
    expect(audit).toContain("Công bố kết quả");
    await page.screenshot({ path: "screenshots/audit.png", fullPage: true });
    await page.close();
  }, 60_000);
});
