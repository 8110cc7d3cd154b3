/**
 * Ratings collected elsewhere (another system's export, paper forms keyed in a spreadsheet),
 * read from a table (CSV or a spreadsheet's first sheet) or JSON into the rows the ingestion
 * API takes. Pure: the service reads the file, then each row goes through the one submission
 * path (ingest.server.ts) like a rating sent to POST /api/v1/responses.
 *
 * Columns: four fixed ones (the rating's own id in the other system, the dossier code, the unit
 * code, the date it was given), then one per question of the campaign's questionnaire, named
 * as the questionnaire names it (a matrix: one per row, `question.row`; several text boxes:
 * `question.box`; an "other" or comment text: `question-Comment`). Several choices in one cell
 * are separated by ";". Headers are matched without regard to case, accents or spacing.
 */
import { dict, own } from "./dict";
import type { CompiledQuestion, CompiledQuestionnaire } from "./validator";

/** The largest file taken, and the most rows. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;
/** A spreadsheet (a zip) whose parts unpack to more than this is refused unread. */
export const MAX_XLSX_UNPACKED_BYTES = 60 * 1024 * 1024;

export type ImportFormat = "csv" | "xlsx" | "json";

export const FIXED_COLUMNS = {
  id: "ma_phieu",
  dossierCode: "ma_ho_so",
  unitCode: "ma_don_vi",
  ratedAt: "ngay_danh_gia",
} as const;
export type FixedField = keyof typeof FIXED_COLUMNS;

/** What a cell goes into: a fixed field, or an answer (a question, a matrix row, a box). */
export type ColumnTarget =
  | { kind: "fixed"; field: FixedField }
  | { kind: "answer"; question: CompiledQuestion; row?: string; item?: string; comment?: boolean };

export interface TemplateColumn {
  header: string;
  /** A question's title (with the row or box); fixed columns are described by the catalog. */
  title: string;
  target: ColumnTarget;
}

/** Every column a file for this questionnaire may have, in template order. */
export function templateColumns(q: CompiledQuestionnaire): TemplateColumn[] {
  const cols: TemplateColumn[] = [
    ...(Object.keys(FIXED_COLUMNS) as FixedField[]).map((field) => ({
      header: FIXED_COLUMNS[field],
      title: "",
      target: fixed(field),
    })),
  ];
  for (const question of q.questions) {
    // The dossier code question is the fixed column of the same name.
    if (question.name === FIXED_COLUMNS.dossierCode) continue;
    if (question.kind === "matrix") {
      for (const row of question.rows)
        cols.push({
          header: `${question.name}.${row}`,
          title: `${question.title} — ${row}`,
          target: { kind: "answer", question, row },
        });
    } else if (question.kind === "multipletext") {
      for (const item of question.items)
        cols.push({
          header: `${question.name}.${item.name}`,
          title: `${question.title} — ${item.title}`,
          target: { kind: "answer", question, item: item.name },
        });
    } else {
      cols.push({
        header: question.name,
        title: question.title,
        target: { kind: "answer", question },
      });
    }
    if (question.commentKey)
      cols.push({
        header: question.commentKey,
        title: `${question.title} (${question.commentKey})`,
        target: { kind: "answer", question, comment: true },
      });
  }
  return cols;
}

function fixed(field: FixedField): ColumnTarget {
  return { kind: "fixed", field };
}

