/**
 * One signed POST to a webhook, safe against server-side request forgery: the host name is
 * resolved once, every address it resolves to is checked (no loopback, private, link-local…;
 * app/domain/webhooks.ts), and the connection is made to that checked address — never to a
 * second resolution that a hostile DNS server could point elsewhere. Redirects are not
 * followed (a 3xx is a failed attempt). WEBHOOK_ALLOW_PRIVATE=1 lifts the address check for
 * closed networks and tests.
 */
import { createHmac } from "node:crypto";
import { lookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { isPublicAddress, signatureHeader, signedText, SIGNATURE_HEADER } from "~/domain/webhooks";
import { ServiceError } from "./service-error.server";

export const allowPrivateTargets = (env: NodeJS.ProcessEnv = process.env) =>
  env.WEBHOOK_ALLOW_PRIVATE === "1";

export interface Target {
  address: string;
  family: 4 | 6;
}

/** The address to connect to: resolved once, refused if any address of the name is private. */
export async function resolveTarget(hostname: string, allowPrivate: boolean): Promise<Target> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(host);
  const all = literal
    ? [{ address: host, family: literal }]
    : await lookup(host, { all: true, verbatim: true });
  if (all.length === 0) throw new ServiceError(503, "webhooks.failure.unresolved", { host });
  if (!allowPrivate) {
    const bad = all.find((a) => !isPublicAddress(a.address));
    // An address a webhook may not reach: no later attempt would be sent either.
    if (bad)
      throw new ServiceError(
        403,
        "webhooks.failure.private",
        { host, address: bad.address },
        { permanent: true },
      );
  }
  return { address: all[0]!.address, family: all[0]!.family === 6 ? 6 : 4 };
}

export function sign(secret: string, t: number, body: string): string {
  return signatureHeader(t, createHmac("sha256", secret).update(signedText(t, body)).digest("hex"));
}

export interface PostResult {
  status: number;
  /** From a Retry-After header in seconds (429, 503). */
  retryAfterMs?: number;
}

const MAX_READ = 64 * 1024;

/** POSTs `body` signed with `secret`; resolves with the receiver's status, rejects when unreachable. */
export async function postSigned(opts: {
  url: string;
  secret: string;
  body: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  timeoutMs?: number;
  allowPrivate?: boolean;
  now?: () => Date;
}): Promise<PostResult> {
  const url = new URL(opts.url);
  const target = await resolveTarget(url.hostname, opts.allowPrivate ?? allowPrivateTargets());
  const t = Math.floor((opts.now?.() ?? new Date()).getTime() / 1000);
  const https = url.protocol === "https:";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const send = https ? httpsRequest : httpRequest;
  return new Promise<PostResult>((resolve, reject) => {
    const req = send(
      {
        // The checked address itself: no second lookup between the check and the connection.
        host: target.address,
        family: target.family,
        port: url.port || (https ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: "POST",
        // The certificate is checked against the name, as for any HTTPS request.
        ...(https && !isIP(host) ? { servername: host } : {}),
        headers: {
          Host: url.host,
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": String(Buffer.byteLength(opts.body)),
          "User-Agent": "HaiLong-Webhooks/1",
          [SIGNATURE_HEADER]: sign(opts.secret, t, opts.body),
          ...opts.headers,
        },
        agent: false,
        signal: opts.signal,
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res: IncomingMessage) => {
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_READ) res.destroy();
        });
        const done = () => resolve({ status: res.statusCode ?? 0, retryAfterMs: retryAfter(res) });
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
      },
    );
    req.on("timeout", () => req.destroy(new ServiceError(503, "webhooks.failure.timeout")));
    req.on("error", reject);
    req.end(opts.body);
  });
}

function retryAfter(res: IncomingMessage): number | undefined {
  const v = res.headers["retry-after"];
  if (typeof v !== "string" || !/^\d{1,6}$/.test(v)) return undefined;
  return Number(v) * 1000;
}
