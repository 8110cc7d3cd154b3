/**
 * Flagging, restoring and redacting stored responses (app/services/moderation.server.ts). Lists
 * of ids go in chunks of CHUNK, below every database's limit on bound parameters.
 */
import type { Kysely, Selectable } from "kysely";
import type { Database, ResponseTable } from "../schema";

export type StoredResponse = Selectable<ResponseTable>;
const CHUNK = 400;

/** The responses with these ids that are flagged (`flagged`) or not. */
export async function listResponsesByIds(
  db: Kysely<Database>,
  ids: readonly string[],
  flagged: boolean,
): Promise<StoredResponse[]> {
  const out: StoredResponse[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom("response")
      .selectAll()
      .where("id", "in", ids.slice(i, i + CHUNK))
      .where("flag_reason", flagged ? "is not" : "is", null)
      .execute();
    out.push(...(rows as StoredResponse[]));
  }
  return out;
}

/** The questionnaire versions these responses answer. */
export async function listVersionIdsOf(db: Kysely<Database>, ids: readonly string[]) {
  const versionIds = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom("response")
      .select("questionnaire_version_id")
      .distinct()
      .where("id", "in", ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) versionIds.add(r.questionnaire_version_id);
  }
  return versionIds;
}

/** Sets (a reason) or clears (null) the flag of these responses. */
export async function setFlagReason(
  db: Kysely<Database>,
  ids: readonly string[],
  reason: string | null,
) {
  for (let i = 0; i < ids.length; i += CHUNK) {
    await db
      .updateTable("response")
      .set({ flag_reason: reason })
      .where("id", "in", ids.slice(i, i + CHUNK))
      .execute();
  }
}

export async function findStoredResponse(db: Kysely<Database>, id: string) {
  return (await db.selectFrom("response").selectAll().where("id", "=", id).executeTakeFirst()) as
    StoredResponse | undefined;
}

export function setAnswers(db: Kysely<Database>, id: string, answers: string) {
  return db.updateTable("response").set({ answers }).where("id", "=", id).execute();
}
