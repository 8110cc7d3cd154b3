/**
 * npm run rollups:rebuild [-- --force]
 * Empties every rollup table (rollup, rollup_subtree, rollup_span, rollup_group, rollup_hour)
 * and adds every unflagged response again, through the same code as ingestion, in one
 * transaction. For repairs: after a questionnaire option that drives derived keys changed, or
 * when a check (rollup-check) finds a difference. Unit moves need no rebuild: they move the
 * rollups keyed by ancestors themselves (db/rollups/move.ts).
 *
 * Refuses when the audit log shows that retention deleted raw responses: their counts are
 * only in the rollups, and a rebuild would drop them for good. `--force` rebuilds anyway.
 */
import { appContext } from "~/services/context.server";
import { rebuildRollups, retentionDeletions } from "~/services/rollup-maintenance.server";

const force = process.argv.slice(2).includes("--force");
const ctx = await appContext();
const deleted = await retentionDeletions(ctx);
if (deleted > 0 && !force) {
  console.error(
    [
      `Không dựng lại: quy định lưu giữ đã xoá ${deleted} phiếu trả lời gốc (nhật ký "retention").`,
      "Số liệu của các phiếu đó chỉ còn trong bảng tổng hợp; dựng lại từ phiếu gốc sẽ làm mất chúng.",
      "Chuyển đơn vị không cần dựng lại. Nếu vẫn muốn dựng lại: npm run rollups:rebuild -- --force",
      "",
      `Not rebuilding: retention deleted ${deleted} raw responses (audit action "retention").`,
      "Their counts exist only in the rollups; a rebuild from the raw responses would lose them.",
      "Moving units needs no rebuild. To rebuild anyway: npm run rollups:rebuild -- --force",
    ].join("\n"),
  );
  await ctx.close();
  process.exit(1);
}
const started = performance.now();
const { responses } = await rebuildRollups(ctx);
const secs = (performance.now() - started) / 1000;
console.log(`Rollups rebuilt from ${responses} responses in ${secs.toFixed(1)} s.`);
await ctx.close();
