import type { Kysely } from "kysely";
import type { Database } from "../schema";

/**
 * Paths from which a report on these paths draws its responses: the paths themselves and the
 * subtrees of the predecessors of any unit inside them, followed back through every merger
 * (a commune formed in 2025 from communes that had themselves merged before).
 *
 *   SELECT p.path FROM unit_lineage l JOIN unit s ON s.id = l.successor_id
 *     JOIN unit p ON p.id = l.predecessor_id WHERE s.path LIKE '<path>%' OR …
 *
 * Nested paths are dropped, so the result can be used as OR-ed prefix filters directly.
 */
export async function pathsIncludingPredecessors(
  db: Kysely<Database>,
  paths: readonly string[],
): Promise<string[]> {
  let all = outermost(paths);
  let frontier = all;
  // Each round follows one generation of mergers; the bound only guards against bad data.
  for (let round = 0; frontier.length > 0 && round < 32; round++) {
    const rows = await db
      .selectFrom("unit_lineage as l")
      .innerJoin("unit as s", "s.id", "l.successor_id")
      .innerJoin("unit as p", "p.id", "l.predecessor_id")
      .select("p.path")
      .where((eb) => eb.or(frontier.map((f) => eb("s.path", "like", `${f}%`))))
      .execute();
    const fresh = outermost(
      rows.map((r) => r.path).filter((p) => !all.some((a) => p.startsWith(a))),
    );
    all = outermost([...all, ...fresh]);
    frontier = fresh;
  }
  return all;
}

/** The unit's own path and its predecessors' (see pathsIncludingPredecessors); [] if no such unit. */
export async function unitPathsIncludingPredecessors(
  db: Kysely<Database>,
  unitId: string,
): Promise<string[]> {
  const unit = await db
    .selectFrom("unit")
    .select("path")
    .where("id", "=", unitId)
    .executeTakeFirst();
  return unit ? pathsIncludingPredecessors(db, [unit.path]) : [];
}

/** Does any merger exist? Most installations have none, which spares the lookups. */
export async function hasLineage(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("unit_lineage")
    .select("successor_id")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export function insertLineage(
  db: Kysely<Database>,
  l: { predecessorId: string; successorId: string; effectiveFrom: string },
) {
  return db
    .insertInto("unit_lineage")
    .values({
      predecessor_id: l.predecessorId,
      successor_id: l.successorId,
      effective_from: l.effectiveFrom,
      created_at: new Date().toISOString(),
    })
    .execute();
}

/** Direct predecessors (`successor_id = id`) or successors (`predecessor_id = id`) of a unit. */
export function listLineage(
  db: Kysely<Database>,
  unitId: string,
  side: "predecessors" | "successors",
) {
  const [mine, other] =
    side === "predecessors"
      ? (["l.successor_id", "l.predecessor_id"] as const)
      : (["l.predecessor_id", "l.successor_id"] as const);
  return db
    .selectFrom("unit_lineage as l")
    .innerJoin("unit as u", "u.id", other)
    .select(["u.id", "u.code", "u.name", "u.path", "l.effective_from"])
    .where(mine, "=", unitId)
    .orderBy("u.code")
    .execute();
}

/** Ids of every unit that (transitively) succeeds this one: a merger must not close a loop. */
export async function listSuccessorIdsTransitive(
  db: Kysely<Database>,
  unitId: string,
): Promise<Set<string>> {
  const seen = new Set<string>();
  let frontier = [unitId];
  while (frontier.length > 0) {
    const rows = await db
      .selectFrom("unit_lineage")
      .select("successor_id")
      .where("predecessor_id", "in", frontier)
      .execute();
    frontier = rows.map((r) => r.successor_id).filter((id) => !seen.has(id));
    for (const id of frontier) seen.add(id);
  }
  return seen;
}

/** Paths with those inside another one of them dropped. */
export function outermost(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)].sort();
  return unique.filter((p) => !unique.some((q) => q !== p && p.startsWith(q)));
}

/**
 * Roles (or anything placed by a unit path) extended to the predecessors of the units they
 * cover: whoever reads a merged commune reads the communes it was formed from. Items come
 * back unchanged, followed by copies placed on each predecessor path.
 */
export async function withPredecessors<T extends { unitPath: string }>(
  db: Kysely<Database>,
  items: readonly T[],
): Promise<T[]> {
  if (items.length === 0 || !(await hasLineage(db))) return [...items];
  const out = [...items];
  for (const item of items) {
    for (const path of await pathsIncludingPredecessors(db, [item.unitPath])) {
      if (path !== item.unitPath) out.push({ ...item, unitPath: path });
    }
  }
  return out;
}
