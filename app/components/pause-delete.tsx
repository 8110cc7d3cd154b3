/** Pause (or resume) and delete, as one form: a schedule's page and each alert rule's row. */
import { Form } from "@remix-run/react";

export function PauseDelete({
  paused,
  busy,
  id,
  labels,
}: {
  paused: boolean;
  busy: boolean;
  /** Sent as `id` when the form serves several things. */
  id?: string;
  labels: { pause: string; resume: string; delete: string; confirm: string };
}) {
  return (
    <Form method="post" className="actions">
      {id && <input type="hidden" name="id" value={id} />}
      <button
        type="submit"
        name="intent"
        value={paused ? "resume" : "pause"}
        className="button secondary"
        disabled={busy}
      >
        {paused ? labels.resume : labels.pause}
      </button>
      <button
        type="submit"
        name="intent"
        value="delete"
        className="button secondary"
        disabled={busy}
        onClick={(e) => {
          if (!confirm(labels.confirm)) e.preventDefault();
        }}
      >
        {labels.delete}
      </button>
    </Form>
  );
}
