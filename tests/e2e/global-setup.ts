// Builds once (only when sources changed) before the end-to-end files run. With
// TEST_DATABASE_URL the servers run on PostgreSQL: their databases are dropped at the end.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { dropScratchDatabases, isPostgres } from "../fixtures/pg";
import { chromiumPath } from "./browser";
import { envWithoutVitest } from "./server";

export default async function setup() {
  const pgUrl = process.env.TEST_DATABASE_URL;
  // Seen by the test workers (they inherit this environment): see newServerDatabase().
  const prefix = `hl_e2e_${randomBytes(3).toString("hex")}`;
  process.env.HL_SCRATCH_PREFIX = prefix;
  // Fail early, with the install hint, when there is no browser; unpacks the bundled one once.
  console.log(`Chromium: ${await chromiumPath()}`);
  const r = spawnSync("node", ["scripts/build-if-stale.js"], {
    stdio: "inherit",
    env: envWithoutVitest(),
  });
  if (r.status !== 0) throw new Error("build failed");
  if (!isPostgres(pgUrl)) return;
  return async () => {
    await dropScratchDatabases(pgUrl, `${prefix}_`);
  };
}
