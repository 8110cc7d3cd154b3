/**
 * The organisation tree as CSV: `code,name,kind,sector,parent_code`, one unit a line.
 * Import is an upsert keyed by code (a unit missing from the file is left alone), so an
 * exported file imports back unchanged. Everything here is pure: the service passes in the
 * units the user may see and gets back a plan (parents before children) or the errors,
 * each with its line number, for the dry run.
 *
 * Files from Excel are accepted as saved: UTF-8 with or without BOM, UTF-16 with BOM,
 * comma, semicolon (Vietnamese regional settings) or tab separated, CRLF or LF.
 * A file in a legacy encoding (Windows-1258, TCVN3) is refused, naming the first bad line.
 */
import { isSector, isUnitKind, MAX_UNIT_DEPTH, MAX_UNIT_NAME, UNIT_CODE } from "./units";

export const CSV_COLUMNS = ["code", "name", "kind", "sector", "parent_code"] as const;
/** A file or pasted text larger than this is refused before it is read (≈ 20,000 units). */
export const MAX_UNIT_CSV_BYTES = 2_000_000;
type Column = (typeof CSV_COLUMNS)[number];
const ALIASES = new Map<string, Column>([
  ["parent", "parent_code"],
  ["parentcode", "parent_code"],
]);

export type CsvProblem =
  | "encoding" // not UTF-8 (a legacy Vietnamese code page, or binary)
  | "empty" // no header line
  | "header" // a required column is missing from the header (column)
  | "unclosed_quote" // a quoted field never ends
  | "columns" // more fields than the header has (value: how many)
  | "missing" // a required field is empty (column)
  | "bad_code" // letters, digits, . _ - only (value)
  | "too_long" // (column)
  | "bad_kind" // (value)
  | "bad_sector" // (value)
  | "duplicate_code" // the same code earlier in the file (value, otherLine)
  | "code_taken" // the code belongs to a unit outside the user's units (value)
  | "outside" // the unit, or the parent it is moved to, is outside the user's units (value)
  | "unknown_parent" // (value)
  | "parent_required" // only the existing top units may have no parent
  | "inactive_parent" // (value)
  | "cycle" // the unit would end up inside itself (value: the loop)
  | "too_deep"; // the unit would end up more than MAX_UNIT_DEPTH levels deep (value: its depth)

export interface CsvError {
  /** Line in the file, 1 = the header; a record with a quoted line break counts from its first line. */
  line: number;
  problem: CsvProblem;
  column?: string;
  value?: string;
  otherLine?: number;
}

/** A unit as the importer sees it: identified by code, placed by its parent's code. */
export interface CsvUnit {
  code: string;
  name: string;
  kind: string;
  sector: string;
  parentCode: string | null;
}

export interface ExistingUnit extends CsvUnit {
  /** Inside the user's units.manage subtree; others are listed only as fixed parents. */
  manageable: boolean;
  active: boolean;
  /** Levels from the top of the whole tree (a province is 1); by default counted in `existing`. */
  depth?: number;
}

export interface PlannedUnit extends CsvUnit {
  line: number;
  action: "create" | "update" | "unchanged";
  /** For an update: what changes ("name", "kind", "sector", "parent"). */
  changes: Array<"name" | "kind" | "sector" | "parent">;
}

export interface ImportPlan {
  /**
   * The rows that passed every check, in apply order (a unit's parent is created or moved
   * before it). Nothing may be applied while `errors` is not empty.
   */
  rows: PlannedUnit[];
  errors: CsvError[];
}

export type Decoded = { ok: true; text: string } | { ok: false; error: CsvError };

