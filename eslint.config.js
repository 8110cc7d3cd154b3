import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

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
    // Domain code is pure: no Remix, React, database or Node built-ins. It shares only the
    // rollups' vocabulary with db/ (db/rollups/keys.ts, which imports nothing).
    files: ["app/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "@remix-run/*",
            "react",
            "react-dom",
            "#db/*",
            "!#db/rollups/keys",
            "node:*",
            "kysely",
            "~/services/*",
            "~/utils/*.server",
          ],
        },
      ],
    },
  },
  {
    // Only server modules (and tests and scripts) touch the database.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.ts", "app/routes/**", "app/entry.server.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["#db/*", "kysely"] }],
    },
  },
);
