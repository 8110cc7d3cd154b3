/** Form parts the managers' and administrators' pages share: the campaign and unit choices. */
export function CampaignSelect({
  campaigns,
  label,
}: {
  campaigns: ReadonlyArray<{ id: string; title: string }>;
  label: string;
}) {
  return (
    <label>
      {label}
      <select name="campaignId" required>
        {campaigns.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A unit by its path label ("Sở Y tế › Bệnh viện › Quầy 1"), from managedUnitOptions. */
export function UnitPathSelect({
  units,
  label,
  name = "unitId",
  defaultValue,
  required = true,
}: {
  units: ReadonlyArray<{ id: string; label: string }>;
  label: string;
  name?: string;
  defaultValue?: string;
  required?: boolean;
}) {
  return (
    <label>
      {label}
      <select name={name} required={required} defaultValue={defaultValue}>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.label}
          </option>
        ))}
      </select>
    </label>
  );
}
