/** Helpers for the collection end-to-end tests: a signed-in manager, kiosks, database counts. */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
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

/**
 * Selects the option whose text is `text`, or whose unit path ("A › B › text") ends with it;
 * the first one when several are.
 */
export async function selectByText(scope: Locator, selectName: string, text: string) {
  const select = scope.locator(`select[name="${selectName}"]`);
  const value = await select.evaluate(
    (el, wanted) =>
      [...(el as HTMLSelectElement).options].find((o) => {
        const shown = o.text.replace(/\u00a0/g, "").trim();
        return shown === wanted || shown.split(" › ").at(-1) === wanted;
      })?.value ?? null,
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

/**
 * A 10-inch tablet in landscape, paired as a kiosk; the page is on /kiosk. `clockOffsetMs`
 * sets the tablet's wall clock that far from the real time (its monotonic clock, timers and
 * the server are untouched), as a tablet whose time was set wrong; setTabletClock() in the
 * page sets it again.
 */
export async function pairTablet(
  browser: Browser,
  pairingUrl: string,
  opts: { clockOffsetMs?: number } = {},
) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: "vi-VN",
    hasTouch: true,
  });
  if (opts.clockOffsetMs !== undefined)
    await context.addInitScript((initial: number) => {
      let offset = initial;
      const RealDate = Date;
      class TabletDate extends RealDate {
        constructor(...args: unknown[]) {
          if (args.length === 0) super(RealDate.now() + offset);
          else super(...(args as [string]));
        }
        static now() {
          return RealDate.now() + offset;
        }
      }
      globalThis.Date = TabletDate as DateConstructor;
      // setTabletClock(): someone sets the tablet's time while the page runs.
      (globalThis as { setTabletClock?: (ms: number) => void }).setTabletClock = (ms) => {
        offset = ms;
      };
    }, opts.clockOffsetMs);
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
    .select([
      "r.id",
      "r.client_id",
      "r.answers",
      "r.flag_reason",
      "r.started_at",
      "r.device_started_at",
      "r.submitted_at",
      "r.period",
    ])
    .where("k.label", "=", label)
    .execute();
}

/** How many submissions a kiosk page's device holds in its queue or its refused store. */
export function tabletHolds(page: Page, store: "queue" | "rejected"): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open("hai-long-kiosk", 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction(name, "readonly").objectStore(name).count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
    store,
  );
}

/** Sets every weekday of a unit's opening hours (empty: always open) through /manage/kiosks. */
export async function setUnitHours(
  admin: BrowserContext,
  server: RunningServer,
  unitCode: string,
  text: string,
) {
  const { db } = await database(server);
  const unit = await db
    .selectFrom("unit")
    .select("id")
    .where("code", "=", unitCode)
    .executeTakeFirstOrThrow();
  const page = await admin.newPage();
  await page.goto(`${server.baseUrl}/manage/kiosks?hoursUnit=${unit.id}`);
  const form = page.locator("form", { has: page.locator('input[name="intent"][value="hours"]') });
  for (let d = 1; d <= 7; d++) await form.locator(`input[name="day${d}"]`).fill(text);
  await form.getByRole("button", { name: "Lưu giờ làm việc" }).click();
  await page.getByText("Đã lưu giờ làm việc.").waitFor();
  await page.close();
}
/** The first access link of a campaign of this questionnaire on one channel. */
export async function linkToken(server: RunningServer, slug: string, channel = "qr") {
  const { db } = await database(server);
  const row = await db
    .selectFrom("access_link as l")
    .innerJoin("campaign as c", "c.id", "l.campaign_id")
    .innerJoin("questionnaire_version as q", "q.id", "c.questionnaire_version_id")
    .select("l.token")
    .where("q.slug", "=", slug)
    .where("l.channel", "=", channel)
    .orderBy("l.created_at")
    .executeTakeFirstOrThrow();
  return row.token;
}

/** Responses stored through one link, oldest first. */
export async function linkResponses(server: RunningServer, token: string) {
  const { db } = await database(server);
  return db
    .selectFrom("response")
    .select(["client_id", "answers", "locale", "channel"])
    .where("access_token", "=", token)
    .orderBy("id")
    .execute();
}
