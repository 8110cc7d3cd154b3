/**
 * npm run rollups:rebuild
 * Empties every rollup table (rollup, rollup_subtree, rollup_group, rollup_hour) and adds
 * every unflagged response again, through the same code as ingestion, in one transaction.
 * Needed after a unit moves in the tree (rollup_subtree is keyed by ancestors) or after a
 * questionnaire option that drives derived keys changed.
 */
import { appContext } from "~/services/context.server";
import { rebuildRollups } from "~/services/rollup-maintenance.server";

const ctx = await appContext();
const started = performance.now();
const { responses } = await rebuildRollups(ctx);
const secs = (performance.now() - started) / 1000;
console.log(`Rollups rebuilt from ${responses} responses in ${secs.toFixed(1)} s.`);
await ctx.close();
