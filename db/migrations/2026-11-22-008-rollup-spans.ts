// Frozen: quarters and years of the rollups (rollup_span), so dashboards read a range of
// months as a few spans (docs/decisions/011-rollup-spans.md), filled from the month rollups.
import { SqliteAdapter, sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const table = db.schema
    .createTable("rollup_span")
    .addColumn("campaign_id", "text", (c) => c.notNull())
    .addColumn("unit_id", "text", (c) => c.notNull())
    // 'YYYY-Qn' or 'YYYY'.
    .addColumn("span", "text", (c) => c.notNull())
    // 1: responses taken at the unit itself; 0: taken below it (the unit is an ancestor).
    .addColumn("own", "integer", (c) => c.notNull())
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_span_pk", [
      "campaign_id",
      "unit_id",
      "span",
      "own",
      "question",
      "value",
    ]);
  // Clustered on its key on SQLite, as the other rollups.
  await (sqlite ? table.modifyEnd(sql`without rowid`) : table).execute();

  // From the month rollups as they stand (the same sums applyToRollups keeps from now on):
  // own rows from `rollup` over every channel, ancestors' rows from rollup_subtree's "*".
  const year = sql`substr(period, 1, 4)`;
  const quarter = sql`substr(period, 1, 4) || '-Q' || cast((cast(substr(period, 6, 2) as integer) + 2) / 3 as text)`;
  for (const span of [quarter, year]) {
    await sql`
      insert into rollup_span (campaign_id, unit_id, span, own, question, value, count)
      select campaign_id, unit_id, ${span}, 1, question, value, sum(count)
      from rollup
      group by campaign_id, unit_id, ${span}, question, value
      having sum(count) <> 0
    `.execute(db);
    await sql`
      insert into rollup_span (campaign_id, unit_id, span, own, question, value, count)
      select campaign_id, unit_id, ${span}, 0, question, value, sum(count)
      from rollup_subtree
      where channel = '*'
      group by campaign_id, unit_id, ${span}, question, value
      having sum(count) <> 0
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("rollup_span").execute();
}
