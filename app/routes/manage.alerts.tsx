/**
 * /manage/alerts — alert rules over the manager's subtrees (add, pause, resume, delete) and
 * the alerts they recorded, each in a sentence, with whether its mail went, and a button that
 * opens a follow-up case from it (a link to the case once there is one).
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "~/components/action-message";
import { MailNote } from "~/components/mail-note";
import { ManageNav } from "~/components/manage-nav";
import { PauseDelete } from "~/components/pause-delete";
import { UnitSelect } from "~/components/unit-select";
import {
  ALERT_DELIVERIES,
  ALERT_KINDS,
  ALERT_WINDOWS,
  BURST_THRESHOLD_DEFAULT,
  type AlertSettings,
} from "~/domain/alerts";
import { useLocale } from "~/root";
import { caseIdsOfAlerts, openCaseFromAlert } from "~/services/alert-cases.server";
import { alertsPage, changeAlertRule, createAlertRule } from "~/services/alerts.server";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { appContext } from "~/services/context.server";
import { publicBaseUrl } from "~/services/links.server";
import { mailStatus } from "~/services/mail.server";
import { done, failure } from "~/utils/outcome.server";
import { listTree } from "~/services/units.server";
import { formatDate, requestTranslator, translator, pageTitle, type Translate } from "~/utils/i18n";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseIntent } from "~/utils/intent.server";
import { RadioGroup, RecipientsField } from "~/components/choice-fields";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const ctx = await appContext();
  const [page, tree] = await Promise.all([
    alertsPage(ctx, user),
    listTree(ctx, user, "campaigns.manage"),
  ]);
  const cases = await caseIdsOfAlerts(
    ctx,
    page.alerts.map((a) => a.id),
  );
  return {
    ...page,
    alerts: page.alerts.map((a) => ({ ...a, caseId: cases[a.id] ?? null })),
    units: tree.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
    mail: mailStatus(),
  };
}

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create") }),
  z.object({ intent: z.enum(["pause", "resume", "delete"]), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("open-case"), id: z.string().min(1).max(64) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "campaigns.manage");
  const t = requestTranslator(request);
  const form = await request.formData();
  const text = (k: string) => String(form.get(k) ?? "");
  const ctx = await appContext();
  try {
    const i = parseIntent(form, intentSchema);
    if (i.intent === "create") {
      await createAlertRule(
        ctx,
        user,
        {
          unitId: text("unitId"),
          kind: text("kind"),
          window: text("window"),
          threshold: text("threshold"),
          words: text("words"),
          delivery: text("delivery"),
          recipients: text("recipients"),
        },
        publicBaseUrl(request),
      );
      return done(t("alerts.created"));
    }
    if (i.intent === "open-case") {
      const c = await openCaseFromAlert(ctx, user, i.id);
      return redirect(`/manage/cases/${c.id}`);
    }
    await changeAlertRule(ctx, user, i.id, i.intent);
    return done(
      t(
        i.intent === "pause"
          ? "alerts.paused"
          : i.intent === "resume"
            ? "alerts.resumed"
            : "alerts.deleted",
      ),
    );
  } catch (e) {
    return failure(e, t);
  }
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "alerts.title") }];

function ruleText(s: AlertSettings, t: Translate): string {
  switch (s.kind) {
    case "below_target":
    case "drop":
      return t(`alerts.rule.${s.kind}`, { window: t(`alerts.window.${s.window}`) });
    case "burst":
      return t("alerts.rule.burst", { n: s.threshold });
    case "words":
      return t("alerts.rule.words", { words: s.words.map((w) => `«${w}»`).join(", ") });
  }
}

function mailText(a: { mail: string | null; delivery: string }, t: Translate): string {
  if (a.delivery === "digest") return t("alerts.log.mail.digest");
  if (a.mail === null) return t("alerts.log.mail.none");
  if (a.mail === "done") return t("alerts.log.mail.done");
  if (a.mail === "dead" || a.mail === "cancelled") return t("alerts.log.mail.failed");
  return t("alerts.log.mail.pending");
}

export default function Alerts() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const locale = useLocale();
  const t = translator(locale);
  return (
    <>
      <ManageNav locale={locale} />
      <h1>{t("alerts.title")}</h1>
      <p>{t("alerts.intro")}</p>
      <MailNote mail={d.mail} t={t} />
      <ActionMessage result={result} />
      <h2>{t("alerts.rules.title")}</h2>
      {d.rules.length === 0 ? (
        <p>{t("alerts.rules.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("alerts.col.unit")}</th>
              <th scope="col">{t("alerts.col.when")}</th>
              <th scope="col">{t("alerts.col.delivery")}</th>
              <th scope="col">{t("alerts.col.recipients")}</th>
              <th scope="col">{t("alerts.col.state")}</th>
              <th scope="col">{t("alerts.col.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rules.map((r) => (
              <tr key={r.id}>
                <td>{r.unitName}</td>
                <td>{ruleText(r.settings, t)}</td>
                <td>{t(`alerts.delivery.${r.delivery}`)}</td>
                <td>{r.recipients.join(", ")}</td>
                <td>{r.paused ? t("alerts.state.paused") : t("alerts.state.active")}</td>
                <td>
                  <PauseDelete
                    paused={r.paused}
                    busy={busy}
                    id={r.id}
                    labels={{
                      pause: t("alerts.pause"),
                      resume: t("alerts.resume"),
                      delete: t("alerts.delete"),
                      confirm: t("alerts.deleteConfirm"),
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("alerts.form.title")}</h2>
      <Form method="post" className="stack narrow">
        <input type="hidden" name="intent" value="create" />
        <UnitSelect units={d.units} label={t("alerts.form.unit")} />
        <RadioGroup
          legend={t("alerts.form.kind")}
          name="kind"
          options={ALERT_KINDS.map((k) => ({ value: k, label: t(`alerts.form.kind.${k}`) }))}
          defaultValue="below_target"
        />
        <label>
          {t("alerts.form.window")}
          <select name="window" defaultValue="month">
            {ALERT_WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t(`alerts.form.window.${w}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("alerts.form.threshold")}
          <input
            name="threshold"
            type="number"
            min={2}
            max={1000}
            step={1}
            defaultValue={BURST_THRESHOLD_DEFAULT}
          />
        </label>
        <label>
          {t("alerts.form.words")}
          <textarea name="words" rows={4} maxLength={20000} />
        </label>
        <RadioGroup
          legend={t("alerts.form.delivery")}
          name="delivery"
          options={ALERT_DELIVERIES.map((k) => ({ value: k, label: t(`alerts.delivery.${k}`) }))}
          defaultValue="each"
        />
        <RecipientsField label={t("alerts.form.recipients")} rows={3} />
        <button type="submit" className="button" disabled={busy}>
          {t("alerts.form.submit")}
        </button>
      </Form>
      <h2>{t("alerts.log.title")}</h2>
      {d.alerts.length === 0 ? (
        <p>{t("alerts.log.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("alerts.log.day")}</th>
              <th scope="col">{t("alerts.log.unit")}</th>
              <th scope="col">{t("alerts.log.what")}</th>
              <th scope="col">{t("alerts.log.mail")}</th>
              <th scope="col">{t("cases.open.column")}</th>
            </tr>
          </thead>
          <tbody>
            {d.alerts.map((a) => (
              <tr key={a.id}>
                <td>{formatDate(`${a.day}T12:00:00+07:00`)}</td>
                <td>{a.unitName}</td>
                <td>{a.text}</td>
                <td>{mailText(a, t)}</td>
                <td>
                  {a.caseId ? (
                    <Link to={`/manage/cases/${a.caseId}`}>{t("cases.open.view")}</Link>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="open-case" />
                      <input type="hidden" name="id" value={a.id} />
                      <button type="submit" className="button secondary" disabled={busy}>
                        {t("cases.open.button")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
