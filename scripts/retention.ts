/**
 * npm run retention [-- --comments-days N] [--raw-days N] [--dry-run]
 * Applies the retention limits (Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP): free-text answers older than
 * RETENTION_COMMENTS_DAYS days are replaced by "[đã ẩn]", responses older than
 * RETENTION_RAW_DAYS days are deleted; rollups are kept. Options override the variables.
 * Run it daily (cron or a systemd timer); with neither limit set it does nothing.
 */
import { parseArgs } from "node:util";
import { appContext } from "~/services/context.server";
import { applyRetention, retentionFromEnv } from "~/services/privacy.server";

const { values } = parseArgs({
  options: {
    "comments-days": { type: "string" },
    "raw-days": { type: "string" },
    "dry-run": { type: "boolean", default: false },
  },
});
let policy;
try {
  policy = retentionFromEnv({
    RETENTION_COMMENTS_DAYS: values["comments-days"] ?? process.env.RETENTION_COMMENTS_DAYS,
    RETENTION_RAW_DAYS: values["raw-days"] ?? process.env.RETENTION_RAW_DAYS,
  });
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
if (policy.commentsDays === null && policy.rawDays === null) {
  console.log(
    "No retention limit set (RETENTION_COMMENTS_DAYS, RETENTION_RAW_DAYS): nothing to do.",
  );
  process.exit(0);
}
const ctx = await appContext();
try {
  const dryRun = values["dry-run"];
  const r = await applyRetention(ctx, policy, { dryRun });
  const verb = dryRun ? "would be" : "were";
  if (r.rawBefore)
    console.log(`${r.deleted} responses from before ${r.rawBefore} ${verb} deleted.`);
  if (r.commentsBefore)
    console.log(
      `${r.redacted} responses from before ${r.commentsBefore} ${verb} cleared of free text.`,
    );
  console.log("Rollups are unchanged.");
} finally {
  await ctx.close();
}
