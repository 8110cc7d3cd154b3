import type { Kysely } from "kysely";
import type { Database } from "../schema";

/** Responses in the subtrees at `paths`, with their unit and campaign, for the moderation page. */
export function listResponsesUnder(
  db: Kysely<Database>,
  paths: readonly string[],
  opts: { flaggedOnly: boolean; limit: number },
) {
  const q = db
    .selectFrom("response as r")
    .innerJoin("unit as u", "u.id", "r.unit_id")
    .innerJoin("campaign as c", "c.id", "r.campaign_id")
    .select([
      "r.id",
      "r.flag_reason",
      "r.submitted_at",
      "r.channel",
      "r.answers",
      "r.questionnaire_version_id",
      "u.name as unit_name",
      "c.title as campaign_title",
    ])
    .where((eb) => eb.or(paths.map((p) => eb("u.path", "like", `${p}%`))));
  return (
    opts.flaggedOnly
      ? q.where("r.flag_reason", "is not", null).orderBy("r.submitted_at", "desc")
      : q.orderBy("r.id", "desc")
  )
    .limit(opts.limit)
    .execute();
}

/** The unit path of each response at `ids` (those that exist). */
export function listResponseUnitPaths(db: Kysely<Database>, ids: readonly string[]) {
  return db
    .selectFrom("response as r")
    .innerJoin("unit as u", "u.id", "r.unit_id")
    .select(["r.id", "u.path"])
    .where("r.id", "in", ids)
    .execute();
}
