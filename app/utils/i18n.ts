import type * as actions from "./messages/actions";
import type * as cases from "./messages/cases";
import type * as channel from "./messages/channel";
import type * as connected from "./messages/connected";
import * as admin from "./messages/admin";
import * as core from "./messages/core";
import type * as dashboard from "./messages/dashboard";
import type * as exportMessages from "./messages/exports";
import type * as figures from "./messages/figures";
import type * as imports from "./messages/imports";
import type * as jobs from "./messages/jobs";
import type * as schedules from "./messages/schedules";
import type * as webhooks from "./messages/webhooks";
import * as kiosk from "./messages/kiosk";

/**
 * The one translation layer: every UI string is a key here. Vietnamese is the default,
 * English the second language. Formatting follows Vietnamese conventions: dd/MM/yyyy,
 * Asia/Ho_Chi_Minh, "1.234,5".
 */
export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";
export const TIME_ZONE = "Asia/Ho_Chi_Minh";

/**
 * Each feature keeps its messages in app/utils/messages/<feature>.ts ({vi, en}, English
 * typed against Vietnamese so no key is missing); add the module to FEATURES.
 *
 * ALWAYS are in every page's JavaScript (the root, the kiosk and the respondent's pages need
 * them). The staff pages' own catalogs (exports, actions, dashboards, figures, jobs) are registered by
 * app/utils/i18n-staff.ts, which every staff route module, the server entry and the services
 * import: the kiosk tablet and the citizen's phone do not download them.
 */
const ALWAYS = [core, admin, kiosk] as const;
type FEATURES = [
  ...typeof ALWAYS,
  typeof exportMessages,
  typeof actions,
  typeof dashboard,
  typeof figures,
  typeof jobs,
  typeof schedules,
  typeof cases,
  typeof connected,
  typeof webhooks,
  typeof imports,
  typeof channel,
];

type Union<T> = T extends readonly (infer U)[] ? U : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;
type AllVi = UnionToIntersection<Union<FEATURES>["vi"]>;
export type MessageKey = keyof AllVi & string;

const vi = Object.assign({}, ...ALWAYS.map((f) => f.vi)) as Record<MessageKey, string>;
const en = Object.assign({}, ...ALWAYS.map((f) => f.en)) as Record<MessageKey, string>;

/** Adds a feature's catalog (app/utils/i18n-staff.ts); registering twice changes nothing. */
export function registerMessages(
  ...features: Array<{ vi: Record<string, string>; en: Record<string, string> }>
) {
  for (const f of features) {
    Object.assign(vi, f.vi);
    Object.assign(en, f.en);
  }
}

const messages: Record<Locale, Record<MessageKey, string>> = { vi, en };

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

export type Params = Record<string, string | number>;

export function isMessageKey(v: unknown): v is MessageKey {
  return typeof v === "string" && Object.hasOwn(vi, v);
}

export function t(locale: Locale, key: MessageKey, params?: Params): string {
  let s = messages[locale][key] ?? messages.vi[key];
  if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => t(locale, key, params);
}

/**
 * An error a person reads (a refused form, a rule of the organisation): thrown with a key and
 * its parameters, translated where it is shown. Its `message` is the Vietnamese text, for logs.
 * Services throw its subclass ServiceError (with a status); this base stays here because the
 * pure domain (HoursFormatError) and the browser share it, and neither may import a service.
 */
export class UserFacingError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Params = {},
  ) {
    super(t(DEFAULT_LOCALE, key, params));
  }

  in(translate: Translate): string {
    return translate(this.key, this.params);
  }
}

const intlLocale = (l: Locale) => (l === "vi" ? "vi-VN" : "en-GB");

export function formatNumber(n: number, locale: Locale = DEFAULT_LOCALE, digits = 0): string {
  return new Intl.NumberFormat(intlLocale(locale), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

/** 0.8734 → "87,3 %" (vi) or "87.3%" (en). */
export function formatPercent(p: number, locale: Locale = DEFAULT_LOCALE, digits = 1): string {
  const s = formatNumber(p * 100, locale, digits);
  return locale === "vi" ? `${s} %` : `${s}%`;
}

/** dd/MM/yyyy in Vietnam time, whatever the locale. */
export function formatDate(d: Date | string): string {
  const date = typeof d === "string" ? new Date(d) : d;
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(date);
}

/** dd/MM/yyyy HH:mm in Vietnam time. */
export function formatDateTime(d: Date | string): string {
  const date = typeof d === "string" ? new Date(d) : d;
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(date);
  return `${formatDate(date)} ${time}`;
}

/**
 * A page's title in the language of the page (from the root loader's data, which every
 * route's meta function sees among its matches): "Đơn vị — Hài Lòng".
 */
export function pageTitle(matches: RouteMatches, key: MessageKey, params?: Params): string {
  return `${t(matchesLocale(matches), key, params)} — Hài Lòng`;
}

/** A page about one thing: "Khảo sát SIPAS 2026 — Xuất dữ liệu và báo cáo". */
export function namedPageTitle(matches: RouteMatches, name: string, key: MessageKey): string {
  return `${name} — ${t(matchesLocale(matches), key)}`;
}

type RouteMatches = ReadonlyArray<{ id: string; data: unknown }>;

/** The page's language, for a meta function. */
export function matchesLocale(matches: RouteMatches): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

/** The translator of a request's language. */
export function requestTranslator(request: Request): Translate {
  return translator(localeFromRequest(request));
}

/**
 * The cookie that keeps a language chosen with ?lang= (the language switch) for the pages
 * that follow; null when the request chooses none.
 */
export function languageCookie(request: Request): string | null {
  const url = new URL(request.url);
  const chosen = url.searchParams.get("lang");
  if (!isLocale(chosen)) return null;
  const secure = url.protocol === "https:" ? "; Secure" : "";
  return `lang=${chosen}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}

/** The locale of a request: ?lang=, then the `lang` cookie, then Vietnamese. */
export function localeFromRequest(request: Request): Locale {
  const url = new URL(request.url);
  const q = url.searchParams.get("lang");
  if (isLocale(q)) return q;
  const cookie = request.headers.get("Cookie") ?? "";
  const m = /(?:^|;\s*)lang=(vi|en)/.exec(cookie);
  return m && isLocale(m[1]) ? m[1] : DEFAULT_LOCALE;
}
