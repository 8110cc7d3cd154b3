/**
 * Which Chromium prints the PDF reports and runs the end-to-end tests, in this order:
 *   1. CHROMIUM_PATH, the administrator's choice: a browser binary; or "bundled" for the
 *      npm package's; or "none" for no browser at all (PDF reports then answer 503);
 *   2. the system's package (Debian's /usr/bin/chromium, or chromium-browser);
 *   3. the Chromium shipped inside the npm package @sparticuz/chromium, unpacked into the
 *      temporary directory on first use (a few seconds, ~200 MB): both README commands then
 *      work on a machine without a system Chromium.
 * A CHROMIUM_PATH that names no file is said on the console and the lookup goes on.
 */
import { existsSync } from "node:fs";

export const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"] as const;

export type ChromiumChoice =
  | { kind: "path"; path: string; source: "CHROMIUM_PATH" | "system" }
  | { kind: "bundled" }
  | { kind: "none"; reason: string };

/** The lookup order, without touching the machine: `exists` answers for the files. */
export function chooseChromium(
  chosen: string | undefined,
  exists: (path: string) => boolean,
  systemPaths: readonly string[] = SYSTEM_CHROMIUM,
  warn: (message: string) => void = () => {},
): ChromiumChoice {
  const setting = chosen?.trim();
  if (setting === "none") return { kind: "none", reason: "CHROMIUM_PATH=none" };
  if (setting === "bundled") return { kind: "bundled" };
  if (setting) {
    if (exists(setting)) return { kind: "path", path: setting, source: "CHROMIUM_PATH" };
    warn(`CHROMIUM_PATH=${setting} names no file; looking for a system or bundled Chromium.`);
  }
  const system = systemPaths.find(exists);
  if (system) return { kind: "path", path: system, source: "system" };
  return { kind: "bundled" };
}

/** The flags every launch uses: headless, no sandbox (root in CI), nothing dialled out. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let warned = false;

/**
 * The browser binary to launch, or null with the reason when there is none (CHROMIUM_PATH=none,
 * or the bundled package missing or failing to unpack).
 */
export async function findChromium(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ path: string; source: "CHROMIUM_PATH" | "system" | "bundled" } | { reason: string }> {
  const choice = chooseChromium(env.CHROMIUM_PATH, existsSync, SYSTEM_CHROMIUM, (m) => {
    if (!warned) console.warn(m);
    warned = true;
  });
  if (choice.kind === "none") return { reason: choice.reason };
  if (choice.kind === "path") return { path: choice.path, source: choice.source };
  try {
    const { default: bundled } = await import("@sparticuz/chromium");
    return { path: await bundled.executablePath(), source: "bundled" };
  } catch (e) {
    return {
      reason: `no system Chromium, and the bundled one (@sparticuz/chromium) could not be used: ${(e as Error).message}`,
    };
  }
}
