/**
 * Events reach a receiver without loss (issue 16): the production server delivers to an HTTP
 * receiver on loopback that is down (connection refused) for a minute while responses keep
 * arriving, then up: every committed event arrives, each signature valid. Then the server is
 * killed (SIGKILL) while deliveries are in flight and restarted on the same database: every
 * committed event still arrives, repeats only with the same id. The back-off is shortened with
 * WEBHOOK_RETRY_BASE_SECONDS / WEBHOOK_RETRY_MAX_SECONDS (1 s doubling to 4 s instead of 1 min
 * to 6 h), so the minute down costs a minute. WEBHOOK_OUTAGE_MS shortens the outage itself.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { insertWebhook } from "#db/queries/outbox";
import { createAppContext, type AppContext } from "~/services/context.server";
import { freePort, type RunningServer } from "../e2e/server";
import { startReceiver, type Receiver } from "../fixtures/webhook-receiver";
import { demoCampaigns, isAck, loadForm, sendAll, startApp, validSubmission } from "./harness";
import { seededRandom } from "~/domain/synthetic";

const SECRET = "khoa-ky-thu-nghiem-do-tin-cay-2026";
const OUTAGE_MS = Number(process.env.WEBHOOK_OUTAGE_MS ?? 60_000);

const env = (databaseUrl?: string): Record<string, string> => ({
  WEBHOOK_ALLOW_PRIVATE: "1",
  WEBHOOK_RETRY_BASE_SECONDS: "1",
  WEBHOOK_RETRY_MAX_SECONDS: "4",
  JOBS_POLL_SECONDS: "0.2",
  JOBS_LEASE_SECONDS: "2",
  JOBS_CONCURRENCY: "4",
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
});

let server: RunningServer | undefined;
let ctx: AppContext | undefined;
const receivers: Receiver[] = [];

afterAll(async () => {
  await ctx?.close();
  await server?.stop();
  for (const r of receivers) await r.close();
});

async function receiverOn(port: number, delayMs?: number) {
  const r = await startReceiver(SECRET, { port, delayMs });
  receivers.push(r);
  return r;
}

/** Every received request over all the receiver's lives, by event id. */
function union(list: Receiver[]) {
  const all = list.flatMap((r) => r.received);
  return { all, ids: new Set(all.map((x) => x.id)), invalid: all.filter((x) => !x.signatureValid) };
}

async function committedEventIds() {
  const rows = await ctx!.db.selectFrom("event").select("id").execute();
  return new Set(rows.map((r) => r.id));
}

async function until(cond: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Acknowledged submissions' response ids (server-made) for these client ids. */
async function responseIds(clientIds: string[]) {
  const rows = await ctx!.db
    .selectFrom("response")
    .select("id")
    .where("client_id", "in", clientIds)
    .execute();
  return rows.map((r) => r.id);
}

describe("webhook deliveries", () => {
  let port: number;
  let send: (n: number) => Promise<string[]>;

  it("reach a receiver that was down for a minute: every committed event, each signature valid", async () => {
    server = await startApp(env());
    ctx = await createAppContext(server.databaseUrl);
    port = await freePort();
    // A webhook on every top-level unit: every response of the demo is an event it takes.
    const roots = await ctx.db
      .selectFrom("unit")
      .select("id")
      .where("parent_id", "is", null)
      .execute();
    for (const r of roots)
      await insertWebhook(ctx.db, {
        unitId: r.id,
        url: `http://127.0.0.1:${port}/hook`,
        secret: SECRET,
        events: ["response.accepted"],
        includeAnswers: false,
        description: null,
        userId: null,
        clientId: null,
      });
    const form = await loadForm(server.baseUrl, demoCampaigns(server.output())[0]!.token);
    const rand = seededRandom(16);
    send = async (n) => {
      const subs = Array.from({ length: n }, () => ({
        ...validSubmission(form, rand),
        id: randomUUID(),
      }));
      const results = await sendAll(server!.baseUrl, subs, 8);
      return subs.filter((_, i) => isAck(results[i]!.status)).map((s) => s.id);
    };

    // Down: nothing listens on the port (connection refused) for a minute.
    const down = Date.now();
    const acked = await send(20);
    await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
    acked.push(...(await send(20)));
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - down))));
    expect(acked).toHaveLength(40);
    const failed = await ctx.db
      .selectFrom("webhook_delivery")
      .select("id")
      .where("attempts", ">", 0)
      .where("status", "=", "pending")
      .execute();
    expect(failed.length).toBeGreaterThan(0); // they were tried, and retried, while down

    const up = await receiverOn(port);
    const committed = await committedEventIds();
    expect(committed.size).toBe(40);
    await until(
      () => union([up]).ids.size >= committed.size,
      60_000,
      "every event after the outage",
    );
    const got = union([up]);
    expect(got.ids).toEqual(committed);
    expect(got.invalid).toEqual([]);
    const delivered = got.all.map((x) => (x.body.data as { responseId: string }).responseId);
    expect(new Set(delivered)).toEqual(new Set(await responseIds(acked)));
    const dead = await ctx.db
      .selectFrom("webhook_delivery")
      .select("id")
      .where("status", "=", "dead")
      .execute();
    expect(dead).toEqual([]);
  }, 240_000);

  it("survive a SIGKILL mid-delivery: every committed event arrives, repeats only with the same id", async () => {
    // The receiver holds each answer 1.5 s: deliveries are in flight when the server dies.
    await receivers[0]!.close();
    const slow = await receiverOn(port, 1500);
    const before = await committedEventIds();
    const acked = await send(30);
    await until(() => slow.arrived >= 4, 30_000, "deliveries in flight");
    await server!.kill("SIGKILL");
    server = await startApp(env(server!.databaseUrl));

    const committed = await committedEventIds();
    const fresh = new Set([...committed].filter((id) => !before.has(id)));
    expect(fresh.size).toBe(30);
    await until(
      () => [...fresh].every((id) => union([slow]).ids.has(id)),
      90_000,
      "every event after the restart",
    );
    const got = union([slow]);
    expect(got.invalid).toEqual([]);
    // At least once: a delivery cut by the kill is sent again, with the same event id.
    expect(got.all.length).toBeGreaterThanOrEqual(fresh.size);
    expect([...got.ids].every((id) => committed.has(id))).toBe(true);
    const delivered = got.all
      .filter((x) => fresh.has(x.id))
      .map((x) => (x.body.data as { responseId: string }).responseId);
    expect(new Set(delivered)).toEqual(new Set(await responseIds(acked)));
    console.log(
      "webhooks after SIGKILL:",
      JSON.stringify({
        events: fresh.size,
        requests: got.all.length,
        repeats: got.all.length - got.ids.size,
      }),
    );
  }, 240_000);
});
