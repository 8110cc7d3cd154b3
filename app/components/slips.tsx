/** A sheet of small slips (3 × 4 on A4), each with a QR code, the address and an optional code. */
import { translator, type Locale } from "~/utils/i18n";
import { UrlText } from "./url-text";

export interface Slip {
  url: string;
  qr: string;
  code?: string;
  used?: boolean;
}

const PER_SHEET = 12;

export function SlipSheets(props: {
  locale: Locale;
  unitName: string;
  title: string;
  slips: Slip[];
  once?: boolean;
  /** The campaign is anonymous: each slip says so. */
  anonymous: boolean;
}) {
  const t = translator(props.locale);
  const sheets: Slip[][] = [];
  for (let i = 0; i < props.slips.length; i += PER_SHEET)
    sheets.push(props.slips.slice(i, i + PER_SHEET));
  return (
    <>
      <style>{"@page { size: A4 portrait; margin: 0; }"}</style>
      <div className="print-controls">
        <button type="button" className="button" onClick={() => window.print()}>
          {t("poster.print")}
        </button>
      </div>
      {sheets.map((sheet, i) => (
        <section
          key={i}
          className="sheet slips"
          style={{ width: "210mm", height: "297mm", gridTemplateRows: "repeat(4, 1fr)" }}
        >
          {sheet.map((s, j) => (
            <div key={j} className={`slip${s.used ? " used" : ""}`} data-testid="slip">
              <strong>{props.unitName}</strong>
              <span>{t("poster.scan")}</span>
              <div className="qr" dangerouslySetInnerHTML={{ __html: s.qr }} />
              <UrlText url={s.url} />
              {s.code && (
                <span className="code">
                  {t("slips.code")}: {s.code}
                </span>
              )}
              {props.once && <span>{t("slips.once")}</span>}
              {props.anonymous && <small>{t("kiosk.anonymous")}</small>}
            </div>
          ))}
        </section>
      ))}
    </>
  );
}
