import { describe, expect, it } from "vitest";
import { foldCounts } from "~/domain/scoring";

describe("foldCounts", () => {
  it("adds rows that repeat a (question, value) and counts responses apart", () => {
    const { counts, responses } = foldCounts(
      [
        { question: "$responses", value: "", count: 3 },
        { question: "q1", value: "5", count: 2 },
        { question: "q1", value: "5", count: "4" },
        { question: "q1", value: "1", count: 1 },
        { question: "$responses", value: "", count: "2" },
      ],
      "$responses",
    );
    expect(responses).toBe(5);
    expect(counts.q1).toEqual({ 5: 6, 1: 1 });
    expect(counts.$responses).toBeUndefined();
  });

  it("counts a question named __proto__ like any other", () => {
    const { counts } = foldCounts(
      [{ question: "__proto__", value: "constructor", count: 1 }],
      "$r",
    );
    expect(Object.keys(counts)).toEqual(["__proto__"]);
    expect(counts["__proto__"]!["constructor"]).toBe(1);
  });

  it("gives an empty table for no rows", () => {
    expect(foldCounts([], "$responses")).toEqual({ counts: {}, responses: 0 });
  });
});
