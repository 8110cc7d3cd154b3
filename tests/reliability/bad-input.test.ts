/**
 * Bad input against the production server: malformed JSON, huge bodies, deep nesting,
 * wrong types, unknown fields, Unicode edge cases, script and SQL in text, path tricks
 * in tokens and URLs. Every refused case answers 4xx (never 5xx) and stores nothing;
 * valid answers with odd but legal text are stored byte-exact, and pages never render
 * that text as HTML.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "~/domain/synthetic";
import type { CompiledQuestion } from "~/domain/validator";
import type { RunningServer } from "../e2e/server";
import {
  demoCampaigns,
  loadForm,
  openDatabase,
  rawRequest,
  rollupTotal,
  signInDemo,
  startApp,
  storedResponses,
  tempDir,
  validSubmission,
  type DemoCampaign,
  type Form,
  type RawResponse,
} from "./harness";

let server: RunningServer;
let form: Form;
let campaign: DemoCampaign;
let comment: CompiledQuestion;
const tmp = tempDir();
const rand = seededRandom(21);

beforeAll(async () => {
  server = await startApp({ DATABASE_URL: `${tmp.dir}/bad.db` });
  campaign = demoCampaigns(server.output())[0]!;
  form = await loadForm(server.baseUrl, campaign.token);
  comment = form.compiled.questions.find((q) => q.kind === "comment" && q.maxLength >= 1000)!;
  expect(comment).toBeDefined();
});

afterAll(async () => {
  await server?.stop();
  tmp.remove();
});

function fingerprint() {
  const db = openDatabase(server.databaseUrl);
  try {
    return { responses: storedResponses(db).length, rollup: rollupTotal(db) };
  } finally {
    db.close();
  }
}

const valid = () => validSubmission(form, rand);
const json = (v: unknown) => JSON.stringify(v);

function post(body: string | Buffer, headers: Record<string, string> = {}) {
  return rawRequest(server.baseUrl, {
    method: "POST",
    path: "/api/v1/responses",
    headers: { "Content-Type": "application/json", ...headers },
    body,
  });
}

function expectApiError(res: RawResponse) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  const body = JSON.parse(res.body) as { error?: string; message?: string; errors?: unknown[] };
  // A machine-readable code and a message in Vietnamese, or the per-question errors.
  if (body.errors) expect(body.errors.length).toBeGreaterThan(0);
  else {
    expect(body.error).toMatch(/^[a-z_]+$/);
    expect(String(body.message).length).toBeGreaterThan(10);
  }
}

const deepArray = (n: number) => "[".repeat(n) + "]".repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
/** A valid body with one raw JSON fragment put in place of an answer or a field. */
const withAnswer = (key: string, rawValue: string) => {
  const s = valid();
  return `{"id":${json(s.id)},"token":${json(s.token)},"answers":${json(s.answers).slice(0, -1)},${json(key)}:${rawValue}}}`;
};
const withField = (field: string, rawValue: string) => {
  const s = valid() as unknown as Record<string, unknown>;
  delete s[field];
  return `${json(s).slice(0, -1)},${json(field)}:${rawValue}}`;
};
const firstRating = () => form.compiled.questions.find((q) => q.kind === "rating")!.name;

type Case = [name: string, send: () => Promise<RawResponse>, status: number];

