/**
 * /manage/campaigns/:campaignId — run a campaign: open and close it (whole scope only), and
 * make or revoke access links for the manager's units in its scope. Closing cannot be undone:
 * it sits apart, in red, and needs its confirmation box ticked (checked by the server too).
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "~/components/action-message";
import { type Channel } from "~/domain/campaign-input";
import { PATH_SEPARATOR, unitPathNames } from "~/domain/units";
import { useLocale } from "~/root";
import { getManagedCampaign, setCampaignStatus } from "~/services/campaigns.server";
import { appContext } from "~/services/context.server";
import { createAccessLink, revokeAccessLink } from "~/services/links.server";
import { ServiceError } from "~/services/service-error.server";
import { listTree } from "~/services/units.server";
import {
  formatDate,
  formatDateTime,
  formatPercent,
  requestTranslator,
  translator,
} from "~/utils/i18n";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { done, failure, loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { z } from "zod";
import { parseIntent } from "~/utils/intent.server";
import { UnitPathSelect } from "~/components/manage-fields";

function baseUrl(request: Request) {
  return process.env.PUBLIC_URL?.replace(/\/+$/, "") || new URL(request.url).origin;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const ctx = await appContext();
  const m = await getManagedCampaign(ctx, params.campaignId ?? "", user).catch(loaderFailure);
  const tree = await listTree(ctx, user, "campaigns.manage");
  const c = m.campaign;
  const base = baseUrl(request);
  const paths = unitPathNames(tree);
  return {
    campaign: {
      id: c.id,
      title: c.title,
      status: c.status,
      opensAt: c.opens_at,
      closesAt: c.closes_at,
      targetPct: c.target_pct,
      targetMetric: c.target_metric === "index" ? ("index" as const) : ("rate" as const),
      targetResponses: c.target_responses,
      minN: c.min_n,
      anonymous: c.anonymous === 1,
      channels: JSON.parse(c.channels) as Channel[],
      questionnaire: `${c.questionnaire_title} (${c.slug} v${c.version})`,
    },
    whole: m.whole,
    scope: m.scope,
    links: m.links.map((l) => ({
      token: l.token,
      url: `${base}/s/${l.token}`,
      channel: l.channel,
      label: l.label,
      unitName: l.unit_name,
      createdAt: l.created_at,
      revoked: l.revoked_at !== null,
    })),
    // Units of the manager inside the campaign's scope, for new links, each with its path.
    linkUnits: tree
      .filter((u) => u.active && m.scopePaths.some((p) => u.path.startsWith(p)))
      .map((u) => ({
        id: u.id,
        label: `${paths.get(u.id)!.join(PATH_SEPARATOR)} (${u.code})`,
      })),
  };
}

const Intent = z.object({ intent: z.enum(["open", "close", "link", "revoke"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const ctx = await appContext();
  const id = params.campaignId ?? "";
  const form = await request.formData();
  const text = (k: string) => String(form.get(k) ?? "");
  const t = requestTranslator(request);
  try {
    switch (parseIntent(form, Intent).intent) {
      case "open":
        await setCampaignStatus(ctx, id, "open", user);
        return done(t("campaign.done.opened"));
      case "close":
        // Irreversible: only with the confirmation box ticked (a form without it is refused).
        if (text("confirm") !== "yes") throw new ServiceError(400, "campaign.error.confirmClose");
        await setCampaignStatus(ctx, id, "closed", user);
        return done(t("campaign.done.closed"));
      case "link": {
        const link = await createAccessLink(
          ctx,
          {
            campaignId: id,
            unitId: text("unitId"),
            channel: text("channel"),
            label: text("label"),
          },
          user,
        );
        return done(t("campaign.done.link"), `${baseUrl(request)}/s/${link.token}`);
      }
      case "revoke":
        await revokeAccessLink(ctx, text("token"), user);
        return done(t("campaign.done.linkRevoked"));
    }
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.campaign.title} — Hài Lòng` : "Hài Lòng" },
];

export default function ManageCampaign() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const locale = useLocale();
  const t = translator(locale);
  const c = d.campaign;
  return (
    <>
      <p className="muted">
        <Link to="/admin">{t("admin.title")}</Link> ›{" "}
        <Link to="/manage/campaigns">{t("admin.campaigns.title")}</Link>
      </p>
      <h1>{c.title}</h1>
      <p>
        <span className={`badge ${c.status}`} data-testid="campaign-status">
          {t(`campaign.status.${c.status}`)}
        </span>{" "}
        {formatDate(c.opensAt)} – {formatDate(new Date(new Date(c.closesAt).getTime() - 1))}
      </p>
      <dl className="card">
        <dt>{t("results.questionnaire")}</dt>
        <dd>{c.questionnaire}</dd>
        <dt>{t("admin.campaigns.scopeShort")}</dt>
        <dd>{d.scope.map((s) => s.name).join(", ")}</dd>
        <dt>{t("admin.campaigns.channels")}</dt>
        <dd>{c.channels.map((ch) => t(`admin.channel.${ch}`)).join(", ")}</dd>
        <dt>{t("admin.campaigns.targets")}</dt>
        <dd>
          {c.targetPct !== null
            ? `${t(`target.metric.${c.targetMetric}`)} ${formatPercent(c.targetPct / 100, locale, 0)}`
            : "—"}
          {c.targetResponses !== null
            ? ` · ${t("admin.campaigns.targetResponsesShort", { n: c.targetResponses })}`
            : ""}{" "}
          · {t("admin.campaigns.minNShort", { n: c.minN })}
        </dd>
        <dt>{t("admin.campaigns.anonymity")}</dt>
        <dd>
          {c.anonymous ? t("admin.campaigns.anonymousYes") : t("admin.campaigns.anonymousNo")}
        </dd>
      </dl>
      <ActionMessage result={result} secretLabel={t("admin.campaigns.link")} />
      <p>
        <Link to={`/results/${c.id}`}>{t("home.results")}</Link>
      </p>
      {!d.whole ? (
        <p className="muted">{t("admin.campaigns.partial")}</p>
      ) : c.status === "closed" ? (
        <p className="muted">{t("admin.campaigns.frozen")}</p>
      ) : (
        c.status === "draft" && (
          // A <div>, not a <p>: a form inside a paragraph is invalid HTML and breaks hydration.
          <div className="actions">
            <Form method="post">
              <input type="hidden" name="intent" value="open" />
              <button type="submit" className="button" disabled={busy}>
                {t("admin.campaigns.open")}
              </button>
            </Form>
          </div>
        )
      )}

      <h2>{t("home.links")}</h2>
      {d.links.length === 0 ? (
        <p>{t("admin.campaigns.noLinks")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.people.unit")}</th>
              <th scope="col">{t("admin.campaigns.channel")}</th>
              <th scope="col">{t("admin.campaigns.link")}</th>
              <th scope="col">{t("admin.units.state")}</th>
            </tr>
          </thead>
          <tbody>
            {d.links.map((l) => (
              <tr key={l.token}>
                <td>
                  {l.unitName}
                  {l.label && <div className="muted">{l.label}</div>}
                </td>
                <td>{t(`admin.channel.${l.channel as Channel}`)}</td>
                <td>
                  <a href={l.url} data-testid="access-link">
                    {l.url}
                  </a>
                  <div className="muted">{formatDateTime(l.createdAt)}</div>
                </td>
                <td>
                  {l.revoked ? (
                    t("admin.campaigns.revoked")
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="token" value={l.token} />
                      <button type="submit" className="linklike" disabled={busy}>
                        {t("admin.campaigns.revoke")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c.status !== "closed" && d.linkUnits.length > 0 && (
        <>
          <h3>{t("admin.campaigns.newLink")}</h3>
          <Form
            method="post"
            className="stack narrow"
            key={result?.ok ? (result.secret ?? result.message) : "link"}
          >
            <input type="hidden" name="intent" value="link" />
            <UnitPathSelect units={d.linkUnits} label={t("admin.people.unit")} />
            <label>
              {t("admin.campaigns.channel")}
              <select name="channel">
                {c.channels.map((ch) => (
                  <option key={ch} value={ch}>
                    {t(`admin.channel.${ch}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("admin.campaigns.label")}
              <input name="label" maxLength={200} />
            </label>
            <button type="submit" className="button" disabled={busy}>
              {t("admin.campaigns.createLink")}
            </button>
          </Form>
        </>
      )}

      {d.whole && c.status !== "closed" && (
        <section className="danger-zone" aria-labelledby="close-title">
          <h2 id="close-title">{t("admin.campaigns.close")}</h2>
          <p>{t("campaign.close.warning")}</p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="close" />
            <label className="check">
              <input type="checkbox" name="confirm" value="yes" required />
              {t("campaign.close.confirm")}
            </label>
            <div>
              <button type="submit" className="button danger" disabled={busy}>
                {t("campaign.close.submit")}
              </button>
            </div>
          </Form>
        </section>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
