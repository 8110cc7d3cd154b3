/**
 * What the server does before it listens: migrate (in appContext), store changed
 * questionnaires, on an empty database create the demo, and start the job runner (unless
 * JOBS_RUNNER=0). Called from server.js through the server build's entry module, which
 * also exports `shutdown` for a clean stop.
 */
import { appContext, type AppContext } from "./context.server";
import { loadCatalog } from "./catalog.server";
import { seedDemoIfEmpty } from "./demo.server";
import { JOB_DEFINITIONS, RECURRING_JOBS } from "./job-handlers.server";
import { startProcessRunner, stopProcessRunner } from "./jobs.server";
import { ensureRecurring } from "./recurring.server";
import { withStartupLock } from "./startup-lock.server";

export async function startup(opts: { baseUrl: string; demo?: boolean }) {
  const ctx = await appContext();
  await withStartupLock(ctx, () => startupLocked(ctx, opts));
  // Report schedules and alert rules are looked at every few minutes, whoever runs the jobs.
  await ensureRecurring(ctx.db, RECURRING_JOBS);
  if (!startProcessRunner(ctx, JOB_DEFINITIONS))
    console.log("Background jobs: not run by this process (JOBS_RUNNER=0)");
}

/** Before the process exits: running jobs finish (a few seconds at most) or are handed back. */
export async function shutdown() {
  await stopProcessRunner();
}

async function startupLocked(ctx: AppContext, opts: { baseUrl: string; demo?: boolean }) {
  const versions = await loadCatalog(ctx.db);
  const created = versions.filter((v) => v.created);
  if (created.length > 0) {
    console.log(
      `Questionnaires stored: ${created.map((v) => `${v.slug} v${v.version.version}`).join(", ")}`,
    );
  }
  if (opts.demo === false) return;
  const demo = await seedDemoIfEmpty(ctx, versions);
  if (!demo) return;
  console.log("\nDemo data created (Tỉnh Minh Hoạ, synthetic responses). Try:");
  for (const { campaign, links } of demo.campaigns) {
    console.log(`\n  ${campaign.title}`);
    for (const link of links.slice(0, 2))
      console.log(`    survey link:  ${opts.baseUrl}/s/${link.token}   (${link.label ?? ""})`);
    console.log(`    results:      ${opts.baseUrl}/results/${campaign.id}`);
  }
  console.log("\n  Staff pages (sign in with a demo account below):");
  console.log(`    dashboard:     ${opts.baseUrl}/dashboard`);
  console.log(
    `    kiosk pairing: ${opts.baseUrl}/manage/kiosks   (register a tablet for a counter,`,
  );
  console.log(
    `                   then open its pairing address on the tablet or enter the code at`,
  );
  console.log(`                   ${opts.baseUrl}/kiosk/pair)`);
  console.log(`\nDemo sign-in (${opts.baseUrl}/login); these passwords are shown only now:`);
  for (const u of demo.users) {
    console.log(`    ${u.role.padEnd(8)} ${u.login.padEnd(14)} ${u.password}   (${u.unitName})`);
  }
  console.log("");
}
