/**
 * The unit's own survey beside the independent channel (a higher unit's QR codes posted at the
 * unit, e.g. the Department of Health's in a hospital): per unit, both rates with their 95 %
 * intervals, the difference in percentage points and whether it is significant, by the compare
 * page's test (Newcombe's interval of the difference, dashboard-stats.ts). Pure.
 */
import { newcombeDifference, type Difference } from "./dashboard-stats";
import type { FigureView } from "./figures";

/** One side of the comparison: its forms and its overall figure. */
export interface ChannelSide {
  responses: number;
  f: FigureView;
}

export interface ChannelComparisonRow {
  unitId: string;
  unitName: string;
  /** Responses through every channel but the independent one. */
  own: ChannelSide;
  /** Responses through the higher unit's links. */
  independent: ChannelSide;
  /** Own − independent (null: a side has too few forms, or no interval). */
  difference: Difference | null;
}

/** The two sides' difference, only when both reach the minimum number of forms. */
export function compareSides(own: FigureView, independent: FigureView): Difference | null {
  return own.sufficient && independent.sufficient ? newcombeDifference(own, independent) : null;
}

/** Rows of `sumChannelSides` split by unit and side, ready to fold into count tables. */
export function splitSides<R extends { unit_id: string; independent: number }>(
  rows: readonly R[],
): Map<string, { own: R[]; independent: R[] }> {
  const out = new Map<string, { own: R[]; independent: R[] }>();
  for (const r of rows) {
    let e = out.get(r.unit_id);
    if (!e) out.set(r.unit_id, (e = { own: [], independent: [] }));
    (r.independent ? e.independent : e.own).push(r);
  }
  return out;
}

/**
 * Who may make an independent link: a unit strictly above the unit it is posted at (paths are
 * materialised, '/a/b/'). A unit's own links are its own survey, never an independent check.
 */
export function ownsFromAbove(ownerPath: string, unitPath: string): boolean {
  return unitPath !== ownerPath && unitPath.startsWith(ownerPath);
}
