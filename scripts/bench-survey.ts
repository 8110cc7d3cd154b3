/**
 * The citizen's form on a cheap phone over a weak mobile connection, in headless Chromium
 * (Debian's package) with CDP emulation: 400 ms round trip, 400 kbit/s down and up, CPU
 * slowed ×4, cold cache, a 390×844 viewport. Median of 3 runs, each in a fresh context.
 * Printed by npm run bench as
 *   survey.quick_usable_ms             the counter quick rating (mot-cua-danh-gia-nhanh, a QR
 *                                      link): from navigation until the first answer control
 *                                      can be tapped (budget 2,000 ms)
 *   survey.quick_bytes_before_usable   bytes transferred until then (budget 60 KB)
 *   survey.long_usable_ms              the outpatient health form (byt-ngoai-tru; 3,000 ms)
 * "Can be tapped": the first answer control in the viewport, not covered by anything else
 * (elementFromPoint at its centre), checked on every animation frame from the page's start.
 */
import type { Browser } from "playwright-core";
import { launchBrowser } from "../tests/e2e/browser";
import type { RunningServer } from "../tests/e2e/server";
import { closeDatabase, linkToken } from "../tests/e2e/collect";

export const SURVEY_BUDGETS = { quickMs: 2000, longMs: 3000, quickKb: 60 } as const;

type Emit = (name: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

/** Answer controls of the light form and of the SurveyJS form, in document order. */
const CONTROLS = [
  ".hl-form .hl-choice",
  ".hl-form input:not([type=hidden]):not([type=radio]):not([type=checkbox])",
  ".hl-form select",
  ".hl-form textarea",
  ".sd-root-modern .sd-question input:not([type=hidden])",
  ".sd-root-modern .sd-rating__item",
  ".sd-root-modern .sd-item",
].join(", ");

/**
 * Runs in the page from its first byte: notes when an answer control can first be tapped.
 * A string, not a function: tsx would wrap a function's code in helpers the page lacks.
 */
const watchUsable = (selector: string) => `(() => {
  const check = () => {
    for (const el of document.querySelectorAll(${JSON.stringify(selector)})) {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || r.bottom <= 0 || r.top >= innerHeight) continue;
      const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
      const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
      const hit = document.elementFromPoint(x, y);
      if (hit && (el === hit || el.contains(hit) || hit.contains(el))) {
        window.__hlUsable = performance.now();
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

interface Run {
  usableMs: number;
  bytesBeforeUsable: number;
}

async function oneRun(browser: Browser, url: string): Promise<Run> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    serviceWorkers: "block",
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 400,
      downloadThroughput: (400 * 1000) / 8,
      uploadThroughput: (400 * 1000) / 8,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.addInitScript({ content: watchUsable(CONTROLS) });
    await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
    await page.waitForFunction(() => "__hlUsable" in window, undefined, {
      timeout: 120_000,
      polling: 200,
    });
    return await page.evaluate(() => {
      const usable = (window as unknown as { __hlUsable: number }).__hlUsable;
      const entries = [
        ...performance.getEntriesByType("navigation"),
        ...performance.getEntriesByType("resource"),
      ] as PerformanceResourceTiming[];
      const bytes = entries
        .filter((e) => e.responseEnd <= usable)
        .reduce((sum, e) => sum + e.transferSize, 0);
      return { usableMs: usable, bytesBeforeUsable: bytes };
    });
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median of `runs` cold loads of `url`. */
export async function measureSurveyPage(browser: Browser, url: string, runs = 3) {
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) all.push(await oneRun(browser, url));
  return {
    usableMs: median(all.map((r) => r.usableMs)),
    bytesBeforeUsable: median(all.map((r) => r.bytesBeforeUsable)),
    runsMs: all.map((r) => Math.round(r.usableMs)),
  };
}

export async function benchSurveyPages(server: RunningServer, emit: Emit) {
  const quickUrl = `${server.baseUrl}/s/${await linkToken(server, "mot-cua-danh-gia-nhanh")}`;
  const longUrl = `${server.baseUrl}/s/${await linkToken(server, "byt-ngoai-tru")}`;
  await closeDatabase();
  const emulation = "400 ms RTT, 400 kbit/s, CPU ×4, cold cache, 390×844; median of 3";
  const browser = await launchBrowser();
  try {
    const quick = await measureSurveyPage(browser, quickUrl);
    emit("survey.quick_usable_ms", quick.usableMs, "ms", {
      runs_ms: quick.runsMs,
      budget_ms: SURVEY_BUDGETS.quickMs,
      emulation,
    });
    emit("survey.quick_bytes_before_usable", quick.bytesBeforeUsable / 1024, "KB", {
      budget_kb: SURVEY_BUDGETS.quickKb,
    });
    const long = await measureSurveyPage(browser, longUrl);
    emit("survey.long_usable_ms", long.usableMs, "ms", {
      runs_ms: long.runsMs,
      budget_ms: SURVEY_BUDGETS.longMs,
      questionnaire: "byt-ngoai-tru",
      bytes_before_usable_kb: Math.round(long.bytesBeforeUsable / 102.4) / 10,
    });
  } finally {
    await browser.close();
  }
}
