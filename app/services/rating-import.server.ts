/**
 * Ratings collected elsewhere, imported from a CSV, XLSX or JSON file against a campaign (its
 * questionnaire version): a dry run first, then the import. Each row goes through the one
 * submission path (ingest.server.ts submitResponse: the same parsing, channel rules, dossier
 * gate, validator and write step — rollups, dossier claim and outbox events in the response's
 * transaction), as a rating sent to POST /api/v1/responses would.
 *
 * Idempotent: a row's id is its own id in the other system, else its dossier code, else its
 * content (with its rank among identical rows), made into a UUID per campaign; a file imported
 * again stores nothing new, and a dossier rated already is reported on its line.
 *
 * The file is hostile input: its size and rows are capped, a spreadsheet's parts are sized from
 * the zip's directory before anything is unpacked, formulas are never evaluated (a cell holding
 * one is refused), and rows are checked and written in chunks with the event loop let go between.
 */
import { createHash } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { insertAudit } from "#db/queries/audit";
import { listCampaignScope } from "#db/queries/campaigns";
import { findImportCampaign, listDossierUnits, listUnitsByCodes } from "#db/queries/rating-imports";
import { isInside } from "~/domain/access";
import { parseCsvRecords, decodeCsv } from "~/domain/unit-csv";
import {
  FIXED_COLUMNS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  MAX_XLSX_UNPACKED_BYTES,
  rowsFromJson,
  rowsFromTable,
  templateColumns,
  type ImportFormat,
  type ImportRow,
  type LineError,
} from "~/domain/rating-import";
import { isActiveOn, vietnamDate } from "~/domain/units";
import { translator, type Locale, type MessageKey } from "~/utils/i18n";
import type { AuthenticatedClient } from "./clients.server";
import { loadVersion, type AppContext } from "./context.server";
import { submitResponse } from "./ingest.server";
import { pathsWith, ServiceError, NOT_FOUND, type Actor } from "./service-error.server";

/** Who imports: a person (their campaign-managing units) or a system client (its subtree). */
export interface Importer {
  userId: string | null;
  clientName?: string;
  /** Unit paths inside which it may import. */
  roots: string[];
}

export const importerOfUser = (actor: Actor): Importer => ({
  userId: actor.id,
  roots: pathsWith(actor, "campaigns.manage"),
});

export const importerOfClient = (c: AuthenticatedClient): Importer => ({
  userId: null,
  clientName: c.name,
  roots: [c.unitPath],
});

/** The token stored on imported responses: they came through no link. */
const IMPORT_TOKEN = "import-file";
/** Rows checked (or written) together: the writer commits them as one group. */
const CHUNK = 200;
const NO_LIMIT = { take: () => true };

export type LineOutcome = "ready" | "known" | "rated" | "refused";

export interface ImportLine {
  line: number;
  outcome: LineOutcome;
  column?: string;
  message: string;
}

export interface ImportReport {
  fileName: string;
  format: ImportFormat;
  dryRun: boolean;
  rows: number;
  /** ready: stored by the import (or would be, in a dry run). */
  counts: Record<LineOutcome, number>;
  /** Every line not stored, with why (at most MAX_REPORTED_LINES). */
  lines: ImportLine[];
}

/** A file refused as a whole: nothing read, nothing stored. */
export interface ImportRefusal {
  status: 413 | 422;
  error: "file_too_large" | "too_many_rows" | "unreadable_file";
  message: string;
  lines: ImportLine[];
}

const MAX_REPORTED_LINES = 2000;

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

/** The campaign an importer may import into: 404 when its scope does not meet the importer's. */
async function importCampaign(ctx: AppContext, importer: Importer, campaignId: string) {
  const campaign = await findImportCampaign(ctx.db, campaignId);
  const scope = campaign ? await listCampaignScope(ctx.db, campaignId) : [];
  const reachable = scope.some((s) =>
    importer.roots.some((r) => isInside(s.path, r) || isInside(r, s.path)),
  );
  if (!campaign || !reachable) throw new ServiceError(404, NOT_FOUND);
  const version = await loadVersion(ctx, campaign.questionnaire_version_id);
  if (!version)
    throw new Error(`questionnaire version ${campaign.questionnaire_version_id} missing`);
  return { campaign, scope, version };
}

