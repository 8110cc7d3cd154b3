import { describe, expect, it } from "vitest";
import { safeNext } from "~/utils/safe-redirect";

describe("safeNext", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/results/1")).toBe("/results/1");
    expect(safeNext("/dashboard?unit=a&b=1")).toBe("/dashboard?unit=a&b=1");
  });
  it("refuses anything a browser could take off-site", () => {
    for (const bad of [
      "//evil.com",
      "/\\evil.com",
      "/a\\b",
      "http://evil.com",
      "evil.com",
      "",
      null,
      undefined,
    ]) {
      expect(safeNext(bad)).toBe("/");
    }
  });
});
