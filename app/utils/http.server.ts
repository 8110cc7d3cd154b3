/** Small helpers for JSON APIs. */
import { SERVER_TIME_HEADER } from "~/domain/clock-offset";

/** A JSON answer; it carries the server's clock, from which kiosks measure their own. */
export function jsonResponse(body: unknown, status = 200, headers: HeadersInit = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      [SERVER_TIME_HEADER]: new Date().toISOString(),
      ...headers,
    },
  });
}

export function apiError(status: number, error: string, message: string) {
  return jsonResponse({ error, message }, status);
}

/*
 * The body reader's two signals. Not ServiceErrors: app/utils sits below the services, and
 * each caller (the ingestion API, the webhook API, a kiosk's heartbeat, a respondent's form)
 * turns them at once into its own answer, with its own codes and words.
 */
/** The body is longer than the limit (or says so in Content-Length). */
export class BodyTooLarge extends Error {}
/** The body is not UTF-8: refused rather than stored with replacement characters. */
export class BodyNotUtf8 extends Error {}

/**
 * Past the limit of a body sent without Content-Length, read on and discard up to this much:
 * a client still sending when the connection closes sees a reset instead of the 413.
 * Anything longer (an endless body) is cut off.
 */
export const DRAIN_BYTES = 8 * 1024 * 1024;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, max: number) {
  let read = 0;
  while (read <= max) {
    const { done, value } = await reader.read();
    if (done) return;
    read += value.byteLength;
  }
  await reader.cancel();
}

/** Reads a request body as bytes, refusing more than `limit` even without Content-Length. */
export async function readBytesLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) throw new BodyTooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await drain(reader, DRAIN_BYTES);
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads a request body as text, refusing more than `limit` bytes even without Content-Length. */
export async function readBodyLimited(request: Request, limit: number): Promise<string> {
  const bytes = await readBytesLimited(request, limit);
  try {
    // ignoreBOM keeps a leading BOM in the text, where JSON.parse refuses it, as before.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new BodyNotUtf8();
  }
}
