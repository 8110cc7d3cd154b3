/**
 * /exports — the analysts' page: the campaigns they may export or report on, and their
 * personal API tokens (created here, shown once, revoked here).
 */
import "~/utils/i18n-staff";
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { readIntent } from "~/utils/intent.server";
import { useLocale } from "~/root";
import { MAX_TOKEN_DAYS } from "~/domain/api-token";
import { createApiToken, listOwnApiTokens, revokeOwnApiToken } from "~/services/api-tokens.server";
import { listCampaignsReached } from "~/services/campaigns.server";
import { appContext } from "~/services/context.server";
import {
  formatDate,
  formatDateTime,
  requestTranslator,
  translator,
  pageTitle,
  type MessageKey,
} from "~/utils/i18n";
import exportStyles from "~/styles/exports.css?url";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: exportStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "results.export");
  const ctx = await appContext();
  const campaigns = [];
  for (const c of await listCampaignsReached(ctx, user.grants, "results.export")) {
    campaigns.push({
      id: c.id,
      title: c.title,
      status: c.status,
      opensAt: c.opens_at,
      closesAt: c.closes_at,
      questionnaire: `${c.questionnaire_title} (v${c.version})`,
    });
  }
  const tokens = (await listOwnApiTokens(ctx, user.id)).map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.token_prefix,
    createdAt: t.created_at,
    expiresAt: t.expires_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  }));
  return { campaigns, tokens };
}

/** What the token form says of any problem with it (its name, or its days). */
const NAME = "exports.error.tokenName" satisfies MessageKey;

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create-token"),
    name: z.string().trim().min(1, NAME).max(80, NAME),
    days: z.coerce.number().int(NAME).min(1, NAME).max(MAX_TOKEN_DAYS, NAME).default(90),
  }),
  z.object({ intent: z.literal("revoke-token"), id: z.string().min(1).max(64) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "results.export");
  const ctx = await appContext();
  const tr = requestTranslator(request);
  const parsed = readIntent(await request.formData(), ActionSchema, tr);
  if (!parsed.ok) return data({ error: parsed.message, created: null }, { status: parsed.status });
  if (parsed.data.intent === "create-token") {
    const t = await createApiToken(ctx, user.id, parsed.data.name, parsed.data.days);
    // The token is in this answer only: it is never stored, nor shown again.
    return data(
      { error: null, created: { token: t.token, name: parsed.data.name, expiresAt: t.expiresAt } },
      { headers: { "Cache-Control": "no-store" } },
    );
  }
  if (!(await revokeOwnApiToken(ctx, user.id, parsed.data.id)))
    return data({ error: tr("exports.error.tokenMissing"), created: null }, { status: 404 });
  return { error: null, created: null };
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "export.title") }];

export default function ExportsIndex() {
  const { campaigns, tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = translator(useLocale());
  return (
    <>
      <h1>{t("export.title")}</h1>
      <p>{t("export.intro")}</p>
      <h2>{t("home.campaigns")}</h2>
      {campaigns.length === 0 && <p>{t("home.noCampaigns")}</p>}
      {campaigns.map((c) => (
        <section className="card" key={c.id} aria-labelledby={`x-${c.id}`}>
          <h3 id={`x-${c.id}`}>{c.title}</h3>
          <p className="muted">
            {formatDate(c.opensAt)} – {formatDate(new Date(new Date(c.closesAt).getTime() - 1))} ·{" "}
            {c.questionnaire}
          </p>
          <p>
            <Link className="button" to={`/exports/${c.id}`}>
              {t("export.download")}
            </Link>{" "}
            <Link className="button secondary" to={`/reports/${c.id}`}>
              {t("report.open")}
            </Link>
          </p>
        </section>
      ))}

      <h2 id="tokens">{t("token.title")}</h2>
      <p>{t("token.intro")}</p>
      {result?.error && (
        <p className="error" role="alert">
          {result.error}
        </p>
      )}
      {result?.created && (
        <div className="note" role="status">
          <p>
            <strong>{t("token.createdOnce", { name: result.created.name })}</strong>
          </p>
          <p>
            <code className="token" data-testid="new-token">
              {result.created.token}
            </code>
          </p>
          <p className="muted">{t("token.usage")}</p>
        </div>
      )}
      <Form method="post" className="stack narrow">
        <input type="hidden" name="intent" value="create-token" />
        <label>
          {t("token.name")}
          <input name="name" required maxLength={80} />
        </label>
        <label>
          {t("token.days")}
          <input name="days" type="number" min={1} max={MAX_TOKEN_DAYS} defaultValue={90} />
        </label>
        <button type="submit" className="button">
          {t("token.create")}
        </button>
      </Form>
      {tokens.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("token.name")}</th>
              <th scope="col">{t("token.prefix")}</th>
              <th scope="col">{t("token.created")}</th>
              <th scope="col">{t("token.expires")}</th>
              <th scope="col">{t("token.lastUsed")}</th>
              <th scope="col">{t("token.state")}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{formatDateTime(k.createdAt)}</td>
                <td>{k.expiresAt ? formatDate(k.expiresAt) : "—"}</td>
                <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "—"}</td>
                <td>
                  {k.revokedAt ? (
                    t("token.revoked")
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="revoke-token" />
                      <input type="hidden" name="id" value={k.id} />
                      <button type="submit" className="linklike">
                        {t("token.revoke")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href="/api/v1/analytics/openapi.json">{t("token.openapi")}</a>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
