/**
 * JavaScript weight of the pages citizens load, measured in headless Chromium (Debian's
 * package): every script the page fetched, gzip-compressed here (level 6, what the server's
 * compression sends), summed. Printed by npm run bench as
 *   js.kiosk_gzip_kb           /kiosk, a paired tablet's one-tap screen (budget 120 KB)
 *   js.kiosk_form_gzip_kb      /kiosk/form, the long form on a tablet (the kiosk's 120 KB)
 *   js.survey_gzip_kb          /s/:token: the light form's script (budget 30 KB)
 *   js.survey_fallback_gzip_kb the SurveyJS form's script, loaded only for a questionnaire the
 *                              light form cannot draw (budget 440 KB; read from the build)
 */
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { launchBrowser } from "../tests/e2e/browser";
import type { RunningServer } from "../tests/e2e/server";
import { createAppContext } from "~/services/context.server";
import { KIOSK_COOKIE, pairDevice, registerKiosk } from "~/services/kiosks.server";

export const JS_BUDGETS_KB = { kiosk: 120, survey: 30, surveyFallback: 440 } as const;

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

/** A kiosk for a demo campaign (the counter's by default), registered and paired in the server's database. */
async function deviceToken(
  server: RunningServer,
  slug = "mot-cua-danh-gia-nhanh",
): Promise<string> {
  const ctx = await createAppContext(server.databaseUrl);
  try {
    const campaign = await ctx.db
      .selectFrom("campaign as c")
      .innerJoin("questionnaire_version as q", "q.id", "c.questionnaire_version_id")
      .select("c.id")
      .where("q.slug", "=", slug)
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

    // The long form (Mẫu 02) on a tablet of its own.
    const formTablet = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      serviceWorkers: "block",
    });
    await formTablet.addCookies([
      {
        name: KIOSK_COOKIE,
        value: await deviceToken(server, "mau-02-phong-chuyen-mon"),
        url: server.baseUrl,
      },
    ]);
    const longForm = await formTablet.newPage();
    const longFormJs = scriptWeights(longForm);
    await longForm.goto(`${server.baseUrl}/kiosk/form`, { waitUntil: "networkidle" });
    await longForm.locator("form.hl-form").waitFor();
    await longForm.waitForLoadState("networkidle");
    const f = await longFormJs();
    emit("js.kiosk_form_gzip_kb", f.kb, "KB", { files: f.files, budget_kb: JS_BUDGETS_KB.kiosk });
    await formTablet.close();

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      serviceWorkers: "block",
    });
    const page = await phone.newPage();
    const surveyJs = scriptWeights(page);
    await page.goto(survey, { waitUntil: "networkidle" });
    await page.locator("form.hl-form").waitFor();
    await page.waitForLoadState("networkidle");
    const s = await surveyJs();
    emit("js.survey_gzip_kb", s.kb, "KB", { files: s.files, budget_kb: JS_BUDGETS_KB.survey });
    await phone.close();
    emit("js.survey_fallback_gzip_kb", fallbackKb(), "KB", {
      budget_kb: JS_BUDGETS_KB.surveyFallback,
      loaded: "only for a questionnaire the light form cannot draw",
    });
  } finally {
    await browser.close();
  }
}

/** The SurveyJS form's one script (survey-island.entry-*.js), from the build. */
function fallbackKb(): number {
  const dir = "build/client/assets";
  const file = readdirSync(dir).find((f) => /^survey-island\.entry-[\w-]+\.js$/.test(f));
  if (!file) throw new Error("no survey-island.entry script in the build");
  return gzipSync(readFileSync(`${dir}/${file}`), { level: 6 }).length / 1024;
}
