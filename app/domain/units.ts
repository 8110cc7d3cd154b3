/**
 * The organisation tree's vocabulary: what kinds of units exist, what a unit code looks like,
 * and the date rules of active periods. Pure, shared by the forms, the CSV import and tests.
 * Since 1/7/2025 local government has two tiers (province, commune); `district` is kept only
 * for units that ended on 30/6/2025 (sipas-and-one-stop.md §7).
 */
import { SECTORS, type Sector } from "./questionnaire";

export const UNIT_KINDS = [
  "province", // tỉnh, thành phố trực thuộc trung ương
  "commune", // xã, phường, đặc khu
  "district", // huyện, quận, thị xã: until 30/6/2025 only
  "ministry", // bộ, cơ quan ngang bộ
  "agency", // sở, cơ quan chuyên môn, cơ quan ngành dọc, UBND
  "service_centre", // Trung tâm Phục vụ hành chính công, Bộ phận Một cửa
  "service_point", // chi nhánh, điểm phục vụ hành chính công
  "hospital",
  "department", // khoa, phòng
  "school",
  "counter", // quầy
  "other",
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export { SECTORS };
export type { Sector };

/** Letters, digits, dot, hyphen, underscore; starts with a letter or digit. */
export const UNIT_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_UNIT_NAME = 200;
/**
 * Levels a unit may sit below the top of the tree (a province is level 1). Real trees have
 * five or six (province → agency → centre → department → counter); the bound keeps a hostile
 * file from building a 20,000-level chain, whose stored paths alone would grow quadratically.
 */
export const MAX_UNIT_DEPTH = 30;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isUnitKind(v: string): v is UnitKind {
  return (UNIT_KINDS as readonly string[]).includes(v);
}

export function isSector(v: string): v is Sector {
  return (SECTORS as readonly string[]).includes(v);
}

/** Today's date (YYYY-MM-DD) in Vietnam. */
export function vietnamDate(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The day before an ISO date: a predecessor's last day when its successor starts on `date`. */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(d.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** A unit is active on `date` when its period (both ends inclusive, either open) covers it. */
export function isActiveOn(
  u: { active_from: string | null; active_to: string | null },
  date: string,
): boolean {
  return (
    (u.active_from === null || u.active_from <= date) &&
    (u.active_to === null || u.active_to >= date)
  );
}

/** The path a unit gets under a new parent: the parent's path plus its own id. */
export function pathUnder(parentPath: string | null, id: string): string {
  return `${parentPath ?? "/"}${id}/`;
}

/** Would moving the unit at `path` under `newParentPath` put it inside itself? */
export function isCyclicMove(path: string, newParentPath: string): boolean {
  return newParentPath.startsWith(path);
}

/**
 * Each unit's names from the top of the list down to itself ("Sở Y tế", "Bệnh viện Đa khoa
 * tỉnh", "Khoa Nội"): two counters named "Quầy số 1" are told apart by where they are.
 * Paths are '/id/…/id/'; ancestors missing from the list (above what the user manages) are
 * left out.
 */
export function unitPathNames(
  units: ReadonlyArray<{ id: string; name: string; path: string }>,
): Map<string, string[]> {
  const names = new Map(units.map((u) => [u.id, u.name]));
  return new Map(
    units.map((u) => [
      u.id,
      u.path
        .split("/")
        .filter(Boolean)
        .flatMap((id) => names.get(id) ?? []),
    ]),
  );
}

/** A unit's place as one line: "Trung tâm Phục vụ hành chính công › Quầy số 1". */
export const PATH_SEPARATOR = " › ";