/** The columns of a campaign's file: for the template and the page. */
export async function importTemplate(
  ctx: AppContext,
  importer: Importer,
  campaignId: string,
  locale: Locale,
) {
  const { campaign, version } = await importCampaign(ctx, importer, campaignId);
  const t = translator(locale);
  const columns = templateColumns(version.compiled).map((c) => ({
    header: c.header,
    title:
      c.target.kind === "fixed" ? t(`imports.column.${c.target.field}` as MessageKey) : c.title,
    values:
      c.target.kind === "answer" && !c.target.comment && c.target.item === undefined
        ? [...c.target.question.values.keys()].join("; ")
        : "",
  }));
  return { title: campaign.campaign_title, columns };
}

/** The template as a file: CSV (a header line, UTF-8 with BOM for Excel) or XLSX (with a guide). */
export async function templateFile(
  ctx: AppContext,
  importer: Importer,
  campaignId: string,
  format: "csv" | "xlsx",
  locale: Locale,
): Promise<{ body: Uint8Array; type: string; name: string }> {
  const { columns } = await importTemplate(ctx, importer, campaignId, locale);
  const name = `mau-nhap-phieu-${campaignId.slice(0, 8)}`;
  if (format === "csv") {
    const line = columns.map((c) => csvCell(c.header)).join(",");
    return {
      body: new TextEncoder().encode(`\uFEFF${line}\r\n`),
      type: "text/csv; charset=utf-8",
      name: `${name}.csv`,
    };
  }
  const t = translator(locale);
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(t("imports.template.sheet"));
  sheet.addRow(columns.map((c) => c.header));
  sheet.getRow(1).font = { bold: true };
  const guide = wb.addWorksheet(t("imports.template.guide"));
  guide.addRow([
    t("imports.template.col.header"),
    t("imports.template.col.title"),
    t("imports.template.col.values"),
  ]);
  guide.getRow(1).font = { bold: true };
  for (const c of columns) guide.addRow([c.header, c.title, c.values]);
  guide.columns.forEach((col, i) => (col.width = [28, 60, 40][i]));
  const body = new Uint8Array(await wb.xlsx.writeBuffer());
  return {
    body,
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    name: `${name}.xlsx`,
  };
}

const csvCell = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * Checks (dryRun) or imports a file of ratings into a campaign. Throws ServiceError 404 when
 * the campaign is not the importer's; answers an ImportRefusal when the file cannot be taken.
 */
