/**
 * Reads of the dashboards. Every count comes from the rollups (rollup, rollup_subtree,
 * rollup_group, rollup_hour); only listResponsesPage reads raw responses (the comments view).
 * Plain SQL that runs on SQLite and PostgreSQL alike.
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../schema";
import { ALL_CHANNELS, DERIVED_PREFIX, GROUP_PREFIX, RESPONSES_KEY } from "../rollups/keys";
import { decomposeRange } from "../rollups/spans";

export interface CountFilter {
  campaignIds: string[];
  /** 'YYYY-MM', inclusive. */
  periodFrom: string;
  periodTo: string;
  channel?: string | null;
}

export interface CountRow {
  unit_id: string | null;
  period: string | null;
  question: string;
  value: string;
  count: number;
}

/** The `questions` filter of sumForUnits. */
const onlyQuestions = (questions: string[]) =>
  sql`(question in (${sql.join(questions)}) or (question like ${sql.lit(`${DERIVED_PREFIX}%`)} and question not like ${sql.lit(`${GROUP_PREFIX}%`)}))`;

/**
 * Answer counts per unit in `unitIds` (optionally per month): "self" = responses taken at the
 * unit itself, "subtree" = taken below it, "both" = its whole subtree. Without a group from
 * rollup (self) and rollup_subtree (below); with a respondent group from rollup_group
 * (own = 1 / own = 0). Every read is a range of the tables' keys (campaign, [group,] unit, period).
 *   SELECT unit_id[, period], question, value, SUM(count) FROM rollup[_subtree|_group]
 *   WHERE campaign_id IN (…) [AND grp = ? AND grp_value = ? [AND own = ?]] AND unit_id IN (…)
 *     AND period BETWEEN ? AND ? [AND channel = ?]
 *   GROUP BY unit_id[, period], question, value
 * A range over all channels and respondents, not per month, is read as quarters and years of
 * rollup_span and the months left over (sumOverSpans).
 */
export async function sumForUnits(
  db: Kysely<Database>,
  f: CountFilter & {
    unitIds: string[];
    include?: "self" | "subtree" | "both";
    byPeriod?: boolean;
    group?: { question: string; value: string } | null;
    /**
     * Only these count keys, and every `$` key but the respondent groups' (`$group.…`, which
     * no rate reads): enough for the overall rate.
     */
    questions?: string[];
  },
): Promise<CountRow[]> {
  if (f.campaignIds.length === 0 || f.unitIds.length === 0) return [];
  const include = f.include ?? "both";
  if (!f.group && !f.channel && !f.byPeriod) return sumOverSpans(db, { ...f, include });
  const reads: Array<{ table: "rollup" | "rollup_subtree" | "rollup_group"; own?: number }> =
    f.group
      ? [
          include === "both"
            ? { table: "rollup_group" }
            : { table: "rollup_group", own: include === "self" ? 1 : 0 },
        ]
      : include === "both"
        ? [{ table: "rollup" }, { table: "rollup_subtree" }]
        : [{ table: include === "self" ? "rollup" : "rollup_subtree" }];
  const out: CountRow[] = [];
  for (const { table, own } of reads) {
    for (let i = 0; i < f.unitIds.length; i += 500) {
      const where = [
        sql`campaign_id in (${sql.join(f.campaignIds)})`,
        sql`unit_id in (${sql.join(f.unitIds.slice(i, i + 500))})`,
        sql`period >= ${f.periodFrom}`,
        sql`period <= ${f.periodTo}`,
      ];
      if (f.group) where.push(sql`grp = ${f.group.question}`, sql`grp_value = ${f.group.value}`);
      if (own !== undefined) where.push(sql`own = ${own}`);
      if (table === "rollup_subtree") where.push(sql`channel = ${f.channel ?? ALL_CHANNELS}`);
      else if (f.channel) where.push(sql`channel = ${f.channel}`);
      if (f.questions) where.push(onlyQuestions(f.questions));
      const period = f.byPeriod ? sql`period` : sql`null`;
      const groupBy = f.byPeriod
        ? sql`unit_id, period, question, value`
        : sql`unit_id, question, value`;
      const { rows } = await sql<{
        unit_id: string;
        period: string | null;
        question: string;
        value: string;
        count: number | string;
      }>`select unit_id, ${period} as period, question, value, sum(count) as count
         from ${sql.table(table)} where ${sql.join(where, sql` and `)} group by ${groupBy}`.execute(
        db,
      );
      for (const r of rows)
        out.push({
          unit_id: r.unit_id,
          period: r.period ?? null,
          question: r.question,
          value: r.value,
          count: Number(r.count),
        });
    }
  }
  return out;
}

