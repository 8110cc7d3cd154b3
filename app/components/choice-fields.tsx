/** Form fields the alert rule and report schedule forms share. */

/** One choice among a few, as radio buttons under a legend. */
export function RadioGroup({
  legend,
  name,
  options,
  defaultValue,
}: {
  legend: string;
  name: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  defaultValue: string;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="check">
          <input
            type="radio"
            name={name}
            value={o.value}
            defaultChecked={o.value === defaultValue}
          />{" "}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** Mail addresses, one or more per line (the service splits and checks them). */
export function RecipientsField({ label, rows }: { label: string; rows: number }) {
  return (
    <label>
      {label}
      <textarea name="recipients" rows={rows} required maxLength={10000} />
    </label>
  );
}
