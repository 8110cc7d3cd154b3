/**
 * Links, QR codes and invitation codes in headless Chromium: a manager creates a QR link,
 * prints its poster to PDF (page size checked, QR decoded back to the link — jsqr + pngjs),
 * a citizen answers on a phone-sized screen, and a used invitation code is refused.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2E, stopE2E } from "./fixture";
import { COUNTER_CAMPAIGN, database, selectByText, signInAdmin } from "./collect";
import { type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;
let admin: BrowserContext;

beforeAll(async () => {
  ({ server, browser } = await startE2E());
  admin = await signInAdmin(browser, server);
});

afterAll(() => stopE2E({ server, browser }));

function decodeQr(png: Buffer): string | null {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data ?? null;
}

/** Page sizes (in points) of a PDF written by Chromium. */
function pdfPageSizes(pdf: Buffer): Array<[number, number]> {
  const text = pdf.toString("latin1");
  return [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

const phone = () =>
  browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "vi-VN",
    isMobile: true,
    hasTouch: true,
  });

async function answerQuickForm(page: Page) {
  await page
    .locator(".hl-page:visible .hl-choice", { hasText: /^Rất hài lòng$/ })
    .first()
    .click();
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await page.getByRole("heading", { name: "Xin cảm ơn Ông/Bà!" }).waitFor();
}

async function countByToken(token: string) {
  const { db } = await database(server);
  const r = await db
    .selectFrom("response")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("access_token", "=", token)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe("a QR link", () => {
  it("prints a poster whose QR code is the link, and a citizen answers it on a phone", async () => {
    const page = await admin.newPage();
    await page.goto(`${server.baseUrl}/manage/links`);
    const form = page.locator("form", { has: page.locator('input[value="create-link"]') });
    await selectByText(form, "campaignId", COUNTER_CAMPAIGN);
    await selectByText(form, "unitId", "Quầy số 2");
    await form.locator('input[name="label"]').fill("Áp phích Quầy số 2");
    await form.getByRole("button", { name: "Tạo đường dẫn" }).click();
    await page.getByText("Đã tạo đường dẫn.").waitFor();
    const row = page.locator("tr", { hasText: "Áp phích Quầy số 2" });
    const href = await row.getByRole("link", { name: "Áp phích A4" }).getAttribute("href");
    const token = /\/qr\/([A-Za-z0-9_-]+)\/poster/.exec(href ?? "")![1]!;
    const link = `${server.baseUrl}/s/${token}`;
    await page.screenshot({ path: "screenshots/manage-links.png", fullPage: true });

    for (const [size, w, h] of [
      ["a4", 595.28, 841.89],
      ["a5", 419.53, 595.28],
    ] as const) {
      await page.goto(`${server.baseUrl}/qr/${token}/poster${size === "a5" ? "?size=a5" : ""}`);
      await page.getByTestId("poster").waitFor();
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      writeFileSync(`screenshots/poster-${size}.pdf`, pdf);
      const sizes = pdfPageSizes(pdf);
      expect(sizes).toHaveLength(1);
      expect(Math.abs(sizes[0]![0] - w)).toBeLessThan(2);
      expect(Math.abs(sizes[0]![1] - h)).toBeLessThan(2);
      // The QR code as printed decodes to the link: from the PDF rendered to an image when
      // poppler's pdftoppm is installed, and from the poster as Chromium prints it.
      if (existsSync("/usr/bin/pdftoppm")) {
        const dir = mkdtempSync(join(tmpdir(), "hl-poster-"));
        writeFileSync(join(dir, "p.pdf"), pdf);
        execFileSync("pdftoppm", [
          "-png",
          "-r",
          "110",
          "-singlefile",
          join(dir, "p.pdf"),
          join(dir, "p"),
        ]);
        const raster = readFileSync(join(dir, "p.png"));
        writeFileSync(`screenshots/poster-${size}.png`, raster);
        expect(decodeQr(raster)).toBe(link);
      }
      await page.emulateMedia({ media: "print" });
      expect(decodeQr(await page.getByTestId("poster").screenshot())).toBe(link);
      await page.emulateMedia({ media: null });
    }

    const svg = await page.request.get(`${server.baseUrl}/qr/${token}?format=svg`);
    expect(svg.headers()["content-type"]).toContain("image/svg+xml");
    const png = await page.request.get(`${server.baseUrl}/qr/${token}?format=png`);
    expect(decodeQr(await png.body())).toBe(link);
    await page.goto(`${server.baseUrl}/qr/${token}/slips`);
    expect(await page.getByTestId("slip").count()).toBe(12);
    await page.close();

    const citizen = await phone();
    const p = await citizen.newPage();
    const errors: string[] = [];
    p.on("pageerror", (e) => errors.push(e.message));
    await p.goto(link);
    await p.getByText("Đánh giá tổng thể dịch vụ").first().waitFor();
    await p.screenshot({ path: "screenshots/link-phone.png", fullPage: true });
    await answerQuickForm(p);
    expect(await countByToken(token)).toBe(1);
    // Soft one-response-per-browser rule: the same phone is told, and may still answer for someone else.
    await p.reload();
    await p.getByRole("heading", { name: "Ông/Bà đã gửi phiếu qua đường dẫn này" }).waitFor();
    await p.screenshot({ path: "screenshots/link-again.png", fullPage: true });
    expect(errors).toEqual([]);
    await citizen.close();
  });
});

describe("single-use invitation codes", () => {
  it("take one response each; a used code is refused with a Vietnamese message and stores nothing", async () => {
    const page = await admin.newPage();
    await page.goto(`${server.baseUrl}/manage/links`);
    const form = page.locator("form", { has: page.locator('input[value="create-batch"]') });
    await selectByText(form, "campaignId", COUNTER_CAMPAIGN);
    await selectByText(form, "unitId", "Trung tâm Phục vụ hành chính công tỉnh");
    await form.locator('input[name="count"]').fill("3");
    await form.locator('input[name="label"]').fill("Người dân được chọn tháng này");
    await form.getByRole("button", { name: "Tạo mã mời" }).click();
    await page.getByText("Đã tạo 3 mã mời.").waitFor();
    await page
      .getByRole("row", { name: /Người dân được chọn tháng này/ })
      .getByRole("link")
      .click();
    await page.getByTestId("slip").first().waitFor();
    expect(await page.getByTestId("slip").count()).toBe(3);
    await page.screenshot({ path: "screenshots/invitation-slips.png" });
    const code = (await page.locator(".slip .code").first().innerText()).replace(/^Mã:\s*/, "");
    await page.close();

    const first = await phone();
    const p = await first.newPage();
    await p.goto(`${server.baseUrl}/s/${code}`);
    await answerQuickForm(p);
    await first.close();
    expect(await countByToken(code)).toBe(1);

    const second = await phone();
    const q = await second.newPage();
    const res = await q.goto(`${server.baseUrl}/s/${code}`);
    expect(res?.status()).toBe(410);
    await q.getByRole("heading", { name: "Mã mời đã được sử dụng" }).waitFor();
    await q.screenshot({ path: "screenshots/invitation-used.png" });
    const api = await q.request.post(`${server.baseUrl}/api/v1/responses`, {
      data: { id: crypto.randomUUID(), token: code, answers: { danh_gia_tong_the: 0 } },
    });
    expect(api.status()).toBe(410);
    expect((await api.json()).error).toBe("invitation_used");
    await second.close();
    expect(await countByToken(code)).toBe(1);
  });
});
