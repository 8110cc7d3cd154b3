import { describe, expect, it } from "vitest";
import { chooseChromium } from "~/services/chromium.server";

const SYSTEM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const on =
  (...files: string[]) =>
  (p: string) =>
    files.includes(p);

describe("which Chromium prints PDFs and runs the end-to-end tests", () => {
  it("takes CHROMIUM_PATH first, then the system's package, then the bundled one", () => {
    const all = on("/opt/chrome", "/usr/bin/chromium");
    expect(chooseChromium("/opt/chrome", all, SYSTEM)).toEqual({
      kind: "path",
      path: "/opt/chrome",
      source: "CHROMIUM_PATH",
    });
    expect(chooseChromium(undefined, all, SYSTEM)).toEqual({
      kind: "path",
      path: "/usr/bin/chromium",
      source: "system",
    });
    expect(chooseChromium(undefined, on("/usr/bin/chromium-browser"), SYSTEM)).toMatchObject({
      path: "/usr/bin/chromium-browser",
    });
    expect(chooseChromium(undefined, on(), SYSTEM)).toEqual({ kind: "bundled" });
  });

  it("says when CHROMIUM_PATH names no file, and goes on looking", () => {
    const said: string[] = [];
    expect(
      chooseChromium("/nowhere", on("/usr/bin/chromium"), SYSTEM, (m) => said.push(m)),
    ).toMatchObject({ source: "system" });
    expect(chooseChromium("/nowhere", on(), SYSTEM, (m) => said.push(m))).toEqual({
      kind: "bundled",
    });
    expect(said[0]).toMatch(/CHROMIUM_PATH=\/nowhere names no file/);
  });

  it("CHROMIUM_PATH=bundled skips the system's package; =none uses no browser", () => {
    expect(chooseChromium("bundled", on("/usr/bin/chromium"), SYSTEM)).toEqual({
      kind: "bundled",
    });
    expect(chooseChromium("none", on("/usr/bin/chromium"), SYSTEM)).toMatchObject({
      kind: "none",
    });
  });
});
