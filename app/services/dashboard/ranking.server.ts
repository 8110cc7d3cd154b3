/** The units view: the units below the shown one (or of one kind), ranked by their rate. */
import {
  listChildUnits,
  listParentsAmong,
  listUnitsOfKind,
  sumForUnits,
  type CountRow,
} from "#db/queries/dashboard";
import { rankByRate } from "~/domain/dashboard";
import { newcombeDifference } from "~/domain/dashboard-stats";
import type { RankingRow } from "~/domain/dashboard-view";
import {
  overlappingNeighbours,
  rankRange,
  rankValue,
  SATURATED_RATE,
  type RankKey,
} from "~/domain/figures";
import { periodEnd } from "~/domain/targets";
import type { AppContext } from "../context.server";
import {
  hasPrevious,
  overallKeys,
  rateView,
  score,
  statusOf,
  targetFor,
  targetView,
  type Range,
} from "./figures.server";
import type { Selection } from "./selection.server";

interface Entity {
  id: string;
  name: string;
  code: string;
  kind: string;
  sector: string;
  path: string;
  /** Responses taken at the unit itself only (the "trực tiếp" row of a parent). */
  self: boolean;
  hasChildren: boolean;
}

/** Counts per ranked entity for a range. */
async function entityCounts(
  ctx: AppContext,
  s: Selection,
  entities: Entity[],
  r: Range,
): Promise<Map<string, CountRow[]>> {
  const out = new Map<string, CountRow[]>(entities.map((e) => [entityKey(e), []]));
  const base = {
    campaignIds: s.campaignIds,
    periodFrom: r.from,
    periodTo: r.to,
    channel: s.channel,
    group: s.group,
    // A ranking shows the overall rate only: the items' counts and the derived `$` keys.
    questions: overallKeys(s),
  };
  const own = entities.filter((e) => e.self).map((e) => e.id);
  const subtrees = entities.filter((e) => !e.self).map((e) => e.id);
  const [a, b] = await Promise.all([
    sumForUnits(ctx.db, { ...base, unitIds: own, include: "self" }),
    sumForUnits(ctx.db, { ...base, unitIds: subtrees, include: "both" }),
  ]);
  for (const row of a) out.get(`self:${row.unit_id}`)?.push(row);
  for (const row of b) out.get(`tree:${row.unit_id}`)?.push(row);
  return out;
}

const entityKey = (e: Entity) => `${e.self ? "self" : "tree"}:${e.id}`;

export async function getRanking(ctx: AppContext, s: Selection, sort: RankKey = "rate") {
  if (!s.version) return null;
  let entities: Entity[];
  const withChildren = async (units: Array<Omit<Entity, "self" | "hasChildren">>) => {
    const parents = await listParentsAmong(
      ctx.db,
      units.map((u) => u.id),
    );
    return units.map((u) => ({ ...u, self: false, hasChildren: parents.has(u.id) }));
  };
  if (s.kind) {
    // Units of one kind: each ranked on the responses taken at it.
    const units = await listUnitsOfKind(ctx.db, s.unit.path, s.kind);
    entities = (await withChildren(units)).map((u) => ({ ...u, self: true }));
  } else {
    const children = await listChildUnits(ctx.db, s.unit.id);
    entities = [...(await withChildren(children)), { ...s.unit, self: true, hasChildren: false }];
  }
  const [now, before] = await Promise.all([
    entityCounts(ctx, s, entities, s),
    hasPrevious(s) ? entityCounts(ctx, s, entities, s.prev) : new Map<string, CountRow[]>(),
  ]);
  const date = periodEnd(s.to);
  const rows: RankingRow[] = [];
  for (const e of entities) {
    const result = score(s, now.get(entityKey(e)) ?? []);
    if (e.self && !s.kind && result.responses === 0) continue; // no direct responses: no row
    const prevRows = before.get(entityKey(e)) ?? [];
    const previous = prevRows.length > 0 ? score(s, prevRows) : null;
    const target = targetFor(s, e, date);
    rows.push({
      unitId: e.id,
      name: e.name,
      code: e.code,
      kind: e.kind,
      self: e.self && !s.kind,
      drill: !e.self && e.hasChildren,
      rank: null,
      responses: result.responses,
      overall: rateView(result.overall),
      previous: previous && previous.overall.rate !== null ? rateView(previous.overall) : null,
      change:
        previous && result.overall.sufficient && previous.overall.sufficient
          ? newcombeDifference(result.overall, previous.overall)
          : null,
      target: targetView(target),
      status: statusOf(s, result.overall, target),
    });
  }
  const ranked = rankByRate(
    rows,
    (r) => r.overall,
    (r) => rankValue(r.overall, sort),
  ).map(({ row, rank }) => ({ ...row, rank }));
  // Neighbours whose 95 % intervals overlap cannot be told apart by the ranking.
  const inRank = ranked.filter((r) => r.rank !== null);
  const overlap = overlappingNeighbours(inRank.map((r) => rankRange(r.overall, sort)));
  return {
    rows: ranked.map((r) => ({ ...r, near: overlap.withPrevious.has(inRank.indexOf(r)) })),
    allWithin: overlap.all,
    saturated: inRank.length > 1 && inRank.every((r) => (r.overall.rate ?? 0) >= SATURATED_RATE),
    sort,
  };
}
