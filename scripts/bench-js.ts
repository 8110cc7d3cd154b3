/**
 * JavaScript weight of the pages citizens load, measured in headless Chromium (Debian's
 * package): every script the page fetched, gzip-compressed here (level 6, what the server's
 * compression sends), summed. Printed by npm run bench as
 *   js.kiosk_gzip_kb   /kiosk, a paired tablet's one-tap screen (budget 120 KB)
 *   js.survey_gzip_kb  /s/:token with the SurveyJS form drawn (budget 440 KB)
 */
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { launchBrowser } from "../tests/e2e/browser";
import type { RunningServer } from "../tests/e2e/server";
import { createAppContext } from "~/services/context.server";
import { KIOSK_COOKIE, pairDevice, registerKiosk } from "~/services/kiosks.server";

export const JS_BUDGETS_KB = { kiosk: 120, survey: 440 } as const;

type Emit = (name: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

/** Records every script response of `page`; call before navigating. */
function scriptWeights(page: Page) {
  const seen = new Map<string, Promise<number>>();
  page.on("response", (res) => {
    if (res.request().resourceType() !== "script" || seen.has(res.url())) return;
    seen.set(
      res.url(),
      res.body().then(
        (b) => gzipSync(b, { level: 6 }).length,
        () => 0,
      ),
    );
  });
  return async () => {
    const sizes = await Promise.all(seen.values());
    return { kb: sizes.reduce((a, b) => a + b, 0) / 1024, files: sizes.length };
  };
}

/** A kiosk for the demo's counter campaign, registered and paired in the server's database. */
async function deviceToken(server: RunningServer): Promise<string> {
  const ctx = await createAppContext(server.databaseUrl);
  try {
    const campaign = await ctx.db
      .selectFrom("campaign as c")
      .innerJoin("questionnaire_version as q", "q.id", "c.questionnaire_version_id")
      .select("c.id")
      .where("q.slug", "=", "mot-cua-danh-gia-nhanh")
      .executeTakeFirstOrThrow();
    const unit = await ctx.db
      .selectFrom("unit")
      .select("id")
      .where("code", "=", "T01-TTPVHCC-Q1")
      .executeTakeFirstOrThrow();
    const { code } = await registerKiosk(
      ctx,
      { campaignId: campaign.id, unitId: unit.id, label: "Máy đo dung lượng (bench)" },
      null,
    );
    const paired = await pairDevice(ctx, code);
    if (!paired.ok) throw new Error(`pairing failed: ${paired.reason}`);
    return paired.deviceToken;
  } finally {
    await ctx.close();
  }
}

export async function benchJsWeight(server: RunningServer, emit: Emit) {
  const survey = /survey link:\s+(\S+)/.exec(server.output())?.[1];
  if (!survey) throw new Error("no demo survey link printed");
  const browser = await launchBrowser();
  try {
    // No service worker: every script comes from the network, as on a tablet's first visit.
    const tablet = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      serviceWorkers: "block",
    });
    await tablet.addCookies([
      { name: KIOSK_COOKIE, value: await deviceToken(server), url: server.baseUrl },
    ]);
    const kiosk = await tablet.newPage();
    const kioskJs = scriptWeights(kiosk);
    await kiosk.goto(`${server.baseUrl}/kiosk`, { waitUntil: "networkidle" });
    await kiosk.getByRole("button", { name: "Rất hài lòng", exact: true }).waitFor();
    const k = await kioskJs();
    emit("js.kiosk_gzip_kb", k.kb, "KB", { files: k.files, budget_kb: JS_BUDGETS_KB.kiosk });
    await tablet.close();

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      serviceWorkers: "block",
    });
    const page = await phone.newPage();
    const surveyJs = scriptWeights(page);
    await page.goto(survey, { waitUntil: "networkidle" });
    await page.locator(".sd-root-modern").waitFor();
    await page.waitForLoadState("networkidle");
    const s = await surveyJs();
    emit("js.survey_gzip_kb", s.kb, "KB", { files: s.files, budget_kb: JS_BUDGETS_KB.survey });
    await phone.close();
  } finally {
    await browser.close();
  }
}