/** "Mã hồ sơ", "MA_HO_SO", " ma ho so " → "ma_ho_so". */
export function normalizeHeader(h: string): string {
  return h
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\u0111/g, "d")
    .replace(/\u0110/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * What can be wrong with a line or the file; each has its sentence in the imports catalog
 * (`imports.problem.<code>`), with the params named there.
 */
export type ImportProblem =
  | "unknown_column"
  | "duplicate_column"
  | "no_question_column"
  | "empty_file"
  | "bad_date"
  | "json_shape"
  | "json_not_row"
  | "json_answers"
  | "json_value"
  | "json_list"
  | "formula"
  | "unit_missing"
  | "unit_outside"
  | "future_date"
  | "duplicate_id"
  | "duplicate_dossier";

/**
 * A problem of one line (line 0: of the whole file): a problem code with its params, or
 * (`text`) the submission path's own message for the row, already in words.
 */
export interface LineError {
  line: number;
  column?: string;
  problem?: ImportProblem;
  params?: Record<string, string | number>;
  text?: string;
}

export interface ImportRow {
  line: number;
  id?: string;
  dossierCode?: string;
  unitCode?: string;
  /** ISO 8601, or undefined (then: the moment of the import). */
  ratedAt?: string;
  answers: Record<string, unknown>;
  /** Cells that could not be read; the row is not sent on. */
  errors: LineError[];
}

/** Which column is which: by header, exactly or as normalized; unknown headers are errors. */
export function mapHeaders(
  headers: readonly string[],
  columns: readonly TemplateColumn[],
): { targets: Array<ColumnTarget | null>; errors: LineError[] } {
  const exact = new Map(columns.map((c) => [c.header, c]));
  const loose = new Map(columns.map((c) => [normalizeHeader(c.header), c]));
  const errors: LineError[] = [];
  const seen = new Map<string, number>();
  const targets = headers.map((raw, i) => {
    const h = raw.trim();
    if (h === "") return null;
    const col = exact.get(h) ?? loose.get(normalizeHeader(h));
    if (!col) {
      errors.push({ line: 1, column: h, problem: "unknown_column", params: { column: h } });
      return null;
    }
    const before = seen.get(col.header);
    if (before !== undefined) {
      errors.push({
        line: 1,
        column: h,
        problem: "duplicate_column",
        params: { column: h, n: before + 1 },
      });
      return null;
    }
    seen.set(col.header, i);
    return col.target;
  });
  if (!targets.some((t) => t?.kind === "answer"))
    errors.push({ line: 1, problem: "no_question_column" });
  return { targets, errors };
}

// Yes/no as people key them (accents dropped first: "có", "không", "đúng").
const YES = new Set(["1", "co", "true", "yes", "x", "dung"]);
const NO = new Set(["0", "khong", "false", "no", "sai"]);

/** One cell's text as the answer value the questionnaire expects (the validator judges it). */
export function cellValue(
  target: Extract<ColumnTarget, { kind: "answer" }>,
  cell: string,
): unknown {
  const q = target.question;
  const v = cell.trim();
  if (target.comment) return v;
  if (target.item !== undefined) {
    const item = q.items.find((i) => i.name === target.item);
    return item?.numeric && isNumber(v) ? Number(v) : v;
  }
  const choice = (s: string): unknown => {
    if (q.values.has(s)) return q.values.get(s);
    return q.numericValues && isNumber(s) ? Number(s) : s;
  };
  switch (q.kind) {
    case "rating":
    case "choice":
    case "matrix":
      return choice(v);
    case "multi":
    case "ranking":
      return v
        .split(";")
        .map((s) => s.trim())
        .filter((s) => s !== "")
        .map(choice);
    case "boolean": {
      if (q.values.has(v)) return q.values.get(v);
      const low = normalizeHeader(v);
      return YES.has(low) ? true : NO.has(low) ? false : v;
    }
    case "text":
      return q.numeric && isNumber(v) ? Number(v) : v;
    default:
      return v;
  }
}

const isNumber = (s: string) => /^-?\d+(\.\d+)?$/.test(s);

/**
 * A date as written in a file: dd/mm/yyyy (optionally with hh:mm), yyyy-mm-dd, or ISO 8601
 * with an offset; a date alone is taken as noon, Vietnam time. Undefined when unreadable.
 */
export function readDate(raw: string): string | undefined {
  const v = raw.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(v);
  if (m) return vnTime(+m[3]!, +m[2]!, +m[1]!, m[4] ? +m[4] : 12, m[5] ? +m[5] : 0);
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m) return vnTime(+m[1]!, +m[2]!, +m[3]!, 12, 0);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  return undefined;
}

function vnTime(y: number, mo: number, d: number, h: number, mi: number): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return undefined;
  const t = Date.UTC(y, mo - 1, d, h - 7, mi);
  const back = new Date(t + 7 * 3_600_000);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1) return undefined;
  return new Date(t).toISOString();
}

/** A table's records (header first) as rows; `cells` are text as the file holds them. */
export function rowsFromTable(
  records: ReadonlyArray<{ line: number; fields: readonly string[] }>,
  columns: readonly TemplateColumn[],
): { rows: ImportRow[]; errors: LineError[] } {
  const [head, ...body] = records;
  if (!head) return { rows: [], errors: [{ line: 0, problem: "empty_file" }] };
  const { targets, errors } = mapHeaders(head.fields, columns);
  if (errors.length > 0) return { rows: [], errors };
  const rows = body.map((r) => {
    const row: ImportRow = { line: r.line, answers: dict<unknown>(), errors: [] };
    targets.forEach((target, i) => {
      const cell = r.fields[i] ?? "";
      if (!target || cell.trim() === "") return;
      place(row, target, cell, head.fields[i]!.trim());
    });
    return row;
  });
  return { rows, errors: [] };
}

