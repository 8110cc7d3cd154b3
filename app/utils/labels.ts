/** Codes kept in the database, shown by name: channels, scoring methods. */
import { t, type Locale, type MessageKey } from "./i18n";

const CHANNELS = new Set(["link", "qr", "kiosk", "invitation", "import", "independent"]);
const METHODS = new Set(["generic", "sipas", "health", "education", "counter"]);
const DOSSIER_CHANNELS = new Set(["truc_tiep", "truc_tuyen", "buu_chinh"]);

/** "qr" → "Mã QR"; a channel the app does not know is shown as it is stored. */
export function channelLabel(locale: Locale, code: string): string {
  return CHANNELS.has(code) ? t(locale, `admin.channel.${code}` as MessageKey) : code;
}

/** A dossier's submission channel (the portal's KENH) in words: "truc_tiep" → "Trực tiếp". */
export function dossierChannelLabel(locale: Locale, code: string): string {
  return DOSSIER_CHANNELS.has(code) ? t(locale, `dossier.channel.${code}` as MessageKey) : code;
}

/** "health" → "Y tế (Bộ Y tế)". */
export function methodLabel(locale: Locale, method: string): string {
  return METHODS.has(method) ? t(locale, `method.name.${method}` as MessageKey) : method;
}
