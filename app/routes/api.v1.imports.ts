/**
 * POST /api/v1/imports?campaign=<id>[&dryRun=1][&fileName=…] — a system client (Authorization:
 * Bearer hlc_…) imports ratings collected elsewhere: the body is the file (CSV, XLSX or JSON,
 * at most 5 MB). With dryRun=1 nothing is stored and the answer reports what would be; without
 * it the valid rows are stored (rating-import.server.ts). Only units of the client's subtree.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { MAX_IMPORT_BYTES } from "~/domain/rating-import";
import { apiRefusal, authenticateClient } from "~/services/clients.server";
import { appContext } from "~/services/context.server";
import { importerOfClient, importRatings } from "~/services/rating-import.server";
import { ServiceError } from "~/services/service-error.server";
import { apiError, BodyTooLarge, jsonResponse, readBytesLimited } from "~/utils/http.server";
import { DEFAULT_LOCALE, translator } from "~/utils/i18n";

const t = translator(DEFAULT_LOCALE);

const Query = z.object({
  campaign: z.string().min(1).max(100),
  dryRun: z.enum(["0", "1", "true", "false"]).optional(),
  fileName: z.string().max(200).optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST")
    return apiError(405, "method_not_allowed", t("imports.api.method"));
  const ctx = await appContext();
  try {
    const client = await authenticateClient(ctx, request);
    const url = new URL(request.url);
    const query = Query.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return apiError(400, "bad_request", t("imports.api.campaign"));
    let bytes: Uint8Array;
    try {
      bytes = await readBytesLimited(request, MAX_IMPORT_BYTES);
    } catch (e) {
      if (e instanceof BodyTooLarge)
        return apiError(
          413,
          "file_too_large",
          t("imports.refused.tooLarge", { mb: MAX_IMPORT_BYTES / 1024 / 1024 }),
        );
      throw e;
    }
    if (bytes.byteLength === 0) return apiError(400, "bad_request", t("imports.api.empty"));
    const dryRun = query.data.dryRun === "1" || query.data.dryRun === "true";
    const result = await importRatings(
      ctx,
      importerOfClient(client),
      query.data.campaign,
      { name: query.data.fileName ?? "body", bytes },
      { dryRun },
    );
    if ("status" in result)
      return jsonResponse(
        { error: result.error, message: result.message, lines: result.lines },
        result.status,
      );
    return jsonResponse(result, !dryRun && result.counts.ready > 0 ? 201 : 200);
  } catch (e) {
    if (e instanceof ServiceError) return apiRefusal(e);
    throw e;
  }
}

export function loader() {
  return apiError(405, "method_not_allowed", t("imports.api.method"));
}
