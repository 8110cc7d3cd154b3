/** /admin/jobs/:jobId — one background job and every attempt at it; run again or cancel. */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "~/components/action-message";
import { JobButtons, JobWhen } from "~/components/job-parts";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { jobDetail } from "~/services/jobs-admin.server";
import { formatDateTime, localeFromRequest, translator, pageTitle } from "~/utils/i18n";
import { jobPageAction } from "~/utils/job-action.server";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AdminHead } from "~/components/admin-head";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "jobs.manage");
  const ctx = await appContext();
  const t = translator(localeFromRequest(request));
  return jobDetail(ctx, user, params.jobId ?? "", t).catch(loaderFailure);
}

export const action = ({ request, params }: ActionFunctionArgs) =>
  jobPageAction(request, params.jobId ?? "");

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "jobs.detail.title") },
];

export default function JobPage() {
  const { job, attempts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  return (
    <>
      <AdminHead
        t={t}
        title={job.description}
        trail={[{ to: "/admin/jobs", label: t("jobs.title") }]}
      />
      <ActionMessage result={result} />
      <dl className="card">
        <dt>{t("jobs.col.state")}</dt>
        <dd>
          {t(`jobs.state.${job.state}`)} — <JobWhen t={t} job={job} />
        </dd>
        <dt>{t("jobs.col.attempts")}</dt>
        <dd>{t("jobs.attempts", { n: job.attempts, max: job.maxAttempts })}</dd>
        {job.lastError && (
          <>
            <dt>{t("jobs.col.error")}</dt>
            <dd>{job.lastError}</dd>
          </>
        )}
        <dt>{t("jobs.col.unit")}</dt>
        <dd>{job.unitName ?? t("jobs.allUnits")}</dd>
        <dt>{t("jobs.detail.created")}</dt>
        <dd>{formatDateTime(job.createdAt)}</dd>
      </dl>
      <JobButtons t={t} job={job} busy={busy} />
      <h2>{t("jobs.detail.history")}</h2>
      {attempts.length === 0 ? (
        <p>{t("jobs.detail.noAttempts")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("jobs.attempt.n")}</th>
              <th scope="col">{t("jobs.attempt.started")}</th>
              <th scope="col">{t("jobs.attempt.finished")}</th>
              <th scope="col">{t("jobs.attempt.outcome")}</th>
              <th scope="col">{t("jobs.attempt.message")}</th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.id}>
                <td className="num">{a.attempt}</td>
                <td>{formatDateTime(a.started_at)}</td>
                <td>{a.finished_at ? formatDateTime(a.finished_at) : "—"}</td>
                <td>
                  {t(
                    a.outcome === "ok" || a.outcome === "error" || a.outcome === "lost"
                      ? `jobs.attempt.${a.outcome}`
                      : "jobs.attempt.running",
                  )}
                </td>
                <td>{a.error ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details>
        <summary>{t("jobs.detail.technical")}</summary>
        <dl>
          <dt>{t("jobs.detail.kind")}</dt>
          <dd>
            <code>{job.name}</code>
          </dd>
          {job.uniqueKey && (
            <>
              <dt>{t("jobs.detail.key")}</dt>
              <dd>
                <code>{job.uniqueKey}</code>
              </dd>
            </>
          )}
          <dt>{t("jobs.attempt.worker")}</dt>
          {attempts.map((a) => (
            <dd key={a.id}>
              {t("jobs.attempt.n")} {a.attempt}: <code>{a.worker}</code>
            </dd>
          ))}
        </dl>
      </details>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
