import "~/utils/i18n-staff";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { withoutNulBytes } from "./services/html-stream.server";
import { languageCookie } from "./utils/i18n";
import { NonceContext } from "./utils/nonce";

// server.js calls these through the build's entry module: startup before it listens, then
// for every request the body limit, the origin check and the Remix handler over that body,
// and shutdown before it exits (running background jobs finish or are handed back).
export { shutdown, startup } from "./services/startup.server";
export { limitBodies, refuseForeignOrigins, remixHandler } from "./utils/request-guards.server";

const ABORT_DELAY = 5_000;

/** Renders the whole page before sending it: pages here are small and status codes stay exact. */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext?: AppLoadContext,
) {
  // The Content-Security-Policy's nonce (server.js): Remix's inline scripts carry it.
  const nonce = (loadContext as { cspNonce?: string } | undefined)?.cspNonce;
  // A language chosen with ?lang= (the switch in the header) is kept for the pages that follow.
  const lang = languageCookie(request);
  if (lang) responseHeaders.append("Set-Cookie", lang);
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer
          context={remixContext}
          url={request.url}
          abortDelay={ABORT_DELAY}
          nonce={nonce}
        />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          const body = withoutNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
