/** GET /api/v1/analytics/openapi.json — the OpenAPI 3.1 description of the analysts' API. */
import "~/utils/i18n-staff";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApiDocument } from "~/services/export-openapi.server";
import { jsonResponse } from "~/utils/http.server";

export function loader({ request }: LoaderFunctionArgs) {
  return jsonResponse(openApiDocument(new URL(request.url).origin), 200, {
    "Cache-Control": "public, max-age=300",
    "Access-Control-Allow-Origin": "*",
  });
}
