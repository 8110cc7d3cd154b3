/**
 * /manage/kiosks — counter kiosks: register one (and get its one-time pairing code), renew
 * the code, revoke; see which kiosks went quiet, how many submissions they hold and whether
 * their clock is right; accept or discard the ratings the server refused from a kiosk's queue
 * (kiosk-rejections.server.ts); set the opening hours of a unit. Needs campaigns.manage;
 * shows only the user's subtrees.
 */
import "~/utils/i18n-staff";
import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
  SerializeFrom,
} from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import {
  HoursFormatError,
  WEEKDAYS,
  formatDayHours,
  parseDayHours,
  type OpeningPeriod,
} from "~/domain/opening-hours";
import { AudienceSelect, audienceField } from "~/components/audience-select";
import { ActionMessage } from "~/components/action-message";
import { CampaignSelect, UnitPathSelect } from "~/components/manage-fields";
import { ManageNav } from "~/components/manage-nav";
import { useLocale } from "~/root";
import { ServiceError } from "~/services/service-error.server";
import { findUnit } from "~/services/unit-lookup.server";
import {
  DEFAULT_IDLE_SECONDS,
  DEFAULT_MIN_INTERVAL_SECONDS,
  PAIRING_HOURS,
  QUIET_MINUTES,
  findKiosk,
  formatPairingCode,
  listKiosks,
  registerKiosk,
  renewPairingCode,
  revokeKiosk,
} from "~/services/kiosks.server";
import { ownHours, setOpeningHours } from "~/services/opening-hours.server";
import { DELIVERY_GRACE } from "~/services/collection.server";
import {
  acceptRejection,
  discardRejection,
  listRejections,
} from "~/services/kiosk-rejections.server";
import { publicBaseUrl, qrSvg } from "~/services/links.server";
import { listTouchingCampaigns, reaches } from "~/services/manage.server";
import {
  formatDateTime,
  localeFromRequest,
  requestTranslator,
  translator,
  type Locale,
  type MessageKey,
  pageTitle,
} from "~/utils/i18n";
import { assertCan, notFound } from "~/utils/guards.server";
import { findManagedUnit, managedUnitOptions, requireManager } from "~/utils/manage-page.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, paths } = await requireManager(request);
  const { units, options } = await managedUnitOptions(ctx, paths);
  const wanted = new URL(request.url).searchParams.get("hoursUnit");
  const hoursUnit = units.find((u) => u.id === wanted) ?? units[0] ?? null;
  const hours = hoursUnit ? await ownHours(ctx, hoursUnit.id) : [];
  const campaigns = await listTouchingCampaigns(ctx, paths);
  return {
    kiosks: (await listKiosks(ctx, paths)).map((k) => ({
      id: k.id,
      label: k.label,
      unitName: k.unit_name,
      campaignTitle: k.campaign_title,
      state: k.state,
      quiet: k.quiet,
      lastSeenAt: k.last_seen_at,
      queued: k.queued,
      minInterval: k.min_interval_seconds,
      clockSkewMs: k.clockSkewMs,
      // Refused ratings waiting for a manager; and how many the tablet still holds (it
      // forgets resolved ones at its next heartbeat, and sends a few unreported ones at each).
      rejected: k.waiting,
      held: k.rejected,
    })),
    rejections: await listRejections(ctx, paths, localeFromRequest(request)),
    graceHours: DELIVERY_GRACE,
    campaigns: campaigns.map((c) => ({ id: c.id, title: c.title })),
    units: options,
    hoursUnit: hoursUnit ? { id: hoursUnit.id, name: hoursUnit.name } : null,
    hours: WEEKDAYS.map((d) => ({ day: d, text: formatDayHours(hours, d) })),
    quietMinutes: QUIET_MINUTES,
    defaults: {
      minInterval: DEFAULT_MIN_INTERVAL_SECONDS,
      idle: DEFAULT_IDLE_SECONDS,
      pairingHours: PAIRING_HOURS,
    },
  };
}

type ActionResult =
  | {
      ok: true;
      message: string;
      pairing?: { label: string; code: string; url: string; qr: string };
    }
  | { ok: false; message: string };

