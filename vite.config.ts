/// <reference types="vitest/config" />
import { vitePlugin as remix } from "@remix-run/dev";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const isVitest = Boolean(process.env.VITEST);

export default defineConfig({
  // The Remix plugin does not read remix.config.js itself; pass it the shared options.
  plugins: isVitest ? [] : [remix(remixConfig)],
  resolve: {
    alias: {
      "~": fileURLToPath(new URL("./app", import.meta.url)),
      "#db": fileURLToPath(new URL("./db", import.meta.url)),
    },
  },
  optimizeDeps: {
    // Without this the first dev visit re-optimises and breaks hydration.
    include: [
      "survey-core",
      "survey-react-ui",
      "survey-core/i18n/vietnamese",
      "chart.js",
      "react-chartjs-2",
    ],
  },
  server: { host: "127.0.0.1" },
  // Keep Vite's build manifest (Remix moves it to build/.vite/client-manifest.json, not served):
  // tests/e2e/kiosk-bundle.e2e.ts checks from it that the kiosk's chunks hold no SurveyJS.
  build: { manifest: true },
  test: {
    include: ["tests/{unit,db,routes}/**/*.test.ts"],
    // Drops the PostgreSQL scratch databases of a TEST_DATABASE_URL run; nothing without it.
    globalSetup: ["tests/fixtures/global-setup.ts"],
    setupFiles: ["tests/fixtures/setup-messages.ts"],
    environment: "node",
    server: { deps: { inline: ["kysely"] } },
    testTimeout: 20000,
    // The same for hooks (a fresh app per test is migrated in beforeEach): 10 s, the default, ran
    // out for the first of them on a machine at load 25.
    hookTimeout: 20000,
  },
});
