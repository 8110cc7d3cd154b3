/**
 * Where to go after sign-in: only a path on this site, never an open redirect.
 *
 * `next` is judged as a browser reads the Location header it ends up in. A query parameter
 * arrives decoded once ("/%09/host" is "/<tab>/host"), and browsers drop tabs and line
 * breaks from a URL and read "\" as "/": "/<tab>/host" and "/\host" both lead to //host,
 * another site. So the text and its percent-decoded form must both start with exactly one
 * "/" and hold no control character and no backslash; what remains must resolve to this
 * origin and be plain printable ASCII (a header cannot carry a line break or "đ": those
 * answered 500).
 */
const BASE = "http://this-site.invalid";

const unsafe = (v: string) =>
  !v.startsWith("/") || v.startsWith("//") || v.includes("\\") || /[^\x21-\x7e]/.test(v);

export function safeNext(next: string | null | undefined): string {
  if (!next || next.length > 2048 || unsafe(next)) return "/";
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return "/";
  }
  // Decoded, Vietnamese letters are fine; control characters and backslashes are not.
  if (
    !decoded.startsWith("/") ||
    decoded.startsWith("//") ||
    /[\\\p{Cc}\u2028\u2029]/u.test(decoded)
  )
    return "/";
  try {
    return new URL(next, BASE).origin === BASE ? next : "/";
  } catch {
    return "/";
  }
}
