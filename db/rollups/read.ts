import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface RollupFilter {
  campaignId: string;
  /** Only this unit and its subtree. */
  unitPath?: string;
  /** Only these subtrees (a unit and its predecessors: pathsIncludingPredecessors). */
  unitPaths?: readonly string[];
  periodFrom?: string;
  periodTo?: string;
  channel?: string;
}

/**
 * Answer counts summed over units, periods and channels:
 * SELECT question, value, SUM(count) FROM rollup WHERE campaign_id = ? … GROUP BY question, value
 */
export function sumRollups(db: Kysely<Database>, f: RollupFilter) {
  let q = db
    .selectFrom("rollup as r")
    .select(["r.question", "r.value", (eb) => eb.fn.sum<number>("r.count").as("count")])
    .where("r.campaign_id", "=", f.campaignId);
  const paths = [...(f.unitPath ? [f.unitPath] : []), ...(f.unitPaths ?? [])];
  if (paths.length > 0) {
    q = q
      .innerJoin("unit as u", "u.id", "r.unit_id")
      .where((eb) => eb.or(paths.map((p) => eb("u.path", "like", `${p}%`))));
  }
  if (f.periodFrom) q = q.where("r.period", ">=", f.periodFrom);
  if (f.periodTo) q = q.where("r.period", "<=", f.periodTo);
  if (f.channel) q = q.where("r.channel", "=", f.channel);
  return q.groupBy(["r.question", "r.value"]).execute();
}
