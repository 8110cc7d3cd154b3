/**
 * npm run jobs [-- --once]
 * Runs background jobs outside the web server. `--once` looks at the report schedules and
 * alert rules at once, runs what is due, prints what
 * happened and exits (from cron every minute, with JOBS_RUNNER=0 on the web processes if
 * they should run none); without it, runs jobs until stopped (SIGTERM/SIGINT), as a
 * separate worker process. Several at once are safe: a job is claimed by one runner.
 */
import { parseArgs } from "node:util";
import { appContext } from "~/services/context.server";
import { JOB_DEFINITIONS, RECURRING_JOBS } from "~/services/job-handlers.server";
import { JobRunner, runnerOptionsFromEnv } from "~/services/jobs.server";
import { ensureRecurring } from "~/services/recurring.server";

const { values } = parseArgs({ options: { once: { type: "boolean", default: false } } });
let options;
try {
  options = runnerOptionsFromEnv();
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const ctx = await appContext();
const runner = new JobRunner(ctx, JOB_DEFINITIONS, options);
if (values.once) {
  try {
    // Due reports and alert rules are looked at now, not at their next slot.
    await ensureRecurring(ctx.db, RECURRING_JOBS, { dueNow: true });
    const r = await runner.runDue();
    console.log(
      `jobs: ${r.done} done, ${r.retrying} failed and will be retried, ${r.dead} failed for good` +
        (r.recovered ? `, ${r.recovered} taken back from a stopped process` : ""),
    );
    process.exitCode = r.dead > 0 ? 1 : 0;
  } finally {
    await ctx.close();
  }
} else {
  await ensureRecurring(ctx.db, RECURRING_JOBS);
  runner.start();
  console.log(`jobs: running (${options.concurrency} at a time); stop with Ctrl-C`);
  const stop = () => {
    runner
      .stop()
      .then(() => ctx.close())
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  // The runner's timers do not hold the process open by themselves.
  setInterval(() => {}, 1 << 30);
}
