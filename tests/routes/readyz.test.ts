/** /readyz: ready only when the database answers and has every migration of this build. */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrationProvider } from "#db/migrations/index";
import { loader } from "~/routes/readyz";
import { makeTestApp } from "../fixtures/app";
import { testDialect } from "../fixtures/database";

async function ready() {
  const res = await loader();
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("/readyz", () => {
  it("is ready on a migrated database that answers", async () => {
    await makeTestApp();
    const known = Object.keys(await migrationProvider.getMigrations());
    expect(await ready()).toEqual({
      status: 200,
      body: { status: "ready", database: testDialect, migrations: known.length },
    });
  });

  it("is not ready while a migration of this build is not applied", async () => {
    const app = await makeTestApp();
    const known = Object.keys(await migrationProvider.getMigrations()).sort();
    const last = known[known.length - 1]!;
    await sql`delete from kysely_migration where name = ${last}`.execute(app.ctx.db);
    expect(await ready()).toEqual({
      status: 503,
      body: { status: "not_ready", reason: "migrations_pending", pending: [last] },
    });
  });

  it("reports migrations applied by a newer build but stays ready", async () => {
    const app = await makeTestApp();
    await sql`insert into kysely_migration (name, timestamp) values (${"2999-01-01-001-future"}, ${new Date().toISOString()})`.execute(
      app.ctx.db,
    );
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body.newerMigrations).toEqual(["2999-01-01-001-future"]);
  });

  it("is not ready when the database does not answer", async () => {
    const app = await makeTestApp();
    await app.ctx.close();
    const errors: unknown[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => errors.push(a);
    try {
      expect(await ready()).toEqual({
        status: 503,
        body: { status: "not_ready", reason: "database_unavailable" },
      });
    } finally {
      console.error = orig;
    }
    expect(errors).toHaveLength(1);
  });
});
