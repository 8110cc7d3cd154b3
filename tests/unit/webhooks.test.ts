import { describe, expect, it } from "vitest";
import {
  isPublicAddress,
  parseIPv6,
  parseSignatureHeader,
  shortestRetryWindowSeconds,
  signatureHeader,
  urlProblem,
  WEBHOOK_BACKOFF,
  WEBHOOK_MAX_ATTEMPTS,
} from "~/domain/webhooks";

describe("addresses a webhook may reach", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.10",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "64:ff9b::a00:1",
    "2002:c0a8:101::1",
    "::127.0.0.1",
    "not an address",
    "1.2.3",
    "1.2.3.256",
  ])("refuses %s", (ip) => expect(isPublicAddress(ip)).toBe(false));

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "192.169.0.1",
    "100.128.0.1",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2606:4700::1111",
  ])("allows %s", (ip) => expect(isPublicAddress(ip)).toBe(true));

  it("reads IPv6 forms as 16 bytes, or refuses them", () => {
    expect(parseIPv6("::ffff:1.2.3.4")).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4,
    ]);
    expect(parseIPv6("1::2:3")).toHaveLength(16);
    expect(parseIPv6("1:2:3:4:5:6:7:8")).toHaveLength(16);
    expect(parseIPv6("1:2:3:4:5:6:7:8:9")).toBeNull();
    expect(parseIPv6("1::2::3")).toBeNull();
    expect(parseIPv6("12345::")).toBeNull();
  });

  it("judges a URL: http(s) only, no credentials, no literal private host", () => {
    expect(urlProblem("https://motcua.example.gov.vn/hook", false)).toBeNull();
    expect(urlProblem("ftp://example.com/x", false)).toBe("webhooks.error.url");
    expect(urlProblem("https://user:pw@example.com/x", false)).toBe("webhooks.error.url");
    expect(urlProblem("not a url", false)).toBe("webhooks.error.url");
    expect(urlProblem("http://127.0.0.1:8080/x", false)).toBe("webhooks.error.urlPrivate");
    expect(urlProblem("http://[::1]/x", false)).toBe("webhooks.error.urlPrivate");
    expect(urlProblem("http://[::ffff:10.0.0.1]/x", false)).toBe("webhooks.error.urlPrivate");
    // The URL parser reads 0x7f.1 and 2130706433 as 127.0.0.1.
    expect(urlProblem("http://0x7f.1/x", false)).toBe("webhooks.error.urlPrivate");
    expect(urlProblem("http://2130706433/x", false)).toBe("webhooks.error.urlPrivate");
    expect(urlProblem("http://localhost:3000/x", false)).toBe("webhooks.error.urlPrivate");
    expect(urlProblem("http://127.0.0.1:8080/x", true)).toBeNull();
  });
});

describe("the signature header", () => {
  it("reads back what it writes, and refuses malformed ones", () => {
    const hex = "a".repeat(64);
    expect(parseSignatureHeader(signatureHeader(1796601600, hex))).toEqual({
      t: 1796601600,
      v1: [hex],
    });
    expect(parseSignatureHeader("t=1,v1=zz")).toBeNull();
    expect(parseSignatureHeader(`v1=${hex}`)).toBeNull();
  });
});

describe("the retry policy", () => {
  it("keeps trying for at least 72 hours even when every wait draws its shortest", () => {
    const seconds = shortestRetryWindowSeconds(WEBHOOK_BACKOFF, WEBHOOK_MAX_ATTEMPTS);
    expect(seconds).toBeGreaterThanOrEqual(72 * 3600);
    // …and gives up within a week.
    expect(seconds / 0.8).toBeLessThan(7 * 24 * 3600);
  });
});
