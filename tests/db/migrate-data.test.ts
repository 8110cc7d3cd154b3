/**
 * npm run migrate-data: a SQLite database copied into an empty database of the dialect under
 * test (PostgreSQL in CI's second run): every table, parents first, in batches, and the app
 * keeps working on the copy.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyDatabase, dependencyOrder, type CopyProgress } from "#db/copy";
import { insertUnit } from "#db/queries/units";
import { seededRandom, syntheticAnswers } from "~/domain/synthetic";
import { createAppContext, loadVersion } from "~/services/context.server";
import { submitResponse } from "~/services/ingest.server";
import { RateLimiter } from "~/services/rate-limit.server";
import { checkRollups } from "~/services/rollup-check.server";
import { makeTestApp } from "../fixtures/app";
import { freshDatabase, whenTestEnds } from "../fixtures/database";
import { allRows } from "../fixtures/tables";

const noLimit = new RateLimiter(0);

/** Always SQLite (the source of a move), on a file. */
async function sqliteSource() {
  const url = join(mkdtempSync(join(tmpdir(), "hl-move-")), "source.db");
  const app = await makeTestApp({ url });
  const version = (await loadVersion(app.ctx, app.version.id))!;
  const rand = seededRandom(21);
  for (let i = 0; i < 120; i++) {
    const r = await submitResponse(
      app.ctx,
      {
        id: randomUUID(),
        token: i % 3 ? app.link.token : app.counterLink.token,
        answers: syntheticAnswers(version.compiled, rand),
      },
      { limiter: noLimit },
    );
    expect(r.status).toBe(201);
  }
  // A unit whose parent was inserted after it (a reorganisation): row order is not tree order.
  const early = await insertUnit(app.ctx.db, { code: "E", name: "Sớm", kind: "x", sector: "y" });
  const late = await insertUnit(app.ctx.db, { code: "L", name: "Muộn", kind: "x", sector: "y" });
  await app.ctx.db
    .updateTable("unit")
    .set({ parent_id: late.id, path: `${late.path}${early.id}/` })
    .where("id", "=", early.id)
    .execute();
  await app.ctx.db
    .insertInto("rate_limit")
    .values({ key: "k", window_start: 1, count: 1 })
    .execute();
  await app.ctx.close();
  return { url, token: app.link.token };
}

describe("migrate-data", () => {
  it("copies every table, parents first and in batches, into an empty database", async () => {
    const { url: source } = await sqliteSource();
    const target = await freshDatabase({ file: true });
    whenTestEnds(target.drop);
    const progress: CopyProgress[] = [];
    const result = await copyDatabase(source, target.url, {
      batchRows: 25,
      onProgress: (p) => progress.push(p),
    });
    expect(result.skipped).toEqual(["kysely_migration", "kysely_migration_lock", "rate_limit"]);
    const order = result.tables.map((t) => t.table);
    expect(order.indexOf("unit")).toBeLessThan(order.indexOf("campaign_unit"));
    expect(order.indexOf("campaign")).toBeLessThan(order.indexOf("response"));
    expect(order.indexOf("questionnaire_version")).toBeLessThan(order.indexOf("campaign"));
    expect(result.tables.find((t) => t.table === "response")!.rows).toBe(120);
    // 120 responses in batches of 25: five inserts.
    expect(progress.filter((p) => p.table === "response").map((p) => p.copied)).toEqual([
      25, 50, 75, 100, 120,
    ]);

    const copied = await allRows(target.url);
    expect(copied).toEqual(await allRows(source));
    expect(Object.keys(copied)).toEqual(expect.arrayContaining(["app_user", "response", "rollup"]));
  });

  it("leaves an app that works on the copy: rollups exact, new answers stored", async () => {
    const { url: source, token } = await sqliteSource();
    const target = await freshDatabase({ file: true });
    whenTestEnds(target.drop);
    await copyDatabase(source, target.url);
    const ctx = await createAppContext(target.url);
    whenTestEnds(() => ctx.close());
    const r = await submitResponse(
      ctx,
      { id: randomUUID(), token, answers: { q1: 4, q2: 4 } },
      { limiter: noLimit },
    );
    expect(r.status).toBe(201);
    const check = await checkRollups(ctx);
    expect(check.responses).toBe(121);
    expect(check.mismatches).toEqual([]);
  });

  it("refuses a target that already holds data, and leaves it as it was", async () => {
    const { url: source } = await sqliteSource();
    const target = await freshDatabase({ file: true });
    whenTestEnds(target.drop);
    await copyDatabase(source, target.url);
    const before = await allRows(target.url);
    await expect(copyDatabase(source, target.url)).rejects.toThrow(/already holds data/);
    expect(await allRows(target.url)).toEqual(before);
  });

  it("orders tables by their foreign keys and names a cycle", () => {
    const t = (name: string, parents: string[] = []) => ({ name, parents });
    expect(
      dependencyOrder([t("c", ["b"]), t("b", ["a"]), t("a"), t("d", ["a", "zz"])]).map(
        (x) => x.name,
      ),
    ).toEqual(["a", "b", "d", "c"]);
    expect(() => dependencyOrder([t("a", ["b"]), t("b", ["a"])])).toThrow(/cycle.*a, b/);
  });
});
