/**
 * /manage/links — access links per campaign × unit (a counter is a unit), each with its QR
 * code (SVG, PNG), an A4/A5 poster and a sheet of slips; and batches of single-use
 * invitation codes. Needs campaigns.manage; shows only the user's subtrees.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AudienceSelect, audienceField } from "~/components/audience-select";
import { ActionMessage } from "~/components/action-message";
import { CampaignSelect, UnitPathSelect } from "~/components/manage-fields";
import { ManageNav } from "~/components/manage-nav";
import { useLocale } from "~/root";
import {
  MAX_INVITATIONS,
  createAccessLink,
  createInvitationBatch,
  listInvitationBatches,
  listLinksOf,
  publicBaseUrl,
  revokeAccessLink,
  surveyUrl,
} from "~/services/links.server";
import { listTouchingCampaigns, reaches } from "~/services/manage.server";
import { ServiceError } from "~/services/service-error.server";
import { formatDate, requestTranslator, translator, pageTitle } from "~/utils/i18n";
import { channelLabel } from "~/utils/labels";
import { notFound } from "~/utils/guards.server";
import { findManagedUnit, managedUnitOptions, requireManager } from "~/utils/manage-page.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, paths } = await requireManager(request);
  const campaigns = await listTouchingCampaigns(ctx, paths);
  const base = publicBaseUrl(request);
  const links = await listLinksOf(
    ctx,
    campaigns.map((c) => c.id),
  );
  const { options: units } = await managedUnitOptions(ctx, paths);
  const batches = await listInvitationBatches(ctx, paths);
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
    units,
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

const text = z.string().default("");
/** The page's three forms; a missing field is empty, and the services check the values. */
const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create-link"),
    campaignId: text,
    unitId: text,
    channel: text,
    label: text,
    audience: text,
  }),
  z.object({ intent: z.literal("revoke-link"), token: text }),
  z.object({
    intent: z.literal("create-batch"),
    campaignId: text,
    unitId: text,
    count: z.string().default("0"),
    label: text,
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user, ctx, paths } = await requireManager(request);
  const parsed = Intent.safeParse(Object.fromEntries(await request.formData()));
  const t = requestTranslator(request);
  if (!parsed.success)
    return data<ActionResult>({ ok: false, message: t("form.badRequest") }, { status: 400 });
  const f = parsed.data;
  try {
    if (f.intent === "create-link") {
      await createAccessLink(
        ctx,
        {
          campaignId: f.campaignId,
          unitId: f.unitId,
          channel: f.channel === "link" ? "link" : "qr",
          label: f.label,
          audience: audienceField(f.audience),
        },
        user,
      );
      return data<ActionResult>({ ok: true, message: t("manage.links.created") });
    }
    if (f.intent === "revoke-link") {
      await revokeAccessLink(ctx, f.token, user);
      return data<ActionResult>({ ok: true, message: t("manage.links.revoke") });
    }
    const unit = await findManagedUnit(ctx, paths, f.unitId);
    const count = Number(f.count);
    await createInvitationBatch(
      ctx,
      { campaignId: f.campaignId, unitId: unit.id, count, label: f.label },
      user.id,
    );
    return data<ActionResult>({
      ok: true,
      message: t("manage.invitations.created", { n: count }),
    });
  } catch (e) {
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
  const campaignSelect = <CampaignSelect campaigns={d.campaigns} label={t("manage.campaign")} />;
  const unitSelect = <UnitPathSelect units={d.units} label={t("manage.kiosks.unit")} />;
  return (
    <>
      <ManageNav locale={locale} />
      <h1>{t("manage.links.title")}</h1>
      <p>{t("manage.links.intro")}</p>
      <ActionMessage result={result} />
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
