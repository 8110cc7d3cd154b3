/**
 * Security that needs no sign-in to test: headers on every response (a Content-Security-
 * Policy with a per-response nonce that the app's pages and SurveyJS survive in Chromium,
 * frame-ancestors 'none', Referrer-Policy same-origin on survey pages, HSTS only over
 * HTTPS as a trusted proxy reports it), access tokens that cannot be enumerated, and no
 * secret compared with === in server code.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newToken } from "#db/ids";
import { launchBrowser } from "../e2e/browser";
import type { RunningServer } from "../e2e/server";
import {
  demoCampaigns,
  openDatabase,
  rawRequest,
  signInDemo,
  startApp,
  tempDir,
  type DemoCampaign,
} from "./harness";

let server: RunningServer;
let browser: Browser;
let campaign: DemoCampaign;
let cookie = "";
const tmp = tempDir();

beforeAll(async () => {
  // Behind a reverse proxy: X-Forwarded-Proto is believed, so HSTS can be checked.
  server = await startApp({ DATABASE_URL: `${tmp.dir}/sec.db`, TRUST_PROXY: "1" });
  campaign = demoCampaigns(server.output())[0]!;
  cookie = await signInDemo(server);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  tmp.remove();
});

function csp(res: { headers: Record<string, string | string[] | undefined> }) {
  const h = res.headers["content-security-policy"];
  expect(typeof h).toBe("string");
  return Object.fromEntries(
    String(h)
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

/** How many responses the server has stored. */
function storedCount(): number {
  const db = openDatabase(server.databaseUrl);
  try {
    return (db.prepare("select count(*) as n from response").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Every shown question answered (its first option, or a text), page by page to the end. */
async function answerToTheEnd(page: Page) {
  for (let step = 0; step < 15; step++) {
    const texts = page.locator('.hl-page:visible .hl-q:visible input[type="text"]');
    for (let i = 0; i < (await texts.count()); i++) await texts.nth(i).fill("Đăng ký khai sinh");
    const questions = page.locator(".hl-page:visible .hl-q:visible");
    for (let i = 0; i < (await questions.count()); i++) {
      const options = questions.nth(i).locator(".hl-choice");
      if (await options.count()) await options.first().click();
    }
    const primary = page.locator('.hl-nav button[name="_nav"]:not([value="prev"])');
    const last = (await primary.getAttribute("value")) !== "next";
    await primary.click();
    if (last) return;
  }
}

describe("headers on every response", () => {
  const requests = (): Array<[string, Parameters<typeof rawRequest>[1]]> => {
    const form = { path: `/s/${campaign.token}` };
    const post = (body: string) => ({
      method: "POST",
      path: "/api/v1/responses",
      headers: { "Content-Type": "application/json" },
      body,
    });
    return [
      ["home page", { path: "/" }],
      ["catalog", { path: "/questionnaires" }],
      ["survey page", form],
      ["survey page, single-fetch data", { path: `/s/${campaign.token}.data` }],
      ["unknown survey link (404)", { path: "/s/AAAAAAAAAAAAAAAA" }],
      ["results without sign-in (redirect)", { path: campaign.resultsPath }],
      ["results signed in", { path: campaign.resultsPath, headers: { Cookie: cookie } }],
      ["sign-in page", { path: "/login" }],
      ["health check", { path: "/healthz" }],
      ["form API", { path: `/api/v1/forms/${campaign.token}` }],
      ["ingestion API, 400", post("{")],
      ["ingestion API, 405", { path: "/api/v1/responses" }],
      ["static file", { path: "/favicon.svg" }],
      ["unknown page (404)", { path: "/khong-co-trang-nay" }],
    ];
  };

  it("sends the policy, nosniff, DENY and the right Referrer-Policy, and no HSTS over HTTP", async () => {
    const nonces = new Set<string>();
    for (const [name, req] of requests()) {
      const res = await rawRequest(server.baseUrl, req);
      expect(res.status, name).not.toBe("error");
      expect(Number(res.status), name).toBeLessThan(500);
      const policy = csp(res);
      expect(policy["default-src"], name).toEqual(["'self'"]);
      expect(policy["frame-ancestors"], name).toEqual(["'none'"]);
      expect(policy["object-src"], name).toEqual(["'none'"]);
      expect(policy["base-uri"], name).toEqual(["'none'"]);
      expect(policy["form-action"], name).toEqual(["'self'"]);
      // Scripts: this site and this response's nonce; never 'unsafe-inline' or 'unsafe-eval'.
      const scripts = policy["script-src"] as string[];
      expect(scripts[0], name).toBe("'self'");
      expect(scripts[1], name).toMatch(/^'nonce-[A-Za-z0-9+/]{22}==' *$/);
      expect(scripts, name).toHaveLength(2);
      nonces.add(scripts[1]!);
      expect(res.headers["x-content-type-options"], name).toBe("nosniff");
      expect(res.headers["x-frame-options"], name).toBe("DENY");
      expect(res.headers["referrer-policy"], name).toBe(
        req.path.startsWith("/s/") ? "same-origin" : "strict-origin-when-cross-origin",
      );
      expect(res.headers["strict-transport-security"], name).toBeUndefined();
      expect(res.headers["x-powered-by"], name).toBeUndefined();
    }
    // A fresh nonce for every response.
    expect(nonces.size).toBe(requests().length);
  });

  it("gives every inline script of a page the response's nonce", async () => {
    for (const path of ["/", `/s/${campaign.token}`, "/questionnaires"]) {
      const res = await rawRequest(server.baseUrl, { path });
      const nonce = /'nonce-([^']+)'/.exec(String(res.headers["content-security-policy"]))![1]!;
      const inline = [...res.body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
      expect(inline.length, path).toBeGreaterThan(0);
      for (const m of inline) expect(m[1], path).toContain(`nonce="${nonce}"`);
    }
  });

  it("keeps survey pages out of shared caches", async () => {
    const res = await rawRequest(server.baseUrl, { path: `/s/${campaign.token}` });
    expect(res.headers["cache-control"]).toBe("private, no-store");
  });

  it("sends HSTS only when a trusted proxy says the request came over HTTPS", async () => {
    const https = await rawRequest(server.baseUrl, {
      path: "/",
      headers: { "X-Forwarded-Proto": "https" },
    });
    expect(https.headers["strict-transport-security"]).toBe("max-age=31536000");
    const http = await rawRequest(server.baseUrl, {
      path: "/",
      headers: { "X-Forwarded-Proto": "http" },
    });
    expect(http.headers["strict-transport-security"]).toBeUndefined();
  });
});

// ------------------------------------------------------------------ Chromium

async function watch(page: Page) {
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  const violations = async () => [
    ...problems,
    ...((await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp)) ?? []),
  ];
  return violations;
}

/** Remix's client router exists only when the page's module scripts ran (hydration). */
const hydrated = (page: Page) =>
  page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 });

