/**
 * Webhooks, the parts that need neither the network nor the database: event types, the
 * signature header's shape, which addresses a delivery may never reach (SSRF), the retry
 * policy and what a webhook URL must look like. Pure. docs/webhooks.md explains them to
 * receivers.
 */
import type { BackoffPolicy } from "./jobs";

export const EVENT_TYPES = [
  "response.accepted",
  "response.flagged",
  "response.restored",
  "dossier.rated",
  "alert.raised",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(v: unknown): v is EventType {
  return typeof v === "string" && (EVENT_TYPES as readonly string[]).includes(v);
}

/** What a receiver gets, as the body of a POST (JSON). `id` is stable across retries. */
export interface EventEnvelope {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
}

export const SIGNATURE_HEADER = "X-HaiLong-Signature";

/** The text that is signed: "<unix seconds>.<body>". */
export const signedText = (t: number, body: string) => `${t}.${body}`;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256>` */
export const signatureHeader = (t: number, hex: string) => `t=${t},v1=${hex}`;

/** The parts of a signature header, or null when it is not one. */
export function parseSignatureHeader(value: string): { t: number; v1: string[] } | null {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of value.split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k === "t" && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === "v1" && v && /^[0-9a-f]{64}$/.test(v)) v1.push(v);
  }
  return t === undefined || v1.length === 0 ? null : { t, v1 };
}

// ---------------------------------------------------------------- retries

/**
 * A failed delivery waits 1 min, 2, 4 … up to 6 h (±20 %), 25 attempts: at least 78 h from
 * the first attempt to the last even when every wait draws its shortest, so a receiver down
 * for three days still gets every event. Then the delivery is dead (kept, replayable).
 */
export const WEBHOOK_BACKOFF: BackoffPolicy = {
  baseSeconds: 60,
  maxSeconds: 6 * 3600,
  jitter: 0.2,
};
export const WEBHOOK_MAX_ATTEMPTS = 25;

/** The shortest time from the first attempt to the last (every wait at its lowest draw). */
export function shortestRetryWindowSeconds(policy: BackoffPolicy, maxAttempts: number): number {
  let total = 0;
  for (let attempt = 1; attempt < maxAttempts; attempt++) {
    const plain = Math.min(policy.baseSeconds * 2 ** Math.min(attempt - 1, 40), policy.maxSeconds);
    total += Math.min(plain * (1 - policy.jitter), policy.maxSeconds);
  }
  return total;
}

// ---------------------------------------------------------------- addresses (SSRF)

const V4_BLOCKED: Array<[string, number]> = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata at 169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

export function parseIPv4(s: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((n) => n <= 255) ? parts : null;
}

/** 16 bytes, or null. Accepts "::", an embedded IPv4 tail and a zone ("%eth0", dropped). */
export function parseIPv6(input: string): number[] | null {
  const s = input.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!s.includes(":")) return null;
  let tail: number[] = [];
  let head = s;
  const v4 = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (v4) {
    const b = parseIPv4(v4[2]!);
    if (!b) return null;
    tail = b;
    head = v4[1]!.endsWith("::") ? v4[1]! : v4[1]!.slice(0, -1);
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const words = 8 - tail.length / 2;
  const missing = words - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return [...bytes, ...tail];
}

function inPrefix(bytes: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if ((bytes[byte]! & mask) !== (prefix[byte]! & mask)) return false;
  }
  return true;
}

function blockedV4(b: number[]): boolean {
  return V4_BLOCKED.some(([net, bits]) => inPrefix(b, parseIPv4(net)!, bits));
}

const V6_BLOCKED: Array<[string, number]> = [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001::", 32], // Teredo (hides an IPv4 address)
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local (private)
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
];

/** IPv6 forms that carry an IPv4 address: judged by that address. */
const V6_EMBEDDING: Array<[string, number, number]> = [
  ["::ffff:0:0", 96, 12], // IPv4-mapped
  ["::", 96, 12], // IPv4-compatible (deprecated)
  ["64:ff9b::", 96, 12], // NAT64
  ["2002::", 16, 2], // 6to4
];

/**
 * Whether a delivery may connect to this IP address: not loopback, private, link-local,
 * multicast or reserved, in IPv4 or IPv6 (IPv4-mapped, NAT64 and 6to4 forms judged by the
 * IPv4 address inside). Anything unreadable is refused.
 */
export function isPublicAddress(ip: string): boolean {
  const v4 = parseIPv4(ip);
  if (v4) return !blockedV4(v4);
  const v6 = parseIPv6(ip);
  if (!v6) return false;
  if (V6_BLOCKED.some(([net, bits]) => inPrefix(v6, parseIPv6(net)!, bits))) return false;
  for (const [net, bits, at] of V6_EMBEDDING)
    if (inPrefix(v6, parseIPv6(net)!, bits)) return !blockedV4(v6.slice(at, at + 4));
  return true;
}

// ---------------------------------------------------------------- registration

export const MAX_URL_LENGTH = 2000;
export const MIN_SECRET_LENGTH = 16;
export const MAX_SECRET_LENGTH = 200;

export type UrlProblem = "webhooks.error.url" | "webhooks.error.urlPrivate";

/**
 * The webhook URL's problem, or null: http(s) only, no user name or password in it, a host.
 * A literal private address is refused here already; a name is judged when each delivery
 * resolves it. `allowPrivate` (WEBHOOK_ALLOW_PRIVATE=1) lets private targets through.
 */
export function urlProblem(raw: string, allowPrivate: boolean): UrlProblem | null {
  if (raw.length > MAX_URL_LENGTH) return "webhooks.error.url";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "webhooks.error.url";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "webhooks.error.url";
  if (url.username || url.password || !url.hostname) return "webhooks.error.url";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowPrivate) {
    if (host === "localhost" || host.endsWith(".localhost")) return "webhooks.error.urlPrivate";
    if ((parseIPv4(host) || parseIPv6(host)) && !isPublicAddress(host))
      return "webhooks.error.urlPrivate";
  }
  return null;
}
