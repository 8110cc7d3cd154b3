/**
 * The database as Kysely sees it. Names follow Kysely's convention:
 * `XxxTable` for the row shape, `Xxx`/`NewXxx` for what queries return and insert.
 * Times are ISO 8601 strings in UTC (portable between SQLite and PostgreSQL);
 * periods are 'YYYY-MM' months cut in Asia/Ho_Chi_Minh.
 */
import type { Generated, Insertable, Selectable } from "kysely";

/** A node of the organisation tree (province, agency, centre, hospital, school, department, counter…). */
export interface UnitTable {
  id: string;
  parent_id: string | null;
  /** Materialised path of ids, '/root/…/self/': a subtree is `path LIKE '<path>%'`. */
  path: string;
  code: string;
  name: string;
  kind: string;
  sector: string;
  active_from: string | null;
  active_to: string | null;
  created_at: string;
}

/** An immutable version of a questionnaire: its SurveyJS JSON, scoring block and metadata. */
export interface QuestionnaireVersionTable {
  id: string;
  slug: string;
  version: number;
  title: string;
  content_hash: string;
  /** The whole catalog file (meta, survey, scoring) as JSON text. */
  definition: string;
  created_at: string;
}

export type CampaignStatus = "draft" | "open" | "closed";

/** A questionnaire version run over a scope of units, in a period, with a target and channels. */
export interface CampaignTable {
  id: string;
  title: string;
  questionnaire_version_id: string;
  status: CampaignStatus;
  opens_at: string;
  closes_at: string;
  /** Target satisfaction rate in percent, or null when the campaign has none of its own. */
  target_pct: number | null;
  /** JSON array of channels: "link", "qr", "kiosk", "invitation". */
  channels: string;
  min_n: number;
  created_at: string;
}

/** The roots of a campaign's scope: these units and everything below them. */
export interface CampaignUnitTable {
  campaign_id: string;
  unit_id: string;
}

/** An unguessable token that opens a campaign for one unit (a counter is a unit too). */
export interface AccessLinkTable {
  token: string;
  campaign_id: string;
  unit_id: string;
  channel: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface ResponseTable {
  /** Server-made UUIDv7: time-ordered, so inserts stay append-only. */
  id: string;
  /** The id the client chose; unique, which makes submissions idempotent. */
  client_id: string;
  campaign_id: string;
  unit_id: string;
  questionnaire_version_id: string;
  access_token: string;
  channel: string;
  submitted_at: string;
  started_at: string | null;
  period: string;
  locale: string;
  /** The answers exactly as accepted, JSON text. */
  answers: string;
  /** Why the response is left out of rates, or null when it counts. */
  flag_reason: string | null;
}

/**
 * Answer counts per campaign × unit × month × channel × question × value.
 * `question` is a question name, `name.row` for a matrix row, or a `$`-prefixed
 * derived key (`$responses` counts responses). Dashboards read only this table.
 */
export interface RollupTable {
  campaign_id: string;
  unit_id: string;
  period: string;
  channel: string;
  question: string;
  value: string;
  count: number;
}

export type Role = "admin" | "manager" | "analyst" | "viewer";

/** A person who signs in. Passwords are stored as scrypt hashes only. */
export interface AppUserTable {
  id: string;
  login: string;
  name: string;
  password_hash: string;
  failed_attempts: Generated<number>;
  locked_until: string | null;
  disabled_at: string | null;
  password_changed_at: string;
  created_at: string;
}

/** A role held over a unit and everything below it. */
export interface MembershipTable {
  user_id: string;
  unit_id: string;
  role: Role;
  created_at: string;
}

export interface SessionTable {
  /** sha256 (hex) of the token in the cookie. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

/** Every change: who, when, what, before and after (JSON). */
export interface AuditLogTable {
  id: string;
  at: string;
  user_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
}

/** Requests per key and fixed window, shared by every app process (RATE_LIMIT_STORE=database). */
export interface RateLimitTable {
  /** sha256 of client address + access token (base64url), never the address itself. */
  key: string;
  /** floor(epoch milliseconds / window length). */
  window_start: number;
  count: number;
}

export interface Database {
  unit: UnitTable;
  questionnaire_version: QuestionnaireVersionTable;
  campaign: CampaignTable;
  campaign_unit: CampaignUnitTable;
  access_link: AccessLinkTable;
  response: ResponseTable;
  rollup: RollupTable;
  app_user: AppUserTable;
  membership: MembershipTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  rate_limit: RateLimitTable;
}

export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type QuestionnaireVersion = Selectable<QuestionnaireVersionTable>;
export type Campaign = Selectable<CampaignTable>;
export type NewCampaign = Insertable<CampaignTable>;
export type AccessLink = Selectable<AccessLinkTable>;
export type NewResponse = Insertable<ResponseTable>;
export type RollupRow = Selectable<RollupTable>;
export type AppUser = Selectable<AppUserTable>;
export type Membership = Selectable<MembershipTable>;
export type AuditEntry = Selectable<AuditLogTable>;
