import { describe, expect, it } from "vitest";
import { detectBursts, isLoopback, saltDay } from "~/domain/abuse";

const ev = (id: string, seconds: number, signature = "[2]") => ({
  id,
  at: seconds * 1000,
  signature,
});

describe("detectBursts", () => {
  it("flags 8 identical ratings within 3 minutes, all of them", () => {
    const events = Array.from({ length: 8 }, (_, i) => ev(`r${i}`, i * 10));
    expect([...detectBursts(events, 8, 180_000)].sort()).toEqual(events.map((e) => e.id).sort());
  });

  it("leaves ordinary traffic alone: spaced out, or mixed ratings", () => {
    const spaced = Array.from({ length: 12 }, (_, i) => ev(`s${i}`, i * 60));
    expect(detectBursts(spaced, 8, 180_000).size).toBe(0);
    const mixed = Array.from({ length: 12 }, (_, i) =>
      ev(`m${i}`, i * 5, i % 3 === 0 ? "[0]" : "[2]"),
    );
    expect(detectBursts(mixed, 8, 180_000).size).toBe(0);
  });

  it("flags only the run, not the honest ratings around it, whatever the input order", () => {
    const run = Array.from({ length: 9 }, (_, i) => ev(`b${i}`, 100 + i * 6, "[1]"));
    const events = [ev("before", 0, "[2]"), ...run.reverse(), ev("after", 200, "[0]")];
    const flagged = detectBursts(events, 8, 180_000);
    expect(flagged.size).toBe(9);
    expect(flagged.has("before")).toBe(false);
    expect(flagged.has("after")).toBe(false);
  });
});

describe("addresses", () => {
  it("treats loopback as a proxy, not a citizen", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("10.0.0.1")).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });

  it("rotates the salt on the Vietnamese day", () => {
    expect(saltDay(new Date("2026-11-22T16:59:00Z"))).toBe("2026-11-22");
    expect(saltDay(new Date("2026-11-22T17:00:00Z"))).toBe("2026-11-23");
  });
});
