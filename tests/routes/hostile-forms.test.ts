/**
 * Forms as an attacker fills them: the unit CSV import's size limits, where sign-in sends
 * people afterwards, and state-changing requests from other sites.
 */
import { describe, expect, it } from "vitest";
import * as unitsImport from "~/routes/admin.units.import";
import { MAX_UNIT_CSV_BYTES } from "~/domain/unit-csv";
import { asUser, makeTestApp } from "../fixtures/app";

type App = Awaited<ReturnType<typeof makeTestApp>>;

async function outcome(run: () => Promise<unknown>) {
  try {
    const r = await run();
    if (r instanceof Response) return { status: r.status, headers: r.headers, body: null };
    const init = (r as { init?: { status?: number } } | null)?.init;
    return { status: init?.status ?? 200, headers: new Headers(), body: r as { data?: unknown } };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, headers: e.headers, body: null };
    const init = (e as { init?: { status?: number } }).init;
    if (init?.status) return { status: init.status, headers: new Headers(), body: e };
    throw e;
  }
}

describe("unit CSV import", () => {
  const post = async (app: App, fields: Record<string, string | Blob>) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    const request = await asUser(app.ctx, app.people.admin.id, "/admin/units/import", {
      method: "POST",
      body,
    });
    return outcome(() => unitsImport.action({ request, params: {}, context: {} }));
  };
  // CRLF: a form sends line breaks as CRLF, so the byte counts are what the server reads.
  const header = "code,name,kind,sector,parent_code\r\n";
  const line = "P-C-9,Quầy 9,counter,administrative,P-C\r\n";
  const lineBytes = new TextEncoder().encode(line).byteLength;
  const rows = (bytes: number) =>
    header + line.repeat(Math.floor((bytes - header.length) / lineBytes));
  const big = rows(MAX_UNIT_CSV_BYTES + 2 * lineBytes);

  it("refuses pasted text over the limit as it refuses a file, before reading it as CSV", async () => {
    const app = await makeTestApp();
    expect(new TextEncoder().encode(big).byteLength).toBeGreaterThan(MAX_UNIT_CSV_BYTES);
    const pasted = await post(app, { intent: "check", csv: big });
    expect(pasted.status).toBe(413);
    expect(pasted.body).toMatchObject({ data: { tooLarge: true } });
    const file = await post(app, { intent: "check", file: new Blob([big], { type: "text/csv" }) });
    expect(file.status).toBe(413);
    // Just under the limit is read (and here refused line by line: duplicate codes).
    const read = await post(app, { intent: "check", csv: rows(MAX_UNIT_CSV_BYTES) });
    expect(read.status).toBe(422);
  });
});