function place(row: ImportRow, target: ColumnTarget, cell: string, header: string) {
  if (target.kind === "fixed") {
    const v = cell.trim();
    if (target.field === "ratedAt") {
      const at = readDate(v);
      if (at) row.ratedAt = at;
      else
        row.errors.push({
          line: row.line,
          column: header,
          problem: "bad_date",
          params: { value: v },
        });
    } else row[target.field] = v;
    return;
  }
  const q = target.question;
  const value = cellValue(target, cell);
  if (target.comment) setOwn(row.answers, q.commentKey!, value);
  else if (target.row !== undefined || target.item !== undefined) {
    const inner = own(row.answers, q.name);
    const obj =
      inner && typeof inner === "object" ? (inner as Record<string, unknown>) : dict<unknown>();
    setOwn(obj, (target.row ?? target.item)!, value);
    setOwn(row.answers, q.name, obj);
  } else setOwn(row.answers, q.name, value);
}

/** Defined, never assigned: a key of a file cannot reach a setter ("__proto__"). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * JSON: an array of rows (or `{"rows": [...]}`), each either the table's columns as keys
 * (values as text, numbers or, for several choices, arrays), or the API's shape:
 * `{"id", "dossierCode", "unitCode", "ratedAt", "answers": {...}}`.
 */
export function rowsFromJson(
  value: unknown,
  columns: readonly TemplateColumn[],
): { rows: ImportRow[]; errors: LineError[] } {
  const list = Array.isArray(value)
    ? value
    : value && typeof value === "object" && Array.isArray(own(value as object, "rows"))
      ? (own(value as object, "rows") as unknown[])
      : null;
  if (!list)
    return {
      rows: [],
      errors: [{ line: 0, problem: "json_shape" }],
    };
  const byHeader = new Map(columns.map((c) => [c.header, c]));
  const rows = list.map((item, i): ImportRow => {
    const row: ImportRow = { line: i + 1, answers: dict<unknown>(), errors: [] };
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      row.errors.push({ line: row.line, problem: "json_not_row" });
      return row;
    }
    const rec = item as Record<string, unknown>;
    const text = (k: string) => {
      const v = own(rec, k);
      return typeof v === "string" || typeof v === "number" ? String(v) : undefined;
    };
    const answers = own(rec, "answers");
    if (answers !== undefined) {
      // The API's shape: answers exactly as given (the validator refuses unknown questions).
      if (!answers || typeof answers !== "object" || Array.isArray(answers)) {
        row.errors.push({ line: row.line, column: "answers", problem: "json_answers" });
        return row;
      }
      row.answers = answers as Record<string, unknown>;
      const id = text("id");
      const code = text("dossierCode");
      const unit = text("unitCode");
      if (id) row.id = id;
      if (code) row.dossierCode = code;
      if (unit) row.unitCode = unit;
      const at = text("ratedAt");
      if (at) place(row, fixed("ratedAt"), at, "ratedAt");
      return row;
    }
    for (const key of Object.keys(rec)) {
      const col = byHeader.get(key);
      const v = own(rec, key);
      if (!col) {
        row.errors.push({
          line: row.line,
          column: key,
          problem: "unknown_column",
          params: { column: key },
        });
        continue;
      }
      if (v === null || v === undefined || v === "") continue;
      if (Array.isArray(v) && col.target.kind === "answer") setAnswerArray(row, col.target, v, key);
      else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean")
        place(row, col.target, String(v), key);
      else
        row.errors.push({
          line: row.line,
          column: key,
          problem: "json_value",
          params: { column: key },
        });
    }
    return row;
  });
  return { rows, errors: [] };
}

function setAnswerArray(
  row: ImportRow,
  target: Extract<ColumnTarget, { kind: "answer" }>,
  v: unknown[],
  key: string,
) {
  if (v.some((x) => typeof x !== "string" && typeof x !== "number")) {
    row.errors.push({ line: row.line, column: key, problem: "json_list", params: { column: key } });
    return;
  }
  place(row, target, v.map(String).join(";"), key);
}