const cases: Case[] = [
  // Malformed JSON and bodies that are not an object.
  ["an empty body", () => post(""), 400],
  ["an unfinished object", () => post('{"id": '), 400],
  ["a trailing comma", () => post(json(valid()).slice(0, -1) + ",}"), 400],
  ["single quotes", () => post("{'id': 'x'}"), 400],
  ["NaN", () => post('{"id": NaN}'), 400],
  ["a byte-order mark before the JSON", () => post("\uFEFF" + json(valid())), 400],
  ["two objects back to back", () => post(json(valid()) + json(valid())), 400],
  ["null", () => post("null"), 400],
  ["a string", () => post('"hello"'), 400],
  ["a number", () => post("123"), 400],
  ["an array of submissions", () => post(json([valid()])), 400],
  [
    "bytes that are not UTF-8",
    () =>
      post(
        Buffer.concat([
          Buffer.from(withAnswer(comment.name, '"abc').slice(0, -2)),
          Buffer.from([0xff, 0xfe, 0xc0, 0xbc]),
          Buffer.from('"}}'),
        ]),
      ),
    400,
  ],
  // Size.
  [
    "a body over 64 KB with Content-Length",
    () => post(withAnswer(comment.name, json("x".repeat(70 * 1024)))),
    413,
  ],
  ["a 2 MB body", () => post("[" + "1,".repeat(1 << 20) + "1]"), 413],
  [
    "a comment longer than its limit",
    () => post(withAnswer(comment.name, json("y".repeat(20_000)))),
    422,
  ],
  [
    "5,000 unknown answers",
    () =>
      post(
        withAnswer("k0", `1,${Array.from({ length: 5000 }, (_, i) => `"k${i + 1}":1`).join(",")}`),
      ),
    422,
  ],
  // Deep nesting.
  [
    "a 20,000-deep array as an answer",
    () => post(withAnswer(firstRating(), deepArray(20_000))),
    422,
  ],
  [
    "a 10,000-deep object as an answer",
    () => post(withAnswer(comment.name, deepObject(10_000))),
    422,
  ],
  ["a deep object under an unknown key", () => post(withAnswer("zzz", deepObject(10_000))), 422],
  ["a deep array as the id", () => post(withField("id", deepArray(10_000))), 400],
  ["a deep array as the whole body", () => post(deepArray(30_000)), 400],
  // Wrong types.
  ["a number as the id", () => post(withField("id", "123")), 400],
  ["null as the id", () => post(withField("id", "null")), 400],
  [
    "an id that is not a UUID",
    () => post(withField("id", '"12345678-1234-1234-1234-1234567890"')),
    400,
  ],
  ["a UUID with a trailing space", () => post(withField("id", json(randomUUID() + " "))), 400],
  ["a number as the token", () => post(withField("token", "12345678")), 400],
  ["a string as the answers", () => post(withField("answers", '"q1=5"')), 400],
  ["a list as the answers", () => post(withField("answers", "[5, 4]")), 400],
  ["null as the answers", () => post(withField("answers", "null")), 400],
  ["a date that is not ISO 8601", () => post(withField("startedAt", '"hôm qua"')), 400],
  ["a number as startedAt", () => post(withField("startedAt", "1700000000")), 400],
  // Any language code is recorded as sent (a province's locale pack, e.g. "km"); a malformed one is refused.
  ["a locale that is not a language code", () => post(withField("locale", '"fr_FR!"')), 400],
  ["an object as a rating", () => post(withAnswer(firstRating(), '{"v":5}')), 422],
  ["a list as a rating", () => post(withAnswer(firstRating(), "[5]")), 422],
  ["a word as a rating", () => post(withAnswer(firstRating(), '"năm"')), 422],
  ["a fraction as a rating", () => post(withAnswer(firstRating(), "4.5")), 422],
  ["1e309 (Infinity) as a rating", () => post(withAnswer(firstRating(), "1e309")), 422],
  [
    "an object whose toString is not a function",
    () => post(withAnswer(firstRating(), '{"toString":1}')),
    422,
  ],
  ["a number as a comment", () => post(withAnswer(comment.name, "42")), 422],
  // Unknown fields.
  ["an unknown answer", () => post(withAnswer("khong_co", "1")), 422],
  ['a "__proto__" answer', () => post(withAnswer("__proto__", '{"x":1}')), 422],
  ['a "constructor" answer', () => post(withAnswer("constructor", "1")), 422],
  ['a "$responses" answer (a rollup key)', () => post(withAnswer("$responses", "1")), 422],
  // Unicode that is not text.
  ["a lone high surrogate in a comment", () => post(withAnswer(comment.name, '"a\\ud800b"')), 422],
  ["a lone low surrogate in a comment", () => post(withAnswer(comment.name, '"\\udfff"')), 422],
  // Tokens with path tricks, SQL and lookalikes.
  ...[
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2f",
    "....//....//",
    "' OR '1'='1",
    "x'; DROP TABLE response; --",
    "AAAAAAAA\u0000",
    "АААААААА", // Cyrillic lookalikes
    "A".repeat(65),
    "A".repeat(50_000),
    "",
  ].map((token): Case => [
    `the token ${json(token.slice(0, 30))}`,
    () => post(withField("token", json(token))),
    400,
  ]),
  ["an unknown well-formed token", () => post(withField("token", '"AAAAAAAAAAAAAAAA"')), 404],
  // Media types and methods.
  [
    "no Content-Type",
    () =>
      rawRequest(server.baseUrl, {
        method: "POST",
        path: "/api/v1/responses",
        body: json(valid()),
      }),
    415,
  ],
  ["text/plain", () => post(json(valid()), { "Content-Type": "text/plain" }), 415],
  [
    "a form post",
    () => post("id=1&token=2", { "Content-Type": "application/x-www-form-urlencoded" }),
    415,
  ],
  [
    "application/json-patch+json",
    () => post(json(valid()), { "Content-Type": "application/json-patch+json" }),
    415,
  ],
  ...["GET", "PUT", "DELETE", "PATCH"].map((method): Case => [
    `${method} /api/v1/responses`,
    () => rawRequest(server.baseUrl, { method, path: "/api/v1/responses" }),
    405,
  ]),
];

