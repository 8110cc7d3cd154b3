/**
 * The counter kiosk in headless Chromium: pairing, the one-tap flow and its reset, reasons
 * for a low rating, portrait and landscape, offline queueing across a reload (nothing lost,
 * nothing counted twice), queues drained with the tablet's clock 10 minutes fast or slow and
 * after the campaign's end, refused ratings listed for a manager who accepts one, a burst of
 * identical ratings flagged and restored, and the long form's idle question and reset.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2E, stopE2E } from "./fixture";
import { insertCampaign } from "#db/queries/campaigns";
import { MAX_ROUND_TRIP_MS } from "~/domain/clock-offset";
import { toPeriod } from "~/domain/period";
import {
  COUNTER_CAMPAIGN,
  database,
  kioskResponses,
  LONG_FORM_CAMPAIGN,
  pairTablet,
  registerKiosk,
  setUnitHours,
  signInAdmin,
  tabletHolds,
} from "./collect";
import { type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;
let admin: BrowserContext;

beforeAll(async () => {
  ({ server, browser } = await startE2E());
  admin = await signInAdmin(browser, server);
});

afterAll(() => stopE2E({ server, browser }));

/**
 * What the server or the tablet does in its own time (a delivery, a heartbeat, a flag) is
 * awaited this long: vitest polls for 1 s by default, too short on a loaded machine.
 */
const EVENTUALLY = { timeout: 30_000, interval: 250 };

async function rate(page: Page, level: string) {
  await page.getByRole("button", { name: level, exact: true }).click();
}

/**
 * Leaves the thank-you screen. It resets by itself after 4 s, which a loaded machine can
 * reach between Playwright's checks and its click: the click would then wait for a screen
 * that is gone, or land on a face and rate again. Clicked in the page, in one step.
 */
async function backToStart(page: Page) {
  await page.evaluate(() =>
    (document.querySelector('[data-testid="kiosk-thanks"]') as HTMLElement | null)?.click(),
  );
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
      .poll(async () => (await kioskResponses(server, "Máy thử một chạm")).length, EVENTUALLY)
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
      // Long enough that the second tap falls within it however slow the machine is.
      minInterval: 60,
    });
    const { context, page } = await pairTablet(browser, pairingUrl);
    await rate(page, "Hài lòng");
    await backToStart(page);
    // Back on the faces, the keyboard focus is on them too (not left on the page). Polled: on
    // a loaded machine the thanks may show only after backToStart() found the faces still up.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.className), EVENTUALLY)
      .toMatch(/kiosk-level/);
    await rate(page, "Hài lòng"); // within 60 s: ignored on the device, and said so
    await page.getByTestId("kiosk-ignored").getByText("Xin chờ giây lát rồi chạm lại.").waitFor();
    expect(await page.getByTestId("kiosk-thanks").count()).toBe(0);
    await expect
      .poll(async () => (await kioskResponses(server, "Máy thử khoảng cách")).length, EVENTUALLY)
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
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(r.url());
    });
    // The browser's clock under the test's control (it runs on by itself too): the idle
    // time and the 20 s countdown are skipped over instead of waited for.
    await page.clock.install();
    await page.goto(`${server.baseUrl}/kiosk/form`);
    // The light form, drawn on the server; SurveyJS is not loaded.
    const form = page.getByTestId("kiosk-form");
    await form.locator("form.hl-form").waitFor();
    const procedure = page.getByLabel("Lĩnh vực/thủ tục hành chính đã giải quyết");
    const selected = form.locator(".hl-choice input:checked");
    const idle = page.getByRole("alertdialog", { name: "Ông/Bà còn tiếp tục không?" });

    await procedure.fill("Đăng ký khai sinh");
    await form
      .locator(".hl-choice", { hasText: /^Rất hài lòng$/ })
      .first()
      .click();
    await expect.poll(() => selected.count(), EVENTUALLY).toBe(1);

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
    await expect.poll(() => procedure.inputValue(), EVENTUALLY).toBe("");
    expect(await selected.count()).toBe(0);
    expect(await kioskResponses(server, label)).toHaveLength(0);

    // Answered to the end: sent through the kiosk's queue, thanked, and a fresh form.
    await procedure.fill("Cấp phép xây dựng");
    const fives = form.locator(".hl-page:visible .hl-choice", { hasText: /^Hài lòng$/ });
    for (let i = 0; i < (await fives.count()); i++) await fives.nth(i).click();
    await page.getByRole("button", { name: "Tiếp theo" }).click();
    await form.getByText("Trang 2/2").waitFor();
    await page.getByRole("button", { name: "Gửi phiếu" }).click();
    await page.getByText("Xin cảm ơn Ông/Bà!").waitFor();
    await expect.poll(async () => (await kioskResponses(server, label)).length).toBe(1);
    const stored = (await kioskResponses(server, label))[0]!;
    expect(JSON.parse(stored.answers)).toMatchObject({ C1: 4, C9: 4 });
    await page.clock.fastForward(6_000);
    await expect.poll(() => procedure.inputValue()).toBe("");
    await page.screenshot({ path: "screenshots/kiosk-form.png" });
    expect(scripts.some((u) => /survey-(core|react)|kiosk-form\.client/.test(u))).toBe(false);
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
    await expect
      .poll(() => page.getByTestId("kiosk-queue").getAttribute("data-count"), EVENTUALLY)
      .toBe("20");
    expect(await kioskResponses(server, label)).toHaveLength(0);
    await page.screenshot({ path: "screenshots/kiosk-offline.png" });

    // A reload without network: the service worker serves the page, IndexedDB still holds the queue.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByRole("button", { name: "Rất hài lòng", exact: true }).waitFor();
    await expect
      .poll(() => page.getByTestId("kiosk-queue").getAttribute("data-count"), EVENTUALLY)
      .toBe("20");

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
    // Twenty taps through the thank-you screen take about 40 s on two cores: more than the
    // default minute once pairing and the reloads are added.
  }, 180_000);
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
        EVENTUALLY,
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

