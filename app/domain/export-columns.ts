/**
 * The columns of a response export, from the questionnaire: one per question (one per row
 * of a matrix, plus one for an "other"/comment text), keyed by the scored item's code when
 * the question is a scored item (A1, P5…), else by the question name. The labels variant
 * has the question titles as headers and the choices' texts as values.
 */
import { own } from "./dict";
import { itemKey, localize, type QuestionnaireDefinition } from "./questionnaire";
import {
  multipleTextItems,
  questionRows,
  questionTitle,
  questionValues,
  surveyQuestion,
} from "./surveyjs";
import type { CompiledQuestionnaire } from "./validator";
import type { CellValue } from "./csv";

export type ExportVariant = "codes" | "labels";

export interface AnswerColumn {
  /** Header of the codes variant: item code, question name, `question.row`, `question-Comment`. */
  key: string;
  /** Header of the labels variant. */
  label: string;
  question: string;
  /** Matrix row value, multipletext box name, or ranked choice value. */
  row?: string;
  /** "rank": the position (1…) of `row` in a ranking answer. */
  kind: "single" | "multi" | "number" | "text" | "rank";
  /** Answer value → its text (labels variant). */
  labels: Map<string, string>;
}

/** Columns every export starts with. */
export const META_COLUMNS = [
  { key: "response_id", vi: "Mã phiếu", en: "Response id" },
  { key: "submitted_at", vi: "Thời điểm gửi", en: "Submitted at" },
  { key: "period", vi: "Tháng", en: "Month" },
  { key: "unit_code", vi: "Mã đơn vị", en: "Unit code" },
  { key: "unit_name", vi: "Đơn vị", en: "Unit" },
  { key: "channel", vi: "Kênh", en: "Channel" },
  { key: "locale", vi: "Ngôn ngữ", en: "Language" },
] as const;

/** Columns of a campaign whose responses rate dossiers: the dossier's facts beside each rating. */
export const DOSSIER_COLUMNS = [
  { key: "dossier_code", vi: "Mã hồ sơ", en: "Dossier code" },
  { key: "procedure_code", vi: "Mã thủ tục hành chính", en: "Procedure code" },
  { key: "dossier_channel", vi: "Kênh nộp hồ sơ", en: "Dossier channel" },
  { key: "counter", vi: "Quầy tiếp nhận", en: "Counter" },
  { key: "officer", vi: "Cán bộ tiếp nhận", en: "Officer" },
] as const;

export const FLAG_COLUMN = { key: "flag_reason", vi: "Lý do gắn cờ", en: "Why flagged" } as const;

export function answerColumns(
  definition: QuestionnaireDefinition,
  compiled: CompiledQuestionnaire,
  locale: string = "vi",
): AnswerColumn[] {
  const codeOf = new Map<string, string>();
  for (const item of definition.scoring.items) {
    const k = itemKey(item);
    if (!codeOf.has(k)) codeOf.set(k, item.code);
  }
  const cols: AnswerColumn[] = [];
  for (const q of compiled.questions) {
    const json = surveyQuestion(definition, q.name);
    const title = localize(questionTitle(json, q.name), locale) || q.name;
    const labels = new Map(questionValues(json).map((c) => [c.value, localize(c.text, locale)]));
    if (q.kind === "multipletext" || q.kind === "ranking") {
      const parts = q.kind === "ranking" ? questionValues(json) : multipleTextItems(json);
      for (const r of parts) {
        cols.push({
          key: `${q.name}.${r.value}`,
          label: `${title} — ${localize(r.text, locale)}`,
          question: q.name,
          row: r.value,
          kind: q.kind === "ranking" ? "rank" : "text",
          labels: new Map(),
        });
      }
    } else if (q.kind === "matrix") {
      for (const r of questionRows(json)) {
        const k = `${q.name}.${r.value}`;
        cols.push({
          key: codeOf.get(k) ?? k,
          label: `${title} — ${localize(r.text, locale)}`,
          question: q.name,
          row: r.value,
          kind: "single",
          labels,
        });
      }
    } else {
      const kind: AnswerColumn["kind"] =
        q.kind === "multi"
          ? "multi"
          : q.kind === "text" || q.kind === "comment"
            ? q.numeric
              ? "number"
              : "text"
            : q.kind === "free"
              ? "text"
              : "single";
      cols.push({
        key: codeOf.get(q.name) ?? q.name,
        label: title,
        question: q.name,
        kind,
        labels,
      });
    }
    if (q.commentKey) {
      cols.push({
        key: q.commentKey,
        label: `${title} (${locale === "en" ? "other / comment" : "ý kiến khác"})`,
        question: q.commentKey,
        kind: "text",
        labels: new Map(),
      });
    }
  }
  // Keys are headers: keep them unique even if an item code equals another question's name.
  const seen = new Set<string>();
  for (const c of cols) {
    let k = c.key;
    for (let i = 2; seen.has(k); i++) k = `${c.key}_${i}`;
    c.key = k;
    seen.add(k);
  }
  return cols;
}

function scalar(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return JSON.stringify(v);
}

/** One response's answer cells, in column order. */
export function answerCells(
  cols: readonly AnswerColumn[],
  answers: Record<string, unknown>,
  variant: ExportVariant,
): CellValue[] {
  const out: CellValue[] = new Array(cols.length);
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i]!;
    let v = own(answers, c.question);
    if (c.kind === "rank") {
      const at = Array.isArray(v) ? v.map(String).indexOf(c.row!) : -1;
      out[i] = at >= 0 ? at + 1 : null;
      continue;
    }
    if (c.row !== undefined) v = v && typeof v === "object" ? own(v, c.row) : undefined;
    if (v === undefined || v === null || v === "") {
      out[i] = null;
    } else if (c.kind === "multi" && Array.isArray(v)) {
      out[i] =
        variant === "labels"
          ? v.map((x) => c.labels.get(String(x)) ?? String(x)).join("; ")
          : v.map(String).join(";");
    } else if (c.kind === "number") {
      const n = typeof v === "number" ? v : Number(v);
      out[i] = Number.isFinite(n) ? n : scalar(v);
    } else if (variant === "labels" && c.kind === "single") {
      out[i] = c.labels.get(String(v)) ?? scalar(v);
    } else out[i] = scalar(v);
  }
  return out;
}

/** Vietnam local time with its offset: 2026-03-04T10:00:00+07:00 (no time-zone database needed). */
export function toVietnamIso(utcIso: string): string {
  const t = Date.parse(utcIso);
  if (!Number.isFinite(t)) return utcIso;
  return `${new Date(t + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}

/**
 * A spreadsheet date-time showing Vietnam's wall clock: spreadsheets have no time zones, so
 * the cell holds 10:00 for 10:00+07:00 (the header says the time is Vietnam's).
 */
export function vietnamWallClock(utcIso: string): Date | string {
  const t = Date.parse(utcIso);
  return Number.isFinite(t) ? new Date(t + 7 * 3600_000) : utcIso;
}
