/** Queries behind exports, reports and the analysts' API (tokens: api-tokens.ts; published results: published-results.ts). */
import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import type { Database, ResponseTable } from "../schema";
import type { RollupFilter } from "../rollups/read";

/** Which responses: the rollup filter plus whether flagged responses are kept. */
export interface ResponseFilter extends RollupFilter {
  includeFlagged?: boolean;
}

type ResponseQuery<O> = SelectQueryBuilder<Database & { r: ResponseTable }, "r", O>;

function whereResponses<O>(q: ResponseQuery<O>, f: ResponseFilter): ResponseQuery<O> {
  let out = q.where("r.campaign_id", "=", f.campaignId);
  if (f.unitPath) {
    const path = f.unitPath;
    out = out.where("r.unit_id", "in", (eb) =>
      eb.selectFrom("unit").select("unit.id").where("unit.path", "like", `${path}%`),
    );
  }
  if (f.periodFrom) out = out.where("r.period", ">=", f.periodFrom);
  if (f.periodTo) out = out.where("r.period", "<=", f.periodTo);
  if (f.channel) out = out.where("r.channel", "=", f.channel);
  if (!f.includeFlagged) out = out.where("r.flag_reason", "is", null);
  return out;
}

/**
 * One page of responses after `after` (keyset over response.id, a time-ordered UUIDv7):
 * SELECT … FROM response WHERE campaign_id = ? AND id > ? [filters] ORDER BY id LIMIT ?
 * served by the (campaign_id, id) index, so every page costs the same however deep.
 */
export function listResponsePage(
  db: Kysely<Database>,
  f: ResponseFilter,
  after: string,
  limit: number,
) {
  return whereResponses(
    db
      .selectFrom("response as r")
      .select([
        "r.id",
        "r.unit_id",
        "r.channel",
        "r.period",
        "r.submitted_at",
        "r.locale",
        "r.answers",
        "r.flag_reason",
      ]),
    f,
  )
    .where("r.id", ">", after)
    .orderBy("r.id")
    .limit(limit)
    .execute();
}

/**
 * Rollup counts per unit (each unit's own responses, not its subtree):
 * SELECT unit_id, question, value, SUM(count) FROM rollup WHERE … GROUP BY unit_id, question, value
 */
export function sumRollupsByUnit(db: Kysely<Database>, f: RollupFilter) {
  let q = db
    .selectFrom("rollup as r")
    .select([
      "r.unit_id",
      "r.question",
      "r.value",
      (eb) => eb.fn.sum<number>("r.count").as("count"),
    ])
    .where("r.campaign_id", "=", f.campaignId);
  if (f.unitPath) {
    q = q.innerJoin("unit as u", "u.id", "r.unit_id").where("u.path", "like", `${f.unitPath}%`);
  }
  if (f.periodFrom) q = q.where("r.period", ">=", f.periodFrom);
  if (f.periodTo) q = q.where("r.period", "<=", f.periodTo);
  if (f.channel) q = q.where("r.channel", "=", f.channel);
  return q.groupBy(["r.unit_id", "r.question", "r.value"]).execute();
}

/** Responses counted in the rates (the `$responses` rollup key) per channel or per month. */
export function sumResponsesBy(
  db: Kysely<Database>,
  f: RollupFilter,
  by: "channel" | "period",
  responsesKey: string,
) {
  let q = db
    .selectFrom("rollup as r")
    .select([`r.${by} as key`, (eb) => eb.fn.sum<number>("r.count").as("count")])
    .where("r.campaign_id", "=", f.campaignId)
    .where("r.question", "=", responsesKey);
  if (f.unitPath) {
    q = q.innerJoin("unit as u", "u.id", "r.unit_id").where("u.path", "like", `${f.unitPath}%`);
  }
  if (f.periodFrom) q = q.where("r.period", ">=", f.periodFrom);
  if (f.periodTo) q = q.where("r.period", "<=", f.periodTo);
  if (f.channel) q = q.where("r.channel", "=", f.channel);
  return q.groupBy(`r.${by}`).orderBy(`r.${by}`).execute();
}

/** The text of one answer key, read from the JSON on either dialect. */
function answerText(dialect: "sqlite" | "postgres", key: string) {
  return dialect === "postgres"
    ? sql<string | null>`(r.answers::jsonb ->> ${key})`
    : sql<string | null>`json_extract(r.answers, ${`$.${JSON.stringify(key)}`})`;
}

/**
 * Free-text answers of one key: how many responses gave one, and the latest few.
 * A full pass over the filtered responses (comments are not rolled up): reports only.
 */
export async function summariseTextAnswers(
  db: Kysely<Database>,
  dialect: "sqlite" | "postgres",
  f: ResponseFilter,
  key: string,
  examples: number,
) {
  const text = answerText(dialect, key);
  const nonEmpty = sql<boolean>`trim(coalesce(cast(${text} as text), '')) <> ''`;
  const counted = await whereResponses(
    db.selectFrom("response as r").select((eb) => eb.fn.countAll<number>().as("n")),
    f,
  )
    .where(nonEmpty)
    .executeTakeFirstOrThrow();
  const latest = await whereResponses(
    db.selectFrom("response as r").select([sql<string>`cast(${text} as text)`.as("text")]),
    f,
  )
    .where(nonEmpty)
    .orderBy("r.id", "desc")
    .limit(examples)
    .execute();
  return { count: Number(counted.n), examples: latest.map((r) => String(r.text)) };
}