/**
 * sumForUnits over a range, all channels, no group: the range as a signed sum of years,
 * quarters and months (decomposeRange), every piece in one statement (one snapshot, so a
 * write between two pieces cannot unbalance a subtraction):
 *   SELECT unit_id, question, value, SUM(n) FROM (
 *     SELECT …, count AS n FROM rollup_span WHERE … AND span IN (years, quarters added) [AND own = ?]
 *     UNION ALL SELECT …, -count FROM rollup_span WHERE … AND span IN (… subtracted)
 *     UNION ALL SELECT …, ±count FROM rollup / rollup_subtree (channel "*") WHERE … AND period IN (…)
 *   ) GROUP BY unit_id, question, value HAVING SUM(n) <> 0
 * Counts that cancel to 0 are left out (a month rollup keeps a row at 0 once its responses
 * are flagged; such rows add nothing to a rate either way).
 */
async function sumOverSpans(
  db: Kysely<Database>,
  f: CountFilter & {
    unitIds: string[];
    include: "self" | "subtree" | "both";
    questions?: string[];
  },
): Promise<CountRow[]> {
  const pieces = decomposeRange(f.periodFrom, f.periodTo);
  const monthTables =
    f.include === "both"
      ? (["rollup", "rollup_subtree"] as const)
      : ([f.include === "self" ? "rollup" : "rollup_subtree"] as const);
  const out: CountRow[] = [];
  for (let i = 0; i < f.unitIds.length; i += 500) {
    const common = [
      sql`campaign_id in (${sql.join(f.campaignIds)})`,
      sql`unit_id in (${sql.join(f.unitIds.slice(i, i + 500))})`,
    ];
    if (f.questions) common.push(onlyQuestions(f.questions));
    const branches: RawBuilder<unknown>[] = [];
    const branch = (table: string, sign: 1 | -1, where: RawBuilder<unknown>[]) =>
      branches.push(
        sql`select unit_id, question, value, ${sign === 1 ? sql`count` : sql`-count`} as n
            from ${sql.table(table)} where ${sql.join([...common, ...where], sql` and `)}`,
      );
    for (const [sign, spans] of [
      [1, pieces.spans.plus],
      [-1, pieces.spans.minus],
    ] as const) {
      if (spans.length === 0) continue;
      const where = [sql`span in (${sql.join(spans)})`];
      if (f.include !== "both") where.push(sql`own = ${f.include === "self" ? 1 : 0}`);
      branch("rollup_span", sign, where);
    }
    for (const [sign, months] of [
      [1, pieces.months.plus],
      [-1, pieces.months.minus],
    ] as const) {
      if (months.length === 0) continue;
      for (const table of monthTables) {
        const where = [sql`period in (${sql.join(months)})`];
        if (table === "rollup_subtree") where.push(sql`channel = ${ALL_CHANNELS}`);
        branch(table, sign, where);
      }
    }
    if (branches.length === 0) continue;
    const { rows } = await sql<CountRow>`
      select unit_id, null as period, question, value, sum(n) as count
      from (${sql.join(branches, sql` union all `)}) as pieces
      group by unit_id, question, value having sum(n) <> 0`.execute(db);
    // The rows as they come (a ranking reads about a thousand): PostgreSQL's sums are strings.
    for (const r of rows) {
      r.count = Number(r.count);
      out.push(r);
    }
  }
  return out;
}

/** Responses per ISO weekday × hour (Vietnam) within a subtree, from rollup_hour. */
export async function sumHours(
  db: Kysely<Database>,
  f: { campaignIds: string[]; unitPath: string; channel?: string | null; kind?: string | null },
) {
  if (f.campaignIds.length === 0) return [];
  let q = db
    .selectFrom("rollup_hour as h")
    .innerJoin("unit as u", "u.id", "h.unit_id")
    .select(["h.weekday", "h.hour", (eb) => eb.fn.sum<number>("h.count").as("count")])
    .where("h.campaign_id", "in", f.campaignIds)
    .where("u.path", "like", `${f.unitPath}%`);
  if (f.channel) q = q.where("h.channel", "=", f.channel);
  if (f.kind) q = q.where("u.kind", "=", f.kind);
  const rows = await q.groupBy(["h.weekday", "h.hour"]).execute();
  return rows.map((r) => ({
    weekday: Number(r.weekday),
    hour: Number(r.hour),
    count: Number(r.count),
  }));
}

/**
 * Counted responses per campaign in a unit's subtree, with what a dashboard needs of the
 * campaign, and the first and last month with counts (`data_from`, `data_to`). SUM, MIN and
 * MAX of `$responses` over rollup and rollup_subtree at the unit.
 */
