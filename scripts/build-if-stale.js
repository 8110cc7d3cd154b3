// Builds the app when any source is newer than the build. Used by npm start and the e2e tests.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCES = [
  "app",
  "db",
  "vite.config.ts",
  "remix.config.js",
  "package-lock.json",
  "tsconfig.json",
];
const BUILT = "build/server/index.js";

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

export function buildIfStale() {
  const builtAt = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
  if (Math.max(...SOURCES.map(newest)) <= builtAt) return;
  console.log("Building (sources are newer than the build)…");
  // NODE_ENV=production whatever the caller's (Vitest sets "test"): else Vite bundles React's
  // development build, ~60 KB gzip more on every page.
  const r = spawnSync("npx", ["remix", "vite:build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfStale();
