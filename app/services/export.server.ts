/**
 * Exports for analysts: who may export what (the filter within the user's subtree), the
 * summaries (rates per unit and per element/criterion, all from computeResults over the
 * rollups, as on the results page), and the response stream (CSV, JSON; XLSX in
 * export-xlsx.server.ts) read page by page over response.id, so a million responses are
 * never in memory at once.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { findCampaign, listCampaignScope } from "#db/queries/campaigns";
import { listResponsePage, sumRollupsByUnit, type ResponseFilter } from "#db/queries/exports";
import type { RollupFilter } from "#db/rollups/read";
import {
  campaignHasDossierRatings,
  dossiersOfResponses,
  type RatedDossier,
} from "#db/queries/dossiers";
import { listUnitsUnder } from "#db/queries/unit-tree";
import { findUnit } from "#db/queries/units";
import type { Campaign } from "#db/schema";
import type { Grant } from "~/domain/access";
import { csvLine, UTF8_BOM, type CellValue, type Delimiter } from "~/domain/csv";
import {
  answerCells,
  answerColumns,
  DOSSIER_COLUMNS,
  FLAG_COLUMN,
  META_COLUMNS,
  toVietnamIso,
  vietnamWallClock,
  type AnswerColumn,
  type ExportVariant,
} from "~/domain/export-columns";
import type { ExportFilter } from "~/domain/export-filter";
import { localize } from "~/domain/questionnaire";
import type { MessageKey } from "~/utils/i18n";
import {
  addCounts,
  computeResults,
  emptyCounts,
  type CountTable,
  type QuestionnaireResult,
} from "~/domain/scoring";
import { loadVersion, type AppContext, type LoadedVersion } from "./context.server";
import { judge, type TargetStatus } from "~/domain/targets";
import { channelLabel, dossierChannelLabel } from "~/utils/labels";
import {
  campaignTargetOf,
  findCampaignResults,
  readableScopes,
  toCountTable,
} from "./results.server";

/** Responses per keyset page: big enough to amortise a query, small in memory (~1 MB). */
export const PAGE_SIZE = 2000;

export interface ExportUnit {
  id: string;
  code: string;
  name: string;
  kind: string;
  path: string;
}

export interface ResolvedExport {
  campaign: Campaign;
  version: LoadedVersion;
  filter: ExportFilter;
  /** The subtree exported: a unit, or null for the whole campaign. */
  unit: ExportUnit | null;
  /** Paths of the campaign's scope roots (the whole campaign's units are under them). */
  scopeRoots: string[];
  /** What the rollups are filtered by: the same filter the results page uses. */
  rollupFilter: RollupFilter;
  responseFilter: ResponseFilter;
  /** Some responses rate dossiers: the dossier's columns are added. */
  dossiers?: boolean;
}

export type Resolution =
  { ok: true; value: ResolvedExport } | { ok: false; status: 403 | 404; message: MessageKey };

const NOT_FOUND = "link.error.campaign" satisfies MessageKey;
const FORBIDDEN = "exports.error.campaign" satisfies MessageKey;
const FORBIDDEN_UNIT = "exports.error.unit" satisfies MessageKey;

/**
 * The filter applied within what the grants may export ("results.export" over a
 * subtree). A campaign the user cannot even read answers 404 (its existence is not told);
 * one they read but may not export, 403; a unit outside their reach, 403. Without a unit
 * the first part they may export is taken, as on the results page.
 */
