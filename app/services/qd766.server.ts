/**
 * The dashboard's QĐ 766 view: the satisfaction group from dossiers (app/domain/qd766.ts) per
 * unit for one month, beside the survey's satisfaction rate of the same units and month (the
 * dashboard's ranking), and broken down by procedure, submission channel and officer.
 */
import { listChildUnits } from "#db/queries/dashboard";
import { listDossiersForMonth } from "#db/queries/dossiers";
import { figuresBy, monthBounds, QD766_RULES_2026, type Qd766Figure } from "~/domain/qd766";
import type { AppContext } from "./context.server";
import { getRanking } from "./dashboard/ranking.server";
import type { Selection } from "./dashboard/selection.server";

export interface Qd766UnitRow {
  unitId: string;
  name: string;
  /** The unit's own dossiers only (its subtree's are in the other rows). */
  self: boolean;
  figure: Qd766Figure | null;
  survey: { rate: number | null; responses: number; sufficient: boolean } | null;
}

export async function qd766View(ctx: AppContext, scope: Selection, now = new Date()) {
  const month = scope.to;
  const { from, to } = monthBounds(month);
  const nowIso = now.toISOString();
  const [dossiers, children, ranking] = await Promise.all([
    listDossiersForMonth(ctx.db, scope.unit.path, from, to),
    listChildUnits(ctx.db, scope.unit.id),
    // The survey's rate of the same units over the same month.
    getRanking(ctx, { ...scope, from: month, to: month }),
  ]);
  const childOf = (unitPath: string) =>
    children.find((c) => unitPath.startsWith(c.path))?.id ?? scope.unit.id;
  const perUnit = new Map(
    figuresBy(dossiers, (d) => childOf(d.unitPath), nowIso, from, to).map((g) => [g.key, g.figure]),
  );
  const surveyOf = (unitId: string, self: boolean) => {
    const r = ranking?.rows.find((x) => x.unitId === unitId && x.self === self);
    return r
      ? { rate: r.overall.rate, responses: r.responses, sufficient: r.overall.sufficient }
      : null;
  };
  const units: Qd766UnitRow[] = [
    ...children.map((c) => ({
      unitId: c.id,
      name: c.name,
      self: false,
      figure: perUnit.get(c.id) ?? null,
      survey: surveyOf(c.id, false),
    })),
    {
      unitId: scope.unit.id,
      name: scope.unit.name,
      self: true,
      figure: perUnit.get(scope.unit.id) ?? null,
      survey: surveyOf(scope.unit.id, true),
    },
  ].filter((u) => u.figure !== null || (u.survey?.responses ?? 0) > 0);
  const [total] = figuresBy(dossiers, () => "all", nowIso, from, to);
  return {
    month,
    rules: QD766_RULES_2026,
    total: total?.figure ?? null,
    units,
    byProcedure: figuresBy(dossiers, (d) => d.procedureCode, nowIso, from, to),
    byChannel: figuresBy(dossiers, (d) => d.channel, nowIso, from, to),
    byOfficer: figuresBy(dossiers, (d) => d.officer, nowIso, from, to),
  };
}

export type Qd766View = Awaited<ReturnType<typeof qd766View>>;
