/**
 * The report as a PDF, printed by the Chromium the end-to-end tests use (CHROMIUM_PATH,
 * Debian's /usr/bin/chromium, else the one bundled in @sparticuz/chromium: chromium.server.ts)
 * through playwright-core. The page is the report's own markup and stylesheet, self-contained
 * (fonts inlined, no network), loaded with setContent: nothing is fetched, no session is
 * needed. Without Chromium: a ServiceError PDF_UNAVAILABLE (503), which the route answers with
 * its message.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { ReportDocument } from "~/components/report-document";
import { CHROMIUM_ARGS, findChromium } from "./chromium.server";
import { isServiceError, ServiceError } from "./service-error.server";
import { REPORT_CSS } from "~/components/report-styles";
import type { Locale, MessageKey } from "~/utils/i18n";
import type { ReportData } from "~/domain/report-view";

export const PDF_UNAVAILABLE = "exports.pdfUnavailableBecause" satisfies MessageKey;

/** No Chromium that can print: 503 (one may be installed), with the reason for the logs. */
const unavailable = (reason: string) => new ServiceError(503, PDF_UNAVAILABLE, { reason });

const face = (family: string, weight: number, url: string) =>
  `@font-face{font-family:"${family}";font-weight:${weight};font-style:normal;src:url(${url}) format("woff2");}`;

/**
 * The fonts as data: URLs, read from the package at first use (not imported with Vite's
 * `?inline`, so that `npm run jobs`, run by tsx, prints scheduled reports too).
 */
let fontFaces: string | undefined;
function fonts(): string {
  if (fontFaces) return fontFaces;
  const require = createRequire(import.meta.url);
  const url = (subset: string, weight: number) =>
    `data:font/woff2;base64,${readFileSync(
      require.resolve(
        `@fontsource/be-vietnam-pro/files/be-vietnam-pro-${subset}-${weight}-normal.woff2`,
      ),
    ).toString("base64")}`;
  fontFaces = [
    face("HL Latin", 400, url("latin", 400)),
    face("HL Latin", 700, url("latin", 700)),
    face("HL Viet", 400, url("vietnamese", 400)),
    face("HL Viet", 700, url("vietnamese", 700)),
  ].join("\n");
  return fontFaces;
}

/** The whole report page as one HTML document. */
export function renderReportHtml(d: ReportData, locale: Locale): string {
  const body = renderToStaticMarkup(createElement(ReportDocument, { d, locale }));
  // Serif fonts of the machine first (administrative documents are set in Times); the
  // inlined Be Vietnam Pro guarantees Vietnamese glyphs where none is installed.
  const extra = `.report{font-family:"Times New Roman","Tinos","Liberation Serif","DejaVu Serif","HL Latin","HL Viet",serif;max-width:none}`;
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(
    `Báo cáo ${d.campaign.title} ${d.period.label}`,
  )}</title><style>${fonts()}\n${REPORT_CSS}\n${extra}</style></head><body>${body}</body></html>`;
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// One Chromium at a time: a PDF takes about a second and ~150 MB; the rest wait in turn.
let queue: Promise<unknown> = Promise.resolve();

export async function renderReportPdf(d: ReportData, locale: Locale): Promise<Buffer> {
  const found = await findChromium();
  if (!("path" in found)) throw unavailable(found.reason);
  const executablePath = found.path;
  let chromium: typeof import("playwright-core").chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    throw unavailable("playwright-core is not installed");
  }
  const html = renderReportHtml(d, locale);
  const run = async () => {
    const browser = await chromium.launch({
      executablePath,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage();
      // Nothing outside the document may load (offline, and no leak of the report's data).
      await page.route("**/*", (route) =>
        route.request().url().startsWith("data:") ? route.continue() : route.abort(),
      );
      await page.setContent(html, { waitUntil: "load" });
      const pdf = await page.pdf({
        format: "A4",
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: "<div></div>",
        footerTemplate:
          '<div style="font-size:9px;width:100%;text-align:center;color:#444"><span class="pageNumber"></span>/<span class="totalPages"></span></div>',
      });
      return Buffer.from(pdf);
    } finally {
      await browser.close();
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  try {
    return await result;
  } catch (e) {
    if (isServiceError(e, PDF_UNAVAILABLE)) throw e;
    // A Chromium that is there but cannot start (missing libraries, no /dev/shm…).
    console.error("PDF rendering failed:", (e as Error).message);
    throw unavailable((e as Error).message);
  }
}
