/**
 * Dashboards in headless Chromium on the demo data: every view renders its tables on the
 * server and draws its charts (canvas) with the one chart script; the figures on screen equal
 * computeResults on counts recomputed from the raw responses; comments are shown as text;
 * a unit viewer sees only their unit. Screenshots go to screenshots/dashboard-*.png.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeResults } from "~/domain/scoring";
import { toPeriod } from "~/domain/period";
import { createAppContext, loadVersion } from "~/services/context.server";
import { toRollupItems } from "~/services/rollup-maintenance.server";
import { toCountTable } from "~/services/results.server";
import { formatNumber, formatPercent } from "~/utils/i18n";
import { startE2E, stopE2E } from "./fixture";
import { signInPage, type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;
const contexts = new Map<string, Promise<BrowserContext>>();

beforeAll(async () => ({ server, browser } = await startE2E()));

afterAll(() => stopE2E({ server, browser }));

function signedIn(login: string): Promise<BrowserContext> {
  let c = contexts.get(login);
  if (!c) {
    c = (async () => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: "vi-VN",
      });
      const page = await context.newPage();
      await signInPage(page, server, login);
      await page.close();
      return context;
    })();
    contexts.set(login, c);
  }
  return c;
}

/** Opens a page, collecting page errors and the scripts it loaded. */
async function open(login: string, path: string) {
  const page = await (await signedIn(login)).newPage();
  const errors: string[] = [];
  const scripts: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(r.url());
  });
  const res = await page.goto(`${server.baseUrl}${path}`, { waitUntil: "networkidle" });
  return { page, status: res?.status() ?? 0, errors, scripts };
}

/** The first demo campaign (mẫu 02) and what its raw responses give through computeResults. */
async function expected() {
  const campaignId = /results\/(\S+)/.exec(server.output())![1]!;
  const ctx = await createAppContext(server.databaseUrl);
  try {
    const campaign = await ctx.db
      .selectFrom("campaign")
      .selectAll()
      .where("id", "=", campaignId)
      .executeTakeFirstOrThrow();
    const rows = await ctx.db
      .selectFrom("response")
      .selectAll()
      .where("campaign_id", "=", campaignId)
      .where("flag_reason", "is", null)
      .execute();
    const version = (await loadVersion(ctx, campaign.questionnaire_version_id))!;
    const items = await toRollupItems(ctx, rows);
    const tally = new Map<string, { question: string; value: string; count: number }>();
    for (const it of items)
      for (const [question, value] of it.rollup) {
        const k = `${question}\u0000${value}`;
        const t = tally.get(k);
        if (t) t.count += 1;
        else tally.set(k, { question, value, count: 1 });
      }
    const { counts, responses } = toCountTable([...tally.values()]);
    const result = computeResults(version.definition, counts, responses, { minN: campaign.min_n });
    return { campaign, result };
  } finally {
    await ctx.close();
  }
}

const to = toPeriod(new Date());

