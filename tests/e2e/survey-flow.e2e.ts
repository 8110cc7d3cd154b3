/**
 * A citizen opens a survey link, answers, submits, and the results page counts one more.
 * Runs the production build in headless Chromium; screenshots go to screenshots/.
 */
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import { demoPassword, startServer, type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The first demo campaign's links, as the server printed them at start. */
function demoLinks() {
  const out = server.output();
  const survey = /survey link:\s+(\S+)/.exec(out)?.[1];
  const results = /results:\s+(\S+)/.exec(out)?.[1];
  if (!survey || !results) throw new Error(`demo links not printed:\n${out}`);
  return { survey, results };
}

let analyst: Promise<BrowserContext> | undefined;

/** An analyst's signed-in browser (signed in once): results pages need sign-in. */
function signedIn(): Promise<BrowserContext> {
  analyst ??= signIn();
  return analyst;
}

async function signIn(): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Tên đăng nhập").fill("phantich");
  await page.getByLabel("Mật khẩu").fill(demoPassword(server.output(), "phantich"));
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${server.baseUrl}/`);
  await page.close();
  return context;
}

async function responseCount(url: string): Promise<number> {
  const page = await (await signedIn()).newPage();
  await page.goto(url);
  const text = await page.getByTestId("response-count").innerText();
  await page.close();
  return Number(text.replace(/\D/g, ""));
}

describe("answering through a link", () => {
  it("stores the answer and the results page counts it", async () => {
    const { survey, results } = demoLinks();
    const before = await responseCount(results);

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "vi-VN",
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(survey);
    await page.getByText("Lĩnh vực/thủ tục hành chính đã giải quyết").waitFor();
    await page.screenshot({ path: "screenshots/survey-start.png", fullPage: true });

    await page.locator('input[type="text"]').first().fill("Đăng ký khai sinh");
    // Nine 1–5 ratings: answer "Rất hài lòng" (5) on each.
    const fives = page.locator(".sd-rating__item-text", { hasText: /^Rất hài lòng$/ });
    const count = await fives.count();
    expect(count).toBe(9);
    for (let i = 0; i < count; i++) await fives.nth(i).click();
    await page.getByRole("button", { name: "Tiếp theo" }).click();
    await page.getByText("Thông tin người trả lời").waitFor();
    await page.getByText("Nữ", { exact: true }).click();
    await page.getByRole("button", { name: "Gửi phiếu" }).click();

    await page.getByRole("heading", { name: "Xin cảm ơn Ông/Bà!" }).waitFor();
    await page.screenshot({ path: "screenshots/survey-thanks.png", fullPage: true });
    await context.close();
    expect(errors).toEqual([]);

    expect(await responseCount(results)).toBe(before + 1);
    const page2 = await (await signedIn()).newPage();
    await page2.goto(results);
    await page2.screenshot({ path: "screenshots/results.png", fullPage: true });
    await page2.close();
  });

  it("sends a signed-out visitor of a results page to the sign-in page", async () => {
    const page = await browser.newPage();
    await page.goto(demoLinks().results);
    expect(new URL(page.url()).pathname).toBe("/login");
    await expect(page.getByRole("heading", { name: "Đăng nhập" }).isVisible()).resolves.toBe(true);
    await page.close();
  });

  it("shows a Vietnamese page with status 404 for an unknown token", async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${server.baseUrl}/s/khongcomaso123`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Không tìm thấy" }).isVisible()).resolves.toBe(
      true,
    );
    await page.close();
  });
});
