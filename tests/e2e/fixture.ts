/**
 * The fixture of the end-to-end files: the built server on a fresh database with the demo data
 * (startServer), and one headless Chromium. A file starts both before its tests and stops both
 * after them, with the database handle collect.ts may have opened:
 *
 *   beforeAll(async () => ({ server, browser } = await startE2E()));
 *   afterAll(() => stopE2E({ server, browser }));
 */
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { closeDatabase } from "./collect";
import { startServer, type RunningServer } from "./server";

export interface E2E {
  server: RunningServer;
  browser: Browser;
}

export async function startE2E(
  env: Record<string, string> = {},
  opts: { script?: string } = {},
): Promise<E2E> {
  // Screenshots the tests take for a person to look at.
  mkdirSync("screenshots", { recursive: true });
  const server = await startServer(env, opts);
  try {
    return { server, browser: await launchBrowser() };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/** Stops what startE2E started (either may be missing when it failed half-way). */
export async function stopE2E(e2e: Partial<E2E>): Promise<void> {
  await closeDatabase();
  await e2e.browser?.close();
  await e2e.server?.stop();
}
