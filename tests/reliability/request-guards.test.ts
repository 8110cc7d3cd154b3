/**
 * What the production server refuses before any route runs.
 * Bodies: every route, not only the ingestion API, reads at most its limit and answers 413
 * in Vietnamese; memory stays flat under a 100 MB body; a keep-alive connection that got a
 * 413 serves its next request at once; /healthz answers within a second meanwhile.
 * Origins: a state-changing request from another site or with `Origin: null` answers 403,
 * and the log gets no stack trace for it.
 */
import { connect } from "node:net";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../e2e/server";
import { rawRequest, rssMb, signInDemo, startApp, tempDir } from "./harness";

let server: RunningServer;
const tmp = tempDir();

beforeAll(async () => {
  server = await startApp({ DATABASE_URL: `${tmp.dir}/bodies.db` });
});

afterAll(async () => {
  await server?.stop();
  tmp.remove();
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
}

/**
 * Sends `raw` on one TCP connection and reads `count` HTTP responses from it in order
 * (Content-Length or chunked bodies). Resolves with what arrived within `timeoutMs`.
 */
function onOneConnection(raw: Buffer[], count: number, timeoutMs = 10_000): Promise<Answer[]> {
  const url = new URL(server.baseUrl);
  return new Promise((resolve) => {
    const started = performance.now();
    const answers: Answer[] = [];
    let buf = Buffer.alloc(0);
    const socket = connect(Number(url.port), url.hostname);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answers);
    };
    const timer = setTimeout(finish, timeoutMs);
    const parse = () => {
      for (;;) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const lines = buf.subarray(0, end).toString("latin1").split("\r\n");
        const status = Number(lines[0]!.split(" ")[1]);
        const headers = Object.fromEntries(
          lines.slice(1).map((l) => {
            const i = l.indexOf(":");
            return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()];
          }),
        );
        let rest = buf.subarray(end + 4);
        let body: Buffer;
        if (headers["transfer-encoding"] === "chunked") {
          const parts: Buffer[] = [];
          for (;;) {
            const nl = rest.indexOf("\r\n");
            if (nl < 0) return;
            const size = parseInt(rest.subarray(0, nl).toString(), 16);
            if (rest.length < nl + 2 + size + 2) return;
            parts.push(rest.subarray(nl + 2, nl + 2 + size));
            rest = rest.subarray(nl + 2 + size + 2);
            if (size === 0) break;
          }
          body = Buffer.concat(parts);
        } else {
          const length = Number(headers["content-length"] ?? 0);
          if (rest.length < length) return;
          body = rest.subarray(0, length);
          rest = rest.subarray(length);
        }
        answers.push({
          status,
          headers,
          body: body.toString("utf8"),
          ms: performance.now() - started,
        });
        buf = rest;
        if (answers.length === count) return finish();
      }
    };
    socket.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      parse();
    });
    socket.on("error", finish);
    socket.on("close", finish);
    socket.on("connect", async () => {
      for (const part of raw) {
        if (socket.destroyed) return;
        if (!socket.write(part)) await new Promise((r) => socket.once("drain", r));
      }
    });
  });
}

const host = () => new URL(server.baseUrl).host;
const post = (path: string, type: string, body: Buffer | string) => {
  const bytes = Buffer.from(body);
  return Buffer.concat([
    Buffer.from(
      `POST ${path} HTTP/1.1\r\nHost: ${host()}\r\nOrigin: ${server.baseUrl}\r\nContent-Type: ${type}\r\nContent-Length: ${bytes.length}\r\n\r\n`,
    ),
    bytes,
  ]);
};
const get = (path: string) => Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
const form = (n: number) => `login=quantri&password=${"x".repeat(n)}`;

