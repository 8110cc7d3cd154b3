/** /admin/people/:userId — a person's roles in the administrator's units; disable, enable, unlock. */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "~/components/action-message";
import { ROLES } from "~/domain/access";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import {
  addRole,
  disableUser,
  enableUser,
  getManagedUser,
  removeRole,
  unlockUser,
} from "~/services/people.server";
import { listTree } from "~/services/units.server";
import { formatDateTime, requestTranslator, translator } from "~/utils/i18n";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { done, failure, loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { z } from "zod";
import { parseIntent } from "~/utils/intent.server";
import { UnitPathSelect } from "~/components/manage-fields";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "users.manage");
  const ctx = await appContext();
  const person = await getManagedUser(ctx, params.userId ?? "", user).catch(loaderFailure);
  const tree = await listTree(ctx, user, "users.manage");
  return {
    person,
    self: person.id === user.id,
    units: tree.map((u) => ({ id: u.id, label: `${"— ".repeat(u.depth)}${u.name} (${u.code})` })),
  };
}

const Intent = z.object({ intent: z.enum(["grant", "revoke", "disable", "enable", "unlock"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "users.manage");
  const ctx = await appContext();
  const id = params.userId ?? "";
  const form = await request.formData();
  const input = { unitId: String(form.get("unitId") ?? ""), role: String(form.get("role") ?? "") };
  const t = requestTranslator(request);
  try {
    switch (parseIntent(form, Intent).intent) {
      case "grant":
        await addRole(ctx, id, input, user);
        return done(t("person.done.granted"));
      case "revoke":
        await removeRole(ctx, id, input, user);
        return done(t("person.done.revoked"));
      case "disable":
        await disableUser(ctx, id, user);
        return done(t("person.done.disabled"));
      case "enable":
        await enableUser(ctx, id, user);
        return done(t("person.done.enabled"));
      case "unlock":
        await unlockUser(ctx, id, user);
        return done(t("person.done.unlocked"));
    }
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.person.login} — Hài Lòng` : "Hài Lòng" },
];

export default function Person() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  const p = d.person;
  const button = (intent: string, label: string) => (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className="button" disabled={busy}>
        {label}
      </button>
    </Form>
  );
  return (
    <>
      <p className="muted">
        <Link to="/admin">{t("admin.title")}</Link> ›{" "}
        <Link to="/admin/people">{t("admin.people.title")}</Link>
      </p>
      <h1>
        {p.name} ({p.login})
      </h1>
      <p>
        {p.disabled
          ? t("admin.people.disabled")
          : p.lockedUntil
            ? t("admin.people.locked", { time: formatDateTime(p.lockedUntil) })
            : t("admin.units.active")}
      </p>
      <ActionMessage result={result} />
      {d.self ? (
        <p className="note">{t("admin.people.self")}</p>
      ) : (
        <>
          <h2>{t("auth.roles")}</h2>
          <table>
            <tbody>
              {p.roles.map((r) => (
                <tr key={`${r.unitId}-${r.role}`}>
                  <td>{t(`role.${r.role}`)}</td>
                  <td>
                    {r.unitName} ({r.unitCode})
                  </td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="unitId" value={r.unitId} />
                      <input type="hidden" name="role" value={r.role} />
                      <button type="submit" className="linklike" disabled={busy}>
                        {t("admin.people.removeRole")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.otherRoles > 0 && (
            <p className="muted">{t("admin.people.otherRoles", { n: p.otherRoles })}</p>
          )}
          <h3>{t("admin.people.addRole")}</h3>
          <Form method="post" className="stack narrow">
            <input type="hidden" name="intent" value="grant" />
            <label>
              {t("admin.people.role")}
              <select name="role" defaultValue="viewer">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            <UnitPathSelect units={d.units} label={t("admin.people.unit")} />
            <button type="submit" className="button" disabled={busy}>
              {t("admin.people.addRole")}
            </button>
          </Form>
          <h2>{t("admin.people.account")}</h2>
          {!p.fullyManaged && <p className="muted">{t("admin.people.shared")}</p>}
          {/* A <div>, not a <p>: a form inside a paragraph is invalid HTML and breaks hydration. */}
          <div className="actions">
            {p.disabled
              ? button("enable", t("admin.people.enable"))
              : button("disable", t("admin.people.disable"))}
            {p.lockedUntil && button("unlock", t("admin.people.unlock"))}
          </div>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
