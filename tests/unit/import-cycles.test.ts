/**
 * No import cycles in app/ and db/: a module graph that folds back on itself makes a newcomer
 * go back and forth, and a cycle decides at run time which module sees the other half-loaded.
 * Reads every module's imports (type-only ones too) with the TypeScript scanner, resolves the
 * relative ones and the ~/ and #db/ aliases (tsconfig.json), and looks for strongly
 * connected components of more than one module, or a module importing itself.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The module file an import names, or undefined for a package. */
function resolveImport(from: string, spec: string): string | undefined {
  let base: string;
  if (spec.startsWith("~/")) base = join(ROOT, "app", spec.slice(2));
  else if (spec.startsWith("#db/")) base = join(ROOT, "db", spec.slice(4));
  else if (spec.startsWith(".")) base = resolve(dirname(from), spec);
  else return undefined;
  const candidates = [base, ...EXTENSIONS.map((e) => base.replace(/\.js$/, "") + e)];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

function importGraph(dirs: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap((d) => sources(join(ROOT, d)))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .map((f) => resolveImport(file, f.fileName))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with a cycle (Tarjan), as paths relative to the root. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(relative(ROOT, w));
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe("import cycles", () => {
  it("finds a cycle when there is one (the check can fail)", () => {
    const graph = new Map([
      ["/a", ["/b"]],
      ["/b", ["/c"]],
      ["/c", ["/a"]],
      ["/d", ["/a"]],
    ]);
    expect(cycles(graph).map((c) => c.length)).toEqual([3]);
  });

  it("resolves the aliases and relative imports of the real code", () => {
    const graph = importGraph(["app", "db"]);
    const groups = graph.get(join(ROOT, "app/domain/scoring/groups.ts"));
    expect(groups).toContain(join(ROOT, "db/rollups/keys.ts"));
    expect(groups).toContain(join(ROOT, "app/domain/dict.ts"));
    const ingest = graph.get(join(ROOT, "app/services/ingest.server.ts"));
    expect(ingest).toContain(join(ROOT, "db/queries/responses.ts"));
  });

  it("app/ and db/ have none", () => {
    expect(cycles(importGraph(["app", "db"]))).toEqual([]);
  });
});
