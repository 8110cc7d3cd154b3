/**
 * The counter kiosk in headless Chromium: pairing, the one-tap flow and its reset, reasons
 * for a low rating, portrait and landscape, offline queueing across a reload (nothing lost,
 * nothing counted twice), a burst of identical ratings flagged and restored, and the long
 * form's idle question and reset.
 */
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import {
  closeDatabase,
  kioskResponses,
  LONG_FORM_CAMPAIGN,
  pairTablet,
  registerKiosk,
  signInAdmin,
} from "./collect";
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

async function rate(page: Page, level: string) {
  await page.getByRole("button", { name: level, exact: true }).click();
}

async function backToStart(page: Page) {
  await page.getByTestId("kiosk-thanks").click();
  await page.getByRole("button", { name: "Rất hài lòng", exact: true }).waitFor();
}

describe("the kiosk's one-tap screen", () => {
  it("rates with one tap, asks reasons for a low rating, thanks and resets within 5 s", async () => {
    // No minimum interval here: the test taps again right after the reset.
    const { pairingUrl } = await registerKiosk(admin, server, {
      label: "Máy thử một chạm",
      minInterval: 0,
    });
    const { context, page } = await pairTablet(browser, pairingUrl);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.getByRole("button", { name: "Rất hài lòng", exact: true }).waitFor();
    // No link, menu or header to wander off to.
    expect(await page.locator("header.site").isVisible()).toBe(false);
    expect(await page.locator("a[href]:visible").count()).toBe(0);
    await page.screenshot({ path: "screenshots/kiosk-landscape.png" });

    await rate(page, "Rất hài lòng");
    await page.getByText("Xin cảm ơn Ông/Bà!").waitFor();
    const shown = Date.now();
    await page
      .getByRole("button", { name: "Rất hài lòng", exact: true })
      .waitFor({ timeout: 6000 });
    expect(Date.now() - shown).toBeLessThan(5500);

    await rate(page, "Không hài lòng");
    await page.getByRole("heading", { name: /Lý do Ông\/Bà chưa hài lòng/ }).waitFor();
    await page.screenshot({ path: "screenshots/kiosk-reasons.png" });
    await page.getByRole("button", { name: "Phải chờ đợi lâu" }).click();
    await page
      .getByRole("button", { name: "Cán bộ thiếu nhiệt tình, giao tiếp chưa lịch sự" })
      .click();
    expect(
      await page.getByRole("button", { name: "Phải chờ đợi lâu" }).getAttribute("aria-pressed"),
    ).toBe("true");
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.getByText("Xin cảm ơn Ông/Bà!").waitFor();
    await page.screenshot({ path: "screenshots/kiosk-thanks.png" });

    await page.setViewportSize({ width: 800, height: 1280 });
    await backToStart(page);
    await page.screenshot({ path: "screenshots/kiosk-portrait.png" });

    await expect
      .poll(async () => (await kioskResponses(server, "Máy thử một chạm")).length)
      .toBe(2);
    const answers = (await kioskResponses(server, "Máy thử một chạm")).map((r) =>
      JSON.parse(r.answers),
    );
    expect(answers).toContainEqual({ danh_gia_tong_the: 2 });
    expect(answers).toContainEqual({
      danh_gia_tong_the: 0,
      ly_do_khong_hai_long: ["cho_doi_lau", "thai_do_chua_tot"],
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("ignores a second tap within the kiosk's minimum interval", async () => {
    const { pairingUrl } = await registerKiosk(admin, server, {
      label: "Máy thử khoảng cách",
      minInterval: 5,
    });
    const { context, page } = await pairTablet(browser, pairingUrl);
    await rate(page, "Hài lòng");
    await backToStart(page);
    await rate(page, "Hài lòng"); // within 5 s: ignored on the device
    expect(await page.getByTestId("kiosk-thanks").count()).toBe(0);
    await expect
      .poll(async () => (await kioskResponses(server, "Máy thử khoảng cách")).length)
      .toBe(1);
    await context.close();
  });
});

describe("the long form in kiosk layout", () => {
  it("asks whether the person is still there after the kiosk's idle time, then clears the form", async () => {
    const label = "Máy thử phiếu dài";
    // The idle time is the kiosk's own setting (15 s here, 60 s by default).
    const { pairingUrl } = await registerKiosk(admin, server, {
      label,
      campaign: LONG_FORM_CAMPAIGN,
      unit: "Quầy số 2",
      idle: 15,
    });
    const { context, page } = await pairTablet(browser, pairingUrl);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // The browser's clock under the test's control (it runs on by itself too): the idle
    // time and the 20 s countdown are skipped over instead of waited for.
    await page.clock.install();
    await page.goto(`${server.baseUrl}/kiosk/form`);
    await page.locator(".sd-root-modern").waitFor({ timeout: 20_000 });
    const procedure = page.locator('.sd-root-modern input[type="text"]').first();
    const selected = page.locator(".sd-rating__item--selected");
    const idle = page.getByRole("alertdialog", { name: "Ông/Bà còn tiếp tục không?" });

    await procedure.fill("Đăng ký khai sinh");
    await page
      .locator(".sd-rating__item-text", { hasText: /^Rất hài lòng$/ })
      .first()
      .click();
    await expect.poll(() => selected.count()).toBe(1);

    // Within the idle time: no question.
    await page.clock.fastForward(10_000);
    await page.waitForTimeout(300);
    expect(await idle.count()).toBe(0);
    // Past it: the question; "continue" keeps the answers.
    await page.clock.fastForward(6_000);
    await idle.waitFor();
    await page.getByRole("button", { name: "Tiếp tục trả lời" }).click();
    await idle.waitFor({ state: "detached" });
    expect(await procedure.inputValue()).toBe("Đăng ký khai sinh");

    // Idle again, and nobody answers the question: it counts down and clears the form.
    await page.clock.fastForward(16_000);
    await idle.waitFor();
    await page.screenshot({ path: "screenshots/kiosk-form-idle.png" });
    for (let s = 20; s > 0; s--) {
      await idle.getByText(`sau ${s} giây`).waitFor();
      await page.clock.fastForward(1_000);
    }
    await idle.waitFor({ state: "detached" });
    await expect.poll(() => procedure.inputValue()).toBe("");
    expect(await selected.count()).toBe(0);
    expect(await kioskResponses(server, label)).toHaveLength(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("the kiosk offline", () => {
  it("queues 20 ratings without network, keeps them across a reload, and stores exactly 20", async () => {
    const label = "Máy thử mất mạng";
    const { pairingUrl } = await registerKiosk(admin, server, { label, minInterval: 0 });
    const { context, page } = await pairTablet(browser, pairingUrl);
    // The service worker has cached the page and its assets.
    await page.locator('[data-offline-ready="yes"]').waitFor({ timeout: 15_000 });

    await context.setOffline(true);
    for (let i = 0; i < 20; i++) {
      // Alternating ratings: a real queue, not a burst.
      await rate(page, i % 2 === 0 ? "Rất hài lòng" : "Hài lòng");
      await backToStart(page);
    }
    await expect.poll(() => page.getByTestId("kiosk-queue").getAttribute("data-count")).toBe("20");
    expect(await kioskResponses(server, label)).toHaveLength(0);
    await page.screenshot({ path: "screenshots/kiosk-offline.png" });

    // A reload without network: the service worker serves the page, IndexedDB still holds the queue.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByRole("button", { name: "Rất hài lòng", exact: true }).waitFor();
    await expect.poll(() => page.getByTestId("kiosk-queue").getAttribute("data-count")).toBe("20");

    await context.setOffline(false);
    await page.getByTestId("kiosk-queue").waitFor({ state: "detached", timeout: 30_000 });
    const stored = await kioskResponses(server, label);
    expect(stored).toHaveLength(20);
    expect(new Set(stored.map((r) => r.client_id)).size).toBe(20);
    // Sending the queue again changes nothing (the API is idempotent on the id).
    await page.reload();
    await page.getByRole("button", { name: "Rất hài lòng", exact: true }).waitFor();
    expect(await kioskResponses(server, label)).toHaveLength(20);
    await context.close();
  });
});

describe("a burst of identical ratings", () => {
  it("is flagged, left out, listed for the manager, and restored with an audit entry", async () => {
    const label = "Máy thử bấm liên tục";
    const { pairingUrl } = await registerKiosk(admin, server, { label, minInterval: 0 });
    const { context, page } = await pairTablet(browser, pairingUrl);
    for (let i = 0; i < 8; i++) {
      await rate(page, "Rất hài lòng");
      await backToStart(page);
    }
    await expect
      .poll(
        async () =>
          (await kioskResponses(server, label)).filter((r) => r.flag_reason === "burst").length,
      )
      .toBe(8);
    await context.close();

    const manager = await admin.newPage();
    await manager.goto(`${server.baseUrl}/manage/flags`);
    const rows = manager.locator('[data-testid="flagged"] tr[data-reason="burst"]');
    expect(await rows.count()).toBe(8);
    await manager.screenshot({ path: "screenshots/manage-flags.png", fullPage: true });
    for (let i = 0; i < 8; i++) await rows.nth(i).locator('input[type="checkbox"]').check();
    await manager.getByRole("button", { name: "Khôi phục các phiếu đã chọn" }).click();
    await manager.getByText("Đã khôi phục 8 phiếu.").waitFor();
    expect((await kioskResponses(server, label)).every((r) => r.flag_reason === null)).toBe(true);
    await manager.close();
  });
});

describe("the kiosk list", () => {
  it("shows each kiosk's last contact and queue", async () => {
    const page = await admin.newPage();
    await page.goto(`${server.baseUrl}/manage/kiosks`);
    await page.getByTestId("kiosk-list").waitFor();
    expect(await page.getByTestId("kiosk-list").innerText()).toContain("Máy thử mất mạng");
    await page.screenshot({ path: "screenshots/manage-kiosks.png", fullPage: true });
    await page.close();
  });
});
