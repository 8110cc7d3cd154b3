// Security headers on every response, set by server.js before anything else answers.
// Tested in tests/reliability/security.test.ts (headers, and pages in Chromium with no
// CSP violation).
import { randomBytes } from "node:crypto";

/**
 * Content-Security-Policy. Scripts: this site's files, plus the inline scripts Remix
 * writes into each page, which carry the per-response nonce (entry.server.tsx, root.tsx).
 * Styles: this site's files and inline style attributes (React renders `style={…}`;
 * SurveyJS sets styles at run time). Images may be data: URLs (QR codes). Nothing may
 * frame the site, and forms post only here.
 */
export function contentSecurityPolicy(nonce) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders() {
  return (req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    // A survey page's URL holds its access token: it never leaves this site in a Referer
    // header. "same-origin" rather than "no-referrer": under no-referrer a browser posts the
    // form (answered without JavaScript) with "Origin: null", refused as a foreign request
    // (app/utils/request-guards.server.ts).
    res.setHeader(
      "Referrer-Policy",
      req.path.startsWith("/s/") ? "same-origin" : "strict-origin-when-cross-origin",
    );
    // Only over TLS, or behind a proxy trusted (TRUST_PROXY) to say X-Forwarded-Proto: https.
    // On plain HTTP in a closed LAN it would lock tablets out of the site.
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000");
    next();
  };
}
