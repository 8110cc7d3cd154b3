/**
 * A link's own budget (RATE_LIMIT_PER_TOKEN_PER_MINUTE, over every address) counts accepted
 * submissions only. Invalid ones (422) count against their client's limits: before, a stream
 * of them from many addresses used the budget up and an honest respondent then got 429.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { submitResponse } from "~/services/ingest.server";
import { makeTestApp } from "../fixtures/app";

// Read when the limiters are made, at import: a small budget for this file, given back after
// (a worker's environment outlives the file).
const before = vi.hoisted(() => {
  const was = process.env.RATE_LIMIT_PER_TOKEN_PER_MINUTE;
  process.env.RATE_LIMIT_PER_TOKEN_PER_MINUTE = "5";
  return was;
});
afterAll(() => {
  if (before === undefined) delete process.env.RATE_LIMIT_PER_TOKEN_PER_MINUTE;
  else process.env.RATE_LIMIT_PER_TOKEN_PER_MINUTE = before;
});

describe("a link's budget", () => {
  it("is not used up by invalid submissions", async () => {
    const app = await makeTestApp();
    const send = (answers: Record<string, unknown>, i: number) =>
      submitResponse(
        app.ctx,
        { id: randomUUID(), token: app.link.token, answers },
        { clientKey: `198.51.100.${i}` },
      );
    for (let i = 0; i < 20; i++) expect((await send({ q1: 9 }, i)).status).toBe(422);
    // The honest respondent, from an address of their own.
    for (let i = 0; i < 5; i++) expect((await send({ q1: 5, q2: 4 }, 100 + i)).status).toBe(201);
    // The budget still holds for accepted ones: the sixth within the minute waits.
    expect((await send({ q1: 5, q2: 4 }, 200)).status).toBe(429);
  });
});
