/** npm run backup / restore: a round trip gives back every row, on the dialect under test. */
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backupDatabase, backupKind, restoreDatabase } from "#db/backup";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { createAppContext, loadVersion } from "~/services/context.server";
import { submitResponse } from "~/services/ingest.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { checkRollups } from "~/services/rollup-check.server";
import { makeTestApp } from "../fixtures/app";
import { freshDatabase, testDialect, whenTestEnds } from "../fixtures/database";
import { allRows } from "../fixtures/tables";

const noLimit = new RateLimiter(0);
const tmp = () => mkdtempSync(join(tmpdir(), "hl-backup-"));

/** A database on a file (SQLite) or a scratch database (PostgreSQL), with answers in it. */
async function populated() {
  const fresh = await freshDatabase({ file: true });
  whenTestEnds(fresh.drop); // registered first, runs last
  const app = await makeTestApp({ url: fresh.url });
  const version = (await loadVersion(app.ctx, app.version.id))!;
  const rand = seededRandom(9);
  for (let i = 0; i < 40; i++) {
    const r = await submitResponse(
      app.ctx,
      {
        id: randomUUID(),
        token: i % 2 ? app.link.token : app.counterLink.token,
        answers: syntheticAnswers(version.compiled, rand),
      },
      { limiter: noLimit },
    );
    expect(r.status).toBe(201);
  }
  return { app, url: fresh.url };
}

describe("backup and restore", () => {
  it("restores every row of every table into an empty database", async () => {
    const { app, url } = await populated();
    const file = join(tmp(), "backup");
    const made = await backupDatabase(url, file);
    expect(made.dialect).toBe(testDialect);
    expect(backupKind(file)).toBe(testDialect);
    expect(made.bytes).toBeGreaterThan(0);
    // Written after the backup: not in it.
    await app.ctx.db.updateTable("unit").set({ name: "đổi sau sao lưu" }).execute();

    const target = await freshDatabase({ file: true });
    whenTestEnds(target.drop);
    const restored = await restoreDatabase(file, target.url);
    expect(restored.tables.response).toBe(40);
    const after = await allRows(target.url);
    expect(after.unit!.join()).not.toContain("đổi sau sao lưu");
    // Every table compared, the people and sessions of the sign-in work included.
    expect(Object.keys(after)).toEqual(expect.arrayContaining(["response", "rollup", "unit"]));
    for (const rows of [after.response, after.rollup, after.access_link])
      expect(rows!.length).toBeGreaterThan(0);

    const ctx = await createAppContext(target.url);
    whenTestEnds(() => ctx.close());
    const check = await checkRollups(ctx);
    expect(check.responses).toBe(40);
    expect(check.mismatches).toEqual([]);
  });

  it("gives back exactly what was backed up", async () => {
    const { url } = await populated();
    const file = join(tmp(), "backup");
    await backupDatabase(url, file);
    const target = await freshDatabase({ file: true });
    whenTestEnds(target.drop);
    await restoreDatabase(file, target.url);
    expect(await allRows(target.url)).toEqual(await allRows(url));
  });

  it("refuses to restore over data unless forced, and then replaces it", async () => {
    const { app, url } = await populated();
    const file = join(tmp(), "backup");
    await backupDatabase(url, file);
    const before = await allRows(url);
    await submitResponse(
      app.ctx,
      { id: randomUUID(), token: app.link.token, answers: { q1: 5, q2: 5 } },
      { limiter: noLimit },
    );
    await app.ctx.close();
    await expect(restoreDatabase(file, url)).rejects.toThrow(/already holds data.*--force/);
    expect((await allRows(url)).response).toHaveLength(41);
    await restoreDatabase(file, url, { force: true });
    expect(await allRows(url)).toEqual(before);
  });

  it("will not overwrite a file, and says how to move a SQLite backup to PostgreSQL", async () => {
    const dir = tmp();
    const sqliteBackup = join(dir, "a.db");
    const pgBackup = join(dir, "b.dump");
    writeFileSync(sqliteBackup, "SQLite format 3\u0000 and the rest");
    writeFileSync(pgBackup, "PGDMP and the rest");
    await expect(backupDatabase(join(dir, "x.db"), sqliteBackup)).rejects.toThrow(/exists/);
    await expect(restoreDatabase(sqliteBackup, "postgres://nobody@127.0.0.1:1/x")).rejects.toThrow(
      /sqlite backup and the target is postgres.*migrate-data/,
    );
    await expect(restoreDatabase(pgBackup, join(dir, "target.db"))).rejects.toThrow(
      /postgres backup and the target is sqlite/,
    );
    writeFileSync(join(dir, "c"), "hello");
    expect(() => backupKind(join(dir, "c"))).toThrow(/neither/);
  });
});