export async function listCampaignTotals(db: Kysely<Database>, unit: { id: string; path: string }) {
  // Campaigns whose scope holds the unit or lies inside it; then their counts at the unit
  // (the rollups' keys start with campaign_id, unit_id).
  const candidates = (
    await db
      .selectFrom("campaign_unit as cu")
      .innerJoin("unit as s", "s.id", "cu.unit_id")
      .select("cu.campaign_id")
      .distinct()
      .where((eb) =>
        eb.or([
          eb(sql<string>`${unit.path}`, "like", sql<string>`${sql.ref("s.path")} || '%'`),
          eb("s.path", "like", `${unit.path}%`),
        ]),
      )
      .execute()
  ).map((r) => r.campaign_id);
  if (candidates.length === 0) return [];
  const totals = new Map<string, number>();
  const months = new Map<string, { min: string; max: string }>();
  for (const table of ["rollup", "rollup_subtree"] as const) {
    const rows = await db
      .selectFrom(table)
      .select([
        "campaign_id",
        (eb) => eb.fn.sum<number>("count").as("n"),
        (eb) => eb.fn.min("period").as("min"),
        (eb) => eb.fn.max("period").as("max"),
      ])
      .where("campaign_id", "in", candidates)
      .where("unit_id", "=", unit.id)
      .where("question", "=", RESPONSES_KEY)
      // Rows left at zero (flags, units moved away) hold no month and no campaign.
      .where("count", "<>", 0)
      .where((eb) => (table === "rollup_subtree" ? eb("channel", "=", ALL_CHANNELS) : eb.lit(true)))
      .groupBy("campaign_id")
      .execute();
    for (const r of rows) {
      totals.set(r.campaign_id, (totals.get(r.campaign_id) ?? 0) + Number(r.n));
      const [min, max] = [String(r.min), String(r.max)];
      const m = months.get(r.campaign_id);
      months.set(r.campaign_id, {
        min: m && m.min < min ? m.min : min,
        max: m && m.max > max ? m.max : max,
      });
    }
  }
  if (totals.size === 0) return [];
  const campaigns = await db
    .selectFrom("campaign as c")
    .innerJoin("questionnaire_version as q", "q.id", "c.questionnaire_version_id")
    .select([
      "c.id",
      "c.title",
      "c.questionnaire_version_id",
      "c.target_pct",
      "c.target_metric",
      "c.min_n",
      "c.channels",
      "c.opens_at",
      "c.closes_at",
      "c.created_at",
      "q.slug",
      "q.version",
      "q.title as questionnaire_title",
    ])
    .where("c.id", "in", [...totals.keys()])
    .execute();
  // Most responses first; among equals the oldest campaign (the one a province set up first).
  return campaigns
    .map((c) => ({
      ...c,
      responses: totals.get(c.id) ?? 0,
      data_from: months.get(c.id)?.min ?? null,
      data_to: months.get(c.id)?.max ?? null,
    }))
    .sort((a, b) => b.responses - a.responses || a.created_at.localeCompare(b.created_at));
}

export function listChildUnits(db: Kysely<Database>, unitId: string) {
  return db
    .selectFrom("unit")
    .select(["id", "name", "code", "kind", "sector", "path"])
    .where("parent_id", "=", unitId)
    .orderBy("code")
    .execute();
}

export function listUnitsOfKind(db: Kysely<Database>, unitPath: string, kind: string) {
  return db
    .selectFrom("unit")
    .select(["id", "name", "code", "kind", "sector", "path"])
    .where("path", "like", `${unitPath}%`)
    .where("kind", "=", kind)
    .orderBy("code")
    .execute();
}

/** The kinds of unit in a subtree. */
export async function listSubtreeKinds(db: Kysely<Database>, unitPath: string): Promise<string[]> {
  const rows = await db
    .selectFrom("unit")
    .select("kind")
    .distinct()
    .where("path", "like", `${unitPath}%`)
    .execute();
  return rows.map((r) => r.kind).sort();
}

/** Which of these units have units below them. */
export async function listParentsAmong(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom("unit")
      .select("parent_id")
      .distinct()
      .where("parent_id", "in", ids.slice(i, i + 500))
      .execute();
    for (const r of rows) if (r.parent_id !== null) out.add(r.parent_id);
  }
  return out;
}

/**
 * One page of counted responses in a subtree, newest first (ids are UUIDv7: time order),
 * after the cursor `before` (an id). For the comments view only.
 */
export function listResponsesPage(
  db: Kysely<Database>,
  f: CountFilter & {
    unitPath: string;
    kind?: string | null;
    before?: string | null;
    limit: number;
  },
) {
  let q = db
    .selectFrom("response as r")
    .innerJoin("unit as u", "u.id", "r.unit_id")
    .select([
      "r.id",
      "r.unit_id",
      "r.submitted_at",
      "r.channel",
      "r.period",
      "r.answers",
      "u.name as unit_name",
      "u.code as unit_code",
    ])
    .where("r.campaign_id", "in", f.campaignIds)
    .where("r.flag_reason", "is", null)
    .where("r.period", ">=", f.periodFrom)
    .where("r.period", "<=", f.periodTo)
    .where("u.path", "like", `${f.unitPath}%`);
  if (f.channel) q = q.where("r.channel", "=", f.channel);
  if (f.kind) q = q.where("u.kind", "=", f.kind);
  if (f.before) q = q.where("r.id", "<", f.before);
  return q.orderBy("r.id", "desc").limit(f.limit).execute();
}