export async function importRatings(
  ctx: AppContext,
  importer: Importer,
  campaignId: string,
  file: ImportFile,
  opts: { dryRun: boolean; locale?: Locale },
  now = new Date(),
): Promise<ImportReport | ImportRefusal> {
  const t = translator(opts.locale ?? "vi");
  const refusal = (
    status: 413 | 422,
    error: ImportRefusal["error"],
    key: MessageKey,
    params: Record<string, string | number> = {},
    lines: ImportLine[] = [],
  ): ImportRefusal => ({ status, error, message: t(key, params), lines });

  const { campaign, scope, version } = await importCampaign(ctx, importer, campaignId);
  if (file.bytes.byteLength > MAX_IMPORT_BYTES)
    return refusal(413, "file_too_large", "imports.refused.tooLarge", {
      mb: MAX_IMPORT_BYTES / 1024 / 1024,
    });
  const format = formatOf(file);
  const columns = templateColumns(version.compiled);
  let parsed: { rows: ImportRow[]; errors: LineError[] };
  try {
    parsed = await readRows(format, file.bytes, columns);
  } catch (e) {
    if (e instanceof Unreadable) return refusal(e.status, e.error, e.key, e.params);
    throw e;
  }
  if (parsed.errors.length > 0)
    return refusal(
      422,
      "unreadable_file",
      "imports.refused.columns",
      {},
      parsed.errors.map((e) => lineOf(t, e)),
    );
  if (parsed.rows.length > MAX_IMPORT_ROWS)
    return refusal(413, "too_many_rows", "imports.refused.tooManyRows", {
      max: MAX_IMPORT_ROWS,
      n: parsed.rows.length,
    });

  // Units: by code, else the dossier's; inside both the campaign's scope and the importer's.
  const rows = parsed.rows;
  const codes = [...new Set(rows.flatMap((r) => (r.unitCode ? [r.unitCode] : [])))];
  const dossierCodes = [
    ...new Set(rows.flatMap((r) => (!r.unitCode && r.dossierCode ? [r.dossierCode] : []))),
  ];
  const dossierUnit = new Map(
    (await listDossierUnits(ctx.db, dossierCodes)).map((d) => [d.code, d.unit_code]),
  );
  for (const c of dossierUnit.values()) if (!codes.includes(c)) codes.push(c);
  const today = vietnamDate(now);
  const units = new Map(
    (await listUnitsByCodes(ctx.db, codes))
      .filter(
        (u) =>
          isActiveOn(u, today) &&
          scope.some((s) => isInside(u.path, s.path)) &&
          importer.roots.some((r) => isInside(u.path, r)),
      )
      .map((u) => [u.code, u]),
  );

  const counts: Record<LineOutcome, number> = { ready: 0, known: 0, rated: 0, refused: 0 };
  const lines: ImportLine[] = [];
  const note = (l: ImportLine) => {
    counts[l.outcome] += 1;
    if (l.outcome !== "ready" && lines.length < MAX_REPORTED_LINES) lines.push(l);
  };
  const seenIds = new Map<string, number>();
  const seenDossiers = new Map<string, number>();
  const seenContent = new Map<string, number>();
  const nowIso = now.toISOString();

  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const jobs = chunk.map((row) => {
      if (row.errors.length > 0) {
        for (const e of row.errors) note({ ...lineOf(t, e), outcome: "refused" });
        return null;
      }
      const problem = (
        key: MessageKey,
        params: Record<string, string | number> = {},
        column?: string,
      ) => {
        note({ line: row.line, outcome: "refused", column, message: t(key, params) });
        return null;
      };
      const unitCode =
        row.unitCode ?? (row.dossierCode ? dossierUnit.get(row.dossierCode) : undefined);
      if (!unitCode) return problem("imports.problem.unit_missing", {}, FIXED_COLUMNS.unitCode);
      const unit = units.get(unitCode);
      if (!unit)
        return problem("imports.problem.unit_outside", { code: unitCode }, FIXED_COLUMNS.unitCode);
      if (row.ratedAt && row.ratedAt > nowIso)
        return problem("imports.problem.future_date", {}, FIXED_COLUMNS.ratedAt);
      if (row.dossierCode) {
        const sameDossier = seenDossiers.get(row.dossierCode);
        if (sameDossier !== undefined) {
          note({
            line: row.line,
            outcome: "rated",
            column: FIXED_COLUMNS.dossierCode,
            message: t("imports.problem.duplicate_dossier", {
              code: row.dossierCode,
              other: sameDossier,
            }),
          });
          return null;
        }
        seenDossiers.set(row.dossierCode, row.line);
      }
      const id = rowId(campaign.campaign_id, row, seenContent);
      const sameId = seenIds.get(id);
      if (sameId !== undefined) {
        note({
          line: row.line,
          outcome: "known",
          message: t("imports.problem.duplicate_id", { other: sameId }),
        });
        return null;
      }
      seenIds.set(id, row.line);
      return { row, id, unit };
    });
    const results = await Promise.all(
      jobs.map(async (job) => {
        if (!job) return;
        const { row, id, unit } = job;
        const r = await submitResponse(
          ctx,
          {
            id,
            token: IMPORT_TOKEN,
            answers: row.answers,
            locale: "vi",
            ...(row.dossierCode ? { dossierCode: row.dossierCode } : {}),
          },
          {
            now: row.ratedAt ? new Date(row.ratedAt) : now,
            limiter: NO_LIMIT,
            dryRun: opts.dryRun,
            link: {
              ...campaign,
              token: IMPORT_TOKEN,
              unit_id: unit.id,
              unit_name: unit.name,
              channel: "import",
              // Whoever keyed or collected the form saw every question.
              audience: "surveyor",
              revoked_at: null,
            },
          },
        );
        return { row, r };
      }),
    );
    for (const x of results) {
      if (!x) continue;
      const { row, r } = x;
      if (r.status === 201 || r.status === 202)
        note({ line: row.line, outcome: "ready", message: "" });
      else if (r.status === 200)
        note({ line: row.line, outcome: "known", message: t("imports.problem.known") });
      else if (r.status === 422)
        for (const e of r.body.errors)
          note({ line: row.line, outcome: "refused", column: e.question, message: e.message });
      else if ("error" in r.body)
        note({
          line: row.line,
          outcome: r.status === 409 ? "rated" : "refused",
          column: r.body.error.startsWith("dossier_") ? FIXED_COLUMNS.dossierCode : undefined,
          message: r.body.message,
        });
    }
    // Let other requests run between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Refused lines counted once per line, however many problems they have.
  const refusedLines = new Set(lines.filter((l) => l.outcome === "refused").map((l) => l.line));
  counts.refused = Math.max(
    refusedLines.size,
    rows.length - counts.ready - counts.known - counts.rated,
  );
  const report: ImportReport = {
    fileName: file.name,
    format,
    dryRun: opts.dryRun,
    rows: rows.length,
    counts,
    lines: lines.sort((a, b) => a.line - b.line),
  };
  if (!opts.dryRun)
    await insertAudit(ctx.db, {
      userId: importer.userId,
      action: "import",
      entity: "campaign",
      entityId: campaign.campaign_id,
      unitId: scope[0]?.id ?? null,
      after: {
        file: file.name,
        format,
        rows: rows.length,
        stored: counts.ready,
        known: counts.known,
        rated: counts.rated,
        refused: counts.refused,
        ...(importer.clientName ? { client: importer.clientName } : {}),
      },
    });
  return report;
}

