/**
 * The database as Kysely sees it. Names follow Kysely's convention:
 * `XxxTable` for the row shape, `Xxx`/`NewXxx` for what queries return and insert.
 * Times are ISO 8601 strings in UTC (portable between SQLite and PostgreSQL);
 * periods are 'YYYY-MM' months cut in Asia/Ho_Chi_Minh.
 */
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

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
  /** null: the official catalog (surveys/); else the unit whose own questionnaire this is. */
  owner_unit_id: string | null;
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
  /** Target in percent, or null when the campaign has none of its own. */
  target_pct: number | null;
  /** What target_pct is set on: "rate" (tỷ lệ hài lòng) or "index" (chỉ số hài lòng, health). */
  target_metric: string;
  /** JSON array of channels: "link", "qr", "kiosk", "invitation". */
  channels: string;
  min_n: number;
  created_at: string;
  /** The number of responses aimed for, or null. */
  target_responses: number | null;
  /** 1: answers are never linked to a person; 0: invitation lists may name respondents. */
  anonymous: number;
  /** Takes dossier ratings when set: a dossier's one-time link is valid this many days. */
  dossier_link_days?: number | null;
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
  /** Who fills the form in through it: "respondent" (self-completed) or "surveyor" (interviewer mode). */
  audience: "respondent" | "surveyor";
  created_at: string;
  revoked_at: string | null;
  /**
   * The independent channel: the higher unit that owns the link (a Department's QR code posted
   * at a hospital; channel "independent"), else null (the unit's own link).
   */
  owner_unit_id: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** The registered kiosk that sent it, if any. */
  kiosk_id?: string | null;
  /** Salted hash of the client address, rotated daily (abuse checks); never the address. */
  source_hash?: string | null;
  /** A kiosk rating: the device's clock at the tap, as it read (started_at is the server's placing). */
  device_started_at?: string | null;
  /** A kiosk rating: server time minus device time when it arrived. */
  device_skew_ms?: number | null;
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
  disabled_at: string | null;
  password_changed_at: string;
  created_at: string;
}

/**
 * A grant: a role held over a unit and everything below it. The table keeps its first name,
 * `membership`; the code calls a row a grant (`Grant` in domain/access, insertGrant, listGrants).
 */
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
  /** The unit the change concerns (administrators read their subtree's entries), or null. */
  unit_id: string | null;
}

/** A merger or split: reports for the successor include the predecessor's responses. */
export interface UnitLineageTable {
  predecessor_id: string;
  successor_id: string;
  /** First day (YYYY-MM-DD, Vietnam) the successor stands for the predecessor. */
  effective_from: string;
  created_at: string;
}

/**
 * Failed sign-ins per key: sha256 of "account:<login>" (known or not), "address:<client>" or
 * "device:<browser token>". `locked_until`: no password is checked for this key before then.
 */
export interface SignInThrottleTable {
  key: string;
  failures: number;
  locked_until: string | null;
  last_failure_at: string;
}

/** A browser that signed in to this account before (its hl_device cookie, hashed). */
export interface SignInDeviceTable {
  token_hash: string;
  user_id: string;
  created_at: string;
}

/** Requests per key and fixed window, shared by every app process (RATE_LIMIT_STORE=database). */
export interface RateLimitTable {
  /** sha256 of client address + access token (base64url), never the address itself. */
  key: string;
  /** floor(epoch milliseconds / window length). */
  window_start: number;
  count: number;
}

/** A personal API token of an analyst: it acts with its owner's current roles. */
export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  /** sha256 (hex) of the token; the token is shown once and never stored. */
  token_hash: string;
  token_prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A campaign's aggregated results as published on the public page (rates under min n removed). */
export interface PublishedResultTable {
  campaign_id: string;
  period_from: string | null;
  period_to: string | null;
  /** JSON text: aggregates only, never raw answers. */
  content: string;
  published_by: string | null;
  published_at: string;
}

/** A tablet at a counter, bound to a unit and a campaign (app/services/kiosks.server.ts). */
export interface KioskTable {
  id: string;
  unit_id: string;
  campaign_id: string;
  /** The kiosk's own access link (channel "kiosk"). */
  access_token: string;
  label: string;
  min_interval_seconds: number;
  idle_seconds: number;
  /** sha256 (base64url) of the device's token, set at pairing. */
  device_token_hash: string | null;
  /** sha256 (base64url) of the one-time pairing code, cleared once used. */
  pairing_code_hash: string | null;
  pairing_expires_at: string | null;
  paired_at: string | null;
  last_seen_at: string | null;
  /** Submissions waiting in the device's queue, as its last heartbeat said. */
  queued: Generated<number>;
  created_at: string;
  revoked_at: string | null;
  /** Server time minus the device's time, measured at its last heartbeat. */
  clock_skew_ms: number | null;
  clock_checked_at: string | null;
  /** The last heartbeat at which the device said its queue was empty. */
  queue_empty_at: string | null;
  /** Refused ratings the device holds, as its last heartbeat said. */
  rejected: Generated<number>;
}

