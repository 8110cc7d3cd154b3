import type { Kysely } from "kysely";
import { newToken, uuidv7 } from "../ids";
import type { AccessLink, Campaign, CampaignStatus, Database } from "../schema";

export interface CampaignInput {
  title: string;
  questionnaireVersionId: string;
  status: CampaignStatus;
  opensAt: string;
  closesAt: string;
  targetPct: number | null;
  /** What targetPct is set on; default the rate. */
  targetMetric?: "rate" | "index";
  channels: string[];
  minN: number;
  scopeUnitIds: string[];
  targetResponses?: number | null;
  /** Defaults to true. */
  anonymous?: boolean;
  /** Takes dossier ratings, each dossier's link valid this many days. */
  dossierLinkDays?: number | null;
}

export async function insertCampaign(
  db: Kysely<Database>,
  input: CampaignInput,
): Promise<Campaign> {
  const row: Campaign = {
    id: uuidv7(),
    title: input.title,
    questionnaire_version_id: input.questionnaireVersionId,
    status: input.status,
    opens_at: input.opensAt,
    closes_at: input.closesAt,
    target_pct: input.targetPct,
    target_metric: input.targetMetric ?? "rate",
    channels: JSON.stringify(input.channels),
    min_n: input.minN,
    created_at: new Date().toISOString(),
    target_responses: input.targetResponses ?? null,
    anonymous: input.anonymous === false ? 0 : 1,
    dossier_link_days: input.dossierLinkDays ?? null,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("campaign").values(row).execute();
    if (input.scopeUnitIds.length > 0) {
      await trx
        .insertInto("campaign_unit")
        .values(input.scopeUnitIds.map((unit_id) => ({ campaign_id: row.id, unit_id })))
        .execute();
    }
  });
  return row;
}

export function findCampaign(db: Kysely<Database>, id: string) {
  return db.selectFrom("campaign").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Every campaign with its questionnaire version's slug, number and title, by creation. */
export function listCampaigns(db: Kysely<Database>, order: "asc" | "desc" = "asc") {
  return db
    .selectFrom("campaign as c")
    .innerJoin("questionnaire_version as q", "q.id", "c.questionnaire_version_id")
    .select([
      "c.id",
      "c.title",
      "c.status",
      "c.opens_at",
      "c.closes_at",
      "q.slug",
      "q.version",
      "q.title as questionnaire_title",
    ])
    .orderBy("c.created_at", order)
    .execute();
}

export async function insertAccessLink(
  db: Kysely<Database>,
  input: {
    campaignId: string;
    unitId: string;
    channel: string;
    label?: string;
    audience?: AccessLink["audience"];
  },
): Promise<AccessLink> {
  const row: AccessLink = {
    token: newToken(),
    campaign_id: input.campaignId,
    unit_id: input.unitId,
    channel: input.channel,
    label: input.label ?? null,
    audience: input.audience ?? "respondent",
    created_at: new Date().toISOString(),
    revoked_at: null,
    owner_unit_id: null,
  };
  await db.insertInto("access_link").values(row).execute();
  return row;
}

export function listAccessLinks(db: Kysely<Database>, campaignId: string) {
  return db
    .selectFrom("access_link as l")
    .innerJoin("unit as u", "u.id", "l.unit_id")
    .select([
      "l.token",
      "l.unit_id",
      "l.channel",
      "l.label",
      "l.revoked_at",
      "u.name as unit_name",
      "u.code as unit_code",
    ])
    .where("l.campaign_id", "=", campaignId)
    .orderBy("l.created_at")
    .execute();
}

/** A link with what a respondent needs: its campaign and questionnaire version. */
export function findLinkWithCampaign(db: Kysely<Database>, token: string) {
  return db
    .selectFrom("access_link as l")
    .innerJoin("campaign as c", "c.id", "l.campaign_id")
    .innerJoin("unit as u", "u.id", "l.unit_id")
    .select([
      "l.token",
      "l.unit_id",
      "l.channel",
      "l.audience",
      "l.revoked_at",
      "u.name as unit_name",
      "c.id as campaign_id",
      "c.title as campaign_title",
      "c.status",
      "c.opens_at",
      "c.closes_at",
      "c.questionnaire_version_id",
      "c.anonymous",
    ])
    .where("l.token", "=", token)
    .executeTakeFirst();
}
export type LinkWithCampaign = NonNullable<Awaited<ReturnType<typeof findLinkWithCampaign>>>;

/** The campaign's scope roots with their tree paths. */
export function listCampaignScope(db: Kysely<Database>, campaignId: string) {
  return db
    .selectFrom("campaign_unit as cu")
    .innerJoin("unit as u", "u.id", "cu.unit_id")
    .select(["u.id", "u.name", "u.path"])
    .where("cu.campaign_id", "=", campaignId)
    .orderBy("u.path")
    .execute();
}

export function findUnitsByPaths(db: Kysely<Database>, paths: string[]) {
  if (paths.length === 0) return Promise.resolve([]);
  return db.selectFrom("unit").select(["id", "name", "path"]).where("path", "in", paths).execute();
}

/** The QR and web links of the campaigns at `campaignIds`, with their unit, oldest first. */
export function listShareLinks(db: Kysely<Database>, campaignIds: readonly string[]) {
  if (campaignIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("access_link as l")
    .innerJoin("unit as u", "u.id", "l.unit_id")
    .select([
      "l.token",
      "l.campaign_id",
      "l.channel",
      "l.label",
      "l.audience",
      "l.revoked_at",
      "u.name as unit_name",
      "u.path as unit_path",
    ])
    .where("l.campaign_id", "in", campaignIds)
    .where("l.channel", "in", ["qr", "link"])
    .orderBy("l.created_at")
    .execute();
}

/** The campaigns not closed, oldest first, with their questionnaire's title. */
export function listOpenCampaigns(db: Kysely<Database>) {
  return db
    .selectFrom("campaign as c")
    .innerJoin("questionnaire_version as q", "q.id", "c.questionnaire_version_id")
    .select([
      "c.id",
      "c.title",
      "c.status",
      "c.opens_at",
      "c.closes_at",
      "q.title as questionnaire",
    ])
    .where("c.status", "!=", "closed")
    .orderBy("c.created_at")
    .execute();
}
