/** What the two kiosk screens (/kiosk, /kiosk/form) share: their headers and their links. */
import type { HeadersFunction, LinksFunction } from "@remix-run/node";
import kioskCss from "~/styles/kiosk.css?url";

/** The page holds the kiosk's access token: no shared caches, no Referer. */
export const KIOSK_PAGE_HEADERS = {
  "Cache-Control": "private, no-store",
  "Referrer-Policy": "no-referrer",
};

// Without this export Remix drops the loader's headers from the page itself.
export const kioskHeaders: HeadersFunction = ({ loaderHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? "private, no-store",
  "Referrer-Policy": "no-referrer",
});

/** The kiosk's stylesheet, any others the screen needs, and the web app manifest. */
export const kioskLinks =
  (...stylesheets: string[]): LinksFunction =>
  () => [
    { rel: "stylesheet", href: kioskCss },
    ...stylesheets.map((href) => ({ rel: "stylesheet", href })),
    { rel: "manifest", href: "/kiosk.webmanifest" },
  ];
