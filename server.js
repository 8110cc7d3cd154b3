// Production server: Express in front of the Remix build. Started by `npm start`
// (scripts/start.js builds first when the sources are newer than the build).
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

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
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    next();
  });
  // The API's bodies are small; compressing them costs CPU on the ingestion hot path.
  app.use(
    compression({
      filter: (req, res) => !req.path.startsWith("/api/") && compression.filter(req, res),
    }),
  );
  // Fingerprinted assets never change: survey-core is downloaded once per device.
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      getLoadContext: (req) => ({ clientKey: req.ip ?? "" }),
    }),
  );
  return { app, baseUrl };
}
