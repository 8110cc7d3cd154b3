/**
 * POST /api/v1/responses — the public ingestion API used by links, QR codes, kiosks and
 * other agencies' systems. Contract in docs/api.md; stable.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs } from "@remix-run/node";
import { MAX_BODY_BYTES } from "~/domain/submission";
import { appContext } from "~/services/context.server";
import { submitResponse } from "~/services/ingest.server";
import { readDeviceToken } from "~/services/kiosks.server";
import {
  apiError,
  BodyNotUtf8,
  BodyTooLarge,
  jsonResponse,
  readBodyLimited,
} from "~/utils/http.server";

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") {
    return apiError(405, "method_not_allowed", "Chỉ nhận phương thức POST.");
  }
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return apiError(
      415,
      "unsupported_media_type",
      "Nội dung phải là JSON (Content-Type: application/json).",
    );
  }
  let text: string;
  try {
    text = await readBodyLimited(request, MAX_BODY_BYTES);
  } catch (e) {
    if (e instanceof BodyTooLarge) {
      return apiError(
        413,
        "payload_too_large",
        `Phiếu gửi lên quá lớn (tối đa ${MAX_BODY_BYTES / 1024} KB).`,
      );
    }
    if (e instanceof BodyNotUtf8) {
      return apiError(400, "malformed_json", "Nội dung gửi lên không phải văn bản UTF-8 hợp lệ.");
    }
    throw e;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return apiError(400, "malformed_json", "Nội dung gửi lên không phải JSON hợp lệ.");
  }
  const clientKey = context.clientKey;
  const result = await submitResponse(await appContext(), body, {
    clientKey,
    deviceToken: readDeviceToken(request),
  });
  return jsonResponse(result.body, result.status);
}

export function loader() {
  return apiError(405, "method_not_allowed", "Chỉ nhận phương thức POST.");
}
