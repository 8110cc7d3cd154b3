import { describe, expect, it } from "vitest";
import { can, reachableWithin, roleAllows } from "~/domain/access";

const P = "/p/";
const CENTRE = "/p/c/";
const COUNTER = "/p/c/k/";
const HOSPITAL = "/p/h/";
const OTHER = "/q/";

describe("roles", () => {
  it("are ordered viewer < analyst < manager < admin", () => {
    expect(roleAllows("viewer", "results.read")).toBe(true);
    expect(roleAllows("viewer", "results.export")).toBe(false);
    expect(roleAllows("analyst", "results.export")).toBe(true);
    expect(roleAllows("analyst", "campaigns.manage")).toBe(false);
    expect(roleAllows("manager", "campaigns.manage")).toBe(true);
    expect(roleAllows("manager", "users.manage")).toBe(false);
    expect(roleAllows("admin", "users.manage")).toBe(true);
    expect(roleAllows("admin", "audit.read")).toBe(true);
  });

  it("cover the unit they are held over and its whole subtree, nothing beside it", () => {
    const grants = [{ role: "manager" as const, unitPath: CENTRE }];
    expect(can(grants, "campaigns.manage", CENTRE)).toBe(true);
    expect(can(grants, "campaigns.manage", COUNTER)).toBe(true);
    expect(can(grants, "campaigns.manage", P)).toBe(false);
    expect(can(grants, "campaigns.manage", HOSPITAL)).toBe(false);
    // "/p/c/" must not cover a sibling whose id starts the same way.
    expect(can(grants, "results.read", "/p/cx/")).toBe(false);
  });
});

describe("reachableWithin", () => {
  it("gives the whole scope to a role above it, and only the user's units to a role inside it", () => {
    expect(reachableWithin([{ role: "admin", unitPath: P }], "results.read", [P])).toEqual([P]);
    expect(reachableWithin([{ role: "viewer", unitPath: COUNTER }], "results.read", [P])).toEqual([
      COUNTER,
    ]);
    expect(reachableWithin([{ role: "viewer", unitPath: OTHER }], "results.read", [P])).toEqual([]);
  });

  it("drops units nested in another reachable one and roles without the permission", () => {
    const grants = [
      { role: "viewer" as const, unitPath: COUNTER },
      { role: "viewer" as const, unitPath: CENTRE },
      { role: "viewer" as const, unitPath: HOSPITAL },
    ];
    expect(reachableWithin(grants, "results.read", [P])).toEqual([CENTRE, HOSPITAL]);
    expect(reachableWithin(grants, "results.export", [P])).toEqual([]);
  });
});
