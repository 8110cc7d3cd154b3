/**
 * The kiosk's one-tap screen loads no SurveyJS: from Vite's build manifest (kept by
 * vite.config.ts as build/.vite/client-manifest.json), every chunk the kiosk route, the root
 * route and the client entry import, statically or lazily, is free of survey-core, and
 * together they stay within the kiosk's JavaScript budget (120 KB gzip).
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

function closure(m: Record<string, Chunk>, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key) || !m[key]) return;
    seen.add(key);
    for (const k of [...(m[key]!.imports ?? []), ...(m[key]!.dynamicImports ?? [])]) walk(k);
  };
  roots.forEach(walk);
  return seen;
}

// survey-core registers its classes under these names; minifying keeps the strings.
const isSurveyJs = (code: string) =>
  code.includes('"questionbase"') || code.includes("survey-core");

describe("the kiosk's chunk graph", () => {
  it("holds no SurveyJS and weighs at most 120 KB gzip", () => {
    const m = manifest();
    const roots = ["app/entry.client.tsx", "app/root.tsx", "app/routes/kiosk._index.tsx"].flatMap(
      (src) => keysOf(m, src),
    );
    expect(roots.length).toBe(3);
    const chunks = [...closure(m, roots)].map((k) => m[k]!.file).filter((f) => f.endsWith(".js"));
    let gzip = 0;
    for (const file of chunks) {
      const code = readFileSync(join(BUILD, "client", file));
      expect(isSurveyJs(code.toString("utf8")), file).toBe(false);
      gzip += gzipSync(code, { level: 6 }).length;
    }
    expect(gzip / 1024).toBeLessThanOrEqual(120);
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
