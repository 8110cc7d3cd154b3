/** One unit of the manager's tree, as a plain select (indented by depth): works without JavaScript. */
export function UnitSelect({
  units,
  label,
  name = "unitId",
}: {
  units: ReadonlyArray<{ id: string; name: string; depth: number }>;
  label: string;
  name?: string;
}) {
  return (
    <label>
      {label}
      <select name={name} required>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {`${"\u00a0\u00a0".repeat(u.depth)}${u.name}`}
          </option>
        ))}
      </select>
    </label>
  );
}
