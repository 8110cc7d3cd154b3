/**
 * /admin/clients — other systems' access tokens (system clients) over the administrator's
 * units: the list, creating one (its token shown once), revoking one, and their audit log.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "~/components/action-message";
import { useLocale } from "~/root";
import { createClient, listClients, revokeClient } from "~/services/clients.server";
import { appContext } from "~/services/context.server";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { done, failure } from "~/utils/outcome.server";
import { listTree } from "~/services/units.server";
import { formatDateTime, pageTitle, requestTranslator, translator } from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseIntent } from "~/utils/intent.server";
import { AdminHead, CreateDetails } from "~/components/admin-head";
import { UnitPathSelect } from "~/components/manage-fields";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "users.manage");
  const ctx = await appContext();
  const [clients, tree] = await Promise.all([
    listClients(ctx, user),
    listTree(ctx, user, "users.manage"),
  ]);
  return {
    clients,
    units: tree
      .filter((u) => u.active)
      .map((u) => ({ id: u.id, label: `${"— ".repeat(u.depth)}${u.name} (${u.code})` })),
  };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string().max(500), unitId: z.string().min(1) }),
  z.object({ intent: z.literal("revoke"), id: z.string().min(1).max(64) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "users.manage");
  const t = requestTranslator(request);
  const ctx = await appContext();
  try {
    const f = parseIntent(await request.formData(), Intent);
    if (f.intent === "create") {
      const c = await createClient(ctx, { name: f.name, unitId: f.unitId }, user);
      return done(t("clients.created", { name: c.name }), c.token);
    }
    await revokeClient(ctx, f.id, user);
    return done(t("clients.revoked"));
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "clients.title") }];

export default function Clients() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  return (
    <>
      <AdminHead t={t} title={t("clients.title")} intro={t("clients.intro")} />
      <ActionMessage result={result} secretLabel={t("clients.token")} />
      <CreateDetails summary={t("clients.create")} failed={result ? !result.ok : false}>
        <Form method="post" className="stack narrow" autoComplete="off">
          <input type="hidden" name="intent" value="create" />
          <label>
            {t("clients.name")}
            <input
              name="name"
              required
              minLength={2}
              maxLength={120}
              aria-describedby="client-name-hint"
            />
            <small id="client-name-hint">{t("clients.name.hint")}</small>
          </label>
          <UnitPathSelect units={d.units} label={t("clients.unit")} />
          <button type="submit" className="button" disabled={busy}>
            {t("clients.submit")}
          </button>
        </Form>
      </CreateDetails>
      <h2>{t("clients.list")}</h2>
      {d.clients.length === 0 ? (
        <p>{t("clients.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("clients.col.name")}</th>
              <th scope="col">{t("clients.col.unit")}</th>
              <th scope="col">{t("clients.col.created")}</th>
              <th scope="col">{t("clients.col.lastUsed")}</th>
              <th scope="col">{t("clients.col.state")}</th>
              <th scope="col">{t("clients.col.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {d.clients.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>
                  {c.unit_name} ({c.unit_code})
                </td>
                <td>
                  {formatDateTime(c.created_at)}
                  {c.created_by_name ? ` — ${c.created_by_name}` : ""}
                </td>
                <td>{c.last_used_at ? formatDateTime(c.last_used_at) : t("clients.never")}</td>
                <td>
                  {c.revoked_at
                    ? t("clients.state.revoked", { date: formatDateTime(c.revoked_at) })
                    : t("clients.state.active")}
                </td>
                <td>
                  {!c.revoked_at && (
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="id" value={c.id} />
                      <button
                        type="submit"
                        className="button"
                        disabled={busy}
                        aria-label={`${t("clients.revoke")}: ${c.name}`}
                        onClick={(e) => {
                          if (!confirm(t("clients.revoke.confirm", { name: c.name })))
                            e.preventDefault();
                        }}
                      >
                        {t("clients.revoke")}
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
        <Link to="/admin/audit?entity=system_client">{t("clients.audit")}</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
