// Builds once (only when sources changed) before the end-to-end files run.
import { spawnSync } from "node:child_process";
import { findChromium } from "./browser";

export default function setup() {
  findChromium(); // fail early, with the install hint, when there is no browser
  // Without VITEST in its environment: vite.config.ts drops the Remix plugin under Vitest.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST")));
  const r = spawnSync("node", ["scripts/build-if-stale.js"], { stdio: "inherit", env });
  if (r.status !== 0) throw new Error("build failed");
}
