/**
 * /manage/independent — the independent channel: QR codes a higher unit (the Department of
 * Health) makes for a unit below it (a hospital) in a campaign, and revokes. Only managers of
 * the owning unit see and change them; the results, dashboard and reports put them beside the
 * unit's own survey.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "~/components/action-message";
import { ManageNav } from "~/components/manage-nav";
import { UnitSelect } from "~/components/unit-select";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import {
  createIndependentLink,
  listOwnedIndependentLinks,
  revokeIndependentLink,
} from "~/services/independent-channel.server";
import { publicBaseUrl, surveyUrl } from "~/services/links.server";
import { listTouchingCampaigns, managedPaths } from "~/services/manage.server";
import { ServiceError } from "~/services/service-error.server";
import { listTree } from "~/services/units.server";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { formatDate, pageTitle, requestTranslator, translator } from "~/utils/i18n";
import { done, failure } from "~/utils/outcome.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const ctx = await appContext();
  const [campaigns, tree] = await Promise.all([
    listTouchingCampaigns(ctx, managedPaths(user, "campaigns.manage")),
    listTree(ctx, user, "campaigns.manage"),
  ]);
  const links = await listOwnedIndependentLinks(
    ctx,
    user,
    campaigns.map((c) => c.id),
  );
  const base = publicBaseUrl(request);
  const active = tree.filter((u) => u.active);
  const parents = new Set(active.map((u) => u.parentId));
  return {
    campaigns: campaigns.map((c) => ({
      id: c.id,
      title: c.title,
      links: links
        .filter((l) => l.campaign_id === c.id)
        .map((l) => ({
          token: l.token,
          label: l.label,
          unitName: l.unit_name,
          ownerName: l.owner_name,
          createdAt: l.created_at,
          revoked: l.revoked_at !== null,
          url: surveyUrl(base, l.token),
        })),
    })),
    // A unit with units below it can own a code; any unit below an owner can carry one.
    owners: active
      .filter((u) => parents.has(u.id))
      .map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
    units: active.map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
  };
}

const intentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    campaignId: z.string().min(1).max(64),
    unitId: z.string().min(1).max(64),
    ownerUnitId: z.string().min(1).max(64),
    label: z.string().max(200).optional(),
  }),
  z.object({ intent: z.literal("revoke"), token: z.string().min(8).max(64) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const t = requestTranslator(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = intentSchema.safeParse(form);
  if (!parsed.success) return failure(new ServiceError(400, "form.invalid"), t);
  const ctx = await appContext();
  try {
    const i = parsed.data;
    if (i.intent === "create") {
      await createIndependentLink(ctx, i, user);
      return done(t("channel.created"));
    }
    await revokeIndependentLink(ctx, i.token, user);
    return done(t("channel.revoked"));
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "channel.title") }];

export default function IndependentChannel() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const locale = useLocale();
  const t = translator(locale);
  return (
    <>
      <ManageNav locale={locale} />
      <h1>{t("channel.title")}</h1>
      <p>{t("channel.intro")}</p>
      <ActionMessage result={result} />
      <h2>{t("channel.create")}</h2>
      {d.campaigns.length === 0 ? (
        <p>{t("channel.noCampaign")}</p>
      ) : d.owners.length === 0 ? (
        <p>{t("channel.noOwner")}</p>
      ) : (
        <Form method="post" className="stack narrow">
          <input type="hidden" name="intent" value="create" />
          <label>
            {t("channel.campaign")}
            <select name="campaignId" required>
              {d.campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
          <UnitSelect units={d.owners} label={t("channel.owner")} name="ownerUnitId" />
          <UnitSelect units={d.units} label={t("channel.unit")} name="unitId" />
          <label>
            {t("channel.label")}
            <input name="label" maxLength={200} />
          </label>
          <button type="submit" className="button" disabled={busy}>
            {t("channel.submit")}
          </button>
        </Form>
      )}
      <h2>{t("channel.links")}</h2>
      {d.campaigns.every((c) => c.links.length === 0) ? (
        <p>{t("channel.none")}</p>
      ) : (
        d.campaigns
          .filter((c) => c.links.length > 0)
          .map((c) => (
            <section key={c.id} className="card" aria-labelledby={`ic-${c.id}`}>
              <h3 id={`ic-${c.id}`}>{c.title}</h3>
              <table data-testid="independent-links">
                <thead>
                  <tr>
                    <th scope="col">{t("channel.unit")}</th>
                    <th scope="col">{t("channel.owner")}</th>
                    <th scope="col">{t("channel.col.link")}</th>
                    <th scope="col">{t("channel.col.createdAt")}</th>
                    <th scope="col">{t("manage.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.links.map((l) => (
                    <tr key={l.token}>
                      <td>
                        {l.unitName}
                        {l.label ? ` — ${l.label}` : ""}
                      </td>
                      <td>{l.ownerName}</td>
                      <td>{l.revoked ? t("channel.revokedState") : <code>{l.url}</code>}</td>
                      <td>{formatDate(l.createdAt)}</td>
                      <td>
                        {!l.revoked && (
                          <>
                            <Link to={`/qr/${l.token}/poster`}>{t("channel.poster")}</Link>{" "}
                            <Form method="post" className="inline">
                              <input type="hidden" name="intent" value="revoke" />
                              <input type="hidden" name="token" value={l.token} />
                              <button type="submit" className="button secondary" disabled={busy}>
                                {t("channel.revoke")}
                              </button>
                            </Form>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))
      )}
    </>
  );
}