export async function resolveExport(
  ctx: AppContext,
  grants: readonly Grant[],
  filter: ExportFilter,
): Promise<Resolution> {
  const campaign = await findCampaign(ctx.db, filter.campaignId);
  if (!campaign) return { ok: false, status: 404, message: NOT_FOUND };
  const readable = await readableScopes(ctx, campaign.id, grants);
  if (readable.length === 0) return { ok: false, status: 404, message: NOT_FOUND };
  const exportable = await readableScopes(ctx, campaign.id, grants, "results.export");
  if (exportable.length === 0) return { ok: false, status: 403, message: FORBIDDEN };
  const scopeRoots = (await listCampaignScope(ctx.db, campaign.id)).map((u) => u.path);

  let unit: ExportUnit | null = null;
  if (filter.unitId) {
    const u = await findUnit(ctx.db, filter.unitId);
    if (!u) return { ok: false, status: 404, message: "link.error.unit" };
    const allowed = exportable.some((s) =>
      s.path === null ? scopeRoots.some((r) => u.path.startsWith(r)) : u.path.startsWith(s.path),
    );
    if (!allowed) return { ok: false, status: 403, message: FORBIDDEN_UNIT };
    unit = { id: u.id, code: u.code, name: u.name, kind: u.kind, path: u.path };
  } else if (exportable[0]!.path !== null) {
    const u = (await findUnit(ctx.db, exportable[0]!.value))!;
    unit = { id: u.id, code: u.code, name: u.name, kind: u.kind, path: u.path };
  }
  const version = await loadVersion(ctx, campaign.questionnaire_version_id);
  if (!version)
    throw new Error(`questionnaire version ${campaign.questionnaire_version_id} missing`);
  const rollupFilter: RollupFilter = {
    campaignId: campaign.id,
    ...(unit ? { unitPath: unit.path } : {}),
    ...(filter.periodFrom ? { periodFrom: filter.periodFrom } : {}),
    ...(filter.periodTo ? { periodTo: filter.periodTo } : {}),
    ...(filter.channel ? { channel: filter.channel } : {}),
  };
  return {
    ok: true,
    value: {
      campaign,
      version,
      filter,
      unit,
      scopeRoots,
      rollupFilter,
      responseFilter: { ...rollupFilter, includeFlagged: filter.includeFlagged },
      dossiers: await campaignHasDossierRatings(ctx.db, campaign.id),
    },
  };
}

/** The units an export covers (the chosen subtree, or every scope root's), in tree order. */
export function listExportUnits(ctx: AppContext, r: ResolvedExport) {
  return listUnitsUnder(ctx.db, r.unit ? [r.unit.path] : r.scopeRoots);
}

export interface UnitSummary {
  unit: ExportUnit & { parentId: string | null; depth: number };
  responses: number;
  result: QuestionnaireResult;
  /** Against the campaign's target, on the 95 % interval of the metric it is set on. */
  status: TargetStatus;
}

export interface ExportSummary {
  /** The whole filtered scope: exactly what the results page shows for the same filter. */
  result: QuestionnaireResult;
  /** Every unit with responses in its subtree (the unit and everything below it). */
  units: UnitSummary[];
}

/**
 * Results for the filtered scope and for each unit's subtree, from one grouped rollup
 * query: each unit's own counts are added to every listed ancestor, then scored.
 */
export async function summariseExport(ctx: AppContext, r: ResolvedExport): Promise<ExportSummary> {
  const found = await findCampaignResults(ctx, r.campaign.id, r.rollupFilter);
  if (!found) throw new Error(`campaign ${r.campaign.id} vanished`);
  const units = await listExportUnits(ctx, r);
  const byId = new Map(units.map((u) => [u.id, u]));
  const own = new Map<string, Array<{ question: string; value: string; count: number }>>();
  for (const row of await sumRollupsByUnit(ctx.db, r.rollupFilter)) {
    let list = own.get(row.unit_id);
    if (!list) own.set(row.unit_id, (list = []));
    list.push({ question: row.question, value: row.value, count: Number(row.count) });
  }
  const totals = new Map<string, { counts: CountTable; responses: number }>();
  for (const [unitId, rows] of own) {
    const unit = byId.get(unitId);
    if (!unit) continue;
    const { counts, responses } = toCountTable(rows);
    for (const ancestorId of unit.path.split("/").filter(Boolean)) {
      if (!byId.has(ancestorId)) continue;
      let t = totals.get(ancestorId);
      if (!t) totals.set(ancestorId, (t = { counts: emptyCounts(), responses: 0 }));
      t.responses += responses;
      addCounts(t.counts, counts);
    }
  }
  const topDepth = Math.min(...units.map((u) => depthOf(u.path)));
  const target = campaignTargetOf(r.campaign);
  const summaries: UnitSummary[] = [];
  for (const u of units) {
    const t = totals.get(u.id);
    if (!t || t.responses === 0) continue;
    const result = computeResults(r.version.definition, t.counts, t.responses, {
      minN: r.campaign.min_n,
    });
    summaries.push({
      unit: {
        id: u.id,
        code: u.code,
        name: u.name,
        kind: u.kind,
        path: u.path,
        parentId: u.parent_id,
        depth: depthOf(u.path) - topDepth,
      },
      responses: t.responses,
      result,
      status: judge(result.overall, target, result.maxPoints),
    });
  }
  return { result: found.result, units: summaries };
}

const depthOf = (path: string) => path.split("/").filter(Boolean).length;

// ---- Streams ------------------------------------------------------------------------------

export type ExportFormat = "csv" | "csv-labels" | "xlsx" | "json";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["csv", "csv-labels", "xlsx", "json"];