describe("dashboards", () => {
  it("shows the overview with the scoring module's figures, charts and tables", async () => {
    const { campaign, result } = await expected();
    const path = `/dashboard?campaign=${campaign.id}&version=${campaign.questionnaire_version_id}&from=2000-01&to=${to}`;
    const { page, status, errors, scripts } = await open("phantich", path);
    expect(status).toBe(200);
    await page.locator("canvas[data-drawn]").nth(1).waitFor();
    expect(await page.locator("canvas[data-drawn]").count()).toBeGreaterThanOrEqual(2);
    // Tables are server-rendered; the page runs one script: the chart drawer, not React.
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(/\/assets\/draw-[\w-]+\.js$/);

    expect(result.responses).toBeGreaterThan(0);
    expect(await page.getByTestId("responses").innerText()).toBe(formatNumber(result.responses));
    // The forms behind the rate are said with it, in the overall figures' table.
    const rateRow = page.getByTestId("overall-figures").locator('tr[data-figure="rate"] td');
    expect(await rateRow.last().innerText()).toContain(`${formatNumber(result.overall.n)} phiếu`);
    expect(await page.getByTestId("overall-rate").innerText()).toBe(
      formatPercent(result.overall.rate!),
    );
    for (const item of result.items) {
      const row = page.getByTestId("items-table").locator(`tr[data-code="${item.code}"]`);
      const cells = await row.locator("td").allInnerTexts();
      // Columns: code, text, forms, satisfied / valid answers, rate above its interval, …
      expect(cells[2]).toBe(formatNumber(item.n));
      if (item.sufficient) expect(cells[4]!.split("\n")[0]).toBe(formatPercent(item.rate!));
    }
    for (const el of result.elements) {
      const cells = await page
        .getByTestId("elements-table")
        .locator(`tr[data-code="${el.code}"] td`)
        .allInnerTexts();
      if (el.sufficient) expect(cells[4]!.split("\n")[0]).toBe(formatPercent(el.rate!));
    }
    // The target, its source and how far it is verified are next to the rate.
    await expect(page.getByTestId("target").innerText()).resolves.toMatch(/tối thiểu 90 %/);
    await page.screenshot({ path: "screenshots/dashboard-overview.png", fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    ["units", "ranking", true],
    ["trend", "trend", true],
    ["trend?g=quarter", "trend", true],
    ["distribution", "levels", true],
    ["hours", "hours", true],
    ["compare", "compare", true],
    ["comments", "comments", false],
    ["targets", "targets-table", false],
  ])("renders /dashboard/%s with its table and chart", async (view, table, chart) => {
    const { page, status, errors } = await open("phantich", `/dashboard/${view}`);
    expect(status).toBe(200);
    await expect(page.getByTestId(table).count()).resolves.toBe(1);
    if (chart) {
      await page.locator("canvas[data-drawn]").first().waitFor();
      expect(await page.locator("canvas[data-drawn]").count()).toBeGreaterThanOrEqual(1);
    }
    await page.screenshot({
      path: `screenshots/dashboard-${view.replace(/[^a-z]+/g, "-")}.png`,
      fullPage: true,
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("is reached from the menu of a hydrated page with a full page load", async () => {
    const { page, errors } = await open("phantich", "/");
    await page.getByRole("link", { name: "Bảng điều khiển" }).click();
    await page.waitForURL(`${server.baseUrl}/dashboard`);
    await page.locator("canvas[data-drawn]").first().waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("marks the unverified targets as such", async () => {
    const { page } = await open("phantich", "/dashboard/targets");
    await expect(page.getByTestId("unverified-note").innerText()).resolves.toMatch(
      /chưa được kiểm chứng/,
    );
    expect(await page.locator('[data-verification="unverified"]').count()).toBeGreaterThan(0);
    await page.close();
  });

  it("shows comments as text, never as markup", async () => {
    const token = /survey link:\s+\S+\/s\/(\S+)/.exec(server.output())![1]!;
    const { campaign } = await expected();
    const ctx = await createAppContext(server.databaseUrl);
    const version = (await loadVersion(ctx, campaign.questionnaire_version_id))!;
    await ctx.close();
    const answers: Record<string, unknown> = {
      y_kien_khac: '<img src=x onerror="document.title=1"> Cần thêm chỗ đậu xe máy',
    };
    for (const item of version.definition.scoring.items) answers[item.question] = 5;
    answers.linh_vuc = "Hộ tịch";
    answers.gioi_tinh = 2;
    const res = await fetch(`${server.baseUrl}/api/v1/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: crypto.randomUUID(), token, answers }),
    });
    expect(res.status).toBe(201);
    const { page } = await open(
      "phantich",
      `/dashboard/comments?campaign=${campaign.id}&q=dau%20xe%20may`,
    );
    const table = page.getByTestId("comments");
    await expect(table.innerText()).resolves.toContain('<img src=x onerror="document.title=1">');
    expect(await table.locator("img").count()).toBe(0);
    // One comment matches; its words are marked though typed without diacritics.
    expect(await table.locator("tbody tr").count()).toBe(1);
    expect(await table.locator("mark").allInnerTexts()).toEqual(["đậu", "xe", "máy"]);
    await page.screenshot({ path: "screenshots/dashboard-comments-search.png", fullPage: true });
    await page.close();
  });

  it("shows a unit viewer their unit only", async () => {
    const { page } = await open("bvdk.giamdoc", "/dashboard");
    await expect(page.getByTestId("dash-unit").innerText()).resolves.toBe("Bệnh viện Đa khoa tỉnh");
    const province = await page.locator("select[name=unit] option").allInnerTexts();
    expect(province).not.toContain("Tỉnh Minh Hoạ");
    await page.close();
    const analyst = await open("phantich", "/dashboard");
    const provinceId = await analyst.page.locator("select[name=unit]").inputValue();
    await analyst.page.close();
    const denied = await open("bvdk.giamdoc", `/dashboard?unit=${provinceId}`);
    expect(denied.status).toBe(404);
    await denied.page.close();
  });
});
