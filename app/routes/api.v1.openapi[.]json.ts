/** GET /api/v1/openapi.json — the OpenAPI 3.1 description of the connection API (webhooks). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { connectOpenApiDocument } from "~/services/connect-openapi.server";
import { jsonResponse } from "~/utils/http.server";

export function loader({ request }: LoaderFunctionArgs) {
  return jsonResponse(connectOpenApiDocument(new URL(request.url).origin), 200, {
    "Cache-Control": "public, max-age=300",
    "Access-Control-Allow-Origin": "*",
  });
}
