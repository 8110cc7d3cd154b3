/**
 * npm run restore -- FILE [--force]
 * Restores a backup made by `npm run backup` into DATABASE_URL. Stop the app first. Refuses a
 * database that already holds data unless --force. PostgreSQL: into an empty database (or one
 * of the same schema version with --force), in one transaction.
 */
import { parseArgs } from "node:util";
import { restoreDatabase } from "#db/backup";
import { DEFAULT_DATABASE_URL } from "#db/create-db";

const { values, positionals } = parseArgs({
  options: { force: { type: "boolean", default: false } },
  allowPositionals: true,
});
const file = positionals[0];
if (!file || positionals.length > 1) {
  console.error("usage: npm run restore -- <backup file> [--force]   (into DATABASE_URL)");
  process.exit(2);
}
const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
try {
  const r = await restoreDatabase(file, url, { force: values.force });
  console.log(`Restored ${file} into the ${r.dialect} database. Rows per table:`);
  for (const [t, n] of Object.entries(r.tables)) console.log(`  ${t.padEnd(24)} ${n}`);
} catch (e) {
  console.error(`Restore failed: ${(e as Error).message}`);
  process.exit(1);
}
