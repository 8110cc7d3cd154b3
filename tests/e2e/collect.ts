/** Helpers for the collection end-to-end tests: a signed-in manager, kiosks, database counts. */
import type { Browser, BrowserContext, Locator } from "playwright-core";
import { createAppContext, type AppContext } from "~/services/context.server";
import { signInPage, type RunningServer } from "./server";

export const COUNTER_CAMPAIGN = "Đánh giá nhanh tại quầy Một cửa (minh hoạ)";

/** The demo administrator's browser (quantri manages the whole demo province). */
export async function signInAdmin(
  browser: Browser,
  server: RunningServer,
): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: "vi-VN" });
  const page = await context.newPage();
  await signInPage(page, server, "quantri");
  await page.close();
  return context;
}

/** Selects the option whose text (indentation aside) is `text`; the first one when several are. */
export async function selectByText(scope: Locator, selectName: string, text: string) {
  const select = scope.locator(`select[name="${selectName}"]`);
  const value = await select.evaluate(
    (el, wanted) =>
      [...(el as HTMLSelectElement).options].find(
        (o) => o.text.replace(/\u00a0/g, "").trim() === wanted,
      )?.value ?? null,
    text,
  );
  if (!value) throw new Error(`no option "${text}" in ${selectName}`);
  await select.selectOption(value);
}

/** The demo's long questionnaire (Mẫu số 02), which a kiosk shows on /kiosk/form. */
export const LONG_FORM_CAMPAIGN =
  "Khảo sát sự hài lòng với Trung tâm Phục vụ hành chính công (minh hoạ)";

/** Registers a kiosk through /manage/kiosks; returns its pairing URL. */
export async function registerKiosk(
  admin: BrowserContext,
  server: RunningServer,
  opts: { label: string; unit?: string; minInterval?: number; campaign?: string; idle?: number },
): Promise<{ pairingUrl: string; code: string }> {
  const page = await admin.newPage();
  await page.goto(`${server.baseUrl}/manage/kiosks`);
  const form = page.locator("form", {
    has: page.locator('input[name="intent"][value="register"]'),
  });
  await selectByText(form, "campaignId", opts.campaign ?? COUNTER_CAMPAIGN);
  await selectByText(form, "unitId", opts.unit ?? "Quầy số 1");
  await form.locator('input[name="label"]').fill(opts.label);
  await form.locator('input[name="minInterval"]').fill(String(opts.minInterval ?? 5));
  if (opts.idle !== undefined) await form.locator('input[name="idle"]').fill(String(opts.idle));
  await form.getByRole("button", { name: "Đăng ký máy khảo sát" }).click();
  const url = await page.getByTestId("pairing-url").innerText();
  const code = await page.getByTestId("pairing-code").innerText();
  await page.close();
  return { pairingUrl: url, code };
}

/** A 10-inch tablet in landscape, paired as a kiosk; the page is on /kiosk. */
export async function pairTablet(browser: Browser, pairingUrl: string) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: "vi-VN",
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto(pairingUrl);
  await page.getByRole("button", { name: "Ghép nối" }).click();
  await page.waitForURL(/\/kiosk$/);
  await page.getByTestId("kiosk").waitFor();
  return { context, page };
}

let ctx: AppContext | undefined;
/** The server's database, read with the app's own code. */
export async function database(server: RunningServer): Promise<AppContext> {
  ctx ??= await createAppContext(server.databaseUrl);
  return ctx;
}
export async function closeDatabase() {
  await ctx?.close();
  ctx = undefined;
}

export async function kioskResponses(server: RunningServer, label: string) {
  const { db } = await database(server);
  return db
    .selectFrom("response as r")
    .innerJoin("kiosk as k", "k.id", "r.kiosk_id")
    .select(["r.id", "r.client_id", "r.answers", "r.flag_reason"])
    .where("k.label", "=", label)
    .execute();
}