/**
 * A rating the server refused from a kiosk's queue, reported by the device in its heartbeat
 * and kept until a manager accepts it (stored through the API, exactly once) or discards it.
 */
export interface KioskRejectionTable {
  kiosk_id: string;
  client_id: string;
  /** The submission as the device holds it, JSON text. */
  body: string;
  status: number;
  /** The API's error code ("outside_opening_hours", "kiosk_too_soon", …; "invalid_answers" for 422). */
  error: string;
  /** The tap on the server's clock as placed from the report, or null when it cannot be. */
  tapped_at: string | null;
  refused_at: string | null;
  reported_at: string;
  resolution: "accepted" | "discarded" | null;
  resolved_at: string | null;
  resolved_by: string | null;
}

/** When a unit is open, per ISO weekday (1 = Monday); a unit without rows inherits its parent's. */
export interface OpeningHoursTable {
  unit_id: string;
  weekday: number;
  /** 'HH:MM', Vietnam time. */
  opens: string;
  closes: string;
}

export interface InvitationBatchTable {
  id: string;
  campaign_id: string;
  unit_id: string;
  label: string;
  size: number;
  created_at: string;
  created_by: string | null;
}

/** A single-use code: an access link's token that takes one response. */
export interface InvitationTable {
  token: string;
  batch_id: string;
  used_at: string | null;
  /** Client id of the response that used it. */
  used_by: string | null;
}

/** Daily salts for hashing client addresses; deleted after a day. */
export interface AddressSaltTable {
  day: string;
  salt: string;
}

/**
 * Answer counts of the responses taken anywhere below a unit: the rollup's key with
 * unit_id = a proper ancestor of the unit where the response was taken (that unit itself
 * is in `rollup`). A subtree's counts are `rollup` (unit = U) + `rollup_subtree` (unit = U),
 * so dashboards read a few rows per unit instead of the whole subtree. Each count is kept
 * per channel and once more under channel "*" (all channels).
 */
export interface RollupSubtreeTable {
  campaign_id: string;
  unit_id: string;
  channel: string;
  period: string;
  question: string;
  value: string;
  count: number;
}

/**
 * Answer counts per respondent group: the rollup's key within the responses whose answer to
 * the profile question `grp` (named by the questionnaire's scoring option respondentGroups)
 * is `grp_value`, at the unit that took them (own = 1) and again at each of its ancestors
 * (own = 0), so a group's subtree is read at one unit like rollup + rollup_subtree.
 */
export interface RollupGroupTable {
  campaign_id: string;
  grp: string;
  grp_value: string;
  unit_id: string;
  own: number;
  period: string;
  channel: string;
  question: string;
  value: string;
  count: number;
}

/**
 * Answer counts per quarter ('2026-Q4') and per year ('2026'), all channels together: the
 * responses taken at the unit (own = 1), and again at each of its ancestors (own = 0). For each
 * own, the sum over a span's months of `rollup` (own = 1, every channel) or of
 * `rollup_subtree` (own = 0, channel "*"), so a range of months is read as a few spans
 * (db/rollups/spans.ts).
 */
export interface RollupSpanTable {
  campaign_id: string;
  unit_id: string;
  span: string;
  own: number;
  question: string;
  value: string;
  count: number;
}

/** Responses per campaign × unit × channel × ISO weekday (1 = Monday) × hour, Vietnam time. */
export interface RollupHourTable {
  campaign_id: string;
  unit_id: string;
  channel: string;
  weekday: number;
  hour: number;
  count: number;
}

/**
 * A satisfaction target: a percentage for a sector over a validity period, from a plan.
 * unit_id null: the default everywhere; else it overrides the default for that unit's subtree.
 */
export interface TargetTable {
  id: string;
  /** "administrative", "land" (land, construction, investment procedures), "health", "education". */
  sector: string;
  unit_id: string | null;
  /** Percent, 0–100. */
  pct: number;
  /** "rate" (tỷ lệ hài lòng, the default) or "index" (chỉ số hài lòng: mean / maximum). */
  metric: string;
  /** "gt": above pct ("trên 90 %"); "gte": at least pct ("tối thiểu 85 %"). */
  comparator: string;
  /** ISO dates, inclusive: rates of periods ending within are judged against it; valid_to is the deadline. */
  valid_from: string;
  valid_to: string;
  /** The plan or decision that sets it, as text. */
  source: string;
  /** "verified" (read in the text), "reported" (secondary sources), "unverified". */
  verification: string;
  created_at: string;
  created_by: string | null;
}

