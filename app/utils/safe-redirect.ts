/**
 * Where to go after sign-in: only paths on this site, never an open redirect.
 * "/\host" is read as "//host" by browsers, so backslashes and "//" are refused.
 */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/(?![/\\])[^\\]*$/.test(next) ? next : "/";
}
