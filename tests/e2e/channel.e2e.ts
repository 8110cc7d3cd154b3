/**
 * The independent channel in Chromium, from the demo: the province's administrator makes a QR
 * code owned by the province for the one-stop centre on /manage/independent, citizens answer
 * through it and through the centre's own QR code, and the results page and the dashboard's
 * "Kênh độc lập" view put both side by side with the difference named; the SDG view states
 * its method. Screenshots go to screenshots/channel-*.png.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import { closeDatabase, COUNTER_CAMPAIGN, linkToken, selectByText, signInAdmin } from "./collect";
import { startServer, type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;
let admin: BrowserContext;

beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  admin = await signInAdmin(browser, server);
});

afterAll(async () => {
  await closeDatabase();
  await browser?.close();
  await server?.stop();
});

async function answer(token: string, value: number) {
  const res = await fetch(`${server.baseUrl}/api/v1/responses`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      id: randomUUID(),
      token,
      answers: { danh_gia_tong_the: value },
      locale: "vi",
    }),
  });
  expect(res.status).toBe(201);
}

describe("the independent channel", () => {
  it("is made by the province and shown beside the centre's own survey", async () => {
    const page = await admin.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${server.baseUrl}/manage/independent`);
    const form = page.locator("form", {
      has: page.locator('input[name="intent"][value="create"]'),
    });
    await selectByText(form, "campaignId", COUNTER_CAMPAIGN);
    await selectByText(form, "ownerUnitId", "Tỉnh Minh Hoạ");
    await selectByText(form, "unitId", "Quầy số 3");
    await form.locator('input[name="label"]').fill("Cửa ra vào");
    await form.getByRole("button", { name: "Tạo mã QR" }).click();
    await page.getByText("Đã tạo mã QR của kênh độc lập.").waitFor();
    const address = await page
      .locator('[data-testid="independent-links"] code')
      .first()
      .innerText();
    const token = address.split("/s/")[1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    await page.screenshot({ path: "screenshots/channel-manage.png", fullPage: true });

    // 30 more through the counter's own QR (27 satisfied); the province's code: 12 of 30 (minimum n 30).
    const own = await linkToken(server, "mot-cua-danh-gia-nhanh", "qr");
    for (let i = 0; i < 30; i++) await answer(own, i < 3 ? 0 : 2);
    for (let i = 0; i < 30; i++) await answer(token, i < 12 ? 1 : 0);

    await page.goto(`${server.baseUrl}/manage/campaigns`);
    const results = page.getByRole("link", { name: COUNTER_CAMPAIGN }).first();
    const campaignHref = await results.getAttribute("href");
    const campaignId = /[0-9a-f-]{36}/.exec(campaignHref ?? "")?.[0];
    expect(campaignId).toBeTruthy();
    await page.goto(`${server.baseUrl}/results/${campaignId}`);
    const section = page.getByTestId("channel-section");
    await section.waitFor();
    const row = section.locator("tbody tr", { hasText: "Quầy số 3" });
    // The demo's own answers at the counter come on top of these 30: the own side has more.
    const cells = await row.locator("td").allInnerTexts();
    expect(cells).toHaveLength(9);
    expect(Number(cells[2]!.replace(/\./g, ""))).toBeGreaterThanOrEqual(30);
    expect(cells.slice(3, 6)).toEqual(["40,0 %", expect.stringMatching(/ – /), "30"]);
    const ownRate = Number(cells[0]!.replace(" %", "").replace(",", "."));
    expect(cells[6]).toBe(`+${(ownRate - 40).toFixed(1).replace(".", ",")}`);
    expect(cells[7]).toMatch(/^\+\d+,\d – \+\d+,\d$/);
    expect(cells[8]).toBe("Có");
    await expect(section.innerText()).resolves.toContain("Khảo sát của đơn vị");
    await expect(section.innerText()).resolves.toContain("Kênh độc lập của Sở");
    await page.screenshot({ path: "screenshots/channel-results.png", fullPage: true });

    await page.goto(`${server.baseUrl}/dashboard/channels?campaign=${campaignId}`);
    const table = page.getByTestId("channel-comparison");
    await table.waitFor();
    await expect(table.locator("tbody tr").first().innerText()).resolves.toContain("Quầy số 3");
    await expect(page.locator("canvas").count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: "screenshots/channel-dashboard.png", fullPage: true });

    await page.goto(`${server.baseUrl}/dashboard/sdg`);
    const sdg = page.getByTestId("sdg-table");
    await sdg.waitFor();
    const adminRow = sdg.locator("tbody tr", { hasText: "Dịch vụ hành chính công" });
    await expect(adminRow.locator("td").first().innerText()).resolves.toMatch(/%$/);
    await expect(page.getByTestId("sdg-section").innerText()).resolves.toContain(
      "không phải số liệu chính thức",
    );
    await page.screenshot({ path: "screenshots/channel-sdg.png", fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
