import { builtinModules } from "node:module";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/*
 * Boundaries between the folders (docs/decisions/021-boundaries-and-errors.md), written as lint
 * rules so a crossing fails `npm run lint` (tests/unit/boundaries.test.ts proves each rule bites):
 *   app/domain      pure: nothing of the app but the shared i18n module; no node:, Remix, React,
 *                   database or Kysely
 *   db/             nothing of app/
 *   app/components  no services and no db/ (view types live in app/domain)
 *   app/routes      call services, never db/ or Kysely; no SQL
 *   app/services    return data and throw ServiceError: no @remix-run; SQL lives in db/queries
 * In flat config the last block that sets a rule for a file wins, so each folder's block lists
 * every pattern that applies to it.
 */

// Patterns are gitignore-style, where a leading "#" starts a comment: db/ is matched by regex.
const DB = {
  regex: "^(#db/|kysely$|(\\.\\./)+db/)",
  message: "Go through a service; SQL lives in db/queries.",
};
const REMIX = {
  group: ["@remix-run/*"],
  message: "Services return data and throw ServiceError; the route makes the response.",
};
const SERVICES = {
  regex: "^(~/services/|(\\.\\./)+services/)",
  message: "Components import no services: view types live in app/domain.",
};
const SQL_TAG = { name: "kysely", importNames: ["sql"], message: "SQL lives in db/queries." };
/** Kysely's query builders: a call to one of these outside db/ is SQL outside db/. */
const SQL_CALLS = {
  selector:
    "CallExpression[callee.property.name=/^(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto)$/]",
  message: "SQL lives in db/queries/<feature>.ts: call a query function.",
};

const restrict = (options) => ({ "no-restricted-imports": ["error", options] });

export default tseslint.config(
  { ignores: ["build/", "node_modules/", "data/", ".cache/"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    // Domain code is pure. ~/utils/i18n is allowed: message keys and the translator are pure
    // and shared with the browser (validation and figure texts name their messages by key).
    files: ["app/domain/**/*.{ts,tsx}"],
    rules: restrict({
      paths: builtinModules.map((name) => ({
        name,
        message: "Domain code takes no Node built-ins.",
      })),
      patterns: [
        {
          regex: "^(~/(?!domain/|utils/i18n$)|(\\.\\./)+(?!domain/)[a-z]+/)",
          message: "Domain code imports nothing of the app but app/domain and ~/utils/i18n.",
        },
        { group: ["node:*"], message: "Domain code takes no Node built-ins." },
        {
          group: [
            "@remix-run/*",
            "react",
            "react/*",
            "react-dom",
            "react-dom/*",
            "survey-react-ui",
          ],
          message: "Domain code is free of Remix and React.",
        },
        {
          // db/rollups/keys.ts, which imports nothing, is the rollups' vocabulary both share.
          regex: "^(#db/(?!rollups/keys$)|kysely$|better-sqlite3$|pg$)",
          message: "Domain code is free of the database (it shares only db/rollups/keys).",
        },
      ],
    }),
  },
  {
    // db/ is below the app: schema, migrations and queries import nothing of app/.
    files: ["db/**/*.ts"],
    rules: restrict({
      patterns: [{ regex: "^(~/|(\\.\\./)+app/)", message: "db/ imports nothing of app/." }],
    }),
  },
  {
    files: ["app/components/**/*.{ts,tsx}"],
    rules: restrict({ patterns: [SERVICES, DB] }),
  },
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: { ...restrict({ patterns: [DB] }), "no-restricted-syntax": ["error", SQL_CALLS] },
  },
  {
    files: ["app/services/**/*.{ts,tsx}"],
    rules: {
      ...restrict({ paths: [SQL_TAG], patterns: [REMIX] }),
      "no-restricted-syntax": ["error", SQL_CALLS],
    },
  },
  {
    // Browser-side modules outside the folders above never touch the database.
    files: ["app/**/*.{ts,tsx}"],
    ignores: [
      "app/**/*.server.{ts,tsx}",
      "app/entry.server.tsx",
      "app/domain/**",
      "app/components/**",
      "app/routes/**",
      "app/services/**",
    ],
    rules: restrict({ patterns: [DB] }),
  },
);
