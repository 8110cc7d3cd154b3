import { describe, expect, it } from "vitest";
import {
  ClockOffset,
  JUMP_MS,
  REFRESH_MS,
  sampleOf,
  STORED_MAX_AGE_MS,
} from "~/domain/clock-offset";

/** A device whose wall clock reads `skew` ms off the server's, with a monotonic clock beside it. */
function device(skew: number) {
  let real = Date.parse("2026-11-30T09:00:00Z");
  let wallShift = skew;
  let mono = 1_000;
  return {
    clocks: { wall: () => real + wallShift, mono: () => mono },
    /** Real time passes (both clocks advance). */
    pass(ms: number) {
      real += ms;
      mono += ms;
    },
    /** Someone sets the wall clock: the monotonic clock does not move. */
    setWallShift(ms: number) {
      wallShift = ms;
    },
    /** The device sleeps: real time passes, its monotonic clock stands still. */
    sleep(ms: number) {
      real += ms;
    },
    /** A request answered after `rtt` ms, the server stamping it half-way. */
    ask(c: ClockOffset, rtt: number, serverDelay = rtt / 2) {
      const sent = real + wallShift;
      const serverTime = real + serverDelay;
      this.pass(rtt);
      return c.observe(sent, real + wallShift, serverTime);
    },
    get real() {
      return real;
    },
  };
}

describe("a clock sample", () => {
  it("is the server's time against the midpoint of the round trip, within half of it", () => {
    expect(sampleOf(1000, 1200, 601_100)).toEqual({ offsetMs: 600_000, errorMs: 100, at: 1200 });
  });

  it("is refused when the round trip is negative (the clock moved) or too slow to say much", () => {
    expect(sampleOf(1000, 900, 5000)).toBeNull();
    expect(sampleOf(0, 10_001, 5000)).toBeNull();
    expect(sampleOf(0, 100, Number.NaN)).toBeNull();
  });
});

describe("the kiosk's clock offset", () => {
  it("measures a clock 10 minutes fast and corrects taps by it", () => {
    const d = device(10 * 60_000);
    const c = new ClockOffset(d.clocks);
    expect(c.current()).toBeNull();
    expect(c.stamp().startedAt).toBeUndefined();
    d.ask(c, 80);
    expect(c.current()).toBeCloseTo(-600_000, -2);
    d.pass(30_000);
    const s = c.stamp();
    expect(Date.parse(s.deviceStartedAt) - d.real).toBe(600_000);
    expect(Math.abs(Date.parse(s.startedAt!) - d.real)).toBeLessThan(50);
    expect(Math.abs(c.now().getTime() - d.real)).toBeLessThan(50);
  });

  it("keeps a precise sample against a noisier one, so taps keep their spacing", () => {
    const d = device(-10 * 60_000);
    const c = new ClockOffset(d.clocks);
    d.ask(c, 20);
    const first = c.current();
    // A slow answer, stamped early by the server: its estimate is off by 400 ms.
    expect(d.ask(c, 1_000, 100)).toBe(false);
    expect(c.current()).toBe(first);
    // A better one replaces it.
    expect(d.ask(c, 10)).toBe(true);
  });

  it("takes a new sample that reveals a real change, and any after a while", () => {
    const d = device(0);
    const c = new ClockOffset(d.clocks);
    d.ask(c, 10);
    d.pass(60_000);
    // The server's clock is stepped by 3 s (NTP on the server): beyond both errors.
    expect(d.ask(c, 200, 100 + 3_000)).toBe(true);
    expect(c.current()).toBeCloseTo(3_000, -2);
    d.pass(REFRESH_MS + 1);
    expect(d.ask(c, 300)).toBe(true);
  });

  it("forgets the offset when the wall clock is set under the page, and stamps device time only", () => {
    const d = device(0);
    const c = new ClockOffset(d.clocks);
    d.ask(c, 10);
    d.pass(60_000);
    d.setWallShift(JUMP_MS + 10 * 60_000);
    const s = c.stamp();
    expect(s.startedAt).toBeUndefined();
    expect(Date.parse(s.deviceStartedAt) - d.real).toBe(JUMP_MS + 10 * 60_000);
    expect(c.saved()).toBeNull();
    // The next answer from the server measures the new offset.
    d.ask(c, 10);
    expect(c.current()).toBeCloseTo(-(JUMP_MS + 10 * 60_000), -2);
  });

  it("forgets it after the device slept (the monotonic clock stood still)", () => {
    const d = device(0);
    const c = new ClockOffset(d.clocks);
    d.ask(c, 10);
    d.sleep(8 * 3_600_000);
    expect(c.current()).toBeNull();
  });

  it("tolerates the slow drift of a wall clock against the monotonic one", () => {
    const d = device(0);
    const c = new ClockOffset(d.clocks);
    d.ask(c, 10);
    d.pass(3_600_000);
    d.setWallShift(200); // 55 ppm over an hour
    expect(c.current()).not.toBeNull();
  });

  it("starts from the estimate an earlier page saved, unless it is too old or garbled", () => {
    const d = device(10 * 60_000);
    const first = new ClockOffset(d.clocks);
    d.ask(first, 40);
    const saved = first.saved();
    d.pass(3_600_000);
    const reloaded = new ClockOffset(d.clocks, saved);
    expect(reloaded.current()).toBe(saved!.offsetMs);
    d.pass(STORED_MAX_AGE_MS);
    expect(new ClockOffset(d.clocks, saved).current()).toBeNull();
    expect(
      new ClockOffset(d.clocks, { offsetMs: Number.NaN, errorMs: 1, at: d.real }).current(),
    ).toBeNull();
  });
});