describe("refused input answers 4xx and stores nothing", () => {
  it.each(cases)("%s", async (_name, send, status) => {
    const before = fingerprint();
    const res = await send();
    expect(res.status).toBe(status);
    expectApiError(res);
    expect(fingerprint()).toEqual(before);
  });

  it("a 2 MB body in chunks, without Content-Length: a clean 413, nothing stored", async () => {
    // No declared length: the server counts bytes, stops keeping them after 64 KB and reads
    // the rest only to answer 413 rather than reset a client that is still sending.
    const before = fingerprint();
    const res = await rawRequest(server.baseUrl, {
      method: "POST",
      path: "/api/v1/responses",
      headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      chunked: Array.from({ length: 32 }, () => Buffer.alloc(64 * 1024, 0x20)),
    });
    expect(res.status).toBe(413);
    expectApiError(res);
    expect(fingerprint()).toEqual(before);
  });

  it("an endless body in chunks is cut off, and the server goes on answering", async () => {
    // 32 MB, past what the server reads before it drops the connection (8 MB).
    const before = fingerprint();
    const res = await rawRequest(server.baseUrl, {
      method: "POST",
      path: "/api/v1/responses",
      headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      chunked: Array.from({ length: 512 }, () => Buffer.alloc(64 * 1024, 0x20)),
    });
    expect([413, "error"]).toContain(res.status);
    expect(fingerprint()).toEqual(before);
    expect((await rawRequest(server.baseUrl, { path: "/healthz" })).status).toBe(200);
  });

  it("refused a lone surrogate and a deep value with a per-question error, not a crash", async () => {
    const res = await post(withAnswer(comment.name, '"\\ud800"'));
    expect(JSON.parse(res.body).errors).toContainEqual(
      expect.objectContaining({ question: comment.name, code: "wrong_type" }),
    );
  });

  it("never let a request through to a 5xx: the server still answers and its log has no stack", async () => {
    const res = await rawRequest(server.baseUrl, { path: "/healthz" });
    expect(res.status).toBe(200);
    expect(server.output()).not.toMatch(/RangeError|TypeError|Maximum call stack/);
  });
});

// ------------------------------------------------------------------ odd but legal text

const ODD_TEXT: Array<[string, string]> = [
  ["a script tag", '<script>alert("xss")</script>'],
  ["an image with onerror", '<img src=x onerror=alert(1)>"><svg/onload=alert(2)>'],
  ["SQL", "'); DROP TABLE response; -- 1' OR '1'='1"],
  ["NUL and control characters", "a\u0000b\u0007c\u001b[31md\r\n\t"],
  ["right-to-left override and Arabic", "\u202Egnp.exe مرحبا שלום"],
  [
    "combining marks",
    "Z\u0335\u0322\u031b\u0333a\u0335\u0355l\u0334g\u0338o\u0338 e\u0301\u0302\u0303",
  ],
  ["Vietnamese in NFD (not normalised)", "Tiếng Việt có dấu".normalize("NFD")],
  ["emoji, skin tones, ZWJ families, flags", "👍🏽 👨‍👩‍👧‍👦 🇻🇳 🏳️‍🌈"],
  ["BOM, zero-width and line separators", "\uFEFFa\u200bb\u200dc\u2028d\u2029"],
  ["backslashes and quotes", "\\\"'`${x}\\u0041"],
  ["a path and percent escapes", "../../etc/passwd %2e%2e%2f %00"],
];

