import { SECTORS, UNIT_KINDS } from "~/domain/units";
import type { translator } from "~/utils/i18n";

/** Code, name, kind and sector inputs, shared by the create and edit forms. */
export function UnitFields({
  t,
  values,
}: {
  t: ReturnType<typeof translator>;
  values?: { code: string; name: string; kind: string; sector: string };
}) {
  return (
    <>
      <label>
        {t("admin.units.code")}
        <input name="code" required maxLength={64} defaultValue={values?.code} />
      </label>
      <label>
        {t("admin.units.name")}
        <input name="name" required maxLength={200} defaultValue={values?.name} />
      </label>
      <label>
        {t("admin.units.kind")}
        <select name="kind" defaultValue={values?.kind ?? "service_centre"}>
          {UNIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`unit.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("catalog.sector")}
        <select name="sector" defaultValue={values?.sector ?? "administrative"}>
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {t(`sector.${s}`)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
