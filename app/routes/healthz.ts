/** Liveness: the process answers and the database takes a query. */
import "~/utils/i18n-staff";
import { sql } from "kysely";
import { appContext } from "~/services/context.server";
import { jsonResponse } from "~/utils/http.server";

export async function loader() {
  const { db } = await appContext();
  await sql`select 1`.execute(db);
  return jsonResponse({ status: "ok" });
}
