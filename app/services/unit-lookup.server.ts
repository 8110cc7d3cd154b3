/** Units read by id or by subtree, for pages that show or check one. */
import { listUnitsUnder as listUnitsUnderPaths } from "#db/queries/unit-tree";
import { findUnit as findUnitRow } from "#db/queries/units";
import type { AppContext } from "./context.server";

export const findUnit = (ctx: AppContext, id: string) => findUnitRow(ctx.db, id);

/** The units in the subtrees at `paths`, in tree order. */
export const listUnitsUnder = (ctx: AppContext, paths: readonly string[]) =>
  listUnitsUnderPaths(ctx.db, paths);