function lineOf(t: ReturnType<typeof translator>, e: LineError): ImportLine {
  return {
    line: e.line,
    outcome: "refused",
    column: e.column,
    message: e.text ?? t(`imports.problem.${e.problem}` as MessageKey, e.params ?? {}),
  };
}

/** The row's id: its own UUID, else a UUID made from its id, dossier code or content. */
function rowId(campaignId: string, row: ImportRow, seen: Map<string, number>): string {
  const own = row.id?.trim();
  if (own && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(own))
    return own.toLowerCase();
  let key: string;
  if (own) key = `id|${own}`;
  else if (row.dossierCode) key = `dossier|${row.dossierCode}`;
  else {
    // Identical rows (two paper forms with the same answers) are told apart by their rank.
    const content = JSON.stringify([row.unitCode ?? "", row.ratedAt ?? "", sorted(row.answers)]);
    const rank = (seen.get(content) ?? 0) + 1;
    seen.set(content, rank);
    key = `row|${content}|${rank}`;
  }
  const h = createHash("sha256").update(`${campaignId}|${key}`).digest("hex");
  // A UUID (version 8: made by the application) from the hash.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function sorted(o: Record<string, unknown>): unknown {
  return Object.keys(o)
    .sort()
    .map((k) => [k, o[k]]);
}

function formatOf(file: ImportFile): ImportFormat {
  const b = file.bytes;
  if (b[0] === 0x50 && b[1] === 0x4b) return "xlsx";
  const name = file.name.toLowerCase();
  if (name.endsWith(".json")) return "json";
  if (name.endsWith(".xlsx")) return "xlsx";
  let i = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return b[i] === 0x5b || b[i] === 0x7b ? "json" : "csv";
}

