import { describe, expect, it } from "vitest";
import { availabilityAtTap, DELIVERY_GRACE_HOURS } from "~/domain/campaign";
import {
  AHEAD_TOLERANCE_MS,
  intervalWindowMs,
  notBeforeOf,
  placeTap,
  QUEUE_EMPTY_SLACK_MS,
} from "~/domain/tap-time";

const MIN = 60_000;
const received = new Date("2026-11-30T10:00:00Z");
const at = (ms: number) => new Date(received.getTime() + ms).toISOString();

describe("placing a kiosk's tap", () => {
  it("keeps the tablet's corrected time when it is before receipt", () => {
    // Tapped an hour ago on a clock 10 min fast; the tablet corrected it; sent just now.
    const p = placeTap(
      { startedAt: at(-60 * MIN), deviceStartedAt: at(-50 * MIN), deviceSentAt: at(10 * MIN) },
      { receivedAt: received },
    );
    expect(p).toEqual({
      ok: true,
      at: new Date(at(-60 * MIN)),
      source: "tablet",
      deliverySkewMs: -10 * MIN,
    });
  });

  it("places a tap the tablet could not correct by the offset measured on delivery", () => {
    // No startedAt: the tablet had no offset (a fresh page offline, a clock moved under it).
    const slow = placeTap(
      { deviceStartedAt: at(-70 * MIN), deviceSentAt: at(-10 * MIN) },
      { receivedAt: received },
    );
    expect(slow).toMatchObject({ ok: true, source: "delivery", deliverySkewMs: 10 * MIN });
    if (slow.ok) expect(slow.at.toISOString()).toBe(at(-60 * MIN));
    // A tablet rebooted with a flat clock battery: its clock reads the year 2000.
    const flat = placeTap(
      { deviceStartedAt: "2000-01-01T08:00:00.000Z", deviceSentAt: "2000-01-01T09:00:00.000Z" },
      { receivedAt: received },
    );
    expect(flat).toMatchObject({ ok: true, source: "delivery" });
    if (flat.ok) expect(flat.at.toISOString()).toBe(at(-60 * MIN));
  });

  it("prefers the tablet's correction when the clock was set right between tap and delivery", () => {
    // Tapped at −30 min on a clock 10 min fast (corrected by the tablet), the clock was set
    // right when the network came back: the delivery offset (0) would put the tap 10 min late.
    const p = placeTap(
      { startedAt: at(-30 * MIN), deviceStartedAt: at(-20 * MIN), deviceSentAt: at(0) },
      { receivedAt: received },
    );
    expect(p).toMatchObject({ ok: true, source: "tablet" });
    if (p.ok) expect(p.at.toISOString()).toBe(at(-30 * MIN));
  });

  it("falls back to the delivery offset when the tablet's correction is impossible", () => {
    // The correction says 20 min after receipt (an offset saved before the clock was moved).
    const p = placeTap(
      { startedAt: at(20 * MIN), deviceStartedAt: at(-5 * MIN), deviceSentAt: at(0) },
      { receivedAt: received },
    );
    expect(p).toMatchObject({ ok: true, source: "delivery" });
    if (p.ok) expect(p.at.toISOString()).toBe(at(-5 * MIN));
  });

  it("puts a tap a little ahead of receipt (the estimate's error) at receipt, no further", () => {
    const near = placeTap({ startedAt: at(AHEAD_TOLERANCE_MS - 1) }, { receivedAt: received });
    expect(near).toMatchObject({ ok: true, source: "tablet", at: received });
    const far = placeTap(
      { startedAt: at(AHEAD_TOLERANCE_MS + 1), deviceStartedAt: at(AHEAD_TOLERANCE_MS + 1) },
      { receivedAt: received },
    );
    expect(far.ok).toBe(false);
  });

  it("never turns a tap with device times into receipt time: future claims are refused, not stacked", () => {
    for (let i = 0; i < 6; i++)
      expect(
        placeTap(
          { startedAt: at(10 * MIN - i * 6000), deviceStartedAt: at(10 * MIN - i * 6000) },
          { receivedAt: received },
        ).ok,
      ).toBe(false);
  });

  it("places an older page's future raw time at receipt, as that version was served", () => {
    // No device times: a page of an earlier version sent the fast clock's raw time alone.
    expect(placeTap({ startedAt: at(10 * MIN) }, { receivedAt: received })).toMatchObject({
      ok: true,
      source: "receipt",
      at: received,
    });
    // Its past claims are kept, within the bounds.
    expect(placeTap({ startedAt: at(-MIN) }, { receivedAt: received })).toMatchObject({
      source: "tablet",
    });
  });

  it("refuses taps before what the server can prove (the kiosk's registration, its empty queue)", () => {
    const kiosk = { created_at: at(-24 * 60 * MIN), queue_empty_at: at(-2 * MIN) };
    const floor = notBeforeOf(kiosk);
    expect(floor.toISOString()).toBe(at(-2 * MIN - QUEUE_EMPTY_SLACK_MS));
    // Backdated by a client that said a moment ago it held nothing: both placements refused.
    const backdated = placeTap(
      { startedAt: at(-60 * MIN), deviceStartedAt: at(-60 * MIN), deviceSentAt: at(0) },
      { receivedAt: received, notBefore: floor },
    );
    expect(backdated.ok).toBe(false);
    expect(notBeforeOf({ ...kiosk, queue_empty_at: null }).toISOString()).toBe(kiosk.created_at);
  });

  it("places a client that sends no tap time at all at receipt", () => {
    expect(placeTap({}, { receivedAt: received })).toEqual({
      ok: true,
      at: received,
      source: "receipt",
      deliverySkewMs: null,
    });
  });
});

describe("the minimum interval on placed taps", () => {
  it("allows a second of estimate jitter, half the interval at most", () => {
    expect(intervalWindowMs(5)).toBe(4000);
    expect(intervalWindowMs(1)).toBe(500);
    expect(intervalWindowMs(0)).toBe(0);
  });
});

describe("a campaign's window for queued ratings", () => {
  const c = {
    status: "open",
    opens_at: "2026-11-01T00:00:00.000Z",
    closes_at: "2026-11-30T17:00:00.000Z", // 01/12/2026 00:00 in Vietnam
  };
  const tapped = new Date("2026-11-30T09:55:00Z"); // 30/11 16:55 in Vietnam
  const h = (n: number) => new Date(Date.parse(c.closes_at) + n * 3_600_000);

  it("judges by the tap, within the grace period after the end", () => {
    expect(availabilityAtTap(c, tapped, h(14))).toBe("open");
    expect(availabilityAtTap(c, tapped, h(DELIVERY_GRACE_HOURS - 0.01))).toBe("open");
    expect(availabilityAtTap(c, tapped, h(DELIVERY_GRACE_HOURS))).toBe("closed");
  });

  it("refuses taps after the end or before the start, and a campaign a manager closed", () => {
    expect(availabilityAtTap(c, h(1), h(2))).toBe("closed");
    expect(availabilityAtTap(c, new Date("2026-10-31T12:00:00Z"), tapped)).toBe("not_yet_open");
    expect(availabilityAtTap({ ...c, status: "closed" }, tapped, tapped)).toBe("closed");
  });
});