/** Bytes of an uploaded file to text; refuses anything that is not valid UTF-8 or BOM-marked UTF-16. */
export function decodeCsv(bytes: Uint8Array): Decoded {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
      return { ok: true, text: new TextDecoder("utf-16le", { fatal: true }).decode(bytes) };
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
      return { ok: true, text: new TextDecoder("utf-16be", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, error: { line: 1, problem: "encoding" } };
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const bad = lenient.indexOf("\uFFFD");
    const line = bad < 0 ? 1 : lenient.slice(0, bad).split("\n").length;
    return { ok: false, error: { line, problem: "encoding" } };
  }
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/** The separator the header line uses most: comma, semicolon or tab. */
function detectDelimiter(firstLine: string): string {
  let best = ",";
  let bestCount = 0;
  for (const d of [",", ";", "\t"]) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** RFC 4180 records with the line each starts on. */
export function parseCsvRecords(text: string): {
  records: CsvRecord[];
  delimiter: string;
  unclosedQuoteLine: number | null;
} {
  const src = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const firstBreak = src.indexOf("\n");
  const delimiter = detectDelimiter(firstBreak < 0 ? src : src.slice(0, firstBreak));
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let started = false; // the field has content (a quote then is an ordinary character)
  let inQuotes = false;
  let quoteLine = 0;
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    fields.push(field);
    field = "";
    started = false;
  };
  const endRecord = () => {
    endField();
    if (fields.some((f) => f.trim() !== "")) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && !started) {
      inQuotes = true;
      started = true;
      quoteLine = line;
    } else if (c === delimiter) {
      endField();
    } else if (c === "\n") {
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
      if (c !== " ") started = true;
    }
  }
  if (inQuotes) return { records, delimiter, unclosedQuoteLine: quoteLine };
  if (field !== "" || fields.length > 0) endRecord();
  return { records, delimiter, unclosedQuoteLine: null };
}

/** Excel runs a cell starting with these as a formula: exported with a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t]/;

function cleanField(raw: string): string {
  const v = raw.trim().normalize("NFC");
  return v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v;
}

/**
 * Check a CSV file against the tree and plan the changes.
 * `existing`: the units the user may manage, plus the parents of their top units (fixed);
 * `takenCodes`: codes of every other unit, so a clash is reported without naming the unit.
 */