const MIN = 60_000;

async function readyOffline(page: Page) {
  // The service worker has cached the page, and a heartbeat has measured the clock offset.
  await page
    .locator('[data-offline-ready="yes"][data-clock="synced"]')
    .waitFor({ timeout: 20_000 });
}

/** A tap happened between these two real times (a click takes a while on a loaded machine). */
type Tap = [from: number, to: number];

/**
 * Taps `levels` with the network off (once the page can work offline), `gapMs` apart, running
 * `before(i)` ahead of tap i. Returns when each tap happened, in real time.
 */
async function tapOffline(
  context: BrowserContext,
  page: Page,
  levels: string[],
  opts: { gapMs?: number; before?: (i: number) => Promise<unknown> } = {},
): Promise<Tap[]> {
  await readyOffline(page);
  await context.setOffline(true);
  const taps: Tap[] = [];
  for (const [i, level] of levels.entries()) {
    if (i > 0 && opts.gapMs) await page.waitForTimeout(opts.gapMs);
    await opts.before?.(i);
    const from = Date.now();
    await rate(page, level);
    taps.push([from, Date.now()]);
    await backToStart(page);
  }
  return taps;
}

/** The network comes back; the queue drains. */
async function reconnect(context: BrowserContext, page: Page) {
  await context.setOffline(false);
  await page.getByTestId("kiosk-queue").waitFor({ state: "detached", timeout: 30_000 });
}

/**
 * How far a placed tap may be from the real one: the tablet's estimate of its offset is
 * trusted to half a round trip, up to 5 s (MAX_ROUND_TRIP_MS); a loaded machine gets there.
 */
const TAP_TOLERANCE_MS = MAX_ROUND_TRIP_MS / 2;

/**
 * Every rating of the kiosk stored at its tap, on the server's clock (this machine's), with
 * the device's own time kept beside it, `deviceAhead(i)` ms off; none refused.
 */
async function expectStoredAtTaps(
  page: Page,
  label: string,
  taps: Tap[],
  deviceAhead: (i: number) => number,
) {
  const stored = (await kioskResponses(server, label)).sort((a, b) =>
    a.started_at! < b.started_at! ? -1 : 1,
  );
  expect(stored).toHaveLength(taps.length);
  stored.forEach((r, i) => {
    const [from, to] = taps[i]!;
    const at = Date.parse(r.started_at!);
    expect(at).toBeGreaterThanOrEqual(from - TAP_TOLERANCE_MS);
    expect(at).toBeLessThanOrEqual(to + TAP_TOLERANCE_MS);
    const ahead = Date.parse(r.device_started_at!) - at;
    expect(Math.abs(ahead - deviceAhead(i))).toBeLessThanOrEqual(TAP_TOLERANCE_MS);
  });
  expect(await tabletHolds(page, "rejected")).toBe(0);
}

const alternating = (n: number) =>
  Array.from({ length: n }, (_, i) => (i % 2 === 0 ? "Rất hài lòng" : "Hài lòng"));

