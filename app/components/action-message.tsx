/** The answer of an administration action: a confirmation, or the problems to fix. */
export type ActionMessageData =
  | { ok: true; message: string; secret?: string }
  | { ok: false; message: string; problems: string[] };

export function ActionMessage({
  result,
  secretLabel,
}: {
  result: ActionMessageData | undefined;
  secretLabel?: string;
}) {
  if (!result) return null;
  if (result.ok)
    return (
      <div className="note" role="status">
        <p>{result.message}</p>
        {result.secret && (
          <p>
            {secretLabel}: <code data-testid="secret">{result.secret}</code>
          </p>
        )}
      </div>
    );
  return (
    <div className="error" role="alert">
      <p>{result.message}</p>
      {result.problems.length > 0 && (
        <ul>
          {result.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
