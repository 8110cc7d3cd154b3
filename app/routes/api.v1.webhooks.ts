/**
 * /api/v1/webhooks — a system client's webhooks (docs/webhooks.md): GET lists them, POST
 * `{"url", "secret", "events": [...], "includeAnswers"?}` registers one over the client's unit
 * subtree (201 with its id). Bearer token of a system client (authenticateClient).
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { clientRequest, readJsonBody } from "~/services/webhooks-api.server";
import { createClientWebhook, listClientWebhooks } from "~/services/webhooks.server";
import { jsonResponse } from "~/utils/http.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  clientRequest(request, async (ctx, client) =>
    jsonResponse({ webhooks: await listClientWebhooks(ctx, client) }),
  );

export const action = ({ request }: ActionFunctionArgs) =>
  clientRequest(request, async (ctx, client) => {
    if (request.method !== "POST") return null;
    const body = await readJsonBody(request);
    const made = await createClientWebhook(
      ctx,
      client,
      body as Parameters<typeof createClientWebhook>[2],
    );
    return jsonResponse({ webhook: made }, 201);
  });