export function planUnitImport(
  text: string,
  existing: readonly ExistingUnit[],
  takenCodes: ReadonlySet<string>,
  opts: { allowRoots?: boolean } = {},
): ImportPlan {
  const { records, unclosedQuoteLine } = parseCsvRecords(text);
  const errors: CsvError[] = [];
  if (unclosedQuoteLine !== null)
    errors.push({ line: unclosedQuoteLine, problem: "unclosed_quote" });
  const header = records.shift();
  if (!header) return { rows: [], errors: [...errors, { line: 1, problem: "empty" }] };
  const columns = header.fields.map((h) => {
    const k = h
      .trim()
      .replace(/^\uFEFF/, "")
      .toLowerCase()
      .replace(/\s+/g, "_");
    return ALIASES.get(k.replace(/_/g, "")) ?? k;
  });
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!index.has(c)) index.set(c, i);
  });
  for (const col of CSV_COLUMNS) {
    if (!index.has(col)) errors.push({ line: header.line, problem: "header", column: col });
  }
  if (errors.some((e) => e.problem === "header")) return { rows: [], errors };

  const byCode = new Map(existing.map((u) => [u.code, u]));
  const seen = new Map<string, number>(); // code → line of its first row
  const valid: Array<CsvUnit & { line: number }> = [];
  const fileCodes = new Set<string>();

  for (const rec of records) {
    const rowErrors: CsvError[] = [];
    const extra = rec.fields.slice(columns.length).filter((f) => f.trim() !== "");
    if (extra.length > 0)
      rowErrors.push({ line: rec.line, problem: "columns", value: String(rec.fields.length) });
    const get = (col: Column) => cleanField(rec.fields[index.get(col)!] ?? "");
    const row: CsvUnit = {
      code: get("code"),
      name: get("name"),
      kind: get("kind").toLowerCase(),
      sector: get("sector").toLowerCase(),
      parentCode: get("parent_code") || null,
    };
    const required = { code: row.code, name: row.name, kind: row.kind, sector: row.sector };
    for (const [col, v] of Object.entries(required)) {
      if (v === "") rowErrors.push({ line: rec.line, problem: "missing", column: col });
    }
    if (row.code && !UNIT_CODE.test(row.code))
      rowErrors.push({ line: rec.line, problem: "bad_code", value: row.code });
    if (row.name.length > MAX_UNIT_NAME)
      rowErrors.push({ line: rec.line, problem: "too_long", column: "name" });
    if (row.kind && !isUnitKind(row.kind))
      rowErrors.push({ line: rec.line, problem: "bad_kind", value: row.kind });
    if (row.sector && !isSector(row.sector))
      rowErrors.push({ line: rec.line, problem: "bad_sector", value: row.sector });
    if (row.parentCode && !UNIT_CODE.test(row.parentCode))
      rowErrors.push({ line: rec.line, problem: "unknown_parent", value: row.parentCode });
    if (row.code) {
      const first = seen.get(row.code);
      if (first !== undefined)
        rowErrors.push({
          line: rec.line,
          problem: "duplicate_code",
          value: row.code,
          otherLine: first,
        });
      else seen.set(row.code, rec.line);
      fileCodes.add(row.code);
    }
    errors.push(...rowErrors);
    if (rowErrors.length === 0) valid.push({ ...row, line: rec.line });
  }

  // Where each unit ends up: the file's rows over the existing tree.
  const parentOf = new Map<string, string | null>(existing.map((u) => [u.code, u.parentCode]));
  for (const r of valid) parentOf.set(r.code, r.parentCode);
  const knownDepth = new Map<string, number>();
  for (const u of existing) if (u.depth !== undefined) knownDepth.set(u.code, u.depth);
  const shape = treeShape(parentOf, knownDepth);
  const inFile = new Set(valid.map((r) => r.code));
  // A unit pushed too deep by a row above it (a move) is reported on that row.
  const tooDeep = new Map<string, number>();
  for (const [code, d] of shape.depth) {
    if (d <= MAX_UNIT_DEPTH) continue;
    let at: string | null | undefined = code;
    while (at && !inFile.has(at)) at = parentOf.get(at);
    if (at && !tooDeep.has(at)) tooDeep.set(at, shape.depth.get(at) ?? d);
  }

  const planned: PlannedUnit[] = [];
  for (const r of valid) {
    const before = byCode.get(r.code);
    const fail = (problem: CsvProblem, value?: string) =>
      errors.push({ line: r.line, problem, ...(value !== undefined ? { value } : {}) });
    if (!before && takenCodes.has(r.code)) {
      fail("code_taken", r.code);
      continue;
    }
    if (before && !before.manageable) {
      fail("outside", r.code);
      continue;
    }
    const parentChanged = !before || before.parentCode !== r.parentCode;
    if (r.parentCode === null) {
      if (parentChanged && !opts.allowRoots) {
        fail("parent_required");
        continue;
      }
    } else if (r.parentCode === r.code) {
      fail("cycle", `${r.code} → ${r.code}`);
      continue;
    } else {
      const parent = byCode.get(r.parentCode);
      if (parent) {
        if (parentChanged && !parent.manageable) {
          fail("outside", r.parentCode);
          continue;
        }
        if (parentChanged && !parent.active) {
          fail("inactive_parent", r.parentCode);
          continue;
        }
      } else if (!fileCodes.has(r.parentCode)) {
        fail("unknown_parent", r.parentCode);
        continue;
      }
    }
    const onLoop = shape.loops.get(r.code);
    if (onLoop) {
      fail("cycle", loopText(r.code, onLoop.loop, onLoop.at));
      continue;
    }
    const deep = tooDeep.get(r.code);
    if (deep !== undefined) {
      fail("too_deep", String(deep));
      continue;
    }
    const changes: PlannedUnit["changes"] = [];
    if (before) {
      if (before.name !== r.name) changes.push("name");
      if (before.kind !== r.kind) changes.push("kind");
      if (before.sector !== r.sector) changes.push("sector");
      if (parentChanged) changes.push("parent");
    }
    planned.push({
      ...r,
      action: !before ? "create" : changes.length > 0 ? "update" : "unchanged",
      changes,
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows: parentsFirst(planned), errors };
}

interface TreeShape {
  /** Levels from the top (1 = no parent, or a fixed unit's known depth); none for a unit on or under a loop. */
  depth: Map<string, number>;
  /** For each unit on a loop: the loop's units following parents (one list per loop), and its place in it. */
  loops: Map<string, { loop: readonly string[]; at: number }>;
}

/**
 * Depths and parent loops of every unit in one pass: each unit is walked up once, and a walk
 * stops at a unit already placed. Linear in the number of units, whatever the tree's shape
 * (a check per row walking to the top took quadratic time on a 20,000-unit chain).
 */
function treeShape(
  parentOf: ReadonlyMap<string, string | null>,
  knownDepth: ReadonlyMap<string, number>,
): TreeShape {
  const depth = new Map<string, number>();
  const loops: TreeShape["loops"] = new Map();
  const done = new Set<string>();
  for (const start of parentOf.keys()) {
    if (done.has(start)) continue;
    const walk: string[] = [];
    const onWalk = new Map<string, number>();
    let cur: string | null | undefined = start;
    let base: number | null = 0; // depth above the walk's last unit; null: a loop
    while (cur !== null && cur !== undefined) {
      if (done.has(cur)) {
        base = depth.get(cur) ?? null;
        break;
      }
      const seenAt = onWalk.get(cur);
      if (seenAt !== undefined) {
        const loop = walk.slice(seenAt);
        loop.forEach((c, at) => loops.set(c, { loop, at }));
        base = null;
        break;
      }
      onWalk.set(cur, walk.length);
      walk.push(cur);
      const parent = parentOf.get(cur);
      if (parent === null || parent === undefined || !parentOf.has(parent)) {
        base = (knownDepth.get(cur) ?? 1) - 1;
        break;
      }
      cur = parent;
    }
    for (let i = walk.length - 1; i >= 0; i--) {
      const code = walk[i]!;
      done.add(code);
      if (base !== null) depth.set(code, (base += 1));
    }
  }
  return { depth, loops };
}

/** "A → B → C → A" from `code`; a long loop is cut after ten units. */
function loopText(code: string, loop: readonly string[], at: number): string {
  const shown = loop.length > 11 ? 10 : loop.length;
  const parts = Array.from({ length: shown }, (_, i) => loop[(at + i) % loop.length]!);
  if (shown < loop.length) parts.push("…");
  return [...parts, code].join(" → ");
}

/** Rows ordered so that a row whose parent is also in the file comes after it (no recursion). */
function parentsFirst(rows: PlannedUnit[]): PlannedUnit[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const out: PlannedUnit[] = [];
  const done = new Set<string>();
  for (const r of rows) {
    const chain: PlannedUnit[] = [];
    for (let at: PlannedUnit | undefined = r; at && !done.has(at.code);) {
      done.add(at.code);
      chain.push(at);
      at = at.parentCode ? byCode.get(at.parentCode) : undefined;
    }
    for (let i = chain.length - 1; i >= 0; i--) out.push(chain[i]!);
  }
  return out;
}

function csvField(v: string): string {
  const safe = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",;\n\r\t]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The units as a CSV file (UTF-8 with BOM so Excel shows Vietnamese, CRLF). Pass them with
 * parents before children (by path) so the file imports in one pass.
 */
export function toUnitCsv(units: readonly CsvUnit[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const u of units) {
    lines.push(
      [u.code, u.name, u.kind, u.sector, u.parentCode ?? ""].map((v) => csvField(v)).join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