describe("odd but legal text is stored byte-exact and never rendered as HTML", () => {
  const accepted: Array<{ id: string; text: string }> = [];

  it.each(ODD_TEXT)("%s", async (_name, text) => {
    const s = valid();
    s.answers[comment.name] = text;
    const res = await post(json(s));
    expect(res.status).toBe(201);
    const db = openDatabase(server.databaseUrl);
    try {
      const row = storedResponses(db).find((r) => r.client_id === s.id)!;
      expect(row.answers).toBe(JSON.stringify(s.answers));
      expect((JSON.parse(row.answers) as Record<string, string>)[comment.name]).toBe(text);
    } finally {
      db.close();
    }
    accepted.push({ id: s.id, text });
  });

  it("a comment exactly at its limit, in 4-byte emoji, is accepted whole", async () => {
    const s = valid();
    s.answers[comment.name] = "😀".repeat(comment.maxLength);
    expect((await post(json(s))).status).toBe(201);
    const over = valid();
    over.answers[comment.name] = "😀".repeat(comment.maxLength + 1);
    expect((await post(json(over))).status).toBe(422);
  });

  it("pages show none of it as markup", async () => {
    expect(accepted.length).toBe(ODD_TEXT.length);
    const cookie = await signInDemo(server);
    // The comments dashboard shows free text: as text, escaped.
    const comments = await rawRequest(server.baseUrl, {
      path: "/dashboard/comments",
      headers: cookie ? { Cookie: cookie } : {},
    });
    expect(comments.status).toBe(200);
    expect(comments.body).toContain("&lt;script&gt;alert(");
    expect(comments.body).toContain("&lt;img src=x onerror=alert(1)&gt;");
    for (const path of [
      "/dashboard/comments",
      campaign.resultsPath,
      `/s/${campaign.token}`,
      "/",
      "/questionnaires",
    ]) {
      const res = await rawRequest(server.baseUrl, {
        path,
        headers: cookie ? { Cookie: cookie } : {},
      });
      expect(res.status).toBe(200);
      expect(res.body).not.toContain('<script>alert("xss")');
      expect(res.body).not.toContain("<img src=x onerror");
      expect(res.body).not.toContain("<svg/onload");
    }
  });
});

// ------------------------------------------------------------------ URLs

const PATHS = [
  "/s/..%2F..%2Fetc%2Fpasswd",
  "/s/%2e%2e%2f%2e%2e%2fpackage.json",
  "/s/../../package.json",
  "/s/%00",
  "/s/%",
  "/s/%E0%A4%A",
  `/s/${"A".repeat(5000)}`,
  "/s/'%20OR%20'1'='1",
  "/api/v1/forms/..%2f..%2fpackage.json",
  "/api/v1/forms/%2e%2e",
  "/api/v1/forms/%27%20OR%201%3D1--",
  `/api/v1/forms/${"B".repeat(3000)}`,
  "/results/..%2f..%2fpackage.json",
  "/results/%27%20OR%201%3D1--",
  "/questionnaires/..%2f..%2fpackage.json",
  "/assets/..%2f..%2fpackage.json",
  "/assets/%2e%2e/%2e%2e/package.json",
  "/assets/../../package.json",
  "/..%2fpackage.json",
  "/%2e%2e/%2e%2e/package.json",
  "/package.json",
  "/server.js",
  "/build/server/index.js",
  "/data/hai-long.db",
  "/.env",
  "/.git/config",
  `/${"a".repeat(20_000)}`,
];

describe("path tricks in URLs", () => {
  it.each(PATHS.map((p) => [p.length > 60 ? `${p.slice(0, 40)}… (${p.length} chars)` : p, p]))(
    "%s is refused without leaking a file",
    async (_label, path) => {
      const before = fingerprint();
      const res = await rawRequest(server.baseUrl, { path });
      expect(res.status).not.toBe("error");
      // 404 mostly; a redirect to sign-in for results pages; never 2xx or 5xx.
      expect(res.status).toBeGreaterThanOrEqual(300);
      expect(res.status).toBeLessThan(500);
      for (const secret of [
        '"name": "hai-long"',
        "createRequestHandler",
        "SQLite format 3",
        "[core]",
        "root:x:0",
      ])
        expect(res.body).not.toContain(secret);
      expect(fingerprint()).toEqual(before);
    },
  );
});

describe("forged proxy headers", () => {
  it("X-Forwarded-Proto from a client, without TRUST_PROXY, does not turn on HSTS", async () => {
    const res = await rawRequest(server.baseUrl, {
      path: "/",
      headers: { "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9" },
    });
    expect(res.status).toBe(200);
    expect(res.headers["strict-transport-security"]).toBeUndefined();
  });
});