const text = z.string().default("");
const kioskId = z.string().default("");
/** The page's forms; a missing field is empty (or the default), and the services check the values. */
const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("register"),
    campaignId: text,
    unitId: text,
    label: text,
    minInterval: z.string().default(String(DEFAULT_MIN_INTERVAL_SECONDS)),
    idle: z.string().default(String(DEFAULT_IDLE_SECONDS)),
    audience: text,
  }),
  z.object({ intent: z.literal("renew"), kioskId }),
  z.object({ intent: z.literal("revoke"), kioskId }),
  z.object({ intent: z.literal("accept-rejected"), kioskId, clientId: text }),
  z.object({ intent: z.literal("discard-rejected"), kioskId, clientId: text }),
  // day1 … day7: the hours of each weekday, read below.
  z.object({ intent: z.literal("hours"), unitId: text }).passthrough(),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user, ctx, paths } = await requireManager(request);
  const form = await request.formData();
  const t = requestTranslator(request);
  const parsed = Intent.safeParse(Object.fromEntries(form));
  if (!parsed.success)
    return data<ActionResult>({ ok: false, message: t("form.badRequest") }, { status: 400 });
  const f = parsed.data;
  const base = publicBaseUrl(request);
  const pairing = async (label: string, code: string) => {
    const url = `${base}/kiosk/pair?code=${code}`;
    return { label, code: formatPairingCode(code), url, qr: await qrSvg(url) };
  };
  const managedKiosk = async (id: string) => {
    const kiosk = await findKiosk(ctx.db, id);
    const unit = kiosk ? await findUnit(ctx, kiosk.unit_id) : undefined;
    if (!kiosk || !unit || !reaches(paths, unit.path)) throw notFound();
    return kiosk;
  };
  try {
    if (f.intent === "register") {
      const unit = await findManagedUnit(ctx, paths, f.unitId);
      assertCan(user, "campaigns.manage", unit.path);
      const { kiosk, code } = await registerKiosk(
        ctx,
        {
          campaignId: f.campaignId,
          unitId: unit.id,
          label: f.label,
          minIntervalSeconds: Number(f.minInterval),
          idleSeconds: Number(f.idle),
          audience: audienceField(f.audience),
        },
        user.id,
      );
      return data<ActionResult>({
        ok: true,
        message: t("manage.kiosks.created", { label: kiosk.label }),
        pairing: await pairing(kiosk.label, code),
      });
    }
    if (f.intent === "renew") {
      const kiosk = await managedKiosk(f.kioskId);
      const code = await renewPairingCode(ctx, kiosk, user.id);
      return data<ActionResult>({
        ok: true,
        message: "",
        pairing: await pairing(kiosk.label, code),
      });
    }
    if (f.intent === "revoke") {
      const kiosk = await managedKiosk(f.kioskId);
      await revokeKiosk(ctx, kiosk, user.id);
      return data<ActionResult>({
        ok: true,
        message: t("manage.kiosks.revoked", { label: kiosk.label }),
      });
    }
    if (f.intent === "accept-rejected" || f.intent === "discard-rejected") {
      const kiosk = await managedKiosk(f.kioskId);
      const clientId = f.clientId;
      const t = translator("vi");
      const r =
        f.intent === "accept-rejected"
          ? await acceptRejection(ctx, kiosk, clientId, user.id)
          : await discardRejection(ctx, kiosk, clientId, user.id);
      if (!r.ok) return data<ActionResult>({ ok: false, message: r.message }, { status: 409 });
      return data<ActionResult>({
        ok: true,
        message: t(
          f.intent === "discard-rejected"
            ? "manage.rejected.discarded"
            : r.stored
              ? "manage.rejected.accepted"
              : "manage.rejected.alreadyStored",
        ),
      });
    }
    const unit = await findManagedUnit(ctx, paths, f.unitId);
    const periods: OpeningPeriod[] = [];
    for (const d of WEEKDAYS) periods.push(...parseDayHours(d, String(form.get(`day${d}`) ?? "")));
    await setOpeningHours(ctx, unit.id, periods, user.id);
    return data<ActionResult>({ ok: true, message: t("manage.hours.saved") });
  } catch (e) {
    if ((e instanceof ServiceError && e.status === 400) || e instanceof HoursFormatError)
      return data<ActionResult>({ ok: false, message: e.in(t) }, { status: 400 });
    throw e;
  }
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "manage.kiosks.title") },
];

