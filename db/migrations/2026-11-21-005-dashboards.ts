// Frozen: dashboards. Satisfaction targets (with the national defaults), the subtree,
// respondent-group and weekday × hour rollups, and their backfill from existing data.
import { SqliteAdapter, sql, type Kysely } from "kysely";

/**
 * Default targets (unit_id null). Sources as ../shared/reference labels them: NQ 76/NQ-CP's
 * own text was not reachable; Nghệ An's programme 5158/QĐ-UBND (30/12/2021), which follows it,
 * states every figure; the reference marks the 2030 and sector figures UNVERIFIED.
 */
const NGHE_AN = "QĐ 5158/QĐ-UBND tỉnh Nghệ An (30/12/2021), Chương trình CCHC 2021–2030";
const TARGETS: Array<
  [
    id: string,
    sector: string,
    pct: number,
    cmp: string,
    from: string,
    to: string,
    source: string,
    verification: string,
  ]
> = [
  [
    "nq76-administrative-2025",
    "administrative",
    90,
    "gt",
    "2021-07-15",
    "2025-12-31",
    `NQ 76/NQ-CP (15/7/2021): mức độ hài lòng về giải quyết TTHC và sự phục vụ của cơ quan hành chính nhà nước «đạt trên 90%» đến năm 2025 (theo ${NGHE_AN}, mục II.2.a, II.3.a; NQ 76 chỉ đối chiếu qua nguồn thứ cấp)`,
    "reported",
  ],
  [
    "nq76-administrative-2030",
    "administrative",
    95,
    "gt",
    "2026-01-01",
    "2030-12-31",
    `NQ 76/NQ-CP: «đạt trên 95%» đến năm 2030 (theo ${NGHE_AN}, mục II.2.a, II.3.a)`,
    "unverified",
  ],
  [
    "nq76-land-2025",
    "land",
    85,
    "gt",
    "2021-07-15",
    "2025-12-31",
    `NQ 76/NQ-CP: TTHC lĩnh vực đất đai, xây dựng, đầu tư «đạt trên 85%» đến năm 2025 (theo ${NGHE_AN}, mục II.2.a)`,
    "unverified",
  ],
  [
    "nq76-land-2030",
    "land",
    90,
    "gt",
    "2026-01-01",
    "2030-12-31",
    `NQ 76/NQ-CP: TTHC lĩnh vực đất đai, xây dựng, đầu tư «đạt trên 90%» đến năm 2030 (theo ${NGHE_AN}, mục II.2.a)`,
    "unverified",
  ],
  [
    "nq76-health-2025",
    "health",
    85,
    "gt",
    "2021-07-15",
    "2025-12-31",
    `NQ 76/NQ-CP: dịch vụ y tế công lập «đạt trên 85%» đến năm 2025 (theo ${NGHE_AN}, mục II.3.a)`,
    "unverified",
  ],
  [
    "nq76-health-2030",
    "health",
    90,
    "gt",
    "2026-01-01",
    "2030-12-31",
    `NQ 76/NQ-CP: dịch vụ y tế công lập «đạt trên 90%» đến năm 2030 (theo ${NGHE_AN}, mục II.3.a)`,
    "unverified",
  ],
  [
    "nq76-education-2025",
    "education",
    85,
    "gte",
    "2021-07-15",
    "2025-12-31",
    "QĐ 2034/QĐ-BGDĐT (13/7/2023), Điều 1 §I.2, theo NQ 76/NQ-CP: «đạt tối thiểu 85%» đến năm 2025",
    "verified",
  ],
  [
    "nq76-education-2030",
    "education",
    90,
    "gte",
    "2026-01-01",
    "2030-12-31",
    `QĐ 2034/QĐ-BGDĐT (bản đọc được bị cắt) và ${NGHE_AN}, mục II.3.a: 90% đến năm 2030`,
    "unverified",
  ],
  // Older plans, for history: NQ 30c/NQ-CP (8/11/2011), figures reported by the press.
  [
    "nq30c-administrative-2020",
    "administrative",
    80,
    "gt",
    "2016-01-01",
    "2020-12-31",
    "NQ 30c/NQ-CP (8/11/2011): sự hài lòng với cơ quan hành chính nhà nước trên 80% vào năm 2020 (nguồn báo chí)",
    "reported",
  ],
  [
    "nq30c-health-2015",
    "health",
    60,
    "gt",
    "2011-11-08",
    "2015-12-31",
    "NQ 30c/NQ-CP (8/11/2011): dịch vụ y tế, giáo dục công trên 60% vào năm 2015 (nguồn báo chí)",
    "reported",
  ],
  [
    "nq30c-health-2020",
    "health",
    80,
    "gt",
    "2016-01-01",
    "2020-12-31",
    "NQ 30c/NQ-CP (8/11/2011): dịch vụ y tế, giáo dục công trên 80% vào năm 2020 (nguồn báo chí)",
    "reported",
  ],
  [
    "nq30c-education-2015",
    "education",
    60,
    "gt",
    "2011-11-08",
    "2015-12-31",
    "NQ 30c/NQ-CP (8/11/2011): dịch vụ y tế, giáo dục công trên 60% vào năm 2015 (nguồn báo chí)",
    "reported",
  ],
  [
    "nq30c-education-2020",
    "education",
    80,
    "gt",
    "2016-01-01",
    "2020-12-31",
    "NQ 30c/NQ-CP (8/11/2011): dịch vụ y tế, giáo dục công trên 80% vào năm 2020 (nguồn báo chí)",
    "reported",
  ],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // On SQLite the rollups are clustered on their key (WITHOUT ROWID): a range read gets
  // the counts without a second lookup per row.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const clustered = <T extends { modifyEnd: (s: ReturnType<typeof sql>) => T }>(t: T) =>
    sqlite ? t.modifyEnd(sql`without rowid`) : t;

  await clustered(
    db.schema
      .createTable("rollup_subtree")
      .addColumn("campaign_id", "text", (c) => c.notNull())
      .addColumn("unit_id", "text", (c) => c.notNull())
      // Each channel, and "*" for all channels together: a view without a channel filter
      // reads one row per answer and month instead of one per channel.
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("question", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("count", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("rollup_subtree_pk", [
        "campaign_id",
        "unit_id",
        "channel",
        "period",
        "question",
        "value",
      ]),
  ).execute();

  await clustered(
    db.schema
      .createTable("rollup_group")
      .addColumn("campaign_id", "text", (c) => c.notNull())
      .addColumn("grp", "text", (c) => c.notNull())
      .addColumn("grp_value", "text", (c) => c.notNull())
      .addColumn("unit_id", "text", (c) => c.notNull())
      // 1: responses taken at the unit itself; 0: taken below it (the unit is an ancestor).
      .addColumn("own", "integer", (c) => c.notNull())
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("question", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("count", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("rollup_group_pk", [
        "campaign_id",
        "grp",
        "grp_value",
        "unit_id",
        "own",
        "period",
        "channel",
        "question",
        "value",
      ]),
  ).execute();

  await clustered(
    db.schema
      .createTable("rollup_hour")
      .addColumn("campaign_id", "text", (c) => c.notNull())
      .addColumn("unit_id", "text", (c) => c.notNull())
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("weekday", "integer", (c) => c.notNull())
      .addColumn("hour", "integer", (c) => c.notNull())
      .addColumn("count", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("rollup_hour_pk", [
        "campaign_id",
        "unit_id",
        "channel",
        "weekday",
        "hour",
      ]),
  ).execute();

  await db.schema
    .createTable("target")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("sector", "text", (c) => c.notNull())
    .addColumn("unit_id", "text", (c) => c.references("unit.id"))
    .addColumn("pct", "real", (c) => c.notNull())
    .addColumn("comparator", "text", (c) => c.notNull())
    .addColumn("valid_from", "text", (c) => c.notNull())
    .addColumn("valid_to", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("verification", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .execute();
  await db.schema.createIndex("target_sector_idx").on("target").columns(["sector"]).execute();

  const now = new Date().toISOString();
  await (db as Kysely<Record<string, Record<string, unknown>>>)
    .insertInto("target")
    .values(
      TARGETS.map(([id, sector, pct, comparator, valid_from, valid_to, source, verification]) => ({
        id,
        sector,
        unit_id: null,
        pct,
        comparator,
        valid_from,
        valid_to,
        source,
        verification,
        created_at: now,
        created_by: null,
      })),
    )
    .execute();

  // Backfill from what is already stored, so an existing database is consistent at once.
  await sql`
    insert into rollup_subtree (campaign_id, unit_id, channel, period, question, value, count)
    select r.campaign_id, a.id, r.channel, r.period, r.question, r.value, sum(r.count)
    from rollup r
    join unit u on u.id = r.unit_id
    join unit a on u.path like a.path || '%' and a.id <> u.id
    group by r.campaign_id, a.id, r.channel, r.period, r.question, r.value
  `.execute(db);
  await sql`
    insert into rollup_subtree (campaign_id, unit_id, channel, period, question, value, count)
    select r.campaign_id, a.id, '*', r.period, r.question, r.value, sum(r.count)
    from rollup r
    join unit u on u.id = r.unit_id
    join unit a on u.path like a.path || '%' and a.id <> u.id
    group by r.campaign_id, a.id, r.period, r.question, r.value
  `.execute(db);

  type Row = {
    id: string;
    campaign_id: string;
    unit_id: string;
    channel: string;
    submitted_at: string;
  };
  const hours = new Map<string, { row: Row; weekday: number; hour: number; count: number }>();
  const raw = db as Kysely<Record<string, Row>>;
  for (let after = ""; ;) {
    const rows = await raw
      .selectFrom("response")
      .select(["id", "campaign_id", "unit_id", "channel", "submitted_at"])
      .where("id", ">", after)
      .where("flag_reason" as "id", "is", null)
      .orderBy("id")
      .limit(5000)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    for (const r of rows) {
      // Vietnam is UTC+7 all year.
      const local = new Date(new Date(r.submitted_at).getTime() + 7 * 3_600_000);
      const weekday = ((local.getUTCDay() + 6) % 7) + 1;
      const hour = local.getUTCHours();
      const k = [r.campaign_id, r.unit_id, r.channel, weekday, hour].join("\u0000");
      const h = hours.get(k);
      if (h) h.count += 1;
      else hours.set(k, { row: r, weekday, hour, count: 1 });
    }
  }
  const values = [...hours.values()].map((h) => ({
    campaign_id: h.row.campaign_id,
    unit_id: h.row.unit_id,
    channel: h.row.channel,
    weekday: h.weekday,
    hour: h.hour,
    count: h.count,
  }));
  const out = db as Kysely<Record<string, Record<string, unknown>>>;
  for (let i = 0; i < values.length; i += 500) {
    await out
      .insertInto("rollup_hour")
      .values(values.slice(i, i + 500))
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["target", "rollup_hour", "rollup_group", "rollup_subtree"]) {
    await db.schema.dropTable(t).execute();
  }
}