describe("the kiosk with its clock set wrong", () => {
  for (const [name, offset] of [
    ["10 minutes fast", 10 * MIN],
    ["10 minutes slow", -10 * MIN],
  ] as const) {
    it(`drains a queue tapped offline with the tablet ${name}: every rating stored at its tap`, async () => {
      const label = `Máy thử đồng hồ ${name}`;
      // A minimum interval the taps respect: a queue collapsed onto one time would break it.
      const { pairingUrl } = await registerKiosk(admin, server, { label, minInterval: 2 });
      const { context, page } = await pairTablet(browser, pairingUrl, { clockOffsetMs: offset });
      // Past the 2 s minimum interval.
      const taps = await tapOffline(context, page, alternating(6), { gapMs: 2300 });
      await expect.poll(() => tabletHolds(page, "queue"), EVENTUALLY).toBe(6);
      await reconnect(context, page);
      await expectStoredAtTaps(page, label, taps, () => offset);
      await context.close();
    });
  }
});

describe("the kiosk whose clock is set right while it is offline", () => {
  it("stores every rating at its tap, before and after the change", async () => {
    const label = "Máy thử đồng hồ được chỉnh";
    const { pairingUrl } = await registerKiosk(admin, server, { label, minInterval: 2 });
    const { context, page } = await pairTablet(browser, pairingUrl, { clockOffsetMs: 10 * MIN });
    // After two taps staff set the tablet's time right: the offset it measured no longer holds.
    const setRight = () =>
      page.evaluate(() =>
        (globalThis as { setTabletClock?: (ms: number) => void }).setTabletClock!(0),
      );
    const taps = await tapOffline(context, page, alternating(4), {
      gapMs: 2300,
      before: (i) => (i === 2 ? setRight() : Promise.resolve()),
    });
    await reconnect(context, page);
    await expectStoredAtTaps(page, label, taps, (i) => (i < 2 ? 10 * MIN : 0));
    await context.close();
  });
});

describe("the long form on a kiosk whose clock is set wrong", () => {
  it("queues a rating offline and stores it at the form's start on the server's clock", async () => {
    const label = "Máy thử phiếu dài, đồng hồ nhanh";
    const offset = 10 * MIN;
    const { pairingUrl } = await registerKiosk(admin, server, {
      label,
      campaign: LONG_FORM_CAMPAIGN,
      unit: "Quầy số 2",
    });
    const { context, page } = await pairTablet(browser, pairingUrl, { clockOffsetMs: offset });
    const from = Date.now();
    await page.goto(`${server.baseUrl}/kiosk/form`);
    const form = page.getByTestId("kiosk-form");
    await form.locator("form.hl-form").waitFor();
    await readyOffline(page);
    await context.setOffline(true);
    await page.getByLabel("Lĩnh vực/thủ tục hành chính đã giải quyết").fill("Đăng ký kết hôn");
    const levels = form.locator(".hl-page:visible .hl-choice", { hasText: /^Hài lòng$/ });
    for (let i = 0; i < (await levels.count()); i++) await levels.nth(i).click();
    await page.getByRole("button", { name: "Tiếp theo" }).click();
    await form.getByText("Trang 2/2").waitFor();
    await page.getByRole("button", { name: "Gửi phiếu" }).click();
    await page.getByText("Xin cảm ơn Ông/Bà!").waitFor();
    const to = Date.now();
    // On the tablet only, stamped by its clock (the same queue as the one-tap screen).
    await expect.poll(() => tabletHolds(page, "queue"), EVENTUALLY).toBe(1);
    expect(await kioskResponses(server, label)).toHaveLength(0);
    await reconnect(context, page);
    await expectStoredAtTaps(page, label, [[from, to]], () => offset);
    await context.close();
  });
});

