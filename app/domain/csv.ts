/**
 * CSV as Excel and statistics software read it: UTF-8 with a byte order mark (without
 * it Excel shows Vietnamese as mojibake), CRLF line ends, RFC 4180 quoting. Text that a
 * spreadsheet would run as a formula is neutralised with a leading apostrophe.
 */
export const UTF8_BOM = "\uFEFF";

/** A Date is a spreadsheet date-time (XLSX); in CSV it is written as its ISO text. */
export type CellValue = string | number | boolean | Date | null | undefined;

/**
 * Cells starting with = + - @ (a formula in Excel, LibreOffice, Google Sheets), or with a
 * tab, CR or LF (which some of them strip before looking) become text: "'=1+1".
 * Only strings: numbers are written as numbers, so -3 stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

export function neutralizeFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export type Delimiter = "," | ";";

export function csvField(v: CellValue, delimiter: Delimiter = ","): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof Date) return v.toISOString();
  const s = neutralizeFormula(v);
  if (s.includes(delimiter) || s.includes('"') || s.includes("\n") || s.includes("\r"))
    return `"${s.replaceAll('"', '""')}"`;
  return s;
}

export function csvLine(values: readonly CellValue[], delimiter: Delimiter = ","): string {
  let out = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += delimiter;
    out += csvField(values[i], delimiter);
  }
  return `${out}\r\n`;
}

/** RFC 4180 reader (a BOM at the start is skipped): for tests and imports of our own files. */
export function parseCsv(text: string, delimiter: Delimiter = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.startsWith(UTF8_BOM) ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      // CRLF ends the record: handled at the LF.
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
