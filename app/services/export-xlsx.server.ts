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
import { METHOD_FORMULAS, COMMON_FORMULAS } from "~/domain/export-method";
import { localize, type QuestionnaireDefinition } from "~/domain/questionnaire";
import type { GroupResult, ItemResult, QuestionnaireResult, Rate } from "~/domain/scoring";
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
import type { AppContext } from "./context.server";

/** Excel's row limit is 1,048,576: the responses continue on a further sheet past it. */
export const MAX_SHEET_ROWS = 1_048_575;

const VERIFICATION: Record<string, string> = {
  official: "Văn bản chính thức",
  transcribed: "Chép lại từ nguồn thứ ba, cần đối chiếu bản ký",
  paraphrase: "Diễn giải, chưa phải lời văn chính thức",
};

const PCT = "0.0%";

function safe(v: CellValue): ExcelJS.CellValue {
  if (v === undefined) return null;
  return typeof v === "string" ? neutralizeFormula(v) : v;
}

const bold = { font: { bold: true } } as const;

function rateCells(r: Rate): ExcelJS.CellValue[] {
  return [r.n, r.satisfied, r.answers, r.rate, r.low, r.high, r.sufficient ? "Có" : "Không"];
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
    await writeSummarySheet(wb, r, summary.result);
    await writeUnitSheet(wb, r, summary);
    await writeMethodSheet(wb, r, summary.result, opts.who, opts.now ?? new Date());
    const table = new ResponseTable(r, await listExportUnits(ctx, r), "codes", opts.locale);
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
  const ws = wb.addWorksheet(n === 1 ? "Phiếu trả lời" : `Phiếu trả lời (${n})`, {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  const header = ws.addRow(table.header());
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
    ["Kênh", r.filter.channel ?? "(mọi kênh)"],
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
) {
  const ws = wb.addWorksheet("Theo yếu tố - tiêu chí");
  ws.columns = [
    { width: 12 },
    { width: 10 },
    { width: 60 },
    { width: 8 },
    { width: 12 },
    { width: 12 },
    { width: 10, style: { numFmt: PCT } },
    { width: 10, style: { numFmt: PCT } },
    { width: 10, style: { numFmt: PCT } },
    { width: 10 },
    { width: 10 },
  ];
  for (const [k, v] of infoRows(r)) ws.addRow([k, null, safe(v as CellValue)]).commit();
  ws.addRow(["Số phiếu", null, result.responses]).commit();
  ws.addRow([]).commit();
  const head = ws.addRow([
    "Loại",
    "Mã",
    "Nội dung",
    "n",
    "Số trả lời hài lòng",
    "Số trả lời hợp lệ",
    "Tỷ lệ hài lòng",
    "Cận dưới 95%",
    "Cận trên 95%",
    "Đủ số phiếu",
    "Điểm TB",
  ]);
  head.font = bold.font;
  head.commit();
  const group = (kind: string, g: GroupResult | ItemResult) =>
    ws.addRow([kind, g.code, safe(localize(g.title, "vi")), ...rateCells(g), g.mean]).commit();
  ws.addRow(["Tổng thể", "", "Toàn bộ phiếu", ...rateCells(result.overall), null]).commit();
  for (const a of result.aspects) group("Khía cạnh", a);
  for (const e of result.elements) group("Yếu tố", e);
  for (const i of result.items) group("Tiêu chí", i);
  if (result.indicators.length > 0) {
    ws.addRow([]).commit();
    const h = ws.addRow([
      "Chỉ số",
      "Mã",
      "Nội dung",
      "n",
      "",
      "",
      "Giá trị",
      "Cận dưới",
      "Cận trên",
      "Đủ số phiếu",
      "Đơn vị",
    ]);
    h.font = bold.font;
    h.commit();
    for (const ind of result.indicators) {
      const row = ws.addRow([
        ind.group,
        ind.code,
        safe(localize(ind.title, "vi") + (ind.label ? ` — ${localize(ind.label, "vi")}` : "")),
        ind.n,
        null,
        null,
        ind.value,
        ind.low ?? null,
        ind.high ?? null,
        ind.sufficient ? "Có" : "Không",
        ind.unit === "proportion" ? "tỷ lệ" : `điểm${ind.max !== undefined ? ` / ${ind.max}` : ""}`,
      ]);
      if (ind.unit === "points") for (const c of [7, 8, 9]) row.getCell(c).numFmt = "0.00";
      row.commit();
    }
  }
  await ws.commit();
}

async function writeUnitSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  r: ResolvedExport,
  summary: ExportSummary,
) {
  const ws = wb.addWorksheet("Theo đơn vị", { views: [{ state: "frozen", ySplit: 1 }] });
  const elements = summary.result.elements;
  ws.columns = [
    { width: 18 },
    { width: 45 },
    { width: 6 },
    { width: 10 },
    { width: 10, style: { numFmt: PCT } },
    { width: 10, style: { numFmt: PCT } },
    { width: 10, style: { numFmt: PCT } },
    { width: 10 },
    { width: 10 },
    { width: 12 },
    ...elements.map(() => ({ width: 10, style: { numFmt: PCT } })),
  ];
  const head = ws.addRow([
    "Mã đơn vị",
    "Đơn vị",
    "Cấp",
    "Số phiếu",
    "Tỷ lệ hài lòng chung",
    "Cận dưới 95%",
    "Cận trên 95%",
    "Đủ số phiếu",
    "Chỉ tiêu (%)",
    "Dưới chỉ tiêu",
    ...elements.map((e) => `${e.code}. ${localize(e.title, "vi")}`),
  ]);
  head.font = bold.font;
  head.commit();
  for (const u of summary.units) {
    const o = u.result.overall;
    ws.addRow([
      safe(u.unit.code),
      safe(`${"  ".repeat(u.unit.depth)}${u.unit.name}`),
      u.unit.depth,
      u.responses,
      o.rate,
      o.low,
      o.high,
      o.sufficient ? "Có" : "Không",
      r.campaign.target_pct,
      u.belowTarget === null ? null : u.belowTarget ? "Có" : "Không",
      ...elements.map((e) => u.result.elements.find((x) => x.code === e.code)?.rate ?? null),
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
  const rows: Array<[string, ExcelJS.CellValue]> = [
    ["Phiếu khảo sát", localize(meta.title, "vi")],
    ["Mã phiếu / phiên bản", `${r.version.slug} v${r.version.version}`],
    ["Văn bản ban hành", meta.issuedBy ?? ""],
    ["Số mẫu phiếu", meta.formNumber ?? ""],
    ["Áp dụng từ", meta.validFrom ?? ""],
    ["Nguồn tham chiếu", meta.referenceSection ?? ""],
    ["Mức độ xác minh", `${meta.verification}: ${VERIFICATION[meta.verification] ?? ""}`],
    ["Ghi chú", meta.note ? localize(meta.note, "vi") : ""],
    ["Cách tính (method)", result.method],
    ...Object.entries(result.options).map(([k, v]): [string, ExcelJS.CellValue] => [
      `Tuỳ chọn: ${k}`,
      JSON.stringify(v),
    ]),
    ["Số phiếu tối thiểu (min n)", result.minN],
    ["Chỉ tiêu (%)", r.campaign.target_pct],
    ...[...METHOD_FORMULAS[result.method], ...COMMON_FORMULAS].map(
      (f, i): [string, ExcelJS.CellValue] => [i === 0 ? "Công thức" : "", f],
    ),
    ...result.warnings.map((w, i): [string, ExcelJS.CellValue] => [i === 0 ? "Lưu ý" : "", w]),
    ...infoRows(r),
    ["Thời điểm xuất", now.toISOString()],
    ["Người xuất", who ?? ""],
  ];
  for (const [k, v] of rows) {
    const row = ws.addRow([k, safe(v as CellValue)]);
    row.getCell(1).font = bold.font;
    row.getCell(2).alignment = { wrapText: true, vertical: "top" };
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
