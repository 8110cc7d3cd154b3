/**
 * The folder boundaries in eslint.config.js bite: each forbidden crossing, linted as if it were
 * a file of that folder, is a no-restricted-imports (or, for SQL, no-restricted-syntax) error;
 * an allowed import is none.
 */
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleHits(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-syntax")
    .map((m) => m.ruleId!);
}

const use = (line: string) => `${line}\nexport const used = [x];\n`;

describe("folder boundaries", () => {
  // Loading the TypeScript parser and the config takes seconds on a loaded machine: once, here.
  beforeAll(() => ruleHits("app/domain/x.ts", "export {};"), 60_000);

  it.each([
    ["app/domain/x.ts", 'import { x } from "~/services/auth.server";'],
    ["app/domain/x.ts", 'import { x } from "~/components/figures";'],
    ["app/domain/x.ts", 'import { x } from "~/utils/http.server";'],
    ["app/domain/x.ts", 'import { x } from "#db/queries/units";'],
    ["app/domain/x.ts", 'import { x } from "kysely";'],
    ["app/domain/x.ts", 'import { x } from "node:crypto";'],
    ["app/domain/x.ts", 'import { x } from "crypto";'],
    ["app/domain/x.ts", 'import { x } from "@remix-run/node";'],
    ["app/domain/x.ts", 'import { x } from "react";'],
    ["db/queries/x.ts", 'import { x } from "~/domain/access";'],
    ["db/queries/x.ts", 'import { x } from "../../app/domain/access";'],
    ["app/components/x.tsx", 'import { x } from "~/services/report.server";'],
    ["app/components/x.tsx", 'import { x } from "#db/queries/units";'],
    ["app/routes/x.tsx", 'import { x } from "#db/queries/units";'],
    ["app/routes/x.tsx", 'import { x } from "kysely";'],
    ["app/services/x.server.ts", 'import { x } from "@remix-run/node";'],
    ["app/services/x.server.ts", 'import { sql as x } from "kysely";'],
  ])("%s may not: %s", async (file, line) => {
    expect(await ruleHits(file, use(line))).toContain("no-restricted-imports");
  });

  it.each([
    ["app/routes/x.tsx", 'const x = (db: any) => db.selectFrom("unit").selectAll().execute();'],
    ["app/services/x.server.ts", 'const x = (db: any) => db.deleteFrom("session").execute();'],
  ])("%s runs no SQL: %s", async (file, line) => {
    expect(await ruleHits(file, use(line))).toContain("no-restricted-syntax");
  });

  it.each([
    ["app/domain/x.ts", 'import { x } from "~/domain/access";'],
    ["app/domain/x.ts", 'import { x } from "~/utils/i18n";'],
    ["app/domain/x.ts", 'import { x } from "zod";'],
    ["db/queries/x.ts", 'import { x } from "../schema";'],
    ["app/components/x.tsx", 'import { x } from "~/domain/report-view";'],
    ["app/routes/x.tsx", 'import { x } from "~/services/campaigns.server";'],
    ["app/routes/x.tsx", 'import { x } from "@remix-run/node";'],
    ["app/services/x.server.ts", 'import { x } from "#db/queries/units";'],
    ["app/services/x.server.ts", 'import type { Kysely as x } from "kysely";'],
  ])("%s may: %s", async (file, line) => {
    expect(await ruleHits(file, use(line))).toEqual([]);
  });
});
