/**
 * What the managers' pages over campaigns (/manage/links, /manage/kiosks) start from: the
 * signed-in manager, the subtrees they manage, and the units in them as options labelled with
 * their path. Anything outside those subtrees answers 404 (its existence is not told).
 */
import { appContext, type AppContext } from "~/services/context.server";
import { managedPaths, reaches } from "~/services/manage.server";
import { findUnit, listUnitsUnder } from "~/services/unit-lookup.server";
import { PATH_SEPARATOR, unitPathNames } from "~/domain/units";
import { assertCanAnywhere, notFound, requireUser } from "./guards.server";

/** The signed-in user with campaigns.manage somewhere, and the paths of their subtrees. */
export async function requireManager(request: Request) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const ctx = await appContext();
  return { user, ctx, paths: managedPaths(user, "campaigns.manage") };
}

/** The unit at `id` when it lies in the manager's subtrees; a 404 response otherwise. */
export async function findManagedUnit(ctx: AppContext, paths: readonly string[], id: string) {
  const unit = await findUnit(ctx, id);
  if (!unit || !reaches(paths, unit.path)) throw notFound();
  return unit;
}

/**
 * The units of the manager's subtrees in tree order, and as options labelled with their path:
 * three "Quầy số 1" are told apart by where they are.
 */
export async function managedUnitOptions(ctx: AppContext, paths: readonly string[]) {
  const units = await listUnitsUnder(ctx, paths);
  const names = unitPathNames(units);
  const options = units.map((u) => ({ id: u.id, label: names.get(u.id)!.join(PATH_SEPARATOR) }));
  return { units, options };
}
