// Builds once (only when sources changed) before the end-to-end files run.
import { spawnSync } from "node:child_process";
import { findChromium } from "./browser";
import { envWithoutVitest } from "./server";

export default function setup() {
  findChromium(); // fail early, with the install hint, when there is no browser
  const r = spawnSync("node", ["scripts/build-if-stale.js"], {
    stdio: "inherit",
    env: envWithoutVitest(),
  });
  if (r.status !== 0) throw new Error("build failed");
}
