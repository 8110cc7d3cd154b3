/** Whether the server can send mail, in words: the schedules' and alerts' pages show it first. */
import type { MailStatus } from "~/domain/mail-status";
import type { Translate } from "~/utils/i18n";

export function MailNote({ mail, t }: { mail: MailStatus; t: Translate }) {
  if (mail.ready)
    return (
      <p className="muted">
        {t("schedules.mail.readyNote", { server: mail.server, from: mail.from })}
      </p>
    );
  return (
    <div className="note" role="status">
      <p>
        {t(`jobs.mail.${mail.problem}`)} {t("schedules.mail.notReadyNote")}
      </p>
    </div>
  );
}
