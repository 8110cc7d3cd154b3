/** /admin/people — the people holding a role in the administrator's units, and adding one. */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "~/components/action-message";
import { ROLES } from "~/domain/access";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { createManagedUser, listManagedUsers } from "~/services/people.server";
import { listTree } from "~/services/units.server";
import { formatDateTime, requestTranslator, translator, pageTitle } from "~/utils/i18n";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { done, failure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AdminHead, CreateDetails } from "~/components/admin-head";
import { UnitPathSelect } from "~/components/manage-fields";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "users.manage");
  const ctx = await appContext();
  const [people, tree] = await Promise.all([
    listManagedUsers(ctx, user),
    listTree(ctx, user, "users.manage"),
  ]);
  return {
    people,
    units: tree.map((u) => ({ id: u.id, label: `${"— ".repeat(u.depth)}${u.name} (${u.code})` })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "users.manage");
  const form = Object.fromEntries(await request.formData());
  const t = requestTranslator(request);
  try {
    const { user: created, password } = await createManagedUser(await appContext(), form, user);
    return done(
      t(password ? "person.done.createdWithPassword" : "person.done.created", {
        login: created.login,
      }),
      password ?? undefined,
    );
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "admin.people.title") },
];

export default function People() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  return (
    <>
      <AdminHead t={t} title={t("admin.people.title")} intro={t("admin.people.intro")} />
      <ActionMessage result={result} secretLabel={t("auth.password")} />
      <CreateDetails summary={t("admin.people.create")} failed={result ? !result.ok : false}>
        <Form
          method="post"
          className="stack narrow"
          autoComplete="off"
          key={result?.ok ? result.message : "create"}
        >
          <label>
            {t("auth.login")}
            <input name="login" required maxLength={64} autoComplete="off" />
          </label>
          <label>
            {t("admin.people.name")}
            <input name="name" maxLength={200} />
          </label>
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
          <label>
            {t("admin.people.password")}
            <input name="password" type="password" autoComplete="new-password" minLength={10} />
          </label>
          <button type="submit" className="button" disabled={busy}>
            {t("admin.people.create")}
          </button>
        </Form>
      </CreateDetails>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("auth.login")}</th>
            <th scope="col">{t("admin.people.name")}</th>
            <th scope="col">{t("auth.roles")}</th>
            <th scope="col">{t("admin.units.state")}</th>
          </tr>
        </thead>
        <tbody>
          {d.people.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/admin/people/${p.id}`}>{p.login}</Link>
              </td>
              <td>{p.name}</td>
              <td>
                {p.roles.map((r) => (
                  <div key={`${r.unitId}-${r.role}`}>
                    {t(`role.${r.role}`)} — {r.unitName}
                  </div>
                ))}
                {p.otherRoles > 0 && (
                  <div className="muted">{t("admin.people.otherRoles", { n: p.otherRoles })}</div>
                )}
              </td>
              <td>
                {p.disabled
                  ? t("admin.people.disabled")
                  : p.lockedUntil
                    ? t("admin.people.locked", { time: formatDateTime(p.lockedUntil) })
                    : t("admin.units.active")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
