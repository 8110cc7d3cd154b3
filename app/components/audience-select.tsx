/**
 * Who fills the form in through a link or a kiosk (access_link.audience): the respondent
 * (the default), or an interviewer, who also sees the fields marked for the surveyor.
 */
import type { Audience } from "~/domain/audience";
import { translator, type Locale } from "~/utils/i18n";

export function AudienceSelect({ locale }: { locale: Locale }) {
  const t = translator(locale);
  return (
    <label>
      {t("manage.audience")}
      <select name="audience" defaultValue="respondent">
        <option value="respondent">{t("manage.audience.respondent")}</option>
        <option value="surveyor">{t("manage.audience.surveyor")}</option>
      </select>
    </label>
  );
}

/** The audience a form field names; anything else is the respondent. */
export function audienceField(v: FormDataEntryValue | null): Audience {
  return v === "surveyor" ? "surveyor" : "respondent";
}
