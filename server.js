// Production server: Express in front of the Remix build. Started by `npm start`
// (scripts/start.js builds first when the sources are newer than the build).
import compression from "compression";
import express from "express";
import { securityHeaders } from "./security-headers.js";

const PORT = Number(process.env.PORT ?? 3000);
// Loopback by default; HOST=0.0.0.0 serves tablets on the local network (see README).
const HOST = process.env.HOST ?? "127.0.0.1";

export async function createServer() {
  const build = await import("./build/server/index.js");
  const shownHost = HOST === "0.0.0.0" || HOST === "::" ? "localhost" : HOST;
  const baseUrl = process.env.PUBLIC_URL ?? `http://${shownHost}:${PORT}`;
  await build.entry.module.startup({ baseUrl, demo: process.env.DEMO !== "0" });

  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", trustProxy(process.env.TRUST_PROXY));
  app.use(securityHeaders());
  // Every request body is read here, within its route's limit, or refused with 413; then
  // state-changing requests from another site are refused with 403.
  app.use(build.entry.module.limitBodies());
  app.use(build.entry.module.refuseForeignOrigins());
  // The API's bodies are small; compressing them costs CPU on the ingestion hot path.
  app.use(
    compression({
      filter: (req, res) => !req.path.startsWith("/api/") && compression.filter(req, res),
    }),
  );
  // Fingerprinted assets never change: survey-core is downloaded once per device.
  // The questionnaire preview runs sandboxed (an opaque origin, Content-Security-Policy: sandbox):
  // its module scripts are then cross-origin requests, answered without credentials.
  app.use("/assets", (req, res, next) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    next();
  });
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
  app.all(
    "*",
    build.entry.module.remixHandler({
      build,
      // res: exports wait for it to drain (the adapter writes without backpressure).
      // cspNonce: the nonce of this response's Content-Security-Policy (security-headers.js).
      getLoadContext: (req, res) => ({
        clientKey: req.ip ?? "",
        res,
        cspNonce: res.locals.cspNonce,
      }),
    }),
  );
  // Running background jobs finish (or are handed back) before the process exits.
  return { app, baseUrl, shutdown: () => build.entry.module.shutdown() };
}

/** Express reads the string "1" as an address to trust; a hop count must be a number. */
function trustProxy(value) {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === "true") return true;
  return value; // addresses or names: "loopback", "10.0.0.0/8, 192.168.1.5"
}
