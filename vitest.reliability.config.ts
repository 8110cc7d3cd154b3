import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Reliability: crash, retry storm, disk trouble, bad input, security headers, privacy, load.
// Runs the production build (tests/e2e/global-setup.ts builds it when sources changed).
// Files run one at a time: each starts its own server and they would compete for 2 cores.
export default defineConfig({
  resolve: {
    alias: {
      "~": fileURLToPath(new URL("./app", import.meta.url)),
      "#db": fileURLToPath(new URL("./db", import.meta.url)),
    },
  },
  test: {
    include: ["tests/reliability/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    environment: "node",
    server: { deps: { inline: ["kysely"] } },
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
