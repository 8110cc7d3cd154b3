/**
 * What a campaign report shows (the web page and the PDF render the same data): figures per
 * aspect, element, item and unit, the sample, the method in sentences and the comments.
 */
import type { ChannelComparisonRow } from "./independent-channel";
import type { SdgView } from "./sdg";
import type { FigureColumns, FigureView, PartsKind, TargetLine } from "./figures";
import type { ReportPeriod } from "./report-period";
import type { TargetStatus } from "./targets";

export interface RowView {
  code: string;
  title: string;
  f: FigureView;
}

export interface UnitView {
  id: string;
  code: string;
  name: string;
  depth: number;
  responses: number;
  f: FigureView;
  /** Against the campaign's target, on the 95 % interval of the metric it is set on. */
  status: TargetStatus;
}

export interface CommentSummary {
  key: string;
  title: string;
  count: number;
  examples: string[];
}

export interface ReportData {
  campaign: { id: string; title: string; minN: number };
  target: {
    line: TargetLine;
    status: TargetStatus;
    low: number | null;
    high: number | null;
  } | null;
  period: ReportPeriod & { label: string };
  issuer: { name: string; parentName: string | null };
  scope: string;
  unitId: string | null;
  /** The channel filter, by name ("Mã QR"), or null. */
  channel: string | null;
  questionnaire: {
    title: string;
    version: number;
    issuedBy: string | null;
    formNumber: string | null;
    /** Source and verification status in one sentence (a footnote). */
    footnote: string;
    note: string | null;
  };
  /** The method in sentences, settings said in words. */
  method: { sentences: string[]; minN: number };
  cols: FigureColumns;
  overallParts: PartsKind | undefined;
  sample: {
    responses: number;
    /** Channels by name. */
    byChannel: Array<{ channel: string; count: number }>;
    byMonth: Array<{ period: string; count: number }>;
    units: number;
  };
  overall: FigureView;
  aspects: RowView[];
  elements: RowView[];
  items: RowView[];
  units: UnitView[];
  /** Units whose whole interval lies below the target, and those it cannot decide. */
  belowTarget: UnitView[];
  undecided: UnitView[];
  comments: CommentSummary[];
  /** The unit's own survey beside the independent channel; null: no independent link inside. */
  channels: ChannelComparisonRow[] | null;
  /** SDG 16.6.2 for the report's scope, when it is a province (a unit with no parent). */
  sdg: SdgView | null;
  generatedAt: string;
  generatedBy: string;
}
