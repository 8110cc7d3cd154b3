/**
 * /admin/units/:unitId — one unit: edit, move (with its subtree), end or resume its activity,
 * merge other units into it (2025 reorganisation), and its history and lineage.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "~/components/action-message";
import { AuditChanges, auditLabel } from "~/components/audit-value";
import { readableAudit } from "~/services/audit-view.server";
import { UnitFields } from "~/components/unit-fields";
import { isActiveOn, vietnamDate, type UnitKind } from "~/domain/units";
import type { Sector } from "~/domain/questionnaire";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import {
  deactivateUnit,
  getUnitDetail,
  listTree,
  moveUnit,
  reactivateUnit,
  updateUnit,
} from "~/services/units.server";
import { mergeUnits } from "~/services/unit-merges.server";
import {
  formatDate,
  formatDateTime,
  formatNumber,
  localeFromRequest,
  requestTranslator,
  translator,
} from "~/utils/i18n";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { done, failure, loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { z } from "zod";
import { parseIntent } from "~/utils/intent.server";
import { AdminHead } from "~/components/admin-head";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "units.manage");
  const ctx = await appContext();
  const detail = await getUnitDetail(ctx, params.unitId ?? "", user).catch(loaderFailure);
  const tree = await listTree(ctx, user);
  const { unit } = detail;
  const label = (u: (typeof tree)[number]) => `${"— ".repeat(u.depth)}${u.name} (${u.code})`;
  return {
    unit: {
      id: unit.id,
      code: unit.code,
      name: unit.name,
      kind: unit.kind as UnitKind,
      sector: unit.sector as Sector,
      activeFrom: unit.active_from,
      activeTo: unit.active_to,
      active: isActiveOn(unit, vietnamDate(new Date())),
      parentId: unit.parent_id,
    },
    parent: detail.parent ?? null,
    predecessors: detail.predecessors,
    successors: detail.successors,
    responses: detail.responses,
    history: await readableAudit(ctx, detail.history, localeFromRequest(request)),
    // A unit cannot move into itself or below itself.
    parents: tree
      .filter((u) => u.active && u.id !== unit.id && !isBelow(tree, u.id, unit.id))
      .map((u) => ({ id: u.id, label: label(u) })),
    mergeable: tree
      .filter(
        (u) => u.id !== unit.id && !isBelow(tree, u.id, unit.id) && !isBelow(tree, unit.id, u.id),
      )
      .map((u) => ({ id: u.id, label: label(u), active: u.active })),
    today: vietnamDate(new Date()),
  };
}

/** Is `id` in the subtree of `ancestorId` (by walking the parents)? */
function isBelow(
  tree: Array<{ id: string; parentId: string | null }>,
  id: string,
  ancestorId: string,
) {
  const parent = new Map(tree.map((u) => [u.id, u.parentId]));
  for (let cur = parent.get(id) ?? null; cur; cur = parent.get(cur) ?? null) {
    if (cur === ancestorId) return true;
  }
  return false;
}

