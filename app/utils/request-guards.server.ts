/**
 * What server.js puts in front of Remix for every request: the body limit, the refusal of
 * state-changing requests from other sites, and Remix's handler over the body read here.
 *
 * Body limit: a request body is read here,
 * at most its route's limit, before any route sees it. Without it, `request.formData()` on
 * /login or /kiosk/pair buffered whatever came (100 MB: +245 MB of memory).
 *
 * - Forms and the ingestion API: 64 KB (MAX_BODY_BYTES). Uploads (the unit CSV import, an
 *   agency's own questionnaire) take more, but only from a signed-in session: nobody else can
 *   make the server hold more than 64 KB per request.
 * - Over the limit: 413 with a Vietnamese message (JSON under /api/, a page elsewhere). A body
 *   up to DRAIN_BYTES is read to its end first, so the answer reaches a client still sending
 *   and the keep-alive connection stays usable (answering before reading left the unread rest
 *   in the socket: the next request on that connection hung ~6 s and was reset). Anything
 *   longer is answered and its connection closed.
 */
import {
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { MAX_BODY_BYTES } from "~/domain/submission";
import { MAX_IMPORT_BYTES } from "~/domain/rating-import";
import { MAX_UNIT_CSV_BYTES } from "~/domain/unit-csv";
import { DRAIN_BYTES } from "~/utils/http.server";
import { findSessionUser } from "~/services/auth.server";
import { authenticateClient } from "~/services/clients.server";
import { appContext } from "~/services/context.server";
import { MAX_UPLOAD_BYTES } from "~/services/own-questionnaires.server";

/** A form's fields around its file or pasted text (multipart boundaries, the other inputs). */
const FORM_SLACK = 64 * 1024;

/** Upload pages: a file and a pasted copy may come together. */
const UPLOADS = new Map<string, number>([
  ["/admin/units/import", 2 * MAX_UNIT_CSV_BYTES + FORM_SLACK],
  ["/manage/questionnaires", 2 * MAX_UPLOAD_BYTES + FORM_SLACK],
  // The checked file comes back base64-encoded with the confirmation.
  ["/manage/imports", Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + FORM_SLACK],
]);

/** A system client's upload: a valid client token, not a session. */
const CLIENT_UPLOADS = new Map<string, number>([["/api/v1/imports", MAX_IMPORT_BYTES]]);

/** The most a request to `pathname` may send; uploads need a valid session cookie (or client token). */
export async function bodyLimitFor(
  pathname: string,
  cookie: string | undefined,
  authorization?: string,
) {
  // Remix's own data requests name the route with a ".data" suffix.
  const path = pathname.replace(/\.data$/, "").replace(/\/$/, "");
  const clientUpload = CLIENT_UPLOADS.get(path);
  if (clientUpload !== undefined && authorization) {
    const ctx = await appContext();
    const request = new Request("http://localhost/", { headers: { authorization } });
    return authenticateClient(ctx, request).then(
      () => clientUpload,
      () => MAX_BODY_BYTES,
    );
  }
  const upload = UPLOADS.get(path);
  if (upload === undefined || !cookie) return MAX_BODY_BYTES;
  const ctx = await appContext();
  const user = await findSessionUser(
    ctx,
    new Request("http://localhost/", { headers: { cookie } }),
  );
  return user ? upload : MAX_BODY_BYTES;
}

type WithBody = ExpressRequest & { rawBody?: Buffer };

const sizeText = (bytes: number) =>
  bytes >= 1_000_000 ? `${Math.floor(bytes / 1_000_000)} MB` : `${Math.floor(bytes / 1024)} KB`;

/** A refusal before any route runs: JSON under /api/, a short Vietnamese page elsewhere. */
function refuse(
  req: ExpressRequest,
  res: ExpressResponse,
  status: number,
  title: string,
  message: string,
  close = false,
) {
  if (res.headersSent) return;
  res.status(status).set("Cache-Control", "no-store");
  if (close) res.set("Connection", "close");
  if (req.path.startsWith("/api/")) {
    res.json({ error: status === 413 ? "payload_too_large" : "forbidden", message });
    return;
  }
  res
    .type("html")
    .send(
      `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${title} — Hài Lòng</title></head>` +
        `<body><h1>${title}</h1><p>${message}</p><p><a href="/">Về trang chủ</a></p></body></html>`,
    );
}

function tooLarge(req: ExpressRequest, res: ExpressResponse, limit: number, close: boolean) {
  const message = `Nội dung gửi lên quá lớn (tối đa ${sizeText(limit)}). Xin gửi lại với nội dung ngắn hơn.`;
  refuse(req, res, 413, "Nội dung quá lớn", message, close);
}

const CHANGES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * A state-changing request whose Origin is another site, or "null" (a sandboxed frame, a
 * file): 403. Remix refuses these too, but by throwing: a 500 and a stack trace in the log
 * for every such request. Same rule as Remix's (Origin's host against X-Forwarded-Host or
 * Host); the public API under /api/ takes requests from other systems and is left alone.
 */
