/**
 * POST /api/v1/dossiers — a one-stop system sends a dossier (Authorization: Bearer hlc_…) and
 * gets its one-time rating link, with the link's QR code as SVG and PNG (base64). Idempotent by
 * code: 201 the first time, 200 after (dates, counter, officer and contact updated). Contract
 * in docs/decisions/020-dossiers.md.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs } from "@remix-run/node";
import { MAX_DOSSIER_BODY_BYTES, parseDossierBody } from "~/domain/dossier";
import { apiRefusal, authenticateClient } from "~/services/clients.server";
import { appContext } from "~/services/context.server";
import { dossierCodePattern, upsertDossier } from "~/services/dossiers.server";
import { publicBaseUrl } from "~/services/links.server";
import { ServiceError } from "~/services/service-error.server";
import {
  apiError,
  BodyNotUtf8,
  BodyTooLarge,
  jsonResponse,
  readBodyLimited,
} from "~/utils/http.server";
import { DEFAULT_LOCALE, translator } from "~/utils/i18n";

const t = translator(DEFAULT_LOCALE);

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST")
    return apiError(405, "method_not_allowed", t("dossiers.api.method"));
  const ctx = await appContext();
  try {
    const client = await authenticateClient(ctx, request);
    if (!/^application\/json\s*(;|$)/i.test(request.headers.get("Content-Type") ?? ""))
      return apiError(415, "unsupported_media_type", t("dossiers.api.json"));
    let body: unknown;
    try {
      body = JSON.parse(await readBodyLimited(request, MAX_DOSSIER_BODY_BYTES));
    } catch (e) {
      if (e instanceof BodyTooLarge)
        return apiError(
          413,
          "payload_too_large",
          t("dossiers.api.tooLarge", {
            kb: MAX_DOSSIER_BODY_BYTES / 1024,
          }),
        );
      if (e instanceof BodyNotUtf8 || e instanceof SyntaxError)
        return apiError(400, "malformed_json", t("dossiers.api.malformed"));
      throw e;
    }
    const parsed = parseDossierBody(body, dossierCodePattern());
    if (!parsed.ok) return apiError(400, "bad_request", parsed.message);
    const result = await upsertDossier(ctx, client, parsed.dossier, publicBaseUrl(request));
    return jsonResponse(result.body, result.status);
  } catch (e) {
    if (e instanceof ServiceError) return apiRefusal(e);
    throw e;
  }
}

export function loader() {
  return apiError(405, "method_not_allowed", t("dossiers.api.method"));
}
