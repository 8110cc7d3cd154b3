// npm start: build when any source is newer than the build, then serve it.
import { buildIfStale } from "./build-if-stale.js";

buildIfStale();
const { createServer } = await import("../server.js");
const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? "127.0.0.1";
const { app, baseUrl, shutdown } = await createServer().catch((e) => {
  // A DATABASE_URL that names nothing usable: its message says what to give, without a stack.
  if (e?.name !== "DatabaseUrlError") throw e;
  console.error(e.message);
  process.exit(2);
});
app.listen(PORT, HOST, () => console.log(`Hài Lòng is listening on ${baseUrl} (${HOST}:${PORT})`));
// Responses are acknowledged only after commit, so leaving mid-request loses nothing; a
// background job still running is given a few seconds, then handed back to be run again.
const stop = () => {
  setTimeout(() => process.exit(0), 8_000).unref();
  shutdown().finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