class Unreadable extends Error {
  constructor(
    readonly status: 413 | 422,
    readonly error: ImportRefusal["error"],
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

async function readRows(
  format: ImportFormat,
  bytes: Uint8Array,
  columns: ReturnType<typeof templateColumns>,
): Promise<{ rows: ImportRow[]; errors: LineError[] }> {
  if (format === "xlsx") {
    const records = await xlsxRecords(bytes);
    const read = rowsFromTable(records, columns);
    const formulas = new Map(records.flatMap((r) => (r.formula ? [[r.line, r.formula]] : [])));
    for (const row of read.rows) {
      const cell = formulas.get(row.line);
      if (cell)
        row.errors.push({ line: row.line, column: cell, problem: "formula", params: { cell } });
    }
    return read;
  }
  const decoded = decodeCsv(bytes);
  if (!decoded.ok)
    throw new Unreadable(422, "unreadable_file", "imports.refused.encoding", {
      line: decoded.error.line,
    });
  if (format === "json") {
    let value: unknown;
    try {
      value = JSON.parse(decoded.text.replace(/^\uFEFF/, ""));
    } catch {
      throw new Unreadable(422, "unreadable_file", "imports.refused.json");
    }
    return rowsFromJson(value, columns);
  }
  const { records, unclosedQuoteLine } = parseCsvRecords(decoded.text);
  if (unclosedQuoteLine !== null)
    throw new Unreadable(422, "unreadable_file", "imports.refused.quote", {
      line: unclosedQuoteLine,
    });
  if (records.length > MAX_IMPORT_ROWS + 1)
    throw new Unreadable(413, "too_many_rows", "imports.refused.tooManyRows", {
      max: MAX_IMPORT_ROWS,
      n: records.length - 1,
    });
  return rowsFromTable(records, columns);
}

/**
 * The sizes a zip's central directory declares: refused when they add up to too much, or when
 * it has too many parts or is a ZIP64 file (no spreadsheet of 5 MB needs either).
 */
export function checkZipSizes(bytes: Uint8Array): "ok" | "too_large" | "unreadable" {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--)
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return "unreadable";
  const entries = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || cdOffset === 0xffffffff || entries > 5000) return "unreadable";
  let total = 0;
  const parts: Array<{ method: number; packed: number; local: number }> = [];
  let p = cdOffset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return "unreadable";
    const unpacked = view.getUint32(p + 24, true);
    if (unpacked === 0xffffffff) return "unreadable";
    total += unpacked;
    if (total > MAX_XLSX_UNPACKED_BYTES) return "too_large";
    parts.push({
      method: view.getUint16(p + 10, true),
      packed: view.getUint32(p + 20, true),
      local: view.getUint32(p + 42, true),
    });
    p +=
      46 +
      view.getUint16(p + 28, true) +
      view.getUint16(p + 30, true) +
      view.getUint16(p + 32, true);
  }
  // A zip may understate its sizes: unpack each part once more here, never past what is left of
  // the limit (zlib stops at maxOutputLength), before exceljs unpacks it without a limit.
  let unpackedSoFar = 0;
  for (const part of parts) {
    const at = part.local;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) return "unreadable";
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    if (start + part.packed > bytes.length) return "unreadable";
    const packed = bytes.subarray(start, start + part.packed);
    if (part.method === 0) unpackedSoFar += packed.length;
    else if (part.method === 8) {
      try {
        unpackedSoFar += inflateRawSync(packed, {
          maxOutputLength: Math.max(1, MAX_XLSX_UNPACKED_BYTES - unpackedSoFar),
        }).length;
      } catch (e) {
        return e instanceof RangeError ? "too_large" : "unreadable";
      }
    } else return "unreadable";
    if (unpackedSoFar > MAX_XLSX_UNPACKED_BYTES) return "too_large";
  }
  return "ok";
}

/** The first sheet's rows as text, read (never computed): a formula cell is a line error. */
async function xlsxRecords(bytes: Uint8Array) {
  const sizes = checkZipSizes(bytes);
  if (sizes === "too_large")
    throw new Unreadable(413, "file_too_large", "imports.refused.unpacked", {
      mb: MAX_XLSX_UNPACKED_BYTES / 1024 / 1024,
    });
  if (sizes === "unreadable") throw new Unreadable(422, "unreadable_file", "imports.refused.xlsx");
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw new Unreadable(422, "unreadable_file", "imports.refused.xlsx");
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new Unreadable(422, "unreadable_file", "imports.refused.xlsx");
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1)
    throw new Unreadable(413, "too_many_rows", "imports.refused.tooManyRows", {
      max: MAX_IMPORT_ROWS,
      n: sheet.rowCount - 1,
    });
  const records: Array<{ line: number; fields: string[]; formula?: string }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const fields: string[] = [];
    let formula: string | undefined;
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const v = cell.value;
      if (v && typeof v === "object" && ("formula" in v || "sharedFormula" in v))
        formula ??= cell.address;
      fields[col - 1] = cellText(v);
    });
    for (let i = 0; i < fields.length; i++) fields[i] ??= "";
    records.push({ line, fields, formula });
  });
  return records;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) {
    // Spreadsheet dates carry the wall time as UTC: written back as the day (and time) keyed.
    const p = (n: number) => String(n).padStart(2, "0");
    return `${p(v.getUTCDate())}/${p(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${p(v.getUTCHours())}:${p(v.getUTCMinutes())}`;
  }
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v && typeof v.text === "string") return v.text;
    return "";
  }
  return String(v);
}