describe("pages in Chromium under the policy", () => {
  it("render and hydrate with no CSP violation: public pages, results, dashboards", async () => {
    const context = await browser.newContext();
    const [name, value] = cookie.split("=");
    if (name && value)
      await context.addCookies([{ name, value, url: server.baseUrl, httpOnly: true }]);
    const slug = /href="\/questionnaires\/([a-z0-9-]+)"/.exec(
      (await rawRequest(server.baseUrl, { path: "/questionnaires" })).body,
    )?.[1];
    expect(slug).toBeDefined();
    const paths = [
      "/",
      "/questionnaires",
      `/questionnaires/${slug}`,
      campaign.resultsPath,
      "/login",
      // Served without the React runtime (handle.hydrate = false): charts by their own script.
      "/dashboard",
      "/public",
    ];
    for (const path of paths) {
      const page = await context.newPage();
      const violations = await watch(page);
      const res = await page.goto(`${server.baseUrl}${path}`);
      expect(res?.status(), path).toBe(200);
      await page.waitForLoadState("networkidle");
      // A page that ships Remix's runtime must have run it: a blocked script would stop it.
      if (await page.evaluate(() => "__remixContext" in window)) await hydrated(page);
      expect(await violations(), path).toEqual([]);
      await page.close();
    }
    await context.close();
  });

  it("lets a citizen answer and submit the form with no CSP violation", async () => {
    const before = storedCount();
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const violations = await watch(page);
    await page.goto(`${server.baseUrl}/s/${campaign.token}`);
    // No Remix runtime here: the server draws the form, the page's own script (from this
    // site, with the response's nonce) runs its conditions, pages and submission.
    await page.locator("form.hl-form").waitFor({ timeout: 20_000 });
    await page.waitForLoadState("networkidle");
    await answerToTheEnd(page);
    // The answer reached the API (connect-src 'self') and was stored; the thanks are shown.
    await expect.poll(storedCount, { timeout: 30_000 }).toBe(before + 1);
    await page.getByRole("heading", { name: /Xin cảm ơn/ }).waitFor({ timeout: 15_000 });
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it("takes the form posted without JavaScript: the browser names this site as its Origin", async () => {
    const before = storedCount();
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    // Under Referrer-Policy: no-referrer the browser would post "Origin: null", which the
    // server refuses (403) as a request from another site.
    const origins: Array<string | undefined> = [];
    page.on("request", (r) => {
      if (r.method() === "POST") origins.push(r.headers().origin);
    });
    const res = await page.goto(`${server.baseUrl}/s/${campaign.token}`);
    expect(res!.headers()["referrer-policy"]).toBe("same-origin");
    await answerToTheEnd(page);
    await page.getByRole("heading", { name: /Xin cảm ơn/ }).waitFor({ timeout: 15_000 });
    expect(storedCount()).toBe(before + 1);
    expect(origins.length).toBeGreaterThan(0);
    expect(new Set(origins)).toEqual(new Set([new URL(server.baseUrl).origin]));
    await context.close();
  });

  it("cannot be framed by another site (frame-ancestors 'none')", async () => {
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on("console", (m) => messages.push(m.text()));
    await page.setContent(`<iframe id="f" src="${server.baseUrl}/"></iframe>`);
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f.url().startsWith(server.baseUrl));
    const framedText = frame
      ? await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "")
      : "";
    expect(framedText).not.toContain("Hài Lòng");
    expect(messages.join("\n")).toMatch(/frame-ancestors 'none'/);
    await page.close();
  });
});

