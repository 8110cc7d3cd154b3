/**
 * What the dashboard pages receive from their loaders (serialisable view types), shared by the
 * dashboard services (app/services/dashboard/) and the components (app/components/dashboard/).
 */
import type { FigureColumns, FigureView } from "./figures";
import type { AppliedTarget, Comparator, Metric, TargetStatus, Verification } from "./targets";

export interface Option {
  value: string;
  label: string;
}

/** Rates on the dashboards: the same figure views as the results page and the report. */
export type RateView = FigureView;

export interface TargetView {
  pct: number;
  metric: Metric;
  comparator: Comparator;
  origin: AppliedTarget["origin"];
  source: string;
  verification: Verification;
  deadline: string | null;
}

export interface RatedRow extends RateView {
  code: string;
  title: string;
  status: TargetStatus;
}

export interface RankingRow {
  unitId: string;
  name: string;
  code: string;
  kind: string;
  self: boolean;
  drill: boolean;
  rank: number | null;
  responses: number;
  overall: RateView;
  previous: RateView | null;
  change: { diff: number; low: number; high: number; significant: boolean } | null;
  target: TargetView | null;
  status: TargetStatus;
  /** The 95 % interval overlaps the one ranked just above: the two are not told apart. */
  near?: boolean;
}

export interface TrendPoint extends RateView {
  bucket: string;
  first: string;
  last: string;
  responses: number;
  target: TargetView | null;
  status: TargetStatus;
}

export interface CompareRow {
  code: string;
  title: string;
  level: "overall" | "aspect" | "element" | "item";
  a: RateView;
  b: RateView;
  difference: { diff: number; low: number; high: number; significant: boolean } | null;
  /** Items only: the two-proportion z-test. */
  z: { z: number; p: number; significant: boolean } | null;
}

/** What every dashboard page shows around its view: the selection and its choices. */
export interface SelectionView {
  unit: { id: string; name: string; kind: string };
  trail: Option[];
  roots: Option[];
  versions: Option[];
  version: string | null;
  questionnaire: string | null;
  campaigns: Option[];
  campaignId: string;
  from: string;
  to: string;
  channel: string | null;
  kind: string | null;
  group: string | null;
  groupLabel: string | null;
  channels: string[];
  kinds: string[];
  groups: Array<{ question: string; title: string; values: Option[] }>;
  minN: number;
  /** Figure columns; the index where the form is a health form or a target is set on it. */
  cols: FigureColumns | null;
  /** The filters as URL parameters, for links that keep them. */
  params: Record<string, string | null>;
}
