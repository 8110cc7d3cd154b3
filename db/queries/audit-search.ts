import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface AuditSearch {
  /** Subtrees the reader administers: an entry is shown when its unit is inside one, or it has
   *  no unit and is about a person who holds a role inside one (sign-ins, locks, password
   *  changes). */
  paths: readonly string[];
  login?: string;
  action?: string;
  entity?: string;
  /** ISO instants, from inclusive, to exclusive. */
  from?: string;
  to?: string;
  limit?: number;
}

/**
 * SELECT a.*, actor.login, unit.name FROM audit_log a … WHERE (unit.path LIKE '<p>%' OR
 * (a.entity = 'user' AND a.unit_id IS NULL AND EXISTS (a role of that person inside '<p>%')))
 * AND filters
 * ORDER BY a.id DESC (ids are time-ordered UUIDv7).
 */
export function searchAudit(db: Kysely<Database>, s: AuditSearch) {
  const paths = s.paths;
  let q = db
    .selectFrom("audit_log as a")
    .leftJoin("app_user as actor", "actor.id", "a.user_id")
    .leftJoin("unit as un", "un.id", "a.unit_id")
    .select([
      "a.id",
      "a.at",
      "a.action",
      "a.entity",
      "a.entity_id",
      "a.before",
      "a.after",
      "actor.login",
      "un.name as unit_name",
      "un.code as unit_code",
    ])
    .where((eb) =>
      eb.or([
        ...paths.map((p) => eb("un.path", "like", `${p}%`)),
        // An entry filed under a unit (a role granted or taken away) shows only when that
        // unit is inside: a role held elsewhere is not named (the people page only counts them).
        eb.and([
          eb("a.entity", "=", "user"),
          eb("a.unit_id", "is", null),
          eb.exists(
            eb
              .selectFrom("membership as m")
              .innerJoin("unit as mu", "mu.id", "m.unit_id")
              .select("m.user_id")
              .whereRef("m.user_id", "=", "a.entity_id")
              .where((e2) => e2.or(paths.map((p) => e2("mu.path", "like", `${p}%`)))),
          ),
        ]),
      ]),
    );
  if (s.login) q = q.where("actor.login", "=", s.login);
  if (s.action) q = q.where("a.action", "=", s.action);
  if (s.entity) q = q.where("a.entity", "=", s.entity);
  if (s.from) q = q.where("a.at", ">=", s.from);
  if (s.to) q = q.where("a.at", "<", s.to);
  return q
    .orderBy("a.id", "desc")
    .limit(s.limit ?? 200)
    .execute();
}

/** The actions and entities present, for the filter lists. */
export async function listAuditKinds(db: Kysely<Database>) {
  const [actions, entities] = await Promise.all([
    db.selectFrom("audit_log").select("action").distinct().orderBy("action").execute(),
    db.selectFrom("audit_log").select("entity").distinct().orderBy("entity").execute(),
  ]);
  return { actions: actions.map((r) => r.action), entities: entities.map((r) => r.entity) };
}

/**
 * Names of the things audit entries point to by id (units, people, campaigns, kiosks,
 * questionnaire versions, API tokens), so the log shows names, not UUIDs.
 */
export async function findNamesByIds(db: Kysely<Database>, ids: readonly string[]) {
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const list = [...new Set(ids)];
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    const [units, users, campaigns, kiosks, versions, tokens] = await Promise.all([
      db.selectFrom("unit").select(["id", "name", "code"]).where("id", "in", chunk).execute(),
      db.selectFrom("app_user").select(["id", "name", "login"]).where("id", "in", chunk).execute(),
      db.selectFrom("campaign").select(["id", "title"]).where("id", "in", chunk).execute(),
      db.selectFrom("kiosk").select(["id", "label"]).where("id", "in", chunk).execute(),
      db
        .selectFrom("questionnaire_version")
        .select(["id", "title", "version"])
        .where("id", "in", chunk)
        .execute(),
      db.selectFrom("api_token").select(["id", "name"]).where("id", "in", chunk).execute(),
    ]);
    for (const u of units) names.set(u.id, `${u.name} (${u.code})`);
    for (const u of users) names.set(u.id, `${u.name} (${u.login})`);
    for (const c of campaigns) names.set(c.id, c.title);
    for (const k of kiosks) names.set(k.id, k.label);
    for (const v of versions) names.set(v.id, `${v.title} (${v.version})`);
    for (const t of tokens) names.set(t.id, t.name);
  }
  return names;
}
