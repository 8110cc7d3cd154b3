import { describe, expect, it } from "vitest";
import { urlPieces } from "~/components/url-text";

describe("urlPieces (where a printed address may wrap)", () => {
  it("breaks after the scheme, the host's dots and each slash, never inside the token", () => {
    expect(urlPieces("https://hailong.soyte.gov.vn/s/5IuP7ly-QgKW_m9EiD")).toEqual([
      "https://",
      "hailong.",
      "soyte.",
      "gov.",
      "vn/",
      "s/",
      "5IuP7ly-QgKW_m9EiD",
    ]);
    expect(urlPieces("http://127.0.0.1:41500/s/abc")).toEqual([
      "http://",
      "127.",
      "0.",
      "0.",
      "1:41500/",
      "s/",
      "abc",
    ]);
  });
  it("gives back the address unchanged when joined", () => {
    for (const url of ["https://x.vn/s/T0k-en_", "https://x.vn/", "x.vn/a/b", "https://x.vn"])
      expect(urlPieces(url).join("")).toBe(url);
  });
});
