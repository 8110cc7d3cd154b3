/**
 * What the server does before it listens: migrate (in appContext), store changed
 * questionnaires, and on an empty database create the demo. Called from server.js
 * through the server build's entry module.
 */
import { appContext, type AppContext } from "./context.server";
import { loadCatalog } from "./catalog.server";
import { seedDemoIfEmpty } from "./demo.server";
import { withStartupLock } from "./startup-lock.server";

export async function startup(opts: { baseUrl: string; demo?: boolean }) {
  const ctx = await appContext();
  return withStartupLock(ctx, () => startupLocked(ctx, opts));
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
    console.log(`    survey link:  ${opts.baseUrl}/s/${links[0]!.token}`);
    console.log(`    results:      ${opts.baseUrl}/results/${campaign.id}`);
  }
  console.log(`\nDemo sign-in (${opts.baseUrl}/login); these passwords are shown only now:`);
  for (const u of demo.users) {
    console.log(`    ${u.role.padEnd(8)} ${u.login.padEnd(14)} ${u.password}   (${u.unitName})`);
  }
  console.log("");
}
