/**
 * An address printed on paper (posters, slips) that may wrap only between its parts, after a
 * "/" or a "." of the host, never inside the access token: a token broken over two lines is
 * retyped wrongly.
 */
import { Fragment } from "react";

/** "https://a.gov.vn/s/TOKEN" → ["https://", "a.", "gov.", "vn/", "s/", "TOKEN"]. */
export function urlPieces(url: string): string[] {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? "";
  const rest = url.slice(scheme.length);
  const slash = rest.indexOf("/");
  const host = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? "" : rest.slice(slash);
  const pieces = [
    ...(scheme ? [scheme] : []),
    ...(host.match(/[^.]+\.?/g) ?? []),
    ...(path.match(/\/?[^/]*/g) ?? []).filter(Boolean),
  ];
  // Each "/" ends the piece before it, so a line never starts with one.
  const out: string[] = [];
  for (const p of pieces) {
    if (p.startsWith("/") && out.length > 0) {
      out[out.length - 1] += "/";
      if (p.length > 1) out.push(p.slice(1));
    } else out.push(p);
  }
  return out;
}

export function UrlText({ url, className = "url" }: { url: string; className?: string }) {
  return (
    <span className={className} data-testid="url-text">
      {urlPieces(url).map((p, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          <span className="nowrap">{p}</span>
        </Fragment>
      ))}
    </span>
  );
}
