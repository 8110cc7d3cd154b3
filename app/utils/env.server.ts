/** A whole number ≥ 0 from the environment, or `d` when unset or not such a number. */
export function envInt(name: string, d: number): number {
  const v = Number(process.env[name] ?? d);
  return Number.isFinite(v) && v >= 0 ? v : d;
}
