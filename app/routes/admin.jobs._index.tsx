/**
 * /admin/jobs — background jobs of the administrator's units: counts by state, the jobs of one
 * state (those needing attention by default), run again or cancel; mail and runner status.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "~/components/action-message";
import { JobButtons, JobWhen } from "~/components/job-parts";
import { JOB_STATES } from "~/domain/jobs";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { jobsPage, parseJobFilter } from "~/services/jobs-admin.server";
import { processRunnerActive, runnerOptionsFromEnv } from "~/services/jobs.server";
import { mailSettings } from "~/services/mail.server";
import { formatDateTime, localeFromRequest, translator, pageTitle } from "~/utils/i18n";
import { jobPageAction } from "~/utils/job-action.server";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AdminHead } from "~/components/admin-head";

/** A due job not started within this long means no runner is taking jobs. */
const STALE_MS = 5 * 60_000;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "jobs.manage");
  const ctx = await appContext();
  const t = translator(localeFromRequest(request));
  const state = parseJobFilter(new URL(request.url).searchParams.get("state"));
  const now = new Date();
  const page = await jobsPage(ctx, user, state, t, now);
  const mail = mailSettings();
  return {
    state,
    ...page,
    stale: page.oldestDue !== null && now.getTime() - Date.parse(page.oldestDue) > STALE_MS,
    runner: processRunnerActive() ? { concurrency: runnerOptionsFromEnv().concurrency } : null,
    mail: mail.ready
      ? { ready: true as const, server: mail.server, from: mail.fromAddress }
      : { ready: false as const, problem: mail.problem },
  };
}

export const action = ({ request }: ActionFunctionArgs) => jobPageAction(request);

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "jobs.title") }];

export default function Jobs() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  const filters = ["open", ...JOB_STATES] as const;
  const open =
    d.counts.due + d.counts.scheduled + d.counts.running + d.counts.failed + d.counts.dead;
  return (
    <>
      <AdminHead t={t} title={t("jobs.title")} intro={t("jobs.intro")} />
      <p>{d.runner ? t("jobs.runner.on", { n: d.runner.concurrency }) : t("jobs.runner.off")}</p>
      <p className={d.mail.ready ? undefined : "note"}>
        {d.mail.ready
          ? t("jobs.mail.ready", { server: d.mail.server, from: d.mail.from })
          : t(`jobs.mail.${d.mail.problem}`)}
      </p>
      {d.stale && d.oldestDue && (
        <p className="error" role="alert">
          {t("jobs.waiting", { time: formatDateTime(d.oldestDue) })}
        </p>
      )}
      <ActionMessage result={result} />
      <nav aria-label={t("jobs.filter.label")} className="subnav">
        {filters.map((f, i) => (
          <span key={f}>
            {i > 0 && " · "}
            <Link to={`?state=${f}`} aria-current={f === d.state ? "page" : undefined}>
              {f === "open" ? t("jobs.filter.open") : t(`jobs.state.${f}`)} (
              {f === "open" ? open : d.counts[f]})
            </Link>
          </span>
        ))}
      </nav>
      {d.jobs.length === 0 ? (
        <p>{t("jobs.none")}</p>
      ) : (
        <>
          <p className="muted">{t("jobs.shown", { n: d.jobs.length })}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("jobs.col.job")}</th>
                <th scope="col">{t("jobs.col.unit")}</th>
                <th scope="col">{t("jobs.col.state")}</th>
                <th scope="col">{t("jobs.col.when")}</th>
                <th scope="col">{t("jobs.col.attempts")}</th>
                <th scope="col">{t("jobs.col.error")}</th>
                <th scope="col">{t("jobs.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {d.jobs.map((j) => (
                <tr key={j.id}>
                  <td>
                    <Link to={`/admin/jobs/${j.id}`}>{j.description}</Link>
                  </td>
                  <td>{j.unitName ?? t("jobs.allUnits")}</td>
                  <td>{t(`jobs.state.${j.state}`)}</td>
                  <td>
                    <JobWhen t={t} job={j} />
                  </td>
                  <td>{t("jobs.attempts", { n: j.attempts, max: j.maxAttempts })}</td>
                  <td>{j.lastError ?? "—"}</td>
                  <td>
                    <JobButtons t={t} job={j} busy={busy} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
