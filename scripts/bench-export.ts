/**
 * The export benchmark's child processes (scripts/bench.ts runs them):
 *   tsx scripts/bench-export.ts seed   --db FILE --rows N   demo data + N responses (seed service)
 *   tsx scripts/bench-export.ts export --db FILE --format csv|xlsx
 * `export` streams the first demo campaign's responses through the same code as
 * GET /export/:id/:format into a counting sink and prints one JSON line: rows, bytes,
 * seconds and the process's peak resident memory (its own process: nothing else in it).
 */
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { listCampaigns, listCampaignScope } from "#db/queries/campaigns";
import { loadCatalog } from "~/services/catalog.server";
import { createAppContext } from "~/services/context.server";
import { seedDemoIfEmpty } from "~/services/demo.server";
import { csvChunks, resolveExport, toByteStream } from "~/services/export.server";
import { xlsxStream } from "~/services/export-xlsx.server";
import { seedResponses } from "~/services/seed.server";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: "string" },
    rows: { type: "string", default: "100000" },
    format: { type: "string", default: "csv" },
  },
});
const mode = positionals[0];
if (!values.db || (mode !== "seed" && mode !== "export")) {
  console.error("usage: bench-export.ts seed|export --db FILE [--rows N] [--format csv|xlsx]");
  process.exit(2);
}
const ctx = await createAppContext(values.db);
const campaign = async () => {
  const c = (await listCampaigns(ctx.db)).find((x) => x.slug === "mau-02-phong-chuyen-mon");
  if (!c) throw new Error("no demo campaign");
  return c;
};

if (mode === "seed") {
  await seedDemoIfEmpty(ctx, await loadCatalog(ctx.db), { demoResponses: 0 });
  const c = await campaign();
  const started = performance.now();
  const stored = await seedResponses(ctx, c.id, Number(values.rows), { batchSize: 5000 });
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ stored, seconds }));
} else {
  const c = await campaign();
  // An administrator of the whole campaign: every response is exported.
  const grants = (await listCampaignScope(ctx.db, c.id)).map((u) => ({
    role: "admin" as const,
    unitPath: u.path,
  }));
  const r = await resolveExport(ctx, grants, { campaignId: c.id, includeFlagged: false });
  if (!r.ok) throw new Error(r.message);
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const baseRssMb = process.memoryUsage().rss / 1024 / 1024;
  // The peak is sampled here: getrusage's maxRSS of a spawned process also counts the
  // memory its parent had when it forked (npm run bench's own, ~400 MB after the dashboards).
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  const started = performance.now();
  const body =
    values.format === "xlsx"
      ? xlsxStream(ctx, r.value, { who: "bench" })
      : toByteStream(csvChunks(ctx, r.value, "codes"));
  await pipeline(body as unknown as NodeJS.ReadableStream, sink);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const rows = Number(
    (
      await ctx.db
        .selectFrom("response")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("campaign_id", "=", c.id)
        .where("flag_reason", "is", null)
        .executeTakeFirstOrThrow()
    ).n,
  );
  // The whole process, database and all.
  const peakRssMb = peakRss / 1024 / 1024;
  console.log(JSON.stringify({ rows, bytes, seconds, peakRssMb, baseRssMb }));
}
await ctx.close();
