/**
 * /manage/links — access links per campaign × unit (a counter is a unit), each with its QR
 * code (SVG, PNG), an A4/A5 poster and a sheet of slips; and batches of single-use
 * invitation codes. Needs campaigns.manage; shows only the user's subtrees.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AudienceSelect, audienceField } from "~/components/audience-select";
import { ManageNav } from "~/components/manage-nav";
import { PATH_SEPARATOR, unitPathNames } from "~/domain/units";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { findUnit, listUnitsUnder } from "~/services/unit-lookup.server";
import {
  LinkInputError,
  MAX_INVITATIONS,
  createAccessLink,
  createInvitationBatch,
  listInvitationBatches,
  listLinksOf,
  publicBaseUrl,
  revokeAccessLink,
  surveyUrl,
} from "~/services/links.server";
import { listTouchingCampaigns, managedPaths, reaches } from "~/services/manage.server";
import { ServiceError } from "~/services/service-error.server";
import { formatDate, requestTranslator, translator, pageTitle } from "~/utils/i18n";
import { channelLabel } from "~/utils/labels";
import { assertCanAnywhere, notFound, requireUser } from "~/utils/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const ctx = await appContext();
  const paths = managedPaths(user, "campaigns.manage");
  const campaigns = await listTouchingCampaigns(ctx, paths);
  const base = publicBaseUrl(request);
  const links = await listLinksOf(
    ctx,
    campaigns.map((c) => c.id),
  );
  const units = await listUnitsUnder(ctx, paths);
  const batches = await listInvitationBatches(ctx, paths);
  const unitPaths = unitPathNames(units);
  return {
    campaigns: campaigns.map((c) => ({
      id: c.id,
      title: c.title,
      links: links
        .filter((l) => l.campaign_id === c.id && reaches(paths, l.unit_path))
        .map((l) => ({
          token: l.token,
          channel: l.channel,
          label: l.label,
          audience: l.audience,
          revoked: l.revoked_at !== null,
          unitName: l.unit_name,
          url: surveyUrl(base, l.token),
        })),
    })),
    // Each unit with its path: two counters of the same name are told apart.
    units: units.map((u) => ({ id: u.id, label: unitPaths.get(u.id)!.join(PATH_SEPARATOR) })),
    maxInvitations: MAX_INVITATIONS,
    batches: batches.map((b) => ({
      id: b.id,
      label: b.label,
      size: b.size,
      used: Number(b.used ?? 0),
      createdAt: b.created_at,
      unitName: b.unit_name,
      campaignTitle: b.campaign_title,
    })),
  };
}

type ActionResult = { ok: boolean; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const ctx = await appContext();
  const paths = managedPaths(user, "campaigns.manage");
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const t = requestTranslator(request);
  const managedUnit = async () => {
    const unit = await findUnit(ctx, String(form.get("unitId") ?? ""));
    if (!unit || !reaches(paths, unit.path)) throw notFound();
    return unit;
  };
  try {
    if (intent === "create-link") {
      const channel = form.get("channel") === "link" ? "link" : "qr";
      await createAccessLink(
        ctx,
        {
          campaignId: String(form.get("campaignId") ?? ""),
          unitId: String(form.get("unitId") ?? ""),
          channel,
          label: String(form.get("label") ?? ""),
          audience: audienceField(form.get("audience")),
        },
        user,
      );
      return data<ActionResult>({ ok: true, message: t("manage.links.created") });
    }
    if (intent === "revoke-link") {
      await revokeAccessLink(ctx, String(form.get("token") ?? ""), user);
      return data<ActionResult>({ ok: true, message: t("manage.links.revoke") });
    }
    if (intent === "create-batch") {
      const unit = await managedUnit();
      const count = Number(form.get("count") ?? 0);
      await createInvitationBatch(
        ctx,
        {
          campaignId: String(form.get("campaignId") ?? ""),
          unitId: unit.id,
          count,
          label: String(form.get("label") ?? ""),
        },
        user.id,
      );
      return data<ActionResult>({
        ok: true,
        message: t("manage.invitations.created", { n: count }),
      });
    }
    return data<ActionResult>({ ok: false, message: t("form.badRequest") }, { status: 400 });
  } catch (e) {
    if (e instanceof LinkInputError)
      return data<ActionResult>({ ok: false, message: e.in(t) }, { status: 400 });
    if (e instanceof ServiceError) {
      // A unit or link outside the user's subtrees: not found, as if it did not exist.
      if (e.status === 403 || e.status === 404) throw notFound();
      return data<ActionResult>({ ok: false, message: e.in(t) }, { status: e.status });
    }
    throw e;
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "manage.links.title") },
];

export default function ManageLinks() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const locale = useLocale();
  const t = translator(locale);
  const campaignSelect = (
    <label>
      {t("manage.campaign")}
      <select name="campaignId" required>
        {d.campaigns.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
    </label>
  );
  const unitSelect = (
    <label>
      {t("manage.kiosks.unit")}
      <select name="unitId" required>
        {d.units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      <ManageNav locale={locale} />
      <h1>{t("manage.links.title")}</h1>
      <p>{t("manage.links.intro")}</p>
      {result && (
        <p className={result.ok ? "note" : "error"} role={result.ok ? "status" : "alert"}>
          {result.message}
        </p>
      )}
      {d.campaigns.map((c) => (
        <section className="card" key={c.id} aria-labelledby={`c-${c.id}`}>
          <h2 id={`c-${c.id}`}>{c.title}</h2>
          {c.links.length === 0 ? (
            <p>{t("manage.links.none")}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("manage.unit")}</th>
                  <th scope="col">{t("manage.channel")}</th>
                  <th scope="col">{t("manage.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {c.links.map((l) => (
                  <tr key={l.token}>
                    <td>
                      {l.unitName}
                      {l.label && (
                        <div className="link-note" data-testid="link-note">
                          {t("manage.links.note", { note: l.label })}
                        </div>
                      )}
                      <div>
                        <small className="muted">{l.url}</small>
                      </div>
                    </td>
                    <td>
                      {channelLabel(locale, l.channel)}
                      {l.audience === "surveyor" && <> ({t("manage.audience.surveyorShort")})</>}
                      {l.revoked && <em> — {t("manage.links.revoked")}</em>}
                    </td>
                    <td>
                      {!l.revoked && (
                        <>
                          <Link to={`/qr/${l.token}/poster`}>{t("manage.links.poster")}</Link> ·{" "}
                          <Link to={`/qr/${l.token}/poster?size=a5`}>
                            {t("manage.links.posterA5")}
                          </Link>{" "}
                          · <Link to={`/qr/${l.token}/slips`}>{t("manage.links.slips")}</Link> ·{" "}
                          <a href={`/qr/${l.token}?format=svg`} download>
                            {t("manage.links.svg")}
                          </a>{" "}
                          ·{" "}
                          <a href={`/qr/${l.token}?format=png`} download>
                            {t("manage.links.png")}
                          </a>
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="token" value={l.token} />
                            <button
                              className="linklike"
                              name="intent"
                              value="revoke-link"
                              disabled={busy}
                            >
                              {t("manage.links.revoke")}
                            </button>
                          </Form>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}

      <h2>{t("manage.links.create")}</h2>
      <Form method="post" className="stack narrow card">
        <input type="hidden" name="intent" value="create-link" />
        {campaignSelect}
        {unitSelect}
        <label>
          {t("manage.links.channel")}
          <select name="channel">
            <option value="qr">{t("manage.links.channel.qr")}</option>
            <option value="link">{t("manage.links.channel.link")}</option>
          </select>
        </label>
        <AudienceSelect locale={locale} />
        <label>
          {t("manage.links.label")}
          <input name="label" maxLength={100} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t("manage.links.create")}
        </button>
      </Form>

      <h2>{t("manage.invitations.title")}</h2>
      <p className="muted">{t("manage.invitations.intro")}</p>
      {d.batches.length === 0 ? (
        <p>{t("manage.invitations.none")}</p>
      ) : (
        <table data-testid="batches">
          <thead>
            <tr>
              <th scope="col">{t("manage.links.label")}</th>
              <th scope="col">{t("manage.unit")}</th>
              <th scope="col">{t("manage.campaign")}</th>
              <th scope="col" className="num">
                {t("manage.invitations.used")}
              </th>
              <th scope="col">{t("manage.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {d.batches.map((b) => (
              <tr key={b.id}>
                <td>
                  {b.label} <small className="muted">({formatDate(b.createdAt)})</small>
                </td>
                <td>{b.unitName}</td>
                <td>{b.campaignTitle}</td>
                <td className="num">
                  {b.used} / {b.size}
                </td>
                <td>
                  <Link to={`/qr/invitations/${b.id}`}>{t("manage.invitations.print")}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form method="post" className="stack narrow card">
        <input type="hidden" name="intent" value="create-batch" />
        {campaignSelect}
        {unitSelect}
        <label>
          {t("manage.invitations.count")}
          <input
            name="count"
            type="number"
            min={1}
            max={d.maxInvitations}
            defaultValue={20}
            required
          />
        </label>
        <label>
          {t("manage.links.label")}
          <input name="label" maxLength={100} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t("manage.invitations.create")}
        </button>
      </Form>
    </>
  );
}
