/**
 * Hostile questionnaires against the production server (issue 13, findings 1–3): each is
 * uploaded by a manager at /manage/questionnaires, or its answers are sent to the API, while
 * /healthz is asked every 100 ms; each upload is refused with a clear message or stored in a
 * harmless form, never a 5xx, and /healthz answers within 1 s throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../e2e/server";
import { signInDemo, startApp, tempDir } from "./harness";

let server: RunningServer;
let cookie = "";
let ownerUnitId = "";
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  server = await startApp({ DATABASE_URL: `${dir.dir}/hostile.db` });
  cookie = await signInDemo(server);
  const page = await (
    await fetch(`${server.baseUrl}/manage/questionnaires`, { headers: { Cookie: cookie } })
  ).text();
  ownerUnitId = /<option value="([^"]+)"/.exec(page)?.[1] ?? "";
  // The upload page says what a questionnaire may contain.
  expect(page).toContain("Phiếu được chấp nhận");
  expect(page).toMatch(/multipletext[\s\S]*trigger/);
  expect(ownerUnitId).not.toBe("");
});

afterAll(async () => {
  await server?.stop();
  dir?.remove();
});

/** Runs `work` while asking /healthz every 100 ms; the slowest /healthz answer, in ms. */
async function whileHealthy<T>(work: () => Promise<T>): Promise<{ result: T; slowest: number }> {
  let done = false;
  let slowest = 0;
  const probe = (async () => {
    for (let i = 0; i < 600 && !done; i++) {
      const t = performance.now();
      const res = await fetch(`${server.baseUrl}/healthz`);
      await res.arrayBuffer();
      slowest = Math.max(slowest, performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  // Let the first probe start before the work.
  await new Promise((r) => setTimeout(r, 50));
  const result = await work().finally(() => {
    done = true;
  });
  await probe;
  return { result, slowest };
}

/** The upload form as a browser sends it: multipart, the questionnaire as a .json file. */
function upload(doc: unknown) {
  const body = new FormData();
  body.set("ownerUnitId", ownerUnitId);
  body.set("file", new Blob([toJson(doc)], { type: "application/json" }), "phieu.json");
  return fetch(`${server.baseUrl}/manage/questionnaires`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: server.baseUrl },
    body,
  }).then(async (res) => ({ status: res.status, text: await res.text() }));
}

const slugOf = (name: string) => `t01-${name}`;

function questionnaire(name: string, elements: unknown[]) {
  return {
    slug: slugOf(name),
    meta: { title: `Phiếu thử ${name}`, sector: "generic", verification: "own" },
    survey: { pages: [{ name: "p1", elements }] },
  };
}

/** 20,000 nested panels, written as text: JSON.stringify itself cannot go that deep. */
class Nested {
  constructor(readonly depth: number) {}
  json(): string {
    let s = '{"type":"text","name":"leaf"}';
    for (let i = 0; i < this.depth; i++) s = `{"type":"panel","name":"p${i}","elements":[${s}]}`;
    return s;
  }
}

function toJson(doc: unknown): string {
  const nested = findNested(doc);
  const text = JSON.stringify(doc, (_k, v: unknown) => (v instanceof Nested ? "@@nested@@" : v));
  return nested ? text.replace('"@@nested@@"', () => nested.json()) : text;
}

function findNested(v: unknown): Nested | undefined {
  if (v instanceof Nested) return v;
  if (v && typeof v === "object")
    for (const x of Object.values(v)) {
      const n = findNested(x);
      if (n) return n;
    }
  return undefined;
}

const orTerms = Array.from({ length: 60_000 }, (_, i) => `{a} = ${i % 10}`).join(" or ");

const REFUSED: Array<[string, unknown[], RegExp]> = [
  ["rate-1e7", [{ type: "rating", name: "r", rateMax: 1e7 }], /tối đa 11/],
  ["rate-2e6", [{ type: "rating", name: "r", rateMax: 2e6 }], /tối đa 11/],
  [
    "or-terms",
    [
      { type: "text", name: "a" },
      { type: "text", name: "b", visibleIf: orTerms },
    ],
    /tối đa 1000/,
  ],
  ["panels", [new Nested(20_000)], /lồng/],
  ["proto", [{ type: "checkbox", name: "__proto__", choices: ["keys"] }], /dành riêng/],
  ["constructor", [{ type: "radiogroup", name: "constructor", choices: ["keys"] }], /dành riêng/],
];

describe("hostile questionnaires uploaded by a manager", () => {
  it.each(REFUSED)(
    "refuses %s with a message, /healthz within 1 s",
    async (name, elements, why) => {
      const doc = questionnaire(name, elements);
      expect(toJson(doc).length).toBeLessThan(1_000_000);
      const { result, slowest } = await whileHealthy(() => upload(doc));
      expect(result.status).toBeLessThan(500);
      expect(result.text).toMatch(why);
      expect(slowest).toBeLessThan(1000);
      // Nothing stored.
      const preview = await fetch(`${server.baseUrl}/questionnaires/${slugOf(name)}`);
      expect(preview.status).toBe(404);
    },
  );

  it("stores escalation HTML only in its harmless form, previewed in a sandbox", async () => {
    const html =
      '<p>Chào</p><form action="/admin/people/x" method="post" target="f"><input name="role" value="admin"><button style="position:fixed;inset:0">x</button></form><iframe name="f"></iframe><meta http-equiv="refresh" content="0;url=https://evil.example">';
    const doc = questionnaire("html", [
      { type: "html", name: "intro", html },
      { type: "comment", name: "idea" },
    ]);
    const { result, slowest } = await whileHealthy(() => upload(doc));
    expect(result.status).toBeLessThan(500);
    expect(slowest).toBeLessThan(1000);
    const preview = await fetch(`${server.baseUrl}/questionnaires/${slugOf("html")}`, {
      headers: { Cookie: cookie },
    });
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-security-policy")).toMatch(/sandbox allow-scripts/);
    const page = await preview.text();
    expect(page).toContain("Chào");
    expect(page).not.toMatch(
      /<form action=\\"\/admin|<iframe|http-equiv|evil\.example|position:fixed/,
    );
  });
});

describe("hostile answers", () => {
  it("refuses two checkbox answers of 15,000 items each by their shape, /healthz within 1 s", async () => {
    const tokens = [...server.output().matchAll(/survey link:\s+\S+\/s\/([A-Za-z0-9_-]+)/g)].map(
      (m) => m[1]!,
    );
    let tried = 0;
    for (const token of tokens) {
      const form = (await (await fetch(`${server.baseUrl}/api/v1/forms/${token}`)).json()) as {
        questionnaire?: { survey?: { pages: Array<{ elements?: unknown[] }> } };
        survey?: { pages: Array<{ elements?: unknown[] }> };
      };
      const survey = form.questionnaire?.survey ?? form.survey;
      const checkboxes: string[] = [];
      const visit = (els: unknown[] = []) => {
        for (const e of els as Array<Record<string, unknown>>) {
          if (e.type === "checkbox") checkboxes.push(String(e.name));
          if (Array.isArray(e.elements)) visit(e.elements);
        }
      };
      for (const p of survey?.pages ?? []) visit(p.elements);
      if (checkboxes.length === 0) continue;
      tried++;
      const big = Array.from({ length: 15_000 }, () => 0);
      const answers = Object.fromEntries(checkboxes.slice(0, 2).map((n) => [n, big]));
      const { result, slowest } = await whileHealthy(async () => {
        const res = await fetch(`${server.baseUrl}/api/v1/responses`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ id: crypto.randomUUID(), token, answers }),
        });
        return { status: res.status, body: await res.text() };
      });
      expect([413, 422]).toContain(result.status);
      expect(slowest).toBeLessThan(1000);
    }
    expect(tried).toBeGreaterThan(0);
  });
});
