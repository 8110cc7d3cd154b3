import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { inTransaction } from "#db/transaction";
import { makeTestApp } from "../fixtures/app";

let app: Awaited<ReturnType<typeof makeTestApp>>;
beforeEach(async () => {
  app = await makeTestApp();
});

const count = async () =>
  Number(
    (
      await app.ctx.db
        .selectFrom("unit")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

const unit = (code: string) => ({
  id: code,
  parent_id: null,
  path: `/${code}/`,
  code,
  name: code,
  kind: "province",
  sector: "administrative",
  active_from: null,
  active_to: null,
  created_at: new Date().toISOString(),
});

describe("inTransaction", () => {
  it("commits what the function wrote", async () => {
    const before = await count();
    await inTransaction(app.ctx.db, (trx) => trx.insertInto("unit").values(unit("T1")).execute());
    expect(await count()).toBe(before + 1);
  });

  it("rolls back and throws the function's own error", async () => {
    const before = await count();
    await expect(
      inTransaction(app.ctx.db, async (trx) => {
        await trx.insertInto("unit").values(unit("T2")).execute();
        throw new Error("the cause");
      }),
    ).rejects.toThrow("the cause");
    expect(await count()).toBe(before);
  });

  it("throws the cause, not the ROLLBACK's error, when the database already rolled back", async () => {
    // As SQLite does by itself on SQLITE_FULL or SQLITE_IOERR at COMMIT.
    await expect(
      inTransaction(app.ctx.db, async (trx) => {
        await trx.insertInto("unit").values(unit("T3")).execute();
        await sql`rollback`.execute(trx);
        throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
      }),
    ).rejects.toMatchObject({ code: "SQLITE_FULL" });
    // The connection is usable afterwards.
    await inTransaction(app.ctx.db, (trx) => trx.insertInto("unit").values(unit("T4")).execute(), {
      immediate: true,
    });
    expect(
      await app.ctx.db.selectFrom("unit").select("id").where("id", "in", ["T3", "T4"]).execute(),
    ).toEqual([{ id: "T4" }]);
  });
});