// ------------------------------------------------------------------ tokens and secrets

describe("secrets", () => {
  it("makes access tokens of 96 random bits, never guessable from one another", () => {
    const tokens = Array.from({ length: 20_000 }, () => newToken());
    for (const t of tokens.slice(0, 100)) expect(t).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    // 16 base64url characters = 96 bits, from the operating system's random source.
    expect(readFileSync("db/ids.ts", "utf8")).toMatch(/randomBytes\(12\)\.toString\("base64url"\)/);
    // Every character position varies (no counter or timestamp inside).
    for (let pos = 0; pos < 16; pos++)
      expect(new Set(tokens.map((t) => t[pos])).size).toBeGreaterThan(50);
  });

  it("stores only such tokens for the demo's links", () => {
    const db = openDatabase(server.databaseUrl);
    try {
      const rows = db.prepare("select token from access_link").all() as Array<{ token: string }>;
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.token).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    } finally {
      db.close();
    }
  });

  it("compares no secret with === or !== in server code (timingSafeEqual or a hash lookup instead)", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.server\.tsx?$/.test(f) || (dir.startsWith("db") && /\.ts$/.test(f)))
          files.push(p);
      }
    };
    walk("app");
    walk("db");
    const secret =
      /\w*(password|secret|apikey|api_key|sessiontoken|devicetoken|tokenhash|token_hash)\w*/i;
    const offenders: string[] = [];
    for (const f of files) {
      readFileSync(f, "utf8")
        .split("\n")
        .forEach((line, i) => {
          for (const m of line.matchAll(/([\w.[\]"']+)\s*[!=]==?\s*([\w.[\]"']+)/g)) {
            const [a, b] = [m[1]!, m[2]!];
            const literal = (s: string) => /^(null|undefined|true|false|\d+|["'].*["'])$/.test(s);
            if ((secret.test(a) || secret.test(b)) && !literal(a) && !literal(b))
              offenders.push(`${f}:${i + 1}: ${line.trim()}`);
          }
        });
    }
    expect(offenders).toEqual([]);
    expect(readFileSync("app/services/auth.server.ts", "utf8")).toContain("timingSafeEqual(");
  });
});