export interface StreamOptions {
  locale?: "vi" | "en";
  delimiter?: Delimiter;
  /** Stops reading the database when the client goes away. */
  signal?: AbortSignal;
  /** Waits while the HTTP response's buffer is full (Remix's adapter ignores backpressure). */
  sink?: Writable;
  pageSize?: number;
}

export interface ResponseRow {
  id: string;
  unit_id: string;
  channel: string;
  period: string;
  submitted_at: string;
  locale: string;
  answers: string;
  flag_reason: string | null;
  /** The dossier the response rated (campaigns with dossier ratings). */
  dossier?: RatedDossier;
}

/** The filtered responses, one keyset page at a time. */
export async function* responsePages(
  ctx: AppContext,
  f: ResponseFilter,
  opts: { pageSize?: number; signal?: AbortSignal } = {},
): AsyncGenerator<ResponseRow[]> {
  const size = opts.pageSize ?? PAGE_SIZE;
  const dossiers = await campaignHasDossierRatings(ctx.db, f.campaignId);
  let after = "";
  for (;;) {
    if (opts.signal?.aborted) return;
    const page: ResponseRow[] = await listResponsePage(ctx.db, f, after, size);
    if (page.length === 0) return;
    if (dossiers) {
      const rated = await dossiersOfResponses(
        ctx.db,
        page.map((r) => r.id),
      );
      for (const r of page) r.dossier = rated.get(r.id);
    }
    yield page;
    if (page.length < size) return;
    after = page[page.length - 1]!.id;
  }
}

/** Headers and per-row cells shared by the CSV and XLSX response tables. */
export class ResponseTable {
  readonly columns: AnswerColumn[];
  private readonly units: Map<string, { code: string; name: string }>;

  constructor(
    r: ResolvedExport,
    units: Array<{ id: string; code: string; name: string }>,
    readonly variant: ExportVariant,
    readonly locale: "vi" | "en" = "vi",
    /**
     * For people rather than programs: channels by name (the labels variant does this too),
     * and the submission time as a date-time value in Vietnam time (a spreadsheet cell).
     */
    readonly readable: { channelNames?: boolean; dates?: boolean } = {},
  ) {
    this.columns = answerColumns(r.version.definition, r.version.compiled, locale);
    this.units = new Map(units.map((u) => [u.id, { code: u.code, name: u.name }]));
    this.withFlag = r.filter.includeFlagged;
    this.withDossiers = r.dossiers === true;
    this.channelNames = variant === "labels" || readable.channelNames === true;
  }

  private readonly channelNames: boolean;

  readonly withFlag: boolean;

  readonly withDossiers: boolean;

  header(): string[] {
    const meta = [
      ...META_COLUMNS,
      ...(this.withFlag ? [FLAG_COLUMN] : []),
      ...(this.withDossiers ? DOSSIER_COLUMNS : []),
    ];
    const lz = (c: (typeof meta)[number]) => (this.variant === "labels" ? c[this.locale] : c.key);
    return [
      ...meta.map(lz),
      ...this.columns.map((c) => (this.variant === "labels" ? c.label : c.key)),
    ];
  }

  cells(row: ResponseRow): CellValue[] {
    const unit = this.units.get(row.unit_id);
    let answers: Record<string, unknown>;
    try {
      answers = JSON.parse(row.answers) as Record<string, unknown>;
    } catch {
      answers = {};
    }
    const meta: CellValue[] = [
      row.id,
      this.readable.dates ? vietnamWallClock(row.submitted_at) : toVietnamIso(row.submitted_at),
      row.period,
      unit?.code ?? row.unit_id,
      unit?.name ?? "",
      this.channelNames ? channelLabel(this.locale, row.channel) : row.channel,
      row.locale,
    ];
    if (this.withFlag) meta.push(row.flag_reason ?? "");
    if (this.withDossiers) {
      const d = row.dossier;
      meta.push(
        d?.code ?? "",
        d?.procedure_code ?? "",
        d ? (this.channelNames ? dossierChannelLabel(this.locale, d.channel) : d.channel) : "",
        d?.counter ?? "",
        d?.officer ?? "",
      );
    }
    return [...meta, ...answerCells(this.columns, answers, this.variant)];
  }
}

/** CSV (UTF-8 with BOM, CRLF): the header, then one line per response. */
export async function* csvChunks(
  ctx: AppContext,
  r: ResolvedExport,
  variant: ExportVariant,
  opts: StreamOptions = {},
): AsyncGenerator<string> {
  const table = new ResponseTable(r, await listExportUnits(ctx, r), variant, opts.locale);
  const d = opts.delimiter ?? ",";
  yield UTF8_BOM + csvLine(table.header(), d);
  for await (const page of responsePages(ctx, r.responseFilter, opts)) {
    let out = "";
    for (const row of page) out += csvLine(table.cells(row), d);
    yield out;
  }
}