const Intent = z.object({
  intent: z.enum(["update", "move", "deactivate", "reactivate", "merge"]),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "units.manage");
  const ctx = await appContext();
  const id = params.unitId ?? "";
  const form = await request.formData();
  const field = (k: string) => String(form.get(k) ?? "");
  const t = requestTranslator(request);
  try {
    switch (parseIntent(form, Intent).intent) {
      case "update":
        await updateUnit(ctx, id, Object.fromEntries(form), user);
        return done(t("unit.done.saved"));
      case "move":
        await moveUnit(ctx, id, field("parentId"), user);
        return done(t("unit.done.moved"));
      case "deactivate": {
        const r = await deactivateUnit(ctx, id, { firstInactiveDay: field("from") }, user);
        return done(t("unit.done.deactivated", { units: r.units, links: r.revokedLinks }));
      }
      case "reactivate":
        await reactivateUnit(ctx, id, user);
        return done(t("unit.done.reactivated"));
      case "merge":
        await mergeUnits(
          ctx,
          {
            predecessorIds: form.getAll("predecessorId").map(String),
            successorId: id,
            effectiveFrom: field("effectiveFrom"),
          },
          user,
        );
        return done(t("unit.done.merged"));
    }
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.unit.name} — Hài Lòng` : "Hài Lòng" },
];

export default function UnitPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  const u = d.unit;
  const day = (iso: string | null) => (iso ? formatDate(`${iso}T12:00:00+07:00`) : "…");
  return (
    <>
      <AdminHead
        t={t}
        title={u.name}
        trail={[{ to: "/admin/units", label: t("admin.units.title") }]}
      />
      <dl className="card">
        <dt>{t("admin.units.code")}</dt>
        <dd>{u.code}</dd>
        <dt>{t("admin.units.kind")}</dt>
        <dd>
          {t(`unit.kind.${u.kind}`)} · {t(`sector.${u.sector}`)}
        </dd>
        <dt>{t("admin.units.parent")}</dt>
        <dd>{d.parent ? <Link to={`/admin/units/${d.parent.id}`}>{d.parent.name}</Link> : "—"}</dd>
        <dt>{t("admin.units.period")}</dt>
        <dd>
          {day(u.activeFrom)} – {u.activeTo ? day(u.activeTo) : t("admin.units.now")}{" "}
          <span className={`badge ${u.active ? "open" : "closed"}`}>
            {u.active ? t("admin.units.active") : t("admin.units.inactive")}
          </span>
        </dd>
        <dt>{t("admin.units.responses")}</dt>
        <dd data-testid="unit-responses">{formatNumber(d.responses)}</dd>
      </dl>
      <ActionMessage result={result} />

      {(d.predecessors.length > 0 || d.successors.length > 0) && (
        <section>
          <h2>{t("admin.units.lineage")}</h2>
          {d.predecessors.length > 0 && (
            <>
              <p>{t("admin.units.predecessors")}</p>
              <ul>
                {d.predecessors.map((p) => (
                  <li key={p.id}>
                    {p.manageable ? <Link to={`/admin/units/${p.id}`}>{p.name}</Link> : p.name} (
                    {p.code}) — {t("admin.units.since", { date: day(p.effectiveFrom) })}
                  </li>
                ))}
              </ul>
            </>
          )}
          {d.successors.length > 0 && (
            <>
              <p>{t("admin.units.successors")}</p>
              <ul>
                {d.successors.map((p) => (
                  <li key={p.id}>
                    {p.manageable ? <Link to={`/admin/units/${p.id}`}>{p.name}</Link> : p.name} (
                    {p.code}) — {t("admin.units.since", { date: day(p.effectiveFrom) })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      <h2>{t("admin.units.edit")}</h2>
      <Form method="post" className="stack narrow">
        <input type="hidden" name="intent" value="update" />
        <UnitFields t={t} values={u} />
        <button type="submit" className="button" disabled={busy}>
          {t("admin.save")}
        </button>
      </Form>

      {d.parent && (
        <>
          <h2>{t("admin.units.move")}</h2>
          <p className="muted">{t("admin.units.moveNote")}</p>
          <Form method="post" className="stack narrow">
            <input type="hidden" name="intent" value="move" />
            <label>
              {t("admin.units.newParent")}
              <select name="parentId" defaultValue={u.parentId ?? undefined}>
                {d.parents.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="button" disabled={busy}>
              {t("admin.units.move")}
            </button>
          </Form>
        </>
      )}

      <h2>{t("admin.units.merge")}</h2>
      <p className="muted">{t("admin.units.mergeNote")}</p>
      <Form method="post" className="stack narrow">
        <input type="hidden" name="intent" value="merge" />
        <label>
          {t("admin.units.mergeFrom")}
          <select name="predecessorId" multiple size={8} required>
            {d.mergeable.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
                {p.active ? "" : ` — ${t("admin.units.inactive")}`}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("admin.units.effectiveFrom")}
          <input name="effectiveFrom" type="date" required defaultValue={d.today} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t("admin.units.merge")}
        </button>
      </Form>

      <h2>{u.activeTo ? t("admin.units.reactivate") : t("admin.units.deactivate")}</h2>
      {u.activeTo ? (
        <Form method="post">
          <input type="hidden" name="intent" value="reactivate" />
          <button type="submit" className="button" disabled={busy}>
            {t("admin.units.reactivate")}
          </button>
        </Form>
      ) : (
        <Form method="post" className="stack narrow">
          <p className="muted">{t("admin.units.deactivateNote")}</p>
          <input type="hidden" name="intent" value="deactivate" />
          <label>
            {t("admin.units.firstInactiveDay")}
            <input name="from" type="date" required defaultValue={d.today} />
          </label>
          <button type="submit" className="button" disabled={busy}>
            {t("admin.units.deactivate")}
          </button>
        </Form>
      )}

      <h2>{t("admin.units.history")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("admin.audit.at")}</th>
            <th scope="col">{t("admin.audit.who")}</th>
            <th scope="col">{t("admin.audit.action")}</th>
            <th scope="col">{t("audit.changes")}</th>
          </tr>
        </thead>
        <tbody>
          {d.history.map((h) => (
            <tr key={h.id}>
              <td>{formatDateTime(h.at)}</td>
              <td>{h.login ?? "—"}</td>
              <td>{auditLabel(t, "action", h.action)}</td>
              <td>
                <AuditChanges changes={h.changes} t={t} />
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
