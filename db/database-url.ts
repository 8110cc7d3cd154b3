/**
 * What DATABASE_URL names: a PostgreSQL server, or a SQLite file (or ':memory:'). SQLite is
 * accepted as a plain path or as a `file:` URL (file:/abs, file:///abs, file://localhost/abs,
 * file:relative), the common SQLite convention; anything else that looks like a URL is
 * refused with a message, never taken for a file name (`file:/x.db` used to create a folder
 * named "file:" in the working directory).
 */
import { fileURLToPath } from "node:url";

export type DatabaseTarget =
  { dialect: "postgres"; url: string } | { dialect: "sqlite"; file: string };

/**
 * DATABASE_URL cannot be used: the process stops before it has an app. Not a ServiceError, which
 * db/ may not import (db/ imports nothing of app/); scripts/start.js tells it by its name.
 */
export class DatabaseUrlError extends Error {
  override name = "DatabaseUrlError";
}

const ACCEPTED =
  "a SQLite file path (./data/hai-long.db), a file: URL (file:/var/lib/hai-long/hai-long.db), :memory:, or postgres://user:password@host/database";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (isPostgresUrl(url)) return { dialect: "postgres", url };
  if (url.trim() === "")
    throw new DatabaseUrlError(`DATABASE_URL is empty: give ${ACCEPTED}, or leave it unset.`);
  if (url === ":memory:") return { dialect: "sqlite", file: ":memory:" };
  // sqlite:path and sqlite://path, as accepted before.
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/i.exec(url);
  if (sqlite) return { dialect: "sqlite", file: sqlite[1]! };
  if (/^file:/i.test(url)) return { dialect: "sqlite", file: fileUrlPath(url) };
  // A scheme of two letters or more (one letter is a Windows drive, C:\…).
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(url);
  if (scheme)
    throw new DatabaseUrlError(
      `DATABASE_URL has the scheme "${scheme[1]}:", which Hài Lòng does not know: give ${ACCEPTED}.`,
    );
  return { dialect: "sqlite", file: url };
}

function fileUrlPath(url: string): string {
  if (/[?#]/.test(url))
    throw new DatabaseUrlError(
      `DATABASE_URL ${url}: query strings and fragments in file: URLs are not supported (SQLite's settings come from SQLITE_SYNCHRONOUS); give the file alone, e.g. file:/var/lib/hai-long/hai-long.db.`,
    );
  const rest = url.slice("file:".length);
  if (rest.startsWith("//")) {
    // file://host/path: only the local host is a file on this machine.
    const host = rest.slice(2).split("/", 1)[0]!;
    if (host !== "" && host.toLowerCase() !== "localhost")
      throw new DatabaseUrlError(
        `DATABASE_URL ${url} names the host "${host}": a SQLite file must be on this machine (file:///path or file:/path).`,
      );
  }
  if (rest.startsWith("/"))
    return checkedPath(url, () => fileURLToPath(`file://${rest.replace(/^\/\/[^/]*/, "")}`));
  // file:relative/path, relative to the working directory.
  return checkedPath(url, () => decodeURIComponent(rest));
}

function checkedPath(url: string, decode: () => string): string {
  let path: string;
  try {
    path = decode();
  } catch (e) {
    throw new DatabaseUrlError(
      `DATABASE_URL ${url} is not a valid file: URL (${(e as Error).message}).`,
    );
  }
  if (path === "") throw new DatabaseUrlError(`DATABASE_URL ${url} names no file.`);
  return path;
}
