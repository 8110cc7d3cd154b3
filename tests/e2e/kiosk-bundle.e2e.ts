/**
 * The kiosk's one-tap screen loads no SurveyJS: from Vite's build manifest (kept by
 * vite.config.ts as build/.vite/client-manifest.json), every chunk the kiosk route, the root
 * route and the client entry import, statically or lazily, is free of survey-core, and
 * together they stay within the kiosk's JavaScript budget (120 KB gzip). The long form
 * (/kiosk/form) too, for what it loads up front: SurveyJS only behind a lazy import, for a
 * questionnaire the light form cannot draw.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

interface Chunk {
  file: string;
  src?: string;
  imports?: string[];
  dynamicImports?: string[];
}

const BUILD = "build";
const manifest = () =>
  JSON.parse(readFileSync(join(BUILD, ".vite", "client-manifest.json"), "utf8")) as Record<
    string,
    Chunk
  >;

/** Manifest keys of a source file (Remix adds a query to route modules). */
const keysOf = (m: Record<string, Chunk>, src: string) =>
  Object.keys(m).filter((k) => k === src || k.startsWith(`${src}?`));

function closure(m: Record<string, Chunk>, roots: string[], lazy = true): Set<string> {
  const seen = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key) || !m[key]) return;
    seen.add(key);
    for (const k of [...(m[key]!.imports ?? []), ...(lazy ? (m[key]!.dynamicImports ?? []) : [])])
      walk(k);
  };
  roots.forEach(walk);
  return seen;
}

// survey-core registers its classes under these names; minifying keeps the strings.
const isSurveyJs = (code: string) =>
  code.includes('"questionbase"') || code.includes("survey-core");

/**
 * gzip KB of a route's chunks with the root's and the entry's; fails on SurveyJS among them.
 * Without the lazy chunks, the preload list of a lazy import may name SurveyJS's stylesheet:
 * only survey-core's code counts then.
 */
function weigh(route: string, lazy: boolean): number {
  const m = manifest();
  const roots = ["app/entry.client.tsx", "app/root.tsx", route].flatMap((src) => keysOf(m, src));
  expect(roots.length).toBe(3);
  const chunks = [...closure(m, roots, lazy)]
    .map((k) => m[k]!.file)
    .filter((f) => f.endsWith(".js"));
  let gzip = 0;
  for (const file of chunks) {
    const code = readFileSync(join(BUILD, "client", file));
    const text = code.toString("utf8");
    expect(lazy ? isSurveyJs(text) : text.includes('"questionbase"'), file).toBe(false);
    gzip += gzipSync(code, { level: 6 }).length;
  }
  return gzip / 1024;
}

describe("the kiosk's chunk graph", () => {
  it("holds no SurveyJS and weighs at most 120 KB gzip", () => {
    expect(weigh("app/routes/kiosk._index.tsx", true)).toBeLessThanOrEqual(120);
  });

  it("keeps the long form within the same budget, SurveyJS only behind its lazy fallback", () => {
    expect(weigh("app/routes/kiosk.form.tsx", false)).toBeLessThanOrEqual(120);
    const m = manifest();
    const lazyOnes = keysOf(m, "app/routes/kiosk.form.tsx").flatMap((k) =>
      [...closure(m, [k])].flatMap((c) => m[c]!.dynamicImports ?? []),
    );
    expect(lazyOnes).toContain("app/components/kiosk/kiosk-form.client.tsx");
  });

  it("tells SurveyJS apart (the kiosk long form, loaded lazily, does hold it)", () => {
    const m = manifest();
    const form = closure(m, keysOf(m, "app/components/kiosk/kiosk-form.client.tsx"));
    const files = [...form].map((k) => m[k]!.file).filter((f) => f.endsWith(".js"));
    expect(files.some((f) => isSurveyJs(readFileSync(join(BUILD, "client", f), "utf8")))).toBe(
      true,
    );
  });
});
