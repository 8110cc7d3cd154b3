/** Every questionnaire in surveys/ renders in the browser (preview page), in Vietnamese and English. */
import { readdirSync, readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2E, stopE2E } from "./fixture";
import { type RunningServer } from "./server";

const slugs = readdirSync("surveys")
  .filter((f) => f.endsWith(".json"))
  .map((f) => (JSON.parse(readFileSync(`surveys/${f}`, "utf8")) as { slug: string }).slug);

let server: RunningServer;
let browser: Browser;

beforeAll(async () => ({ server, browser } = await startE2E()));

afterAll(() => stopE2E({ server, browser }));

describe("questionnaire catalog in the browser", () => {
  it("lists every questionnaire with its verification status", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/questionnaires`);
    for (const slug of slugs)
      await expect(page.locator(`a[href="/questionnaires/${slug}"]`).count()).resolves.toBe(1);
    await expect(
      page.getByText("Diễn giải, chưa phải lời văn chính thức").first().isVisible(),
    ).resolves.toBe(true);
    await page.screenshot({ path: "screenshots/catalog.png", fullPage: true });
    await page.close();
  });

  it.each(slugs)("renders %s", async (slug) => {
    for (const lang of ["vi", "en"]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.baseUrl}/questionnaires/${slug}?lang=${lang}`);
      await page.locator(".sd-root-modern .sd-question").first().waitFor({ timeout: 15_000 });
      expect(await page.locator(".sd-question").count()).toBeGreaterThan(0);
      // A way forward: the next-page or complete button of the form.
      const forward = page
        .locator(".sd-navigation__next-btn, .sd-navigation__complete-btn")
        .first();
      await expect(forward.isVisible()).resolves.toBe(true);
      if (lang === "vi") await page.screenshot({ path: `screenshots/preview-${slug}.png` });
      // Sandboxed (Content-Security-Policy: sandbox): an opaque origin, no session to act with.
      await expect(page.evaluate(() => window.origin)).resolves.toBe("null");
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
