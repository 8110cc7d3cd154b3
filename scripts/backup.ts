/**
 * npm run backup [-- --out FILE]
 * Backs up DATABASE_URL while the server runs: SQLite through the online backup API (a plain
 * SQLite file), PostgreSQL through pg_dump (custom format). Default file: backups/hai-long-<time>.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { backupDatabase } from "#db/backup";
import { DEFAULT_DATABASE_URL, isPostgresUrl } from "#db/create-db";

const { values } = parseArgs({ options: { out: { type: "string" } } });
const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
const out = values.out ?? `backups/hai-long-${stamp}.${isPostgresUrl(url) ? "dump" : "db"}`;
mkdirSync(dirname(out), { recursive: true });
try {
  const started = performance.now();
  const r = await backupDatabase(url, out);
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Backed up the ${r.dialect} database to ${r.file} (${r.bytes} bytes, ${secs} s).`);
  console.log(`Restore with: npm run restore -- ${r.file}`);
} catch (e) {
  console.error(`Backup failed: ${(e as Error).message}`);
  process.exit(1);
}
