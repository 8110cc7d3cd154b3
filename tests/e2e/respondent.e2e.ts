/**
 * The citizen's form drawn on the server (docs/decisions/012): answered and counted with
 * JavaScript off; with it on, answers kept across a reload and a language switch, the
 * progress, reading aloud; the surveyor's fields only in interviewer mode; every catalog
 * questionnaire drawn by the light renderer (screenshots of each, on a phone).
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccessLink, insertCampaign } from "#db/queries/campaigns";
import { surveyorQuestions } from "~/domain/audience";
import { startE2E, stopE2E } from "./fixture";
import { database, linkResponses, linkToken, selectByText, signInAdmin } from "./collect";
import { type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => ({ server, browser } = await startE2E()));

afterAll(() => stopE2E({ server, browser }));

const PHONE = { viewport: { width: 390, height: 844 }, locale: "vi-VN" } as const;
const url = (token: string) => `${server.baseUrl}/s/${token}`;
const choice = (page: Page, text: string) =>
  page.locator(".hl-page:visible .hl-choice", { hasText: new RegExp(`^${text}$`) });

describe("with JavaScript off", () => {
  it("answers the quick rating and a two-page form, and both are counted", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();

    const quick = await linkToken(server, "mot-cua-danh-gia-nhanh");
    const quickBefore = (await linkResponses(server, quick)).length;
    await page.goto(url(quick));
    // The rating first: its first button is on the first screen.
    const first = choice(page, "Rất hài lòng").first();
    expect((await first.boundingBox())!.y).toBeLessThan(844);
    await page.screenshot({ path: "screenshots/respondent-quick-nojs.png" });
    await first.click();
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.getByRole("heading", { name: "Xin cảm ơn Ông/Bà!" }).waitFor();
    const quickStored = await linkResponses(server, quick);
    expect(quickStored).toHaveLength(quickBefore + 1);
    expect(JSON.parse(quickStored.at(-1)!.answers)).toEqual({ danh_gia_tong_the: 2 });
    expect(quickStored.at(-1)).toMatchObject({ locale: "vi", channel: "qr" });

    const twoPages = await linkToken(server, "mau-02-phong-chuyen-mon", "link");
    const before = (await linkResponses(server, twoPages)).length;
    await page.goto(url(twoPages));
    await page.getByText("Trang 1/2").waitFor();
    // Nothing answered: the page comes back with the messages beside their questions.
    await page.getByRole("button", { name: "Tiếp theo" }).click();
    await page.getByRole("alert").getByText("Còn 10 câu cần xem lại").waitFor();
    const procedure = page.locator(".hl-q", { has: page.getByLabel(/^Lĩnh vực/) });
    expect(await procedure.locator(".hl-error").innerText()).toBe("Câu này cần được trả lời.");
    await page.screenshot({ path: "screenshots/respondent-errors-nojs.png" });
    await page.getByLabel("Lĩnh vực/thủ tục hành chính đã giải quyết").fill("Đăng ký khai sinh");
    const fives = choice(page, "Rất hài lòng");
    for (let i = 0; i < (await fives.count()); i++) await fives.nth(i).click();
    await page.getByRole("button", { name: "Tiếp theo" }).click();
    await page.getByText("Trang 2/2").waitFor();
    await choice(page, "Nữ").click();
    await page.getByRole("button", { name: "Gửi phiếu" }).click();
    await page.getByRole("heading", { name: "Xin cảm ơn Ông/Bà!" }).waitFor();
    const stored = await linkResponses(server, twoPages);
    expect(stored).toHaveLength(before + 1);
    expect(JSON.parse(stored.at(-1)!.answers)).toMatchObject({
      linh_vuc: "Đăng ký khai sinh",
      C1: 5,
      gioi_tinh: 2,
    });
    await context.close();
  });
});

describe("with JavaScript on", () => {
  it("keeps the answers and the page across a reload and a language switch, with the progress", async () => {
    const token = await linkToken(server, "byt-ngoai-tru");
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url(token), { waitUntil: "networkidle" });
    const step = page.locator("#hl-step");
    const bar = page.locator(".hl-progress progress");
    expect(await step.innerText()).toBe("Trang 1/3");
    expect(await bar.evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([1, 3]);

    await choice(page, "Nữ").click();
    await page.getByLabel("Tuổi (hoặc năm sinh)").fill("67");
    await page.getByRole("button", { name: "Tiếp theo" }).click();
    expect(await step.innerText()).toBe("Trang 2/3");
    expect(await bar.evaluate((p: HTMLProgressElement) => p.value)).toBe(2);
    await choice(page, "Hài lòng").first().click();
    await page.screenshot({ path: "screenshots/respondent-progress.png" });

    // A reload (or a discarded tab): same page, same answers.
    await page.reload({ waitUntil: "networkidle" });
    expect(await step.innerText()).toBe("Trang 2/3");
    expect(await choice(page, "Hài lòng").first().locator("input").isChecked()).toBe(true);
    await page.getByText("Các câu trả lời Ông/Bà điền trước đó").waitFor();

    // The language switch: English, and still every answer.
    await page.getByRole("link", { name: "English" }).click();
    await page.waitForLoadState("networkidle");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await step.innerText()).toBe("Page 2 of 3");
    expect(await choice(page, "Satisfied").first().locator("input").isChecked()).toBe(true);
    await page.getByRole("button", { name: "Back" }).click();
    expect(await page.getByLabel("Age (or year of birth)").inputValue()).toBe("67");
    expect(await choice(page, "Female").locator("input").isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("reads a question aloud with a Vietnamese voice, and offers nothing without one", async () => {
    const token = await linkToken(server, "mot-cua-danh-gia-nhanh");
    const stub = (lang: string) => `(() => {
      const spoken = [];
      window.__spoken = spoken;
      window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
      Object.defineProperty(window, "speechSynthesis", { value: {
        getVoices: () => [{ lang: ${JSON.stringify(lang)}, name: "Giọng thử", default: false, localService: true, voiceURI: "thu" }],
        speak: (u) => spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name }),
        cancel: () => {},
        addEventListener: () => {},
      } });
    })();`;
    const context = await browser.newContext(PHONE);
    await context.addInitScript({ content: stub("vi-VN") });
    const page = await context.newPage();
    await page.goto(url(token), { waitUntil: "networkidle" });
    const listen = page.getByRole("button", { name: "Nghe câu hỏi" });
    await listen.first().click();
    const spoken = (await page.evaluate(
      () => (window as never as { __spoken: unknown[] }).__spoken,
    )) as Array<{
      text: string;
      lang: string;
      voice: string;
    }>;
    expect(spoken).toHaveLength(1);
    expect(spoken[0]).toMatchObject({ lang: "vi-VN", voice: "Giọng thử" });
    expect(spoken[0]!.text).toBe(
      "Đánh giá tổng thể dịch vụ. Rất hài lòng. Hài lòng. Không hài lòng",
    );
    await context.close();

    const english = await browser.newContext(PHONE);
    await english.addInitScript({ content: stub("en-US") });
    const other = await english.newPage();
    await other.goto(url(token), { waitUntil: "networkidle" });
    expect(await other.locator(".hl-listen").count()).toBe(0);
    await english.close();
  });
});

describe("interviewer mode", () => {
  it("shows the surveyor's fields only through a link made for interviewers", async () => {
    const admin = await signInAdmin(browser, server);
    const manage = await admin.newPage();
    await manage.goto(`${server.baseUrl}/manage/links`);
    const form = manage.locator("form", {
      has: manage.locator('input[name="intent"][value="create-link"]'),
    });
    await selectByText(form, "campaignId", "Khảo sát hài lòng người bệnh ngoại trú (minh hoạ)");
    await selectByText(form, "unitId", "Khoa Khám bệnh");
    await form.locator('select[name="channel"]').selectOption("qr");
    await form.locator('select[name="audience"]').selectOption("surveyor");
    await form.getByRole("button", { name: "Tạo đường dẫn" }).click();
    const row = manage.locator("tr", { hasText: "người phỏng vấn điền" });
    const interviewer = (await row.locator("small").innerText()).trim();
    await admin.close();

    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(url(await linkToken(server, "byt-ngoai-tru")));
    expect(await page.getByText("Mã số phiếu (BV quy định)").count()).toBe(0);
    expect(await page.getByText("Kiểu khảo sát").count()).toBe(0);
    await page.goto(interviewer);
    await page.getByText("Mã số phiếu (BV quy định)").waitFor();
    expect(await page.locator(".hl-tag", { hasText: "Người phỏng vấn điền" }).count()).toBe(
      surveyorQuestions(catalog("byt-ngoai-tru").survey).length,
    );
    await page.screenshot({ path: "screenshots/respondent-interviewer.png" });
    await context.close();
  });
});

function catalog(slug: string) {
  return JSON.parse(readFileSync(`surveys/${slug}.json`, "utf8")) as {
    slug: string;
    survey: Record<string, unknown>;
  };
}

describe("the catalog", () => {
  it("draws every questionnaire in surveys/ with the light renderer, never SurveyJS", async () => {
    const { db } = await database(server);
    const province = await db
      .selectFrom("unit")
      .select("id")
      .where("code", "=", "T01")
      .executeTakeFirstOrThrow();
    const year = new Date().getUTCFullYear();
    const context: BrowserContext = await browser.newContext(PHONE);
    const page = await context.newPage();
    const types = new Set<string>();
    for (const file of readdirSync("surveys").filter((f) => f.endsWith(".json"))) {
      const { slug } = catalog(file.slice(0, -5));
      const version = await db
        .selectFrom("questionnaire_version")
        .select("id")
        .where("slug", "=", slug)
        .orderBy("version", "desc")
        .executeTakeFirstOrThrow();
      const campaign = await insertCampaign(db, {
        title: `Thử giao diện ${slug}`,
        questionnaireVersionId: version.id,
        status: "open",
        opensAt: new Date(Date.UTC(year - 1, 0, 1)).toISOString(),
        closesAt: new Date(Date.UTC(year + 1, 0, 1)).toISOString(),
        targetPct: 90,
        channels: ["link"],
        minN: 30,
        scopeUnitIds: [province.id],
      });
      const link = await insertAccessLink(db, {
        campaignId: campaign.id,
        unitId: province.id,
        channel: "link",
      });
      const html = await (await fetch(url(link.token))).text();
      expect(html, slug).toContain('id="hl-form"');
      expect(html, slug).not.toContain("survey-island");
      for (const m of html.matchAll(/class="hl-q hl-(\w+)/g)) types.add(m[1]!);
      await page.goto(url(link.token), { waitUntil: "networkidle" });
      await page.screenshot({ path: `screenshots/form-${slug}.png` });
    }
    await context.close();
    // What the catalog uses, drawn by the light renderer.
    for (const t of ["rating", "radiogroup", "checkbox", "dropdown", "matrix", "text", "comment"])
      expect(types).toContain(t);
  });
});
