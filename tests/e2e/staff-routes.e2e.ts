/**
 * Every staff route, opened by the province's administrator in headless Chromium: the list
 * comes from app/routes (each module that needs a signed-in user), so a new route is opened
 * too, or this test says which parameter it needs. A page fails on any console error, page
 * error (React's hydration errors #418/#423 among them), failed request or status other than
 * 200. Then what an official meets on these pages: English kept across pages, a link's note
 * shown beside its unit, a printed address never broken inside its token, a kiosk form that
 * starts empty again, and the unit viewer's dashboards on a 390 px phone.
 * Screenshots go to screenshots/staff-*.png.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openCase } from "~/services/cases.server";
import { createAppContext } from "~/services/context.server";
import { enqueue } from "~/services/jobs.server";
import { mailJob } from "~/services/mail.server";
import { createSchedule } from "~/services/report-schedules.server";
import { loadActor } from "~/services/service-error.server";
import { createWebhookAsAdmin } from "~/services/webhooks.server";
import { startE2E, stopE2E } from "./fixture";
import { registerKiosk, selectByText } from "./collect";
import { signInPage, type RunningServer } from "./server";

// A long public address, as an agency's own domain would be: where a poster must wrap it.
const PUBLIC_URL = "http://hai-long.so-noi-vu.tinh-minh-hoa.gov.vn:8080";

let server: RunningServer;
let browser: Browser;
let admin: BrowserContext;
const params: Record<string, string> = { format: "csv" };
/** Routes that need a query string too: their address as the page that links to them gives it. */
const linkedFrom: Record<string, string> = {};
/** Resource routes with nothing to serve in the demo (their own tests cover them). */
const noFileToOpen = new Set<string>();

interface StaffRoute {
  file: string;
  /** "/admin/units/:unitId" */
  pattern: string;
  /** A page (default export) or a resource (CSV, PDF, QR image). */
  page: boolean;
}

/** "reports.$campaignId_.pdf.ts" → "/reports/:campaignId/pdf" (Remix's flat-route names). */
export function routePattern(file: string): string {
  const name = file.replace(/\.[jt]sx?$/, "");
  const segments: string[] = [];
  let cur = "";
  let bracket = false;
  for (const ch of name) {
    if (ch === "[") bracket = true;
    else if (ch === "]") bracket = false;
    else if (ch === "." && !bracket) {
      segments.push(cur);
      cur = "";
    } else cur += ch;
  }
  segments.push(cur);
  return `/${segments
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/_$/, "").replace(/^\$/, ":"))
    .join("/")}`;
}

/** The route modules that need a signed-in user: the staff side. */
function staffRoutes(): StaffRoute[] {
  return readdirSync("app/routes")
    .filter((f) => /\.[jt]sx?$/.test(f))
    .map((file) => ({ file, src: readFileSync(`app/routes/${file}`, "utf8") }))
    .filter(({ src }) => /\b(requireUser|requireSessionExport|dashboardContext)\(/.test(src))
    .map(({ file, src }) => ({
      file,
      pattern: routePattern(file),
      page: /^export default /m.test(src),
    }));
}

function urlOf(route: StaffRoute): string {
  if (linkedFrom[route.file]) return linkedFrom[route.file]!;
  return route.pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (!value) throw new Error(`${route.file}: no value for :${name}; add one to params`);
    return value;
  });
}

