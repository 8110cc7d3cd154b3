/** Parts every administration page starts with. */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Translate } from "~/utils/i18n";

/** The way back to /admin (and the pages between), the page's title and what it is for. */
export function AdminHead({
  t,
  title,
  intro,
  trail = [],
}: {
  t: Translate;
  title: ReactNode;
  intro?: string;
  trail?: ReadonlyArray<{ to: string; label: string }>;
}) {
  return (
    <>
      <p className="muted">
        <Link to="/admin">{t("admin.title")}</Link>
        {trail.map((c) => (
          <span key={c.to}>
            {" › "}
            <Link to={c.to}>{c.label}</Link>
          </span>
        ))}
      </p>
      <h1>{title}</h1>
      {intro && <p>{intro}</p>}
    </>
  );
}

/** The form that adds something, folded until wanted; open again when the last try failed. */
export function CreateDetails({
  summary,
  failed,
  children,
}: {
  summary: string;
  failed: boolean;
  children: ReactNode;
}) {
  return (
    <details className="card" open={failed}>
      <summary>
        <strong>{summary}</strong>
      </summary>
      {children}
    </details>
  );
}
