/**
 * XLSX export with exceljs's streaming WorkbookWriter: the small sheets (summary by
 * element and criterion, by unit, method, codebook) are written first from the
 * rollups, then the responses sheet row by row from keyset pages; rows are committed
 * as they are written and the producer waits while the output is not being read, so
 * memory stays flat whatever the number of responses.
 */
import ExcelJS from "exceljs";
import { PassThrough, Readable } from "node:stream";
import { neutralizeFormula, type CellValue } from "~/domain/csv";
import {
  basisText,
  figureView,
  indexOf,
  type FigureColumns,
  type FigureView,
  type PartsKind,
} from "~/domain/figures";
import { figureColumns, methodSentences, sourceFootnote } from "~/domain/method-text";
import { localize, type QuestionnaireDefinition } from "~/domain/questionnaire";
import type { GroupResult, ItemResult, QuestionnaireResult } from "~/domain/scoring";
import { formatDate, formatDateTime, formatPercent, translator } from "~/utils/i18n";
import { channelLabel, methodLabel } from "~/utils/labels";
import {
  responsePages,
  ResponseTable,
  summariseExport,
  listExportUnits,
  waitForDrain,
  type ExportSummary,
  type ResolvedExport,
  type StreamOptions,
} from "./export.server";
import { writeChannelSheet } from "./channel-sheet.server";
import type { AppContext } from "./context.server";
import { campaignTargetOf, overallParts, SHOWN_BESIDE_OVERALL } from "./results.server";

/** Excel's row limit is 1,048,576: the responses continue on a further sheet past it. */
export const MAX_SHEET_ROWS = 1_048_575;

const PCT = "0.0%";
const POINTS = "0.00";

function safe(v: CellValue): ExcelJS.CellValue {
  if (v === undefined) return null;
  return typeof v === "string" ? neutralizeFormula(v) : v;
}

const bold = { font: { bold: true } } as const;

/** What the summary sheets show of a figure, in the columns of figureHead. */
function figureCells(
  f: FigureView,
  cols: FigureColumns,
  parts: PartsKind | undefined,
): ExcelJS.CellValue[] {
  const t = translator("vi");
  const counted = f.basis !== "mean";
  return [
    f.n,
    f.basis === "mean"
      ? basisText(f, t, "vi", parts, true)
      : t(f.basis === "respondents" ? "xlsx.basis.respondents" : "xlsx.basis.answers"),
    counted ? f.satisfied : null,
    counted ? f.answers : null,
    f.rate,
    f.low,
    f.high,
    f.sufficient ? "Có" : "Không",
    ...(cols.index ? [indexOf(f, cols.maxPoints).rate] : []),
    f.top,
    f.mean,
  ];
}

function figureHead(cols: FigureColumns): string[] {
  const t = translator("vi");
  return [
    t("figure.forms"),
    t("xlsx.basis"),
    t("xlsx.satisfied"),
    t("xlsx.valid"),
    t("figure.rate"),
    t("xlsx.low"),
    t("xlsx.high"),
    t("xlsx.sufficient"),
    ...(cols.index ? [t("figure.index")] : []),
    t("figure.top", { label: cols.topLabel }),
    t("figure.mean"),
  ];
}

/** Column formats of figureHead's columns. */
function figureFormats(cols: FigureColumns): Array<Partial<ExcelJS.Column>> {
  return [
    { width: 9 },
    { width: 22 },
    { width: 12 },
    { width: 12 },
    { width: 11, style: { numFmt: PCT } },
    { width: 10, style: { numFmt: PCT } },
    { width: 10, style: { numFmt: PCT } },
    { width: 9 },
    ...(cols.index ? [{ width: 11, style: { numFmt: PCT } }] : []),
    { width: 11, style: { numFmt: PCT } },
    { width: 9, style: { numFmt: POINTS } },
  ];
}