beforeAll(async () => {
  ({ server, browser } = await startE2E({ PUBLIC_URL }));
  admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
  const page = await admin.newPage();
  await signInPage(page, server, "quantri");
  // Parameters from the demo: a campaign, a link, a unit, a person, and a batch of invitations.
  const out = server.output();
  params.campaignId = /results:\s+\S+\/results\/([0-9a-f-]{36})/.exec(out)![1]!;
  params.token = /survey link:\s+\S+\/s\/([A-Za-z0-9_-]+)/.exec(out)![1]!;
  await page.goto(`${server.baseUrl}/admin/units`);
  params.unitId = await idFromLink(page, "/admin/units/");
  const topUnitId = (await page
    .locator('a[href^="/admin/units/"]:not([href="/admin/units/import"])')
    .first()
    .getAttribute("href"))!
    .slice("/admin/units/".length)
    .split(/[/?]/)[0]!;
  await page.goto(`${server.baseUrl}/admin/people`);
  params.userId = await idFromLink(page, "/admin/people/");
  await page.goto(`${server.baseUrl}/manage/links`);
  const batch = page.locator("form", {
    has: page.locator('input[name="intent"][value="create-batch"]'),
  });
  await batch.locator('input[name="count"]').fill("3");
  await batch.getByRole("button", { name: "Tạo mã mời" }).click();
  await page.getByText("Đã tạo 3 mã mời.").waitFor();
  params.batchId = await idFromLink(page, "/qr/invitations/");
  await page.close();
  // A mail job due tomorrow, for the job's own page (the demo has none).
  const ctx = await createAppContext(server.databaseUrl);
  const mail = { to: ["a@example.gov.vn"], cc: [], subject: "Thư thử", text: "…", attachments: [] };
  params.jobId = (
    await enqueue(ctx.db, mailJob, mail, { runAt: new Date(Date.now() + 86_400_000) })
  ).id;
  // A report schedule, a follow-up case and a webhook, for their own pages (the demo has none).
  const adminId = (
    await ctx.db
      .selectFrom("app_user")
      .select("id")
      .where("login", "=", "quantri")
      .executeTakeFirstOrThrow()
  ).id;
  const actor = await loadActor(ctx, adminId);
  params.scheduleId = await createSchedule(
    ctx,
    actor,
    {
      unitId: topUnitId,
      campaignId: "",
      periodKind: "quarter",
      sendDay: 5,
      recipients: "van-thu@so-noi-vu.example.gov.vn",
      formats: ["pdf", "xlsx"],
    },
    server.baseUrl,
  );
  params.caseId = (
    await openCase(ctx, {
      source: "alert",
      alertId: "staff-routes-e2e",
      unitId: params.unitId,
      title: "Tỷ lệ hài lòng thấp hơn chỉ tiêu",
      openedBy: null,
    })
  ).id;
  params.webhookId = (
    await createWebhookAsAdmin(ctx, actor, params.unitId, {
      url: "https://motcua.example.gov.vn/hai-long/events",
      events: ["response.accepted"],
    })
  ).id;
  await ctx.close();
  // A complaint to take up, as the comments page offers it; a schedule's file, as its page does.
  const links = await admin.newPage();
  await links.goto(`${server.baseUrl}/dashboard/comments?campaign=${params.campaignId}`);
  const take = links.locator('a[href^="/manage/cases/new?response="]').first();
  linkedFrom["manage.cases.new.tsx"] = (await take.getAttribute("href"))!;
  await links.goto(`${server.baseUrl}/manage/schedules/${params.scheduleId}`);
  const file = links.locator(`a[href^="/manage/schedules/${params.scheduleId}/file?"]`);
  // The page offers the last full period's files only where the demo has responses in it; the
  // download itself is covered by schedules-authorization.test.ts either way.
  if ((await file.count()) > 0)
    linkedFrom["manage.schedules.$scheduleId_.file.ts"] = (await file
      .first()
      .getAttribute("href"))!;
  else noFileToOpen.add("manage.schedules.$scheduleId_.file.ts");
  // The import template, as the import page's form asks for it (GET, the campaign and a format).
  linkedFrom["manage.imports.template.ts"] =
    `/manage/imports/template?campaign=${params.campaignId}&template=xlsx`;
  await links.close();
}, 240_000);

afterAll(() => stopE2E({ server, browser }));

async function idFromLink(page: Page, prefix: string): Promise<string> {
  const href = await page.locator(`a[href^="${prefix}"]`).last().getAttribute("href");
  return href!.slice(prefix.length).split(/[/?]/)[0]!;
}

/** Opens a page and gathers everything that went wrong on it. */
async function visit(context: BrowserContext, path: string) {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(`${server.baseUrl}${path}`);
  await page.waitForLoadState("networkidle");
  return { page, status: response?.status() ?? 0, problems };
}

describe("every staff route, as the administrator", () => {
  it("lists the staff routes from app/routes", () => {
    const patterns = staffRoutes().map((r) => r.pattern);
    expect(patterns).toContain("/manage/campaigns/:campaignId");
    expect(patterns).toContain("/admin/people/:userId");
    expect(patterns).toContain("/admin/units.csv");
    expect(patterns).toContain("/reports/:campaignId/pdf");
    expect(patterns).toContain("/dashboard");
    expect(patterns.length).toBeGreaterThanOrEqual(30);
  });

  it("opens each page without a console error or a failed hydration, and each file", async () => {
    const problems: string[] = [];
    for (const route of staffRoutes()) {
      if (noFileToOpen.has(route.file)) continue;
      const path = urlOf(route);
      if (!route.page) {
        const r = await admin.request.get(`${server.baseUrl}${path}`, { timeout: 60_000 });
        if (r.status() !== 200) problems.push(`${path}: ${r.status()}`);
        continue;
      }
      const v = await visit(admin, path);
      if (v.status !== 200) problems.push(`${path}: status ${v.status}`);
      problems.push(...v.problems.map((p) => `${path}: ${p}`));
      const name = route.file.replace(/\.[jt]sx?$/, "").replace(/[^\w-]+/g, "_");
      await v.page.screenshot({ path: `screenshots/staff-${name}.png`, fullPage: true });
      await v.page.close();
    }
    expect(problems).toEqual([]);
    // Nor a stack trace in the server's log (a page that fails to render logs one).
    expect(server.output()).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }, 300_000);
});