/**
 * JSON: the campaign, the filter, the columns, then `responses` as stored (answers
 * exactly as accepted, keyed by question name), written as it is read.
 */
export async function* jsonChunks(
  ctx: AppContext,
  r: ResolvedExport,
  opts: StreamOptions = {},
): AsyncGenerator<string> {
  const units = await listExportUnits(ctx, r);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const locale = opts.locale ?? "vi";
  const columns = answerColumns(r.version.definition, r.version.compiled, locale);
  const head = {
    campaign: { id: r.campaign.id, title: r.campaign.title, targetPct: r.campaign.target_pct },
    questionnaire: {
      slug: r.version.slug,
      version: r.version.version,
      title: localize(r.version.definition.meta.title, locale),
      verification: r.version.definition.meta.verification,
    },
    unit: r.unit ? { id: r.unit.id, code: r.unit.code, name: r.unit.name } : null,
    filter: r.filter,
    generatedAt: new Date().toISOString(),
    columns: columns.map((c) => ({
      key: c.key,
      label: c.label,
      question: c.question,
      ...(c.row !== undefined ? { row: c.row } : {}),
    })),
  };
  const text = JSON.stringify(head);
  yield `${text.slice(0, -1)},"responses":[`;
  let first = true;
  for await (const page of responsePages(ctx, r.responseFilter, opts)) {
    let out = "";
    for (const row of page) {
      const u = unitById.get(row.unit_id);
      const meta = JSON.stringify({
        id: row.id,
        submittedAt: row.submitted_at,
        period: row.period,
        unitCode: u?.code ?? null,
        unitName: u?.name ?? null,
        channel: row.channel,
        locale: row.locale,
        ...(r.filter.includeFlagged ? { flagReason: row.flag_reason } : {}),
        ...(row.dossier
          ? {
              dossier: {
                code: row.dossier.code,
                procedureCode: row.dossier.procedure_code,
                channel: row.dossier.channel,
                counter: row.dossier.counter,
                officer: row.dossier.officer,
              },
            }
          : {}),
      });
      // The stored answers are JSON the API accepted: embedded as they are.
      out += `${first ? "\n" : ",\n"}${meta.slice(0, -1)},"answers":${row.answers}}`;
      first = false;
    }
    yield out;
  }
  yield "\n]}\n";
}

/** Resolves when the sink can take more (or is gone). */
export async function waitForDrain(sink: Writable | undefined) {
  if (!sink || !sink.writableNeedDrain || sink.destroyed) return;
  const ac = new AbortController();
  await Promise.race([
    once(sink, "drain", { signal: ac.signal }).catch(() => undefined),
    once(sink, "close", { signal: ac.signal }).catch(() => undefined),
  ]);
  ac.abort();
}

/**
 * A byte stream pulled chunk by chunk: nothing is read from the database before the
 * consumer asks for it, and nothing more while the HTTP sink is full.
 */
export function toByteStream(
  chunks: AsyncGenerator<string | Uint8Array>,
  opts: Pick<StreamOptions, "signal" | "sink"> = {},
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (opts.signal?.aborted) {
            await chunks.return(undefined);
            controller.close();
            return;
          }
          await waitForDrain(opts.sink);
          const { value, done } = await chunks.next();
          if (done) controller.close();
          else controller.enqueue(typeof value === "string" ? enc.encode(value) : value);
        } catch (e) {
          console.error("export failed:", (e as Error).message);
          controller.error(e);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

export function contentDisposition(filename: string) {
  const ascii = filename
    .normalize("NFD")
    .replace(/[^\x20-\x7e]/g, "")
    .replace(/["\\]/g, "");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** hai-long-<campaign id>-<from>_<to>.<ext>: plain ASCII, sortable. */
export function exportFilename(r: ResolvedExport, ext: string, suffix = "") {
  const parts = ["hai-long", r.campaign.id.slice(0, 8)];
  if (r.unit) parts.push(r.unit.code);
  if (r.filter.periodFrom || r.filter.periodTo)
    parts.push(`${r.filter.periodFrom ?? ""}_${r.filter.periodTo ?? ""}`);
  if (suffix) parts.push(suffix);
  return `${parts.join("-").replace(/[^A-Za-z0-9._-]/g, "")}.${ext}`;
}

/** A page of the export's raw responses after the id `after`, oldest first. */
export const listResponsePageOf = (
  ctx: AppContext,
  r: ResolvedExport,
  after: string,
  limit: number,
) => listResponsePage(ctx.db, r.responseFilter, after, limit);
