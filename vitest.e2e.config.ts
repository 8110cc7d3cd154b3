import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// End-to-end tests: the production build in headless Chromium (Debian's package).
export default defineConfig({
  // cluster.e2e.ts reads the database with the app's own code to check the rollups.
  resolve: {
    alias: {
      "~": fileURLToPath(new URL("./app", import.meta.url)),
      "#db": fileURLToPath(new URL("./db", import.meta.url)),
    },
  },
  test: {
    server: { deps: { inline: ["kysely"] } },
    include: ["tests/e2e/**/*.e2e.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
