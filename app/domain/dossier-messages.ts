/**
 * Sending a dossier's rating link by SMS or Zalo ZNS through the agency's HTTP gateway, and
 * when it may be sent (quiet hours, Vietnam time). The gateway contract is in
 * docs/decisions/020-dossiers.md: a POST to the configured URL with the configured headers
 * and a body made from a JSON template whose {placeholders} are filled with JSON-escaped text.
 */

export const PLACEHOLDERS = [
  "phone",
  "phoneLocal",
  "code",
  "url",
  "expires",
  "unit",
  "message",
  "messageId",
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface GatewayConfig {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type GatewayRead =
  { ok: true; config: GatewayConfig } | { ok: false; problem: string } | { ok: null };

export const DEFAULT_BODIES = {
  sms: '{"to":"{phone}","message":"{message}","id":"{messageId}"}',
  zalo: '{"phone":"{phone}","tracking_id":"{messageId}","template_data":{"ma_ho_so":"{code}","don_vi":"{unit}","duong_dan":"{url}","han_danh_gia":"{expires}"}}',
} as const;

/**
 * A gateway from its three settings (<PREFIX>_URL, _HEADERS as a JSON object, _BODY), or
 * { ok: null } when its URL is not set, or the first problem found.
 */
export function readGateway(
  url: string | undefined,
  headers: string | undefined,
  body: string | undefined,
  defaultBody: string,
): GatewayRead {
  if (!url?.trim()) return { ok: null };
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { ok: false, problem: "URL is not a valid address" };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    return { ok: false, problem: "URL must be http or https" };
  let h: Record<string, string> = {};
  if (headers?.trim()) {
    try {
      const v = JSON.parse(headers) as unknown;
      if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error();
      for (const [k, x] of Object.entries(v)) {
        if (typeof x !== "string" || !/^[A-Za-z0-9-]{1,100}$/.test(k) || /[\r\n]/.test(x))
          throw new Error();
        h[k] = x;
      }
    } catch {
      return {
        ok: false,
        problem: 'HEADERS must be a JSON object of strings ({"Authorization": "…"})',
      };
    }
  }
  const template = body?.trim() || defaultBody;
  const sample = Object.fromEntries(PLACEHOLDERS.map((p) => [p, 'x"\\\n'])) as Record<
    Placeholder,
    string
  >;
  try {
    JSON.parse(fillTemplate(template, sample));
  } catch {
    return {
      ok: false,
      problem: "BODY must be JSON once filled; put each {placeholder} inside a JSON string",
    };
  }
  h = { "Content-Type": "application/json; charset=utf-8", ...h };
  return { ok: true, config: { url: parsed.toString(), headers: h, body: template } };
}

/** The template with each known {placeholder} replaced by its value escaped for a JSON string. */
export function fillTemplate(template: string, values: Record<Placeholder, string>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name)
      ? JSON.stringify(values[name as Placeholder]).slice(1, -1)
      : whole,
  );
}

/** Quiet hours "HH:MM-HH:MM" (Vietnam time; may span midnight), or null: "off" or empty. */
export function parseQuietHours(v: string | undefined): { from: number; to: number } | null {
  const text = (v ?? "21:00-07:00").trim();
  if (text === "" || text === "off") return null;
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) throw new Error(`DOSSIER_QUIET_HOURS must be HH:MM-HH:MM or off, not «${text}»`);
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  return from === to ? null : { from, to };
}

const VN_OFFSET_MS = 7 * 3600_000;

/** `now`, or the end of the quiet hours when `now` falls inside them. */
export function nextSendTime(now: Date, quiet: { from: number; to: number } | null): Date {
  if (!quiet) return now;
  const local = new Date(now.getTime() + VN_OFFSET_MS);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const inside =
    quiet.from < quiet.to
      ? minute >= quiet.from && minute < quiet.to
      : minute >= quiet.from || minute < quiet.to;
  if (!inside) return now;
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  let end = midnight + quiet.to * 60_000;
  if (end <= local.getTime()) end += 86_400_000;
  return new Date(end - VN_OFFSET_MS);
}

/** How a gateway's answer is taken: sent, tried again later, or given up (a refusal). */
export function gatewayOutcome(status: number): "sent" | "retry" | "refused" {
  if (status >= 200 && status < 300) return "sent";
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "refused";
}

export const localPhone = (phone: string) => `0${phone.slice(2)}`;