describe("what an official meets on these pages", () => {
  it("keeps English across pages once chosen, action messages included", async () => {
    const context = await browser.newContext({ locale: "vi-VN" });
    const page = await context.newPage();
    await signInPage(page, server, "syt.quanly");
    await page.goto(`${server.baseUrl}/manage/links`);
    await page.getByRole("link", { name: "English" }).click();
    await page.getByRole("heading", { name: "Links, QR codes and invitation codes" }).waitFor();
    // A page reached without ?lang= is English too: the choice is in a cookie.
    await page.goto(`${server.baseUrl}/manage/kiosks`);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.goto(`${server.baseUrl}/manage/links`);
    const create = page.locator("form", {
      has: page.locator('input[name="intent"][value="create-link"]'),
    });
    await create.getByRole("button", { name: "Create a link" }).click();
    await page.getByRole("status").getByText("Link created.").waitFor();
    await page.getByRole("link", { name: "Tiếng Việt" }).click();
    await page.getByRole("heading", { name: "Đường dẫn, mã QR và mã mời" }).waitFor();
    await context.close();
  });

  it("lists a link with a note under its unit, the note as a note; its poster keeps the token whole", async () => {
    const page = await admin.newPage();
    await page.goto(`${server.baseUrl}/manage/links`);
    const create = page.locator("form", {
      has: page.locator('input[name="intent"][value="create-link"]'),
    });
    await selectByText(create, "unitId", "Quầy số 1");
    await create.locator('input[name="label"]').fill("Dán ở cửa phòng chờ");
    await create.getByRole("button", { name: "Tạo đường dẫn" }).click();
    await page.getByText("Đã tạo đường dẫn.").waitFor();
    const row = page.locator("tr", { has: page.getByText("Ghi chú: Dán ở cửa phòng chờ") });
    await expect(row.locator("td").first().innerText()).resolves.toMatch(/^Quầy số 1\n/);
    await page.screenshot({ path: "screenshots/staff-links-note.png", fullPage: true });
    await row.getByRole("link", { name: "A5" }).click();
    await page.getByTestId("poster").waitFor();
    const url = page.getByTestId("poster").getByTestId("url-text");
    const token = url.locator(".nowrap").last();
    // The address wraps (it is longer than an A5 line) but never inside the token.
    await expect(url.evaluate((e) => e.getClientRects().length)).resolves.toBeGreaterThan(1);
    await expect(token.evaluate((e) => e.getClientRects().length)).resolves.toBe(1);
    await expect(url.innerText()).resolves.toContain(PUBLIC_URL.replace("http://", ""));
    await page.screenshot({ path: "screenshots/staff-poster-a5.png" });
    await page.close();
  });

  it("empties the kiosk form after registering; the opening hours show no example as a value", async () => {
    const { code } = await registerKiosk(admin, server, { label: "Máy thử biểu mẫu" });
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const page = await admin.newPage();
    await page.goto(`${server.baseUrl}/manage/kiosks`);
    const form = page.locator("form", {
      has: page.locator('input[name="intent"][value="register"]'),
    });
    await form.locator('input[name="label"]').fill("Máy thử thứ hai");
    await form.getByRole("button", { name: "Đăng ký máy khảo sát" }).click();
    await page.getByTestId("pairing-code").waitFor();
    await expect(form.locator('input[name="label"]').inputValue()).resolves.toBe("");
    await expect(page.locator("th", { hasText: "ví dụ" }).count()).resolves.toBe(0);
    expect(await page.locator('input[name^="day"][placeholder]').count()).toBe(0);
    // Units are told apart by their path.
    const options = await form.locator('select[name="unitId"] option').allInnerTexts();
    expect(options.filter((o) => o.endsWith("› Quầy số 1")).length).toBeGreaterThan(0);
    await page.screenshot({ path: "screenshots/staff-kiosks.png", fullPage: true });
    await page.close();

    // On the tablet, a mistyped code stays in the box to be corrected, not typed again.
    const tablet = await browser.newContext({ locale: "vi-VN", hasTouch: true });
    const pair = await tablet.newPage();
    await pair.goto(`${server.baseUrl}/kiosk/pair`);
    const box = pair.getByLabel("Mã ghép nối");
    const typo = `${code.slice(0, 8)}${code[8] === "A" ? "B" : "A"}`;
    await box.fill(typo);
    await pair.getByRole("button", { name: "Ghép nối" }).click();
    await pair.getByRole("alert").getByText("Mã ghép nối không đúng.").waitFor();
    await expect(pair.getByLabel("Mã ghép nối").inputValue()).resolves.toBe(typo);
    await pair.getByLabel("Mã ghép nối").fill(code);
    await pair.getByRole("button", { name: "Ghép nối" }).click();
    await pair.waitForURL(/\/kiosk$/);
    await tablet.close();
  });

  it("fits the unit viewer's dashboards on a 390 px phone", async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "vi-VN",
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    await signInPage(page, server, "bvdk.giamdoc");
    const views = staffRoutes().filter((r) => r.pattern.startsWith("/dashboard"));
    expect(views.length).toBeGreaterThanOrEqual(8);
    const wide: string[] = [];
    for (const view of views) {
      await page.goto(`${server.baseUrl}${urlOf(view)}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${view.pattern}: ${width} px`);
    }
    expect(wide).toEqual([]);
    await page.goto(`${server.baseUrl}/dashboard`);
    await page.screenshot({ path: "screenshots/staff-dashboard-phone.png", fullPage: true });
    await phone.close();
  });
});
