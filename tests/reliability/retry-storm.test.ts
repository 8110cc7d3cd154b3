/**
 * A retry storm: 1,000 client ids, each sent 5 times at once (kiosks that time out and
 * resend, a flaky network replaying requests). Exactly 1,000 responses are stored, each
 * id is answered 201 once and 200 four times, and the rollups count each response once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../e2e/server";
import { seededRandom } from "~/domain/synthetic";
import {
  checkRollups,
  demoCampaigns,
  duplicateRows,
  loadForm,
  openDatabase,
  sendAll,
  startApp,
  storedResponses,
  tempDir,
  validSubmission,
  type Submission,
} from "./harness";

let server: RunningServer;
const tmp = tempDir();

beforeAll(async () => {
  server = await startApp({ DATABASE_URL: `${tmp.dir}/storm.db` });
});

afterAll(async () => {
  await server?.stop();
  tmp.remove();
});

describe("retry storm", () => {
  it("stores exactly 1,000 of 1,000 ids × 5 concurrent sends, rollups exact", async () => {
    const rand = seededRandom(5);
    const campaigns = demoCampaigns(server.output()).slice(0, 2);
    const forms = await Promise.all(campaigns.map((c) => loadForm(server.baseUrl, c.token)));
    const subs: Submission[] = Array.from({ length: 1000 }, (_, i) =>
      validSubmission(forms[i % forms.length]!, rand),
    );
    // Half the ids have their five copies side by side (they meet in one group commit),
    // the other half are spread over the whole storm (they meet across commits).
    const adjacent = subs.slice(0, 500).flatMap((s) => [s, s, s, s, s]);
    const spread = [...subs.slice(500), ...subs.slice(500), ...subs.slice(500)];
    spread.push(...subs.slice(500), ...subs.slice(500));
    spread.sort(() => rand() - 0.5);
    const storm: Submission[] = [];
    for (let i = 0; i < Math.max(adjacent.length, spread.length); i++) {
      if (adjacent[i]) storm.push(adjacent[i]!);
      if (spread[i]) storm.push(spread[i]!);
    }
    expect(storm).toHaveLength(5000);

    const results = await sendAll(server.baseUrl, storm, 100);
    const byId = new Map<string, number[]>();
    results.forEach((r, i) => {
      const list = byId.get(storm[i]!.id) ?? [];
      list.push(r.status as number);
      byId.set(storm[i]!.id, list);
    });
    for (const [, statuses] of byId) {
      expect(statuses.sort()).toEqual([200, 200, 200, 200, 201]);
    }

    const db = openDatabase(server.databaseUrl);
    try {
      const ids = new Set(subs.map((s) => s.id));
      const stored = storedResponses(db).filter((r) => ids.has(r.client_id));
      expect(stored).toHaveLength(1000);
      expect(duplicateRows(db)).toBe(0);
      for (const r of stored) {
        const sent = subs.find((s) => s.id === r.client_id)!;
        expect(JSON.parse(r.answers)).toEqual(sent.answers);
      }
      const check = checkRollups(db);
      expect(check.invalid).toEqual([]);
      expect(check.mismatches).toEqual([]);
    } finally {
      db.close();
    }
  });
});