/** The workbook as a byte stream; `who` and `now` go on the method sheet. */
export function xlsxStream(
  ctx: AppContext,
  r: ResolvedExport,
  opts: StreamOptions & { who?: string; now?: Date } = {},
): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
    // Fast deflate: the sheet XML compresses ~10× even so, and level 6 costs twice the CPU.
    zip: { zlib: { level: 1 } },
  });
  wb.creator = "Hài Lòng";
  const produce = async () => {
    const summary = await summariseExport(ctx, r);
    const cols = figureColumns(
      r.version.definition,
      summary.result,
      "vi",
      campaignTargetOf(r.campaign)?.metric ?? null,
    );
    await writeSummarySheet(wb, r, summary.result, cols);
    await writeUnitSheet(wb, r, summary, cols);
    await writeChannelSheet(wb, ctx, r);
    await writeMethodSheet(wb, r, summary.result, opts.who, opts.now ?? new Date());
    const table = new ResponseTable(r, await listExportUnits(ctx, r), "codes", opts.locale, {
      channelNames: true,
      dates: true,
    });
    await writeCodebookSheet(wb, r.version.definition, table, opts.locale ?? "vi");
    let sheetNo = 1;
    let ws = addResponseSheet(wb, table, sheetNo);
    let rows = 1;
    for await (const page of responsePages(ctx, r.responseFilter, opts)) {
      for (const row of page) {
        if (rows >= MAX_SHEET_ROWS) {
          await ws.commit();
          ws = addResponseSheet(wb, table, ++sheetNo);
          rows = 1;
        }
        ws.addRow(table.cells(row).map(safe)).commit();
        rows++;
      }
      // Backpressure: exceljs → zip → `out`; wait until the reader has taken what is there.
      await waitForZip(ws as unknown as { stream: unknown });
      await waitForDrain(out);
      await waitForDrain(opts.sink);
      if (opts.signal?.aborted) break;
    }
    await ws.commit();
    await wb.commit();
  };
  produce().catch((e: Error) => {
    console.error("xlsx export failed:", e.message);
    out.destroy(e);
  });
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}

/**
 * exceljs's sheet buffer writes into the zip entry without heeding backpressure, so
 * committed rows would pile up, uncompressed, in front of deflate (~1 GB for a million
 * rows). Wait until the zip entry has taken them. The entry is archiver's own stream
 * (readable-stream, whose state is not on the public Writable fields).
 */
const ZIP_BACKLOG = 4 << 20;

async function waitForZip(ws: { stream: unknown }) {
  const pipes = (ws.stream as { pipes?: NodeJS.EventEmitter[] }).pipes ?? [];
  for (const p of pipes) {
    const state = (p as unknown as { _writableState?: { length: number } })._writableState;
    while (state && state.length > ZIP_BACKLOG) {
      await new Promise<void>((resolve) => {
        const done = () => {
          p.off("drain", done);
          p.off("close", done);
          p.off("error", done);
          resolve();
        };
        p.once("drain", done);
        p.once("close", done);
        p.once("error", done);
      });
    }
  }
}

function addResponseSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, table: ResponseTable, n: number) {
  const t = translator("vi");
  const ws = wb.addWorksheet(n === 1 ? "Phiếu trả lời" : `Phiếu trả lời (${n})`, {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  // submitted_at: a date-time cell in Vietnam time (see ResponseTable's `dates`).
  ws.getColumn(2).numFmt = "dd/mm/yyyy hh:mm:ss";
  ws.getColumn(2).width = 20;
  const header = ws.addRow(table.header().map((h, i) => (i === 1 ? t("xlsx.submittedAt") : h)));
  header.font = { bold: true };
  header.commit();
  return ws;
}

function infoRows(r: ResolvedExport): Array<[string, ExcelJS.CellValue]> {
  const meta = r.version.definition.meta;
  return [
    ["Đợt khảo sát", r.campaign.title],
    ["Phiếu khảo sát", `${localize(meta.title, "vi")} (v${r.version.version})`],
    ["Phạm vi", r.unit ? `${r.unit.name} (${r.unit.code})` : "Toàn bộ đợt khảo sát"],
    ["Từ tháng", r.filter.periodFrom ?? "(đầu đợt)"],
    ["Đến tháng", r.filter.periodTo ?? "(cuối đợt)"],
    ["Kênh", r.filter.channel ? channelLabel("vi", r.filter.channel) : "(mọi kênh)"],
    [
      "Phiếu gắn cờ",
      r.filter.includeFlagged ? "có trong bảng phiếu, không tính vào tỷ lệ" : "không xuất",
    ],
  ];
}

async function writeSummarySheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  r: ResolvedExport,
  result: QuestionnaireResult,
  cols: FigureColumns,
) {
  const ws = wb.addWorksheet("Theo yếu tố - tiêu chí");
  ws.columns = [{ width: 12 }, { width: 10 }, { width: 60 }, ...figureFormats(cols)];
  for (const [k, v] of infoRows(r)) ws.addRow([k, null, safe(v as CellValue)]).commit();
  ws.addRow(["Số phiếu", null, result.responses]).commit();
  ws.addRow([]).commit();
  const head = ws.addRow(["Loại", "Mã", "Nội dung", ...figureHead(cols)]);
  head.font = bold.font;
  head.commit();
  const group = (kind: string, g: GroupResult | ItemResult, parts?: PartsKind) =>
    ws
      .addRow([
        kind,
        g.code,
        safe(localize(g.title, "vi")),
        ...figureCells(figureView(g), cols, parts),
      ])
      .commit();
  ws.addRow([
    "Tổng thể",
    "",
    "Toàn bộ phiếu",
    ...figureCells(figureView(result.overall), cols, overallParts(result.options)),
  ]).commit();
  for (const a of result.aspects) group("Khía cạnh", a, "elements");
  for (const e of result.elements) group("Yếu tố", e, "items");
  for (const i of result.items) group("Tiêu chí", i);
  const others = result.indicators.filter((i) => !SHOWN_BESIDE_OVERALL.has(i.code));
  if (others.length > 0) {
    ws.addRow([]).commit();
    const h = ws.addRow([
      "Chỉ số khác",
      "",
      "Nội dung",
      "Cỡ mẫu",
      "Đơn vị đo",
      null,
      null,
      "Giá trị",
      "Cận dưới 95%",
      "Cận trên 95%",
      "Đủ số phiếu",
    ]);
    h.font = bold.font;
    h.commit();
    for (const ind of others) {
      const row = ws.addRow([
        "Chỉ số khác",
        "",
        safe(localize(ind.title, "vi") + (ind.label ? ` — ${localize(ind.label, "vi")}` : "")),
        ind.n,
        ind.unit === "proportion" ? "tỷ lệ" : `điểm${ind.max !== undefined ? ` / ${ind.max}` : ""}`,
        null,
        null,
        ind.value,
        ind.low ?? null,
        ind.high ?? null,
        ind.sufficient ? "Có" : "Không",
      ]);
      const fmt = ind.unit === "points" ? POINTS : PCT;
      for (const c of [8, 9, 10]) row.getCell(c).numFmt = fmt;
      row.commit();
    }
  }
  await ws.commit();
}

async function writeUnitSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  r: ResolvedExport,
  summary: ExportSummary,
  cols: FigureColumns,
) {
  const t = translator("vi");
  const ws = wb.addWorksheet("Theo đơn vị", { views: [{ state: "frozen", ySplit: 1 }] });
  const elements = summary.result.elements;
  const target = campaignTargetOf(r.campaign);
  const parts = overallParts(summary.result.options);
  ws.columns = [
    { width: 18 },
    { width: 45 },
    { width: 6 },
    { width: 10 },
    ...figureFormats(cols),
    { width: 28 },
    { width: 18 },
    ...elements.map(() => ({ width: 10, style: { numFmt: PCT } })),
  ];
  const head = ws.addRow([
    "Mã đơn vị",
    "Đơn vị",
    "Cấp",
    "Số phiếu nhận",
    ...figureHead(cols),
    "Chỉ tiêu",
    "So với chỉ tiêu",
    ...elements.map((e) => `${e.code}. ${localize(e.title, "vi")}`),
  ]);
  head.font = bold.font;
  head.commit();
  const targetText = target
    ? `${t(`target.metric.${target.metric}`)} ${t(target.comparator === "gt" ? "target.gt" : "target.gte")} ${formatPercent(target.value, "vi", 0)}`
    : null;
  for (const u of summary.units) {
    ws.addRow([
      safe(u.unit.code),
      safe(`${"  ".repeat(u.unit.depth)}${u.unit.name}`),
      u.unit.depth,
      u.responses,
      ...figureCells(figureView(u.result.overall), cols, parts),
      targetText,
      target ? t(`dash.status.${u.status}`) : null,
      ...elements.map((e) => {
        const x = u.result.elements.find((y) => y.code === e.code);
        return x && x.sufficient ? x.rate : null;
      }),
    ]).commit();
  }
  await ws.commit();
}

