/** The kiosk's full-screen frame: status screens, the outbox indicator, nothing to click away to. */
import { useEffect, type ReactNode } from "react";
import { WEEKDAYS, formatDayHours, type OpeningPeriod } from "~/domain/opening-hours";
import { translator, type Locale, type MessageKey } from "~/utils/i18n";
import { useKioskRuntime, type KioskRuntime } from "./runtime";

export function KioskFrame(props: {
  locale: Locale;
  unitName: string;
  hours: OpeningPeriod[];
  runtime: KioskRuntime;
  children: ReactNode;
}) {
  const t = translator(props.locale);
  const { runtime: rt } = props;
  let body = props.children;
  if (rt.revoked) {
    body = (
      <StatusScreen title={t("kiosk.revoked.title")}>
        <p>{t("kiosk.revoked.body")}</p>
      </StatusScreen>
    );
  } else if (!rt.open) {
    body = (
      <StatusScreen title={t("kiosk.closed.title")} testId="kiosk-closed">
        <p>{t("kiosk.closed.body")}</p>
        <HoursTable locale={props.locale} hours={props.hours} />
      </StatusScreen>
    );
  }
  return (
    <div
      className="kiosk"
      data-offline-ready={rt.offlineReady ? "yes" : "no"}
      data-clock={rt.clockSynced ? "synced" : "unsynced"}
      data-testid="kiosk"
      lang={props.locale}
    >
      <div className="kiosk-unit">{props.unitName}</div>
      {body}
      <div className="kiosk-status" aria-live="polite">
        {!rt.storageOk && <span className="kiosk-pill bad">{t("kiosk.noStorage")}</span>}
        {!rt.online && <span className="kiosk-pill">{t("kiosk.offline")}</span>}
        {rt.pending > 0 && (
          <span className="kiosk-pill" data-testid="kiosk-queue" data-count={rt.pending}>
            {t("kiosk.pending", { n: rt.pending })}
          </span>
        )}
      </div>
    </div>
  );
}

const NO_HOURS: OpeningPeriod[] = [];

/**
 * The kiosk's campaign has ended or not begun: no new ratings, but ratings tapped before the
 * end may still wait in the queue, so the runtime keeps sending them and beating.
 */
export function CampaignClosed(props: { locale: Locale; unitName: string }) {
  const t = translator(props.locale);
  const runtime = useKioskRuntime(NO_HOURS);
  return (
    <KioskFrame locale={props.locale} unitName={props.unitName} hours={NO_HOURS} runtime={runtime}>
      <StatusScreen title={t("kiosk.campaignClosed.title")} testId="kiosk-campaign-closed">
        <p>{t("kiosk.campaignClosed.body")}</p>
      </StatusScreen>
    </KioskFrame>
  );
}

export function StatusScreen(props: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="kiosk-screen kiosk-message" data-testid={props.testId}>
      <h1>{props.title}</h1>
      {props.children}
    </div>
  );
}

function HoursTable({ locale, hours }: { locale: Locale; hours: OpeningPeriod[] }) {
  const t = translator(locale);
  const days = WEEKDAYS.map((d) => ({ d, text: formatDayHours(hours, d) })).filter((x) => x.text);
  if (days.length === 0) return null;
  return (
    <table className="kiosk-hours">
      <caption>{t("kiosk.closed.hours")}</caption>
      <tbody>
        {days.map(({ d, text }) => (
          <tr key={d}>
            <th scope="row">{t(`weekday.${d}` as MessageKey)}</th>
            <td>{text.replaceAll("-", " – ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A face from -1 (sad) to 1 (happy): drawn, not an emoji, so every tablet shows the same. */
export function Face({ mood }: { mood: number }) {
  const y = 64 + 16 * mood;
  return (
    <svg viewBox="0 0 100 100" aria-hidden="true" className="kiosk-face">
      <circle cx="50" cy="50" r="46" fill="none" stroke="currentColor" strokeWidth="6" />
      <circle cx="35" cy="40" r="6" fill="currentColor" />
      <circle cx="65" cy="40" r="6" fill="currentColor" />
      <path
        d={`M 28 ${64 - 4 * mood} Q 50 ${y} 72 ${64 - 4 * mood}`}
        fill="none"
        stroke="currentColor"
        strokeWidth="6"
        strokeLinecap="round"
      />
    </svg>
  );
}

/** The other kiosk screen serves this questionnaire: a full page load, so each keeps its own bundle. */
export function SwitchTo({ path, locale }: { path: string; locale: Locale }) {
  const t = translator(locale);
  useEffect(() => location.replace(path), [path]);
  return (
    <div className="kiosk">
      <StatusScreen title={t("kiosk.switching")}>
        <a className="kiosk-action" href={path}>
          {t("pair.open")}
        </a>
      </StatusScreen>
    </div>
  );
}
