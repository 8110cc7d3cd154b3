/**
 * npm run migrate-data -- --to postgres://user:pass@host/db [--from ./data/hai-long.db]
 * Copies a SQLite database (default: DATABASE_URL when it is a file, else ./data/hai-long.db)
 * into an empty PostgreSQL database: every table, parents first, in batches, in one
 * transaction, row counts checked. Stop the app first; then start it with DATABASE_URL=<--to>.
 */
import { parseArgs } from "node:util";
import { copyDatabase } from "#db/copy";
import { DEFAULT_DATABASE_URL, isPostgresUrl } from "#db/create-db";

const { values } = parseArgs({
  options: {
    from: { type: "string" },
    to: { type: "string" },
    batch: { type: "string", default: "1000" },
  },
});
const envUrl = process.env.DATABASE_URL;
const from = values.from ?? (envUrl && !isPostgresUrl(envUrl) ? envUrl : DEFAULT_DATABASE_URL);
const to = values.to;
if (!to) {
  console.error("usage: npm run migrate-data -- --to postgres://… [--from ./data/hai-long.db]");
  process.exit(2);
}
const started = performance.now();
let last = 0;
try {
  const r = await copyDatabase(from, to, {
    batchRows: Number(values.batch),
    onProgress: ({ table, copied, total }) => {
      if (performance.now() - last < 2000 && copied < total) return;
      last = performance.now();
      console.log(`  ${table}: ${copied} / ${total}`);
    },
  });
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Copied ${from} into ${new URL(to).host}${new URL(to).pathname} in ${secs} s:`);
  for (const t of r.tables) console.log(`  ${t.table.padEnd(24)} ${t.rows}`);
  if (r.skipped.length > 0) console.log(`Not copied: ${r.skipped.join(", ")}`);
} catch (e) {
  console.error(`migrate-data failed; the target is unchanged: ${(e as Error).message}`);
  process.exit(1);
}
