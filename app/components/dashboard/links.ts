/** URLs of dashboard pages that keep the current filters. */
export type Params = Record<string, string | null | undefined>;

export function dashHref(view: string, params: Params, overrides: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, ...overrides })) if (v) q.set(k, v);
  const s = q.toString();
  return `/dashboard${view ? `/${view}` : ""}${s ? `?${s}` : ""}`;
}