async function writeMethodSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  r: ResolvedExport,
  result: QuestionnaireResult,
  who: string | undefined,
  now: Date,
) {
  const ws = wb.addWorksheet("Phương pháp");
  ws.columns = [{ width: 30 }, { width: 100 }];
  const meta = r.version.definition.meta;
  const target = campaignTargetOf(r.campaign);
  const t = translator("vi");
  const rows: Array<[string, ExcelJS.CellValue]> = [
    ["Phiếu khảo sát", localize(meta.title, "vi")],
    ["Phiên bản", r.version.version],
    ["Văn bản ban hành", meta.issuedBy ?? ""],
    ["Số mẫu phiếu", meta.formNumber ?? ""],
    ["Áp dụng từ", meta.validFrom ? formatDate(`${meta.validFrom}T00:00:00+07:00`) : ""],
    ["Nguồn và mức độ xác minh", sourceFootnote(meta, "vi")],
    ["Ghi chú về phiếu", meta.note ? localize(meta.note, "vi") : ""],
    ["Mục tài liệu tham chiếu", meta.referenceSection ?? ""],
    ["Cách tính", methodLabel("vi", result.method)],
    ...methodSentences(r.version.definition, result, "vi").map(
      (f, i): [string, ExcelJS.CellValue] => [i === 0 ? "Phương pháp" : "", f],
    ),
    ["Số phiếu tối thiểu", result.minN],
    [
      "Chỉ tiêu",
      target
        ? `${t(`target.metric.${target.metric}`)} ${t(target.comparator === "gt" ? "target.gt" : "target.gte")} ${formatPercent(target.value, "vi", 0)}`
        : "không đặt",
    ],
    ...result.warnings.map((w, i): [string, ExcelJS.CellValue] => [
      i === 0 ? "Cấu hình chưa dùng được" : "",
      w,
    ]),
    ...infoRows(r),
    ["Thời điểm xuất", formatDateTime(now)],
    ["Người xuất", who ?? ""],
  ];
  for (const [k, v] of rows) {
    const row = ws.addRow([k, safe(v as CellValue)]);
    row.getCell(1).font = bold.font;
    row.getCell(2).alignment = { wrapText: true, vertical: "top", horizontal: "left" };
    row.commit();
  }
  await ws.commit();
}

async function writeCodebookSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  _definition: QuestionnaireDefinition,
  table: ResponseTable,
  _locale: string,
) {
  const ws = wb.addWorksheet("Mã câu hỏi");
  ws.columns = [{ width: 16 }, { width: 16 }, { width: 10 }, { width: 60 }, { width: 60 }];
  const head = ws.addRow(["Cột", "Câu hỏi", "Hàng", "Nội dung", "Giá trị = nhãn"]);
  head.font = bold.font;
  head.commit();
  for (const c of table.columns) {
    ws.addRow([
      safe(c.key),
      safe(c.question),
      safe(c.row ?? ""),
      safe(c.label),
      safe([...c.labels].map(([v, l]) => `${v} = ${l}`).join("; ")),
    ]).commit();
  }
  await ws.commit();
}
