import type { ReactNode } from "react";

/** The answer of an administration action: a confirmation, or the problems to fix. */
export type ActionMessageData =
  | { ok: true; message: string; secret?: string }
  | { ok: false; message: string; problems: string[] };

/** Any action's answer: a page's own result shape may leave out the secret and the problems. */
type Shown = { ok: boolean; message: string; secret?: string; problems?: readonly string[] };

/** The answer, with what the page shows beside a confirmation (a pairing code) as children. */
export function ActionMessage({
  result,
  secretLabel,
  children,
}: {
  result: Shown | undefined;
  secretLabel?: string;
  children?: ReactNode;
}) {
  if (!result) return null;
  if (result.ok)
    return (
      <div className="note" role="status">
        {result.message && <p>{result.message}</p>}
        {result.secret && (
          <p>
            {secretLabel}: <code data-testid="secret">{result.secret}</code>
          </p>
        )}
        {children}
      </div>
    );
  return (
    <div className="error" role="alert">
      <p>{result.message}</p>
      {result.problems && result.problems.length > 0 && (
        <ul>
          {result.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
