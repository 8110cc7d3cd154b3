/** Published results: a campaign's figures as published, read by the public pages. */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

export async function upsertPublishedResult(
  db: Kysely<Database>,
  p: {
    campaignId: string;
    periodFrom: string | null;
    periodTo: string | null;
    content: string;
    publishedBy: string;
  },
) {
  const row = {
    campaign_id: p.campaignId,
    period_from: p.periodFrom,
    period_to: p.periodTo,
    content: p.content,
    published_by: p.publishedBy,
    published_at: new Date().toISOString(),
  };
  await db
    .insertInto("published_result")
    .values(row)
    .onConflict((oc) =>
      oc.column("campaign_id").doUpdateSet({
        period_from: row.period_from,
        period_to: row.period_to,
        content: row.content,
        published_by: row.published_by,
        published_at: row.published_at,
      }),
    )
    .execute();
  return row;
}

export function findPublishedResult(db: Kysely<Database>, campaignId: string) {
  return db
    .selectFrom("published_result")
    .selectAll()
    .where("campaign_id", "=", campaignId)
    .executeTakeFirst();
}

export function listPublishedResults(db: Kysely<Database>) {
  return db
    .selectFrom("published_result as p")
    .innerJoin("campaign as c", "c.id", "p.campaign_id")
    .select(["p.campaign_id", "p.published_at", "p.period_from", "p.period_to", "c.title"])
    .orderBy("p.published_at", "desc")
    .execute();
}

export function deletePublishedResult(db: Kysely<Database>, campaignId: string) {
  return db.deleteFrom("published_result").where("campaign_id", "=", campaignId).execute();
}
