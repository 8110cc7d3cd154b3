import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_ARGS, findChromium } from "~/services/chromium.server";

/** The browser the tests drive: CHROMIUM_PATH, the system's package, else the bundled one. */
export async function chromiumPath(): Promise<string> {
  const found = await findChromium();
  if (!("path" in found)) {
    throw new Error(
      `The end-to-end tests need Chromium (${found.reason}): install Debian's package (apt-get install -y chromium), set CHROMIUM_PATH, or run npm install to get @sparticuz/chromium.`,
    );
  }
  return found.path;
}

export async function launchBrowser(): Promise<Browser> {
  // Without the background-networking flags Chromium keeps dialling hosts this machine cannot reach.
  return chromium.launch({ executablePath: await chromiumPath(), args: CHROMIUM_ARGS });
}
