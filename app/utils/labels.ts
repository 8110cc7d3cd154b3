/** Codes kept in the database, shown by name: channels, scoring methods. */
import { t, type Locale, type MessageKey } from "./i18n";

const CHANNELS = new Set(["link", "qr", "kiosk", "invitation"]);
const METHODS = new Set(["generic", "sipas", "health", "education", "counter"]);

/** "qr" → "Mã QR"; a channel the app does not know is shown as it is stored. */
export function channelLabel(locale: Locale, code: string): string {
  return CHANNELS.has(code) ? t(locale, `admin.channel.${code}` as MessageKey) : code;
}

/** "health" → "Y tế (Bộ Y tế)". */
export function methodLabel(locale: Locale, method: string): string {
  return METHODS.has(method) ? t(locale, `method.name.${method}` as MessageKey) : method;
}
