/**
 * Backups and restores, for `npm run backup` and `npm run restore`.
 * SQLite: the online backup API (better-sqlite3's .backup()), safe while the server writes;
 * the copy is a plain SQLite file. PostgreSQL: pg_dump's custom format, restored with
 * pg_restore in one transaction. A backup is restored into the same kind of database it came
 * from; moving SQLite to PostgreSQL is `npm run migrate-data`.
 */
import SQLite from "better-sqlite3";
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from "node:fs";
import { tablesWithData } from "./copy";
import { createDb, isPostgresUrl, openDb, sqliteFile, type Dialect } from "./create-db";

export interface BackupResult {
  dialect: Dialect;
  file: string;
  bytes: number;
}

export async function backupDatabase(url: string, file: string): Promise<BackupResult> {
  if (existsSync(file)) throw new Error(`${file} exists already; choose another name`);
  if (isPostgresUrl(url)) {
    await runPgTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges"], url, file);
    return { dialect: "postgres", file, bytes: statSync(file).size };
  }
  const path = sqliteFile(url);
  if (path === ":memory:") throw new Error("an in-memory database has nothing to back up");
  if (!existsSync(path)) throw new Error(`no database at ${path}`);
  const source = new SQLite(path, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    await source.backup(file);
  } finally {
    source.close();
  }
  checkSqliteFile(file);
  return { dialect: "sqlite", file, bytes: statSync(file).size };
}

export type BackupKind = Dialect;

/** What a backup file is, from its first bytes. */
export function backupKind(file: string): BackupKind {
  const fd = openSync(file, "r");
  const head = Buffer.alloc(16);
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString("latin1", 0, 15) === "SQLite format 3") return "sqlite";
  if (head.toString("latin1", 0, 5) === "PGDMP") return "postgres";
  throw new Error(`${file} is neither a SQLite backup nor a pg_dump custom-format file`);
}

export interface RestoreOptions {
  /** Replace a database that already holds data (same schema version; else restore into a new one). */
  force?: boolean;
}

/**
 * Restores `file` into `url`. Refuses a database that already holds data unless `force`.
 * Stop the app first: a restore under a running server is not what it would expect.
 * The next start (or this function's check) migrates an older backup to the current schema.
 */
export async function restoreDatabase(
  file: string,
  url: string,
  opts: RestoreOptions = {},
): Promise<{ dialect: Dialect; tables: Record<string, number> }> {
  const kind = backupKind(file);
  const target: Dialect = isPostgresUrl(url) ? "postgres" : "sqlite";
  if (kind !== target) {
    throw new Error(
      `${file} is a ${kind} backup and the target is ${target}. Restore it into ${kind}` +
        (kind === "sqlite" ? ", then move it with npm run migrate-data." : "."),
    );
  }
  if (!opts.force && (await holdsData(url))) {
    throw new Error("the target database already holds data; add --force to replace it");
  }
  if (kind === "postgres") {
    // One transaction: the restore applies whole or not at all. --clean --if-exists replaces
    // the dump's tables when they exist (a database the app already migrated, or --force).
    const args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"];
    await runPgTool("pg_restore", [...args, "--clean", "--if-exists"], url, file);
  } else {
    const path = sqliteFile(url);
    if (path === ":memory:") throw new Error("cannot restore into an in-memory database");
    checkSqliteFile(file);
    // Copy beside the target, then rename over it: a failure leaves the old database whole.
    const tmp = `${path}.restoring`;
    rmSync(tmp, { force: true });
    const backup = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      await backup.backup(tmp);
    } finally {
      backup.close();
    }
    for (const f of [`${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
    renameSync(tmp, path);
  }
  return { dialect: kind, tables: await tableCounts(url) };
}

/** Row counts per table, after migrating to this build's schema. */
export async function tableCounts(url: string): Promise<Record<string, number>> {
  const { db, close } = await createDb(url);
  try {
    const out: Record<string, number> = {};
    const tables = (await db.introspection.getTables()).map((t) => t.name).sort();
    for (const t of tables) {
      const row = await db
        .selectFrom(t as "unit")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      out[t] = Number(row.n);
    }
    return out;
  } finally {
    await close();
  }
}

/** Whether the organisation's tables hold rows; opens without migrating (pg_restore wants the tables absent or its own). */
async function holdsData(url: string): Promise<boolean> {
  if (!isPostgresUrl(url)) {
    const path = sqliteFile(url);
    if (!existsSync(path) || statSync(path).size === 0) return false;
  }
  const { db, close } = openDb(url);
  try {
    return (await tablesWithData(db)).length > 0;
  } finally {
    await close();
  }
}

function checkSqliteFile(file: string) {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma("quick_check", { simple: true });
    if (result !== "ok") throw new Error(`${file} fails SQLite's quick_check: ${String(result)}`);
  } finally {
    db.close();
  }
}

/**
 * Runs pg_dump (to `file`) or pg_restore (from `file`). The password goes in PGPASSWORD,
 * not on the command line where `ps` would show it.
 */
function runPgTool(
  tool: "pg_dump" | "pg_restore",
  args: string[],
  url: string,
  file: string,
): Promise<void> {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  const fileArgs = tool === "pg_dump" ? [`--file=${file}`] : [file];
  const child = spawn(tool, [...args, `--dbname=${u.toString()}`, ...fileArgs], {
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    stdio: ["ignore", "inherit", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  return new Promise((resolve, reject) => {
    child.on("error", (e) =>
      reject(
        new Error(
          `${tool} could not be started (${e.message}); install PostgreSQL's client tools, e.g. apt-get install postgresql-client`,
        ),
      ),
    );
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else {
        if (tool === "pg_dump") rmSync(file, { force: true });
        reject(new Error(`${tool} failed (exit ${code}): ${stderr.trim()}`));
      }
    });
  });
}
