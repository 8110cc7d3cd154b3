/** /admin/units — the organisation tree the administrator manages, and adding a unit to it. */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "~/components/action-message";
import { UnitFields } from "~/components/unit-fields";
import { SECTORS, UNIT_KINDS } from "~/domain/units";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { createUnit, listTree } from "~/services/units.server";
import { formatDate, requestTranslator, translator, pageTitle } from "~/utils/i18n";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { done, failure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AdminHead, CreateDetails } from "~/components/admin-head";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "units.manage");
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().toLowerCase();
  const tree = await listTree(await appContext(), user);
  const match = (u: (typeof tree)[number]) =>
    !q || u.code.toLowerCase().includes(q) || u.name.toLowerCase().includes(q);
  return {
    q,
    units: tree.filter(match).map(({ path: _path, ...u }) => u),
    parents: tree
      .filter((u) => u.active)
      .map((u) => ({ id: u.id, label: `${"— ".repeat(u.depth)}${u.name} (${u.code})` })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "units.manage");
  const form = Object.fromEntries(await request.formData());
  const t = requestTranslator(request);
  try {
    const unit = await createUnit(
      await appContext(),
      { ...form, activeFrom: form.activeFrom || undefined },
      user,
    );
    return done(t("unit.done.created", { name: unit.name, code: unit.code }));
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "admin.units.title") },
];

export default function Units() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  return (
    <>
      <AdminHead t={t} title={t("admin.units.title")} intro={t("admin.units.intro")} />
      <p>
        <Link className="button" to="/admin/units/import">
          {t("admin.units.import")}
        </Link>{" "}
        <a href="/admin/units.csv" download>
          {t("admin.units.export")}
        </a>
      </p>
      <ActionMessage result={result} />
      <CreateDetails summary={t("admin.units.create")} failed={result ? !result.ok : false}>
        {/* A new key after each unit created: the form starts empty again. */}
        <Form method="post" className="stack" key={result?.ok ? result.message : "create"}>
          <label>
            {t("admin.units.parent")}
            <select name="parentId" required>
              {d.parents.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <UnitFields t={t} />
          <label>
            {t("admin.units.activeFrom")}
            <input name="activeFrom" type="date" />
          </label>
          <button type="submit" className="button" disabled={busy}>
            {t("admin.units.create")}
          </button>
        </Form>
      </CreateDetails>
      <Form method="get" className="scope-form">
        <label>
          {t("admin.search")} <input name="q" type="search" defaultValue={d.q} />
        </label>{" "}
        <button type="submit" className="button">
          {t("results.show")}
        </button>
      </Form>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("admin.units.name")}</th>
            <th scope="col">{t("admin.units.code")}</th>
            <th scope="col">{t("admin.units.kind")}</th>
            <th scope="col">{t("catalog.sector")}</th>
            <th scope="col">{t("admin.units.state")}</th>
          </tr>
        </thead>
        <tbody>
          {d.units.map((u) => (
            <tr key={u.id} className={u.active ? undefined : "muted"}>
              <td style={{ paddingLeft: `${0.6 + u.depth * 1.25}rem` }}>
                <Link to={`/admin/units/${u.id}`}>{u.name}</Link>
              </td>
              <td>{u.code}</td>
              <td>{t(`unit.kind.${u.kind as (typeof UNIT_KINDS)[number]}`)}</td>
              <td>{t(`sector.${u.sector as (typeof SECTORS)[number]}`)}</td>
              <td>
                {u.active
                  ? t("admin.units.active")
                  : u.activeTo
                    ? t("admin.units.endedOn", { date: formatDate(`${u.activeTo}T12:00:00+07:00`) })
                    : t("admin.units.notYet")}
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
