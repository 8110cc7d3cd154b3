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
  it("refuses control characters and encoded forms, as the query string hands them over decoded", () => {
    for (const bad of [
      "/\t/evil.com", // "/%09/host": browsers drop the tab and go to //evil.com
      "/\n/evil.com",
      "/\r\n/evil.com",
      "/x\nSet-Cookie: a=b", // a newline in a header answered 500
      "/%09/evil.com",
      "/%0a/evil.com",
      "/%5Cevil.com",
      "/%2F%2Fevil.com",
      "/%2f/evil.com",
      "/%E0%A4%A", // not decodable
      "/\u0000",
      "/\u2028/evil.com",
      "/ /evil.com",
      "/đăng-nhập",
      "/" + "a".repeat(3000),
    ]) {
      expect(safeNext(bad), JSON.stringify(bad)).toBe("/");
    }
  });
  it("keeps percent-encoded paths as they are", () => {
    expect(safeNext("/dashboard?unit=%C4%91")).toBe("/dashboard?unit=%C4%91");
    expect(safeNext("/results/1?x=a%20b")).toBe("/results/1?x=a%20b");
  });
});