describe("a campaign that ends while the kiosk is offline", () => {
  it("stores the ratings tapped before the end in their month, and reports the one tapped after", async () => {
    const { db } = await database(server);
    const counter = await db
      .selectFrom("campaign")
      .selectAll()
      .where("title", "=", COUNTER_CAMPAIGN)
      .executeTakeFirstOrThrow();
    const province = await db
      .selectFrom("unit")
      .select("id")
      .where("code", "=", "T01")
      .executeTakeFirstOrThrow();
    const title = "Đợt thử kết thúc khi máy mất mạng";
    const campaign = await insertCampaign(db, {
      title,
      questionnaireVersionId: counter.questionnaire_version_id,
      status: "open",
      opensAt: counter.opens_at,
      closesAt: "2100-01-01T00:00:00.000Z",
      targetPct: 90,
      channels: ["kiosk"],
      minN: 1,
      scopeUnitIds: [province.id],
    });
    const label = "Máy thử đợt kết thúc";
    const { pairingUrl } = await registerKiosk(admin, server, {
      label,
      campaign: title,
      unit: "Quầy số 2",
      minInterval: 0,
    });
    const { context, page } = await pairTablet(browser, pairingUrl);
    await tapOffline(context, page, alternating(2));
    // The campaign ends now, while the tablet is offline and still shows the faces.
    const closesAt = new Date().toISOString();
    await db
      .updateTable("campaign")
      .set({ closes_at: closesAt })
      .where("id", "=", campaign.id)
      .execute();
    await page.waitForTimeout(200);
    await tapOffline(context, page, alternating(1));
    await reconnect(context, page);

    const stored = await kioskResponses(server, label);
    expect(stored).toHaveLength(2);
    for (const r of stored) {
      expect(r.started_at! < closesAt && closesAt <= r.submitted_at).toBe(true);
      expect(r.period).toBe(toPeriod(new Date(r.started_at!)));
    }
    // Counted in that month: the campaign's export for it has both.
    const month = stored[0]!.period;
    const csv = await admin.request.get(
      `${server.baseUrl}/export/${campaign.id}/csv?from=${month}&to=${month}`,
    );
    expect(csv.status()).toBe(200);
    expect((await csv.text()).trim().split("\n")).toHaveLength(3);
    // The tap after the end is kept on the tablet and reported to the server.
    expect(await tabletHolds(page, "rejected")).toBe(1);
    await expect
      .poll(
        async () =>
          (await db.selectFrom("kiosk_rejection").select("error").execute()).map((r) => r.error),
        EVENTUALLY,
      )
      .toContain("campaign_closed");
    // A reload shows the campaign's end.
    await page.reload();
    await page.getByTestId("kiosk-campaign-closed").waitFor();
    await context.close();
  });
});

describe("ratings the server refused", () => {
  it("are listed on /manage/kiosks in words; a manager accepts one and discards the other", async () => {
    const label = "Máy thử phiếu bị từ chối";
    const { pairingUrl } = await registerKiosk(admin, server, {
      label,
      unit: "Quầy số 3",
      minInterval: 0,
    });
    const { context, page } = await pairTablet(browser, pairingUrl);
    await tapOffline(context, page, alternating(2));
    // Meanwhile the counter's hours change: the taps now fall outside them.
    const vnHour = (new Date().getUTCHours() + 7) % 24;
    const away = String((vnHour + 12) % 24).padStart(2, "0");
    await setUnitHours(admin, server, "T01-TTPVHCC-Q3", `${away}:00-${away}:30`);
    await reconnect(context, page);
    expect(await kioskResponses(server, label)).toHaveLength(0);
    expect(await tabletHolds(page, "rejected")).toBe(2);

    const manager = await admin.newPage();
    const rows = manager.locator('[data-testid="kiosk-rejections"] tbody tr', { hasText: label });
    await expect
      .poll(async () => {
        await manager.goto(`${server.baseUrl}/manage/kiosks`);
        return rows.count();
      }, EVENTUALLY)
      .toBe(2);
    expect(await rows.first().innerText()).toContain("Bấm ngoài giờ làm việc của đơn vị");
    expect(await rows.first().innerText()).toMatch(/Rất hài lòng|Hài lòng/);
    const listed = manager.getByTestId("kiosk-list").locator("tr", { hasText: label });
    expect(await listed.innerText()).toContain("đúng giờ");
    await manager.screenshot({ path: "screenshots/manage-kiosks-rejected.png", fullPage: true });

    await rows.first().getByRole("button", { name: "Nhận phiếu" }).click();
    await manager.getByText("Đã nhận phiếu").waitFor();
    expect(await kioskResponses(server, label)).toHaveLength(1);
    // The list is read again after the action: the accepted rating leaves it.
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(1);
    await rows.first().getByRole("button", { name: "Bỏ phiếu" }).click();
    await manager.getByText("Đã bỏ phiếu.").waitFor();
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(0);
    expect(await kioskResponses(server, label)).toHaveLength(1);
    const { db } = await database(server);
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "in", ["accept_rejected", "discard_rejected"])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["accept_rejected", "discard_rejected"]);
    await manager.close();

    // The tablet hears both were resolved at its next heartbeat, and forgets them.
    await page.reload();
    await expect.poll(() => tabletHolds(page, "rejected"), EVENTUALLY).toBe(0);
    await setUnitHours(admin, server, "T01-TTPVHCC-Q3", "");
    await context.close();
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