export type JobStatus = "queued" | "running" | "done" | "dead" | "cancelled";

/** Work done in the background, at least once (docs/decisions/015-jobs.md). */
export interface JobTable {
  /** UUIDv7. */
  id: string;
  /** The handler's registered name (app/services/job-handlers.server.ts). */
  name: string;
  /** JSON for the handler; null once done. */
  payload: string | null;
  /** JSON the job's kind describes itself with on /admin/jobs (no personal data). */
  summary: string | null;
  /** At most one job per key, ever while the row exists ('report:<schedule>:<period>'). */
  unique_key: string | null;
  /** Administrators of this unit's subtree see the job; null: those of a top-level unit. */
  unit_id: string | null;
  status: JobStatus;
  /** Attempts started (a claim counts one). */
  attempts: number;
  max_attempts: number;
  /** Due from this instant (queued), or when a retry is due. */
  run_at: string;
  /** The process that holds a running job, and until when (a lease, renewed while it runs). */
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** One attempt at a job: who ran it, when, and how it ended. */
export interface JobAttemptTable {
  id: string;
  job_id: string;
  attempt: number;
  worker: string;
  started_at: string;
  finished_at: string | null;
  /** null while running; "ok", "error", or "lost" (its process stopped, the lease expired). */
  outcome: string | null;
  error: string | null;
}

/** A report sent by itself: a subtree (and a campaign, or all), a period kind, recipients. */
export interface ReportScheduleTable {
  id: string;
  unit_id: string;
  /** null: every campaign with responses in the subtree for the period. */
  campaign_id: string | null;
  /** month | quarter | half | year */
  period_kind: string;
  /** Days after the period's last day; sent at 07:00 Vietnam time that day. */
  send_day: number;
  /** JSON array of e-mail addresses. */
  recipients: string;
  /** JSON array: "pdf", "xlsx". */
  formats: string;
  /** The site's address when made, for links in mail (PUBLIC_URL wins). */
  base_url: string;
  paused_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** One sending of a schedule's report (due, or "Gửi thử ngay"). */
export interface ReportSendingTable {
  id: string;
  schedule_id: string;
  /** '2026-Q1', '2026-M03', '2026-H2', '2026-Y' */
  period: string;
  /** schedule | now */
  trigger: string;
  requested_by: string | null;
  /** preparing | mailed | failed */
  status: string;
  error: string | null;
  job_id: string | null;
  mail_job_id: string | null;
  /** JSON array of addresses. */
  recipients: string;
  /** JSON array of attached file names. */
  files: string | null;
  created_at: string;
  finished_at: string | null;
}

/** What to watch in a subtree, and whom to tell. */
export interface AlertRuleTable {
  id: string;
  unit_id: string;
  /** below_target | drop | burst | words */
  kind: string;
  /** JSON (AlertSettings of app/domain/alerts.ts). */
  settings: string;
  /** each | digest */
  delivery: string;
  recipients: string;
  base_url: string;
  /** Responses submitted up to here have been read for bursts and words. */
  checked_until: string | null;
  paused_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** An alert a rule raised: at most one per rule, unit and (Vietnam) day. */
export interface AlertTable {
  id: string;
  rule_id: string;
  unit_id: string;
  day: string;
  kind: string;
  /** JSON (AlertDetail of app/domain/alerts.ts). */
  detail: string;
  mail_job_id: string | null;
  created_at: string;
}

export type CaseSource = "response" | "alert";
export type CaseStatus = "open" | "closed";

/** A follow-up case (migration 019): a dissatisfied response or an alert a unit takes up. */
export interface FollowUpCaseTable {
  id: string;
  unit_id: string;
  source: CaseSource;
  response_id: string | null;
  alert_id: string | null;
  title: string | null;
  status: CaseStatus;
  assignee_id: string | null;
  opened_by: string | null;
  opened_at: string;
  due_at: string;
  closed_at: string | null;
  outcome: string | null;
}

export interface CaseEventTable {
  id: string;
  case_id: string;
  seq: number;
  at: string;
  user_id: string | null;
  kind: string;
  body: string | null;
  data: string | null;
  job_id: string | null;
}

/** A unit's rule for its cases (it applies to its subtree unless a unit below has its own). */
export interface CaseRuleTable {
  unit_id: string;
  working_days: number;
  holidays: string;
  letter_template: string | null;
  updated_at: string;
  updated_by: string | null;
}

/** Another system (a one-stop system, a hospital information system) acting over a unit subtree. */
export interface SystemClientTable {
  id: string;
  name: string;
  unit_id: string;
  /** sha256 (hex) of the bearer token; the token is shown once and never stored. */
  token_hash: string;
  token_prefix: string;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A dossier (hồ sơ) as a system client posted it, with its one-time rating link. */
export interface DossierTable {
  id: string;
  /** MaHoSo, unique: the only join key between systems. */
  code: string;
  unit_id: string;
  client_id: string | null;
  procedure_code: string;
  counter: string | null;
  officer: string | null;
  /** "truc_tiep" | "truc_tuyen" | "buu_chinh". */
  channel: string;
  received_at: string;
  due_at: string | null;
  returned_at: string | null;
  campaign_id: string;
  link_token: string;
  link_expires_at: string;
  contact_phone: string | null;
  contact_email: string | null;
  /** When the contact was erased (the link used or expired), or null. */
  contact_erased_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The one rating of a dossier (its primary key refuses a second). */
export interface DossierRatingTable {
  dossier_id: string;
  response_client_id: string;
  rated_at: string;
  /** 1: the overall rating was not at a satisfied level. */
  dissatisfied: number;
}

/** A message sending a dossier's link (email, SMS, Zalo ZNS), as a job. */
export interface DossierMessageTable {
  id: string;
  dossier_id: string;
  channel: string;
  job_id: string | null;
  /** "queued" | "sent" | "failed" | "skipped". */
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** The outbox: an event for other systems, written with what it describes (issue 16). */
export interface EventTable {
  id: string;
  /** response.accepted | response.flagged | response.restored | dossier.rated */
  type: string;
  unit_id: string;
  /** JSON; never contact details, never answers. */
  data: string;
  created_at: string;
}

/** An address that receives the events of a unit's subtree, signed with its secret. */
export interface WebhookTable {
  id: string;
  unit_id: string;
  url: string;
  secret: string;
  /** JSON array of event types. */
  events: string;
  include_answers: number;
  description: string | null;
  created_by_user_id: string | null;
  created_by_client_id: string | null;
  created_at: string;
  /** After a failed attempt, the webhook's other deliveries wait until then without trying. */
  failing_until: string | null;
  deleted_at: string | null;
}

/** One event sent (or being sent) to one webhook: the delivery log. */
export interface WebhookDeliveryTable {
  id: string;
  webhook_id: string;
  event_id: string;
  job_id: string | null;
  /** pending | delivered | dead */
  status: string;
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  replay: number;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

export interface Database {
  system_client: SystemClientTable;
  dossier: DossierTable;
  dossier_rating: DossierRatingTable;
  dossier_message: DossierMessageTable;
  kiosk: KioskTable;
  kiosk_rejection: KioskRejectionTable;
  opening_hours: OpeningHoursTable;
  invitation_batch: InvitationBatchTable;
  invitation: InvitationTable;
  address_salt: AddressSaltTable;
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
  sign_in_throttle: SignInThrottleTable;
  sign_in_device: SignInDeviceTable;
  unit_lineage: UnitLineageTable;
  api_token: ApiTokenTable;
  published_result: PublishedResultTable;
  rollup_subtree: RollupSubtreeTable;
  rollup_span: RollupSpanTable;
  rollup_group: RollupGroupTable;
  rollup_hour: RollupHourTable;
  target: TargetTable;
  job: JobTable;
  job_attempt: JobAttemptTable;
  report_schedule: ReportScheduleTable;
  report_sending: ReportSendingTable;
  alert_rule: AlertRuleTable;
  alert: AlertTable;
  follow_up_case: FollowUpCaseTable;
  case_event: CaseEventTable;
  case_rule: CaseRuleTable;
  event: EventTable;
  webhook: WebhookTable;
  webhook_delivery: WebhookDeliveryTable;
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
export type AuditEntry = Selectable<AuditLogTable>;
export type UnitLineage = Selectable<UnitLineageTable>;
export type ApiToken = Selectable<ApiTokenTable>;
export type Kiosk = Selectable<KioskTable>;
export type KioskRejection = Selectable<KioskRejectionTable>;
export type OpeningHours = Selectable<OpeningHoursTable>;
export type Target = Selectable<TargetTable>;
export type Job = Selectable<JobTable>;
export type JobAttempt = Selectable<JobAttemptTable>;
export type SystemClient = Selectable<SystemClientTable>;
export type Dossier = Selectable<DossierTable>;
export type DossierMessage = Selectable<DossierMessageTable>;
