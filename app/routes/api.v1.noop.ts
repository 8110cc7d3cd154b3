/**
 * Benchmark only (HAI_LONG_BENCH=1): a POST that reads the body and does no work, the
 * framework's ceiling against which `npm run bench` measures ingestion. 404 otherwise.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError, jsonResponse } from "~/utils/http.server";

export async function action({ request }: ActionFunctionArgs) {
  if (process.env.HAI_LONG_BENCH !== "1") return apiError(404, "not_found", "Không tìm thấy.");
  await request.text();
  return jsonResponse({ status: "ok" }, 201);
}
