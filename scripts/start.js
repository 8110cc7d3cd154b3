// npm start: build when any source is newer than the build, then serve it.
import { buildIfStale } from "./build-if-stale.js";

buildIfStale();
const { createServer } = await import("../server.js");
const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? "127.0.0.1";
const { app, baseUrl } = await createServer().catch((e) => {
  // A DATABASE_URL that names nothing usable: its message says what to give, without a stack.
  if (e?.name !== "DatabaseUrlError") throw e;
  console.error(e.message);
  process.exit(2);
});
app.listen(PORT, HOST, () => console.log(`Hài Lòng is listening on ${baseUrl} (${HOST}:${PORT})`));
