/**
 * A citizen opens a survey link, answers, submits, and the results page counts one more.
 * Runs the production build in headless Chromium; screenshots go to screenshots/.
 */
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2E, stopE2E } from "./fixture";
import { signInPage, type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => ({ server, browser } = await startE2E()));

afterAll(() => stopE2E({ server, browser }));

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
  await signInPage(page, server, "phantich");
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

/** Fills in the first demo questionnaire (Vietnamese) up to its submit button, and clicks it. */
export async function answerDemoForm(page: Page) {
  await page.getByLabel("Lĩnh vực/thủ tục hành chính đã giải quyết").fill("Đăng ký khai sinh");
  // Nine 1–5 ratings: answer "Rất hài lòng" (5) on each.
  const fives = page.locator(".hl-page:visible .hl-choice", { hasText: /^Rất hài lòng$/ });
  const count = await fives.count();
  expect(count).toBe(9);
  for (let i = 0; i < count; i++) await fives.nth(i).click();
  await page.getByRole("button", { name: "Tiếp theo" }).click();
  await page.getByRole("heading", { name: "Thông tin người trả lời" }).waitFor();
  await page.locator(".hl-choice", { hasText: /^Nữ$/ }).click();
  await page.getByRole("button", { name: "Gửi phiếu" }).click();
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
    // The respondent's header: the unit and the language switch, no staff navigation.
    expect(await page.locator("header.site").count()).toBe(0);
    expect(await page.locator("header a").allInnerTexts()).toEqual(["English"]);
    expect(await page.locator("h1").count()).toBe(1);
    await page.screenshot({ path: "screenshots/survey-start.png", fullPage: true });

    await answerDemoForm(page);

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

  it("loads one small script and no Remix runtime, and draws the form in English too", async () => {
    const { survey } = demoLinks();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const scripts: Array<{ url: string; cacheControl: string; gzip: Promise<number> }> = [];
    page.on("response", (res) => {
      if (res.request().resourceType() === "script")
        scripts.push({
          url: res.url(),
          cacheControl: res.headers()["cache-control"] ?? "",
          gzip: res.body().then((b) => gzipSync(b, { level: 6 }).length),
        });
    });
    await page.goto(survey, { waitUntil: "networkidle" });
    // The server-rendered page: title, the anonymity note.
    await expect(page.locator("h1").first().innerText()).resolves.toContain("Phiếu khảo sát");
    await expect(page.getByText("Phiếu khảo sát không ghi tên").isVisible()).resolves.toBe(true);
    // The page's one script: the form's enhancement, immutable; no React, no SurveyJS.
    expect(scripts).toHaveLength(1);
    expect(new URL(scripts[0]!.url).pathname).toMatch(/^\/assets\/enhance\.entry-[\w-]+\.js$/);
    expect(scripts[0]!.cacheControl).toContain("immutable");
    // The page's JavaScript budget (npm run bench prints it as js.survey_gzip_kb).
    expect((await scripts[0]!.gzip) / 1024).toBeLessThanOrEqual(30);
    expect(await page.evaluate(() => "__remixContext" in window)).toBe(false);
    await expect(page.locator('input[name="website"]').count()).resolves.toBe(1);

    // The language switch: the same form in English, its texts and its buttons.
    await page.getByRole("link", { name: "English" }).click();
    await page.getByText("Field or administrative procedure handled").waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await expect(page.getByRole("button", { name: "Next" }).isVisible()).resolves.toBe(true);
    await expect(page.getByText("This questionnaire is anonymous").isVisible()).resolves.toBe(true);
    await page.screenshot({ path: "screenshots/survey-en.png", fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows an error when the answer cannot be sent, and sends the same response again", async () => {
    const { survey } = demoLinks();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const ids: string[] = [];
    await page.route("**/api/v1/responses", async (route) => {
      ids.push((route.request().postDataJSON() as { id: string }).id);
      if (ids.length === 1) await route.fulfill({ status: 503, body: "" });
      else await route.continue();
    });
    await page.goto(survey, { waitUntil: "networkidle" });
    await answerDemoForm(page);
    await page
      .getByRole("alert")
      .getByText(/Chưa gửi được vì mất kết nối/)
      .waitFor();
    await page.getByRole("button", { name: "Gửi lại ngay" }).click();
    await page.getByRole("heading", { name: "Xin cảm ơn Ông/Bà!" }).waitFor();
    // One client id for one filled-in form: the retry is stored once.
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    await context.close();
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