export function refuseForeignOrigins() {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const origin = req.headers.origin;
    if (!CHANGES.has(req.method) || origin === undefined || req.path.startsWith("/api/"))
      return next();
    const host = req.get("X-Forwarded-Host")?.split(",")[0]?.trim() || req.get("Host") || undefined;
    let from: string | null = null;
    try {
      from = origin === "null" ? null : new URL(origin).host;
    } catch {
      from = null;
    }
    if (from !== null && from === host) return next();
    refuse(
      req,
      res,
      403,
      "Yêu cầu bị từ chối",
      "Yêu cầu bị từ chối: không đến từ trang của Hài Lòng. Xin mở trang Hài Lòng rồi thao tác lại.",
    );
  };
}

/** Express middleware: reads each request's body within its limit into `req.rawBody`, or answers 413. */
export function limitBodies() {
  return (req: WithBody, res: ExpressResponse, next: NextFunction) => {
    const declared = req.headers["content-length"];
    if (declared === undefined && req.headers["transfer-encoding"] === undefined) return next();
    bodyLimitFor(req.path, req.headers.cookie, req.headers.authorization).then((limit) => {
      const length = declared === undefined ? null : Number(declared);
      if (length !== null && length > limit + DRAIN_BYTES) {
        // Not worth reading: answered now, and the connection closed behind the answer.
        tooLarge(req, res, limit, true);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size <= limit) chunks.push(chunk);
        else if (size > limit + DRAIN_BYTES) {
          // An endless body: answer, stop reading, close.
          req.pause();
          tooLarge(req, res, limit, true);
          res.on("finish", () => req.socket.destroy());
        }
      });
      req.on("end", () => {
        if (size > limit) return tooLarge(req, res, limit, false);
        req.rawBody = Buffer.concat(chunks, size);
        next();
      });
      req.on("error", next);
    }, next);
  };
}

/**
 * Remix's Express handler (@remix-run/express createRequestHandler), with the body that
 * limitBodies read: the adapter would read the request stream itself, already consumed.
 */
export function remixHandler(opts: {
  build: ServerBuild;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}) {
  const handle = createRequestHandler(opts.build, process.env.NODE_ENV);
  return async (req: WithBody, res: ExpressResponse, next: NextFunction) => {
    try {
      const response = await handle(remixRequest(req, res), opts.getLoadContext(req, res));
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? ""))
        res.flushHeaders();
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (e) {
      next(e);
    }
  };
}

/** As the adapter's createRemixRequest: the URL as the client (or a trusted proxy) named it. */
function remixRequest(req: WithBody, res: ExpressResponse): Request {
  const portOf = (host: string | undefined) => Number.parseInt(host?.split(":")[1] ?? "", 10);
  const forwarded = portOf(req.get("X-Forwarded-Host"));
  const direct = portOf(req.get("host"));
  const port = Number.isSafeInteger(forwarded)
    ? forwarded
    : Number.isSafeInteger(direct)
      ? direct
      : "";
  const url = new URL(
    `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`,
  );
  // Loaders and actions are aborted when the client goes away before the answer is sent.
  let controller: AbortController | null = new AbortController();
  const signal = controller.signal;
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value) headers.set(key, value);
  }
  // A Buffer over a plain ArrayBuffer (never a shared one): what fetch's body types want.
  const body = req.rawBody as Uint8Array<ArrayBuffer> | undefined;
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url.href, {
    method: req.method,
    headers,
    signal,
    body: hasBody ? (body ?? null) : null,
  });
}
