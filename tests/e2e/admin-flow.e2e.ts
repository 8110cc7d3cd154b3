/**
 * Administration in headless Chromium: the province administrator adds a unit under the
 * Department of Health, the department's manager creates a campaign over it, opens it and
 * makes its link, a citizen answers through the link, and the manager's results count it.
 * Screenshots go to screenshots/admin-*.png.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2E, stopE2E } from "./fixture";
import { signInPage, type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => ({ server, browser } = await startE2E()));

afterAll(() => stopE2E({ server, browser }));

async function signIn(login: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: "vi-VN",
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await signInPage(page, server, login);
  return { context, page };
}

/** Choose the option whose text contains `text` in the select named `name`. */
async function choose(page: Page, name: string, text: string) {
  const option = page.locator(`select[name="${name}"] option`, { hasText: text }).first();
  const value = await option.getAttribute("value");
  await page.locator(`select[name="${name}"]`).selectOption(value!);
}

describe("administration", () => {
  it("an admin creates a unit; a manager runs a campaign over it; its link takes an answer", async () => {
    const errors: string[] = [];

    // 1. The province administrator adds a health centre under the Department of Health.
    const admin = await signIn("quantri");
    admin.page.on("pageerror", (e) => errors.push(e.message));
    await admin.page.getByRole("link", { name: "Quản trị" }).click();
    await admin.page.getByRole("link", { name: "Đơn vị", exact: true }).click();
    await admin.page.getByText("Thêm đơn vị").first().click();
    await choose(admin.page, "parentId", "(T01-SYT)");
    await admin.page.locator('input[name="code"]').fill("T01-TTYT");
    await admin.page.locator('input[name="name"]').fill("Trung tâm Y tế Minh Hoạ");
    await admin.page.locator('select[name="kind"]').selectOption("hospital");
    await admin.page.locator('select[name="sector"]').selectOption("health");
    await admin.page.getByRole("button", { name: "Thêm đơn vị" }).click();
    await admin.page
      .getByRole("status")
      .getByText("Đã tạo đơn vị «Trung tâm Y tế Minh Hoạ»")
      .waitFor();
    await admin.page.screenshot({ path: "screenshots/admin-units.png", fullPage: true });
    // It shows in the tree, under the department, and in the audit log.
    await expect(
      admin.page.getByRole("link", { name: "Trung tâm Y tế Minh Hoạ" }).isVisible(),
    ).resolves.toBe(true);
    await admin.page.goto(`${server.baseUrl}/admin/audit?entity=unit`);
    await admin.page.getByText("T01-TTYT").first().waitFor();
    await admin.page.screenshot({ path: "screenshots/admin-audit.png", fullPage: true });
    await admin.page.goto(`${server.baseUrl}/admin/units?q=T01-TTYT`);
    await admin.page.getByRole("link", { name: "Trung tâm Y tế Minh Hoạ" }).click();
    await admin.page.getByRole("heading", { name: "Lịch sử thay đổi" }).waitFor();
    await admin.page.screenshot({ path: "screenshots/admin-unit.png", fullPage: true });
    await admin.context.close();

    // 2. The department's manager creates a campaign over the new centre and opens it.
    const manager = await signIn("syt.quanly");
    const page = manager.page;
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.baseUrl}/manage/campaigns`);
    await page.getByRole("link", { name: "Tạo đợt khảo sát" }).click();
    await page.locator('input[name="title"]').fill("Đánh giá nhanh tại Trung tâm Y tế (thử)");
    await choose(page, "questionnaireVersionId", "mot-cua-danh-gia-nhanh");
    // The scope is a tree of checkboxes: found by searching without diacritics, ticked with a tap.
    const picker = page.getByTestId("unit-picker");
    expect(await page.locator("select[multiple]").count()).toBe(0);
    await picker.getByLabel("Tìm đơn vị (tên hoặc mã)").fill("trung tam y te");
    await expect
      .poll(() => picker.locator("li:visible").count())
      .toBeLessThan(await picker.locator("li").count());
    await page.getByRole("checkbox", { name: /\(T01-TTYT\)/ }).check();
    await picker.getByText("Đã chọn 1 đơn vị").waitFor();
    await page.setViewportSize({ width: 820, height: 1180 }); // a tablet
    await page.screenshot({ path: "screenshots/admin-campaign-new.png", fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("button", { name: "Tạo bản nháp" }).click();
    await page.waitForURL(/\/manage\/campaigns\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("campaign-status").innerText()).resolves.toBe("Bản nháp");
    await page.getByRole("button", { name: "Mở đợt khảo sát" }).click();
    await page.getByText("Đợt khảo sát đã mở").waitFor();
    await page.screenshot({ path: "screenshots/admin-campaign-opened.png", fullPage: true });
    await page.getByTestId("campaign-status").getByText("Đang mở").waitFor();

    // 3. …and makes a plain link for the centre.
    await choose(page, "unitId", "(T01-TTYT)");
    await page.locator('select[name="channel"]').selectOption("link");
    await page.locator('input[name="label"]').fill("Đường dẫn gửi qua Zalo");
    await page.getByRole("button", { name: "Tạo đường dẫn" }).click();
    const url = await page.getByTestId("secret").innerText();
    expect(url).toMatch(new RegExp(`^${server.baseUrl}/s/[A-Za-z0-9_-]{16}$`));
    await page.screenshot({ path: "screenshots/admin-campaign.png", fullPage: true });
    const campaignUrl = page.url();

    // 4. A citizen answers through the link on a phone.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "vi-VN",
    });
    const citizen = await phone.newPage();
    citizen.on("pageerror", (e) => errors.push(e.message));
    await citizen.goto(url);
    await citizen
      .locator(".hl-page:visible .hl-choice", { hasText: /^Rất hài lòng$/ })
      .first()
      .click();
    await citizen.getByRole("button", { name: "Gửi đánh giá" }).click();
    await citizen.getByRole("heading", { name: "Xin cảm ơn Ông/Bà!" }).waitFor();
    await citizen.screenshot({ path: "screenshots/admin-citizen-thanks.png", fullPage: true });
    await phone.close();

    // 5. The manager's results page counts it.
    const campaignId = campaignUrl.split("/").pop()!;
    await page.goto(`${server.baseUrl}/results/${campaignId}`);
    await expect(page.getByTestId("response-count").innerText()).resolves.toBe("1");
    await page.screenshot({ path: "screenshots/admin-results.png", fullPage: true });

    // 6. Closing cannot be undone: set apart in red, and only with its box ticked.
    await page.goto(campaignUrl);
    const danger = page.locator(".danger-zone");
    const close = danger.getByRole("button", { name: "Đóng vĩnh viễn đợt khảo sát" });
    expect(await page.getByRole("button", { name: "Mở đợt khảo sát" }).count()).toBe(0);
    expect(await close.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(
      "rgb(163, 25, 25)",
    );
    await close.click(); // the box is not ticked: the browser does not send the form
    await page.waitForTimeout(500);
    await expect(page.getByTestId("campaign-status").innerText()).resolves.toBe("Đang mở");
    await danger.getByRole("checkbox").check();
    await page.screenshot({ path: "screenshots/admin-campaign-close.png", fullPage: true });
    await close.click();
    await page.getByText("Đợt khảo sát đã đóng").first().waitFor();
    await page.getByTestId("campaign-status").getByText("Đã đóng").waitFor();
    await manager.context.close();
    expect(errors).toEqual([]);
  });

  it("keeps a manager out of the administrators' pages", async () => {
    const { context, page } = await signIn("syt.quanly");
    const res = await page.goto(`${server.baseUrl}/admin/units`);
    expect(res?.status()).toBe(403);
    await context.close();
  });
});
