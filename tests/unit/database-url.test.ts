import { describe, expect, it } from "vitest";
import { DatabaseUrlError, parseDatabaseUrl } from "#db/database-url";

const sqlite = (file: string) => ({ dialect: "sqlite", file });

describe("DATABASE_URL", () => {
  it("takes plain paths, :memory: and postgres:// as before", () => {
    expect(parseDatabaseUrl("./data/hai-long.db")).toEqual(sqlite("./data/hai-long.db"));
    expect(parseDatabaseUrl("/var/lib/hai-long/x.db")).toEqual(sqlite("/var/lib/hai-long/x.db"));
    expect(parseDatabaseUrl(":memory:")).toEqual(sqlite(":memory:"));
    expect(parseDatabaseUrl("sqlite:///var/x.db")).toEqual(sqlite("/var/x.db"));
    for (const url of ["postgres://u:p@127.0.0.1/db", "postgresql://u@h:5432/db?ssl=true"])
      expect(parseDatabaseUrl(url)).toEqual({ dialect: "postgres", url });
  });

  it("reads file: URLs as SQLite files, never as a folder named 'file:'", () => {
    expect(parseDatabaseUrl("file:/var/lib/hai-long/x.db")).toEqual(
      sqlite("/var/lib/hai-long/x.db"),
    );
    expect(parseDatabaseUrl("file:///var/lib/hai-long/x.db")).toEqual(
      sqlite("/var/lib/hai-long/x.db"),
    );
    expect(parseDatabaseUrl("file://localhost/srv/x.db")).toEqual(sqlite("/srv/x.db"));
    expect(parseDatabaseUrl("file:data/x.db")).toEqual(sqlite("data/x.db"));
    expect(parseDatabaseUrl("file:./x.db")).toEqual(sqlite("./x.db"));
    expect(parseDatabaseUrl("file:///srv/h%C3%A0i%20l%C3%B2ng.db")).toEqual(
      sqlite("/srv/hài lòng.db"),
    );
    expect(parseDatabaseUrl("FILE:/x.db")).toEqual(sqlite("/x.db"));
  });

  it("refuses what it cannot honour, with a message naming what to give", () => {
    const refused = (url: string) => {
      try {
        parseDatabaseUrl(url);
      } catch (e) {
        expect(e).toBeInstanceOf(DatabaseUrlError);
        return (e as Error).message;
      }
      throw new Error(`${url} was accepted`);
    };
    expect(refused("mysql://u@h/db")).toMatch(/scheme "mysql:".*postgres:\/\//);
    expect(refused("http://example.org/x.db")).toMatch(/scheme "http:"/);
    expect(refused("file:/srv/x.db?mode=ro")).toMatch(/query strings/);
    expect(refused("file://fileserver/share/x.db")).toMatch(/host "fileserver"/);
    expect(refused("file:")).toMatch(/names no file/);
    expect(refused("")).toMatch(/empty/);
  });
});
