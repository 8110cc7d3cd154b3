/**
 * Exports and reports in the browser, on the production build with the demo data: the
 * analyst downloads a CSV, prints the report (A4, navigation hidden), gets its PDF, makes
 * an API token (shown once) and reads the API with it; the public page after publishing.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2E, stopE2E } from "./fixture";
import { signInPage, type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => ({ server, browser } = await startE2E()));

afterAll(() => stopE2E({ server, browser }));

async function signIn(login: string): Promise<BrowserContext> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signInPage(page, server, login);
  await page.close();
  return context;
}

const campaignId = () => {
  const m = /results:\s+\S+\/results\/(\S+)/.exec(server.output());
  if (!m) throw new Error(`no results link printed:\n${server.output()}`);
  return m[1]!;
};

describe("exports and reports", () => {
  it("downloads the CSV with a BOM, one row per response", async () => {
    const context = await signIn("phantich");
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/exports`);
    await page.screenshot({ path: "screenshots/exports.png", fullPage: true });
    await page.goto(`${server.baseUrl}/exports/${campaignId()}`);
    const count = Number((await page.getByTestId("export-count").innerText()).replace(/\D/g, ""));
    expect(count).toBeGreaterThan(0);
    await page.screenshot({ path: "screenshots/export-campaign.png", fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /^CSV theo mã/ }).click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import("node:fs");
    const bytes = readFileSync(path!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").trimEnd().split("\r\n");
    expect(lines.length - 1).toBe(count); // the demo's comments have no line breaks
    await context.close();
  });

  it("prints the report on A4 without the navigation, and makes its PDF", async () => {
    const context = await signIn("phantich");
    const page = await context.newPage();
    const year = new Date().getFullYear();
    await page.goto(`${server.baseUrl}/reports/${campaignId()}?year=${year}&period=Y`);
    await expect(page.getByText("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").isVisible()).resolves.toBe(
      true,
    );
    await expect(page.locator("h1").innerText()).resolves.toMatch(/KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG/);
    await page.screenshot({ path: "screenshots/report.png", fullPage: true });
    await page.emulateMedia({ media: "print" });
    await expect(page.locator("header.site").isVisible()).resolves.toBe(false);
    await expect(page.locator(".report-controls").isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: "screen" });
    const res = await page.request.get(
      `${server.baseUrl}/reports/${campaignId()}/pdf?year=${year}&period=Y`,
    );
    expect(res.status()).toBe(200);
    const pdf = await res.body();
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // Every page A4 (595.3 × 841.9 pt, Chromium rounds to 1/96 in), and more than one page.
    const boxes = [
      ...pdf.toString("latin1").matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g),
    ];
    expect(boxes.length).toBeGreaterThanOrEqual(2);
    const a4 = boxes.every(
      (m) => Math.abs(Number(m[1]) - 595.3) < 2.9 && Math.abs(Number(m[2]) - 841.9) < 2.9,
    );
    expect(a4).toBe(true);
    writeFileSync(join(tmpdir(), "hai-long-report.pdf"), pdf);
    await context.close();
  });

  it("creates an API token shown once, and reads the API with it", async () => {
    const context = await signIn("phantich");
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/exports`);
    await page.getByLabel("Tên gợi nhớ").fill("R trên máy phân tích");
    await page.getByRole("button", { name: "Tạo mã truy cập" }).click();
    const token = await page.getByTestId("new-token").innerText();
    expect(token).toMatch(/^hl_/);
    await page.reload();
    await expect(page.getByTestId("new-token").count()).resolves.toBe(0);
    const api = await fetch(
      `${server.baseUrl}/api/v1/analytics/campaigns/${campaignId()}/results`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(api.status).toBe(200);
    const body = (await api.json()) as { result: { responses: number } };
    expect(body.result.responses).toBeGreaterThan(0);
    const anon = await fetch(
      `${server.baseUrl}/api/v1/analytics/campaigns/${campaignId()}/results`,
    );
    expect(anon.status).toBe(401);
    await context.close();
  });

  it("publishes the aggregated results on the public page", async () => {
    const context = await signIn("quantri");
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/exports/${campaignId()}`);
    await page.getByRole("button", { name: "Công bố", exact: true }).click();
    await page.getByRole("link", { name: "Xem trang công khai" }).waitFor();
    const anonymous = await browser.newPage();
    await anonymous.goto(`${server.baseUrl}/public/results/${campaignId()}`);
    await expect(anonymous.locator("h1").innerText()).resolves.toContain("Trung tâm Phục vụ");
    await anonymous.screenshot({ path: "screenshots/public-results.png", fullPage: true });
    await anonymous.close();
    await context.close();
  });
});