export default function ManageKiosks() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const locale = useLocale();
  const t = translator(locale);
  const quiet = d.kiosks.filter((k) => k.quiet);
  return (
    <>
      <ManageNav locale={locale} />
      <h1>{t("manage.kiosks.title")}</h1>
      <p>{t("manage.kiosks.intro")}</p>
      <ActionMessage result={result}>
        {result?.ok && result.pairing && (
          <div className="pairing" data-testid="pairing">
            <p>
              <strong>{result.pairing.label}</strong> —{" "}
              {t("manage.kiosks.code", { h: d.defaults.pairingHours })}
            </p>
            <p className="big-number" data-testid="pairing-code">
              {result.pairing.code}
            </p>
            <p>
              {t("manage.kiosks.codeUrl")}:{" "}
              <code data-testid="pairing-url">{result.pairing.url}</code>
            </p>
            <div
              className="qr"
              style={{ width: 220 }}
              dangerouslySetInnerHTML={{ __html: result.pairing.qr }}
            />
          </div>
        )}
      </ActionMessage>
      {quiet.length > 0 && (
        <p className="error" role="alert">
          {t("manage.kiosks.quietCount", { n: quiet.length, m: d.quietMinutes })}
        </p>
      )}
      {d.rejections.length > 0 && (
        <p className="error" role="alert">
          <a href="#rejected">
            {t("manage.kiosks.rejectedCount", {
              n: d.kiosks.reduce((sum, k) => sum + k.rejected, 0),
            })}
          </a>
        </p>
      )}
      {d.kiosks.length === 0 ? (
        <p>{t("manage.kiosks.none")}</p>
      ) : (
        <table data-testid="kiosk-list">
          <thead>
            <tr>
              <th scope="col">{t("manage.kiosks.label")}</th>
              <th scope="col">{t("manage.unit")}</th>
              <th scope="col">{t("manage.campaign")}</th>
              <th scope="col">{t("manage.kiosks.state")}</th>
              <th scope="col">{t("manage.kiosks.lastSeen")}</th>
              <th scope="col" className="num">
                {t("manage.kiosks.queued")}
              </th>
              <th scope="col" className="num">
                {t("manage.kiosks.rejected")}
              </th>
              <th scope="col">{t("manage.kiosks.clock")}</th>
              <th scope="col">{t("manage.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {d.kiosks.map((k) => (
              <tr key={k.id}>
                <td>{k.label}</td>
                <td>{k.unitName}</td>
                <td>{k.campaignTitle}</td>
                <td>
                  <span className={`badge ${k.state === "paired" ? "open" : "closed"}`}>
                    {t(`manage.kiosks.state.${k.state}` as MessageKey)}
                  </span>{" "}
                  {k.quiet && <strong className="error">{t("manage.kiosks.quiet")}</strong>}
                </td>
                <td>{k.lastSeenAt ? formatDateTime(k.lastSeenAt) : t("manage.kiosks.never")}</td>
                <td className="num">{k.queued}</td>
                <td className="num">
                  {k.rejected > 0 ? <strong className="error">{k.rejected}</strong> : 0}
                  {k.held !== k.rejected && (
                    <div className="muted">{t("manage.kiosks.held", { n: k.held })}</div>
                  )}
                </td>
                <td>{clockText(t, locale, k.clockSkewMs)}</td>
                <td>
                  {k.state !== "revoked" && (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="kioskId" value={k.id} />
                      <button className="linklike" name="intent" value="renew" disabled={busy}>
                        {t("manage.kiosks.renew")}
                      </button>
                      <button className="linklike" name="intent" value="revoke" disabled={busy}>
                        {t("manage.kiosks.revoke")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <RefusedRatings rows={d.rejections} graceHours={d.graceHours} busy={busy} />

      <h2>{t("manage.kiosks.register")}</h2>
      {/* A new key after each registration: the form starts empty for the next kiosk. */}
      <Form
        method="post"
        className="stack narrow card"
        key={result?.ok && result.pairing ? result.pairing.code : "register"}
      >
        <input type="hidden" name="intent" value="register" />
        <CampaignSelect campaigns={d.campaigns} label={t("manage.kiosks.campaign")} />
        <UnitPathSelect units={d.units} label={t("manage.kiosks.unit")} />
        <label>
          {t("manage.kiosks.label")}
          <input name="label" maxLength={100} aria-describedby="kiosk-label-hint" />
          <small id="kiosk-label-hint" className="hint">
            {t("manage.kiosks.labelHint")}
          </small>
        </label>
        <AudienceSelect locale={locale} />
        <label>
          {t("manage.kiosks.minInterval")}
          <input
            name="minInterval"
            type="number"
            min={0}
            max={600}
            defaultValue={d.defaults.minInterval}
          />
        </label>
        <label>
          {t("manage.kiosks.idle")}
          <input name="idle" type="number" min={15} max={3600} defaultValue={d.defaults.idle} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t("manage.kiosks.register")}
        </button>
      </Form>

      <h2>{t("manage.hours.title")}</h2>
      <p className="muted" id="hours-intro">
        {t("manage.hours.intro")}
      </p>
      <Form method="get" className="stack narrow">
        <UnitPathSelect
          units={d.units}
          label={t("manage.hours.unit")}
          name="hoursUnit"
          defaultValue={d.hoursUnit?.id}
          required={false}
        />
        <button type="submit" className="button">
          {t("results.show")}
        </button>
      </Form>
      {d.hoursUnit && (
        <Form method="post" className="stack narrow card" key={d.hoursUnit.id}>
          <input type="hidden" name="intent" value="hours" />
          <input type="hidden" name="unitId" value={d.hoursUnit.id} />
          <p>
            <strong>{d.hoursUnit.name}</strong>
          </p>
          {d.hours.map((h) => (
            <label key={h.day}>
              {t(`weekday.${h.day}` as MessageKey)}
              {/* No placeholder: a grey example in an empty box reads as saved hours. */}
              <input name={`day${h.day}`} defaultValue={h.text} aria-describedby="hours-intro" />
            </label>
          ))}
          <button type="submit" className="button" disabled={busy}>
            {t("manage.hours.save")}
          </button>
        </Form>
      )}
    </>
  );
}

/** Ratings the server refused from kiosks' queues, waiting for a manager's decision. */
function RefusedRatings(props: {
  rows: SerializeFrom<typeof loader>["rejections"];
  graceHours: number;
  busy: boolean;
}) {
  const t = translator(useLocale());
  return (
    <>
      <h2 id="rejected">{t("manage.rejected.title")}</h2>
      <p className="muted">{t("manage.rejected.intro")}</p>
      {props.rows.length === 0 ? (
        <p>{t("manage.rejected.none")}</p>
      ) : (
        <table data-testid="kiosk-rejections">
          <thead>
            <tr>
              <th scope="col">{t("manage.rejected.kiosk")}</th>
              <th scope="col">{t("manage.rejected.tappedAt")}</th>
              <th scope="col">{t("manage.rejected.reason")}</th>
              <th scope="col">{t("manage.rejected.answers")}</th>
              <th scope="col">{t("manage.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={`${r.kioskId}/${r.clientId}`} data-reason={r.reason}>
                <td>
                  {r.kioskLabel}
                  <div className="muted">{r.unitName}</div>
                </td>
                <td>
                  {r.tappedAt
                    ? formatDateTime(r.tappedAt)
                    : t("manage.rejected.tappedUnknown", { at: formatDateTime(r.reportedAt) })}
                </td>
                <td>{reasonText(t, r.reason, props.graceHours)}</td>
                <td>{r.answers}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="kioskId" value={r.kioskId} />
                    <input type="hidden" name="clientId" value={r.clientId} />
                    {r.acceptable && (
                      <button
                        className="button"
                        name="intent"
                        value="accept-rejected"
                        disabled={props.busy}
                      >
                        {t("manage.rejected.accept")}
                      </button>
                    )}{" "}
                    <button
                      className="linklike"
                      name="intent"
                      value="discard-rejected"
                      disabled={props.busy}
                    >
                      {t("manage.rejected.discard")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const REASONS = new Set([
  "outside_opening_hours",
  "kiosk_too_soon",
  "campaign_closed",
  "campaign_not_open",
  "tap_time_unproven",
  "kiosk_device_required",
  "kiosk_revoked",
  "link_revoked",
  "not_found",
  "invalid_answers",
  "bad_request",
  "payload_too_large",
]);

/** Why the server refused a rating, in words. */
function reasonText(t: ReturnType<typeof translator>, reason: string, graceHours: number) {
  const key = `manage.rejected.reason.${REASONS.has(reason) ? reason : "other"}` as MessageKey;
  return t(key, { h: graceHours });
}

/** To the minute (the heartbeat's latency makes seconds noise): "10 phút", "2 giờ 5 phút", "3 ngày 1 giờ". */
function durationText(ms: number, locale: Locale): string {
  const units: Array<[number, string, string]> = [
    [1440, "ngày", "d"],
    [60, "giờ", "h"],
    [1, "phút", "min"],
  ];
  const parts: string[] = [];
  let left = Math.round(Math.abs(ms) / 60_000);
  for (const [size, vi, en] of units) {
    const n = Math.floor(left / size);
    left -= n * size;
    if (n > 0 && parts.length < 2) parts.push(`${n} ${locale === "vi" ? vi : en}`);
  }
  return parts.join(" ");
}

/** The kiosk's clock against the server's, as its last heartbeat measured it. */
function clockText(t: ReturnType<typeof translator>, locale: Locale, skewMs: number | null) {
  if (skewMs === null) return t("manage.kiosks.clock.unknown");
  // Within a minute is the heartbeat's own latency and nothing anyone needs to fix.
  if (Math.abs(skewMs) < 60_000) return t("manage.kiosks.clock.right");
  // skew = server − device: a device ahead of the server has a negative skew.
  return t(skewMs < 0 ? "manage.kiosks.clock.fast" : "manage.kiosks.clock.slow", {
    d: durationText(skewMs, locale),
  });
}
