/**
 * What the webhook API routes share: the client behind the bearer token, the JSON body read
 * within its limit, and every refusal as `{"error", "message"}` JSON with its status (the
 * message in the request's language).
 */
import { MAX_BODY_BYTES } from "~/domain/submission";
import { apiError, BodyNotUtf8, BodyTooLarge, readBodyLimited } from "~/utils/http.server";
import { localeFromRequest, translator } from "~/utils/i18n";
import { authenticateClient, type AuthenticatedClient } from "./clients.server";
import { appContext, type AppContext } from "./context.server";
import { ServiceError } from "./service-error.server";

const CODES: Record<number, string> = {
  400: "invalid",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** Runs `fn` for the authenticated client; `null` from it means the method is not allowed. */
export async function clientRequest(
  request: Request,
  fn: (ctx: AppContext, client: AuthenticatedClient) => Promise<Response | null>,
): Promise<Response> {
  const t = translator(localeFromRequest(request));
  try {
    const ctx = await appContext();
    const client = await authenticateClient(ctx, request);
    const res = await fn(ctx, client);
    return res ?? apiError(405, CODES[405]!, "Method not allowed.");
  } catch (e) {
    if (e instanceof ServiceError) {
      const res = apiError(e.status, CODES[e.status] ?? "error", e.in(t));
      if (e.status === 401) res.headers.set("WWW-Authenticate", 'Bearer realm="hai-long"');
      return res;
    }
    throw e;
  }
}

/** The request's JSON body, at most MAX_BODY_BYTES; refusals are thrown for clientRequest. */
export async function readJsonBody(request: Request): Promise<unknown> {
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get("Content-Type") ?? ""))
    throw new ServiceError(415, "api.error.contentType");
  let text: string;
  try {
    text = await readBodyLimited(request, MAX_BODY_BYTES);
  } catch (e) {
    if (e instanceof BodyTooLarge)
      throw new ServiceError(413, "api.error.tooLarge", { n: MAX_BODY_BYTES });
    if (e instanceof BodyNotUtf8) throw new ServiceError(400, "api.error.utf8");
    throw e;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError(400, "api.error.json");
  }
}
