/**
 * Recurring jobs (alert evaluation, the schedules' dispatcher): each run enqueues the next, and
 * a process starting makes sure one is waiting. These read and prune the job table by kind.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

/** Is a job of this kind waiting or running (other than `exceptId`)? */
export async function hasPendingJob(
  db: Kysely<Database>,
  name: string,
  exceptId: string | null = null,
): Promise<boolean> {
  let q = db
    .selectFrom("job")
    .select("id")
    .where("name", "=", name)
    .where("status", "in", ["queued", "running"]);
  if (exceptId) q = q.where("id", "!=", exceptId);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

/** Deletes this kind's finished runs older than `before` (they would fill the jobs page). */
export function pruneFinishedRuns(db: Kysely<Database>, name: string, before: string) {
  return db
    .deleteFrom("job")
    .where("name", "=", name)
    .where("status", "=", "done")
    .where("unique_key", "is", null)
    .where("finished_at", "<", before)
    .execute();
}

/** Brings this kind's waiting run forward to `now`; false when none was waiting. */
export async function advancePendingJob(db: Kysely<Database>, name: string, now: string) {
  const r = await db
    .updateTable("job")
    .set({ run_at: now, updated_at: now })
    .where("name", "=", name)
    .where("status", "=", "queued")
    .where("run_at", ">", now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
