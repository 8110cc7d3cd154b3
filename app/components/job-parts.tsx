/** Pieces of the job pages: a job's state in words, its time, and its buttons. */
import { Form } from "@remix-run/react";
import type { JobState } from "~/domain/jobs";
import { formatDateTime, type translator } from "~/utils/i18n";

type T = ReturnType<typeof translator>;

export function JobWhen({
  t,
  job,
}: {
  t: T;
  job: { state: JobState; runAt: string; updatedAt: string; finishedAt: string | null };
}) {
  switch (job.state) {
    case "due":
    case "scheduled":
      return <>{t("jobs.when.runAt", { time: formatDateTime(job.runAt) })}</>;
    case "failed":
      return <>{t("jobs.when.retryAt", { time: formatDateTime(job.runAt) })}</>;
    case "running":
      return <>{t("jobs.when.since", { time: formatDateTime(job.updatedAt) })}</>;
    default:
      return (
        <>{t("jobs.when.finished", { time: formatDateTime(job.finishedAt ?? job.updatedAt) })}</>
      );
  }
}

export function JobButtons({
  t,
  job,
  busy,
}: {
  t: T;
  job: { id: string; actions: Array<"retry" | "cancel"> };
  busy: boolean;
}) {
  return (
    <>
      {job.actions.map((a) => (
        <Form method="post" className="inline-form" key={a}>
          <input type="hidden" name="intent" value={a} />
          <input type="hidden" name="jobId" value={job.id} />
          <button type="submit" className="button" disabled={busy}>
            {t(a === "retry" ? "jobs.retry" : "jobs.cancel")}
          </button>
        </Form>
      ))}
    </>
  );
}
