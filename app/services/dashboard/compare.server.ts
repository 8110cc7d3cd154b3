/** The comparison: two periods of the shown unit, or the shown unit and another one. */
import { findUnit } from "#db/queries/units";
import { can, isInside, type Grant } from "~/domain/access";
import { newcombeDifference, twoProportionZTest } from "~/domain/dashboard-stats";
import type { CompareRow } from "~/domain/dashboard-view";
import { localize, type LocalizedText } from "~/domain/questionnaire";
import type { Rate } from "~/domain/scoring";
import type { AppContext } from "../context.server";
import { NOT_FOUND, ServiceError } from "../service-error.server";
import { rateView, score, subtreeCounts, type Range } from "./figures.server";
import type { Unit } from "#db/schema";
import type { Selection } from "./selection.server";

export type CompareSide = { label: string; from: string; to: string; unit: Unit };

/**
 * Two periods of the shown unit, or the shown unit and another one in the same period.
 * Units must not contain one another (the test assumes different respondents).
 */
export async function getComparison(
  ctx: AppContext,
  s: Selection,
  grants: readonly Grant[],
  other: { mode: "periods"; from: string; to: string } | { mode: "units"; unitId: string },
) {
  if (!s.version) return null;
  let b: CompareSide;
  if (other.mode === "periods") {
    b = { label: "", from: other.from, to: other.to, unit: s.unit };
  } else {
    const unit = await findUnit(ctx.db, other.unitId);
    if (!unit || !can(grants, "results.read", unit.path)) throw new ServiceError(404, NOT_FOUND);
    if (isInside(unit.path, s.unit.path) || isInside(s.unit.path, unit.path))
      return { error: "nested" as const };
    b = { label: unit.name, from: s.from, to: s.to, unit };
  }
  const countsOf = (unit: Unit, r: Range) => subtreeCounts(ctx, { ...s, unit }, r);
  const [ra, rb] = await Promise.all([countsOf(s.unit, s), countsOf(b.unit, b)]);
  const A = score(s, ra);
  const B = score(s, rb);
  const row = (
    level: CompareRow["level"],
    x: Rate & { code?: string; title?: LocalizedText },
    y: Rate,
    item?: boolean,
  ): CompareRow => ({
    code: x.code ?? "",
    title: x.title ? localize(x.title, s.locale) : "",
    level,
    a: rateView(x),
    b: rateView(y),
    difference: x.sufficient && y.sufficient ? newcombeDifference(x, y) : null,
    z:
      item && x.sufficient && y.sufficient
        ? twoProportionZTest(x.satisfied, x.answers, y.satisfied, y.answers)
        : null,
  });
  const pair = <T extends Rate & { code: string; title: LocalizedText }>(
    level: CompareRow["level"],
    xs: T[],
    ys: T[],
    item = false,
  ) =>
    xs.map((x) =>
      row(
        level,
        x,
        ys.find((y) => y.code === x.code)!,
        item,
      ),
    );
  return {
    error: null,
    a: { unit: s.unit.name, from: s.from, to: s.to, responses: A.responses },
    b: { unit: b.unit.name, from: b.from, to: b.to, responses: B.responses },
    rows: [
      row("overall", A.overall, B.overall),
      ...pair("aspect", A.aspects, B.aspects),
      ...pair("element", A.elements, B.elements),
      ...pair("item", A.items, B.items, true),
    ],
  };
}
