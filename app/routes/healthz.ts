/** Liveness: the process answers and the database takes a query. */
import "~/utils/i18n-staff";
import { appContext } from "~/services/context.server";
import { checkDatabase } from "~/services/health.server";
import { jsonResponse } from "~/utils/http.server";

export async function loader() {
  await checkDatabase(await appContext());
  return jsonResponse({ status: "ok" });
}