describe("a body over its route's limit", () => {
  it.each([
    ["/login", "application/x-www-form-urlencoded", form(70 * 1024)],
    ["/kiosk/pair", "application/x-www-form-urlencoded", `code=${"A".repeat(70 * 1024)}`],
    ["/api/v1/responses", "application/json", JSON.stringify({ x: "y".repeat(70 * 1024) })],
    ["/api/v1/responses", "application/json", JSON.stringify({ x: "y".repeat(2 * 1024 * 1024) })],
    [
      "/manage/questionnaires",
      "application/x-www-form-urlencoded",
      `json=${"{".repeat(200 * 1024)}`,
    ],
  ])(
    "%s: 413 in Vietnamese, and the same keep-alive connection answers the next request at once",
    async (path, type, body) => {
      const [refused, next] = await onOneConnection([post(path, type, body), get("/healthz")], 2);
      expect(refused?.status).toBe(413);
      expect(refused!.body).toMatch(/quá lớn \(tối đa 64 KB\)/);
      if (path.startsWith("/api/"))
        expect(JSON.parse(refused!.body).error).toBe("payload_too_large");
      else expect(refused!.headers["content-type"]).toMatch(/^text\/html/);
      // Before: the rest of the body stayed unread and this request hung ~6 s, then a reset.
      expect(next?.status).toBe(200);
      expect(next!.ms - refused!.ms).toBeLessThan(2_000);
    },
  );

  it("a form under the limit still works on a reused connection (wrong password: 401)", async () => {
    const [first, second] = await onOneConnection(
      [post("/login", "application/x-www-form-urlencoded", form(20)), get("/healthz")],
      2,
    );
    expect(first?.status).toBe(401);
    expect(second?.status).toBe(200);
  });

  it("uploads take more only from a signed-in session", async () => {
    const cookie = await signInDemo(server);
    const csv = `code,name,kind,sector,parent_code\r\n${"X,Y,counter,administrative,T01\r\n".repeat(10_000)}`;
    const body = new FormData();
    body.set("intent", "check");
    body.set("csv", csv);
    const send = (headers: Record<string, string>) =>
      fetch(`${server.baseUrl}/admin/units/import`, {
        method: "POST",
        headers: { Origin: server.baseUrl, ...headers },
        body,
        redirect: "manual",
      });
    expect((await send({})).status).toBe(413);
    expect(
      (await send({ Cookie: "hl_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })).status,
    ).toBe(413);
    // Read, checked and refused line by line (duplicate codes), not refused for its size.
    expect((await send({ Cookie: cookie })).status).toBe(422);
  });
});

describe("a 100 MB body", () => {
  it("is never buffered: memory stays flat, /healthz answers within a second meanwhile", async () => {
    const before = rssMb(server.pid);
    const size = 100 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const slowest = { ms: 0 };
    let sending = true;
    const probe = (async () => {
      while (sending) {
        const t = performance.now();
        const r = await rawRequest(server.baseUrl, { path: "/healthz" });
        expect(r.status).toBe(200);
        slowest.ms = Math.max(slowest.ms, performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const outcome = await new Promise<number | "closed">((resolve) => {
      const url = new URL(server.baseUrl);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: "POST",
          path: "/login",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": size },
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? "closed");
        },
      );
      req.on("error", () => resolve("closed"));
      (async () => {
        for (let sent = 0; sent < size && !req.destroyed; sent += chunk.length)
          if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
        req.end();
      })().catch(() => undefined);
    });
    sending = false;
    await probe;
    // Answered before the body was sent: the server closes the connection behind its 413.
    expect([413, "closed"]).toContain(outcome);
    expect(rssMb(server.pid) - before).toBeLessThan(40);
    expect(slowest.ms).toBeLessThan(1_000);
    expect((await rawRequest(server.baseUrl, { path: "/healthz" })).status).toBe(200);
  });

  it("sent in chunks without a length to /kiosk/pair: cut off, the server goes on answering", async () => {
    const before = rssMb(server.pid);
    const res = await rawRequest(server.baseUrl, {
      method: "POST",
      path: "/kiosk/pair",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Transfer-Encoding": "chunked",
      },
      chunked: Array.from({ length: 32 }, () => Buffer.alloc(1024 * 1024, 0x61)),
    });
    expect([413, "error"]).toContain(res.status);
    expect(rssMb(server.pid) - before).toBeLessThan(40);
    expect((await rawRequest(server.baseUrl, { path: "/healthz" })).status).toBe(200);
  });
});

describe("a state-changing request from another site", () => {
  it.each([
    ["https://evil.example", "/login", "login=quantri&password=sai-mat-khau"],
    ["null", "/login", "login=quantri&password=sai-mat-khau"],
    ["https://evil.example", "/kiosk/pair", "code=ABCDEFGH"],
    ["null", "/admin/people", "login=ke-gian&unitId=x&role=admin"],
    ["http://127.0.0.1.evil.example", "/logout", ""],
    ["not a url", "/account", "current=a&next=b"],
  ])("Origin %s → %s: 403 in Vietnamese, nothing in the log", async (origin, path, body) => {
    const logged = server.output().length;
    const res = await rawRequest(server.baseUrl, {
      method: "POST",
      path,
      headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/không đến từ trang của Hài Lòng/);
    // Refused by Remix's own check, this was a 500 with a stack trace per request.
    expect(server.output().slice(logged)).toBe("");
  });

  it("the same form from this site is taken (a wrong password: 401)", async () => {
    const res = await rawRequest(server.baseUrl, {
      method: "POST",
      path: "/login",
      headers: { Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: "login=quantri&password=sai-mat-khau",
    });
    expect(res.status).toBe(401);
  });
});
