import { describe, expect, it } from "vitest";
import { PATH_SEPARATOR, unitPathNames } from "~/domain/units";

describe("unitPathNames (a unit named by where it is)", () => {
  const units = [
    { id: "p", name: "Sở Nội vụ", path: "/p/" },
    { id: "a", name: "Trung tâm Phục vụ hành chính công", path: "/p/a/" },
    { id: "b", name: "UBND xã Tân Phú", path: "/p/b/" },
    { id: "a1", name: "Quầy số 1", path: "/p/a/a1/" },
    { id: "b1", name: "Quầy số 1", path: "/p/b/b1/" },
  ];

  it("tells two counters of the same name apart by their parents", () => {
    const paths = unitPathNames(units);
    const a1 = paths.get("a1")!.join(PATH_SEPARATOR);
    const b1 = paths.get("b1")!.join(PATH_SEPARATOR);
    expect(a1).toBe("Sở Nội vụ › Trung tâm Phục vụ hành chính công › Quầy số 1");
    expect(b1).toBe("Sở Nội vụ › UBND xã Tân Phú › Quầy số 1");
    expect(paths.get("p")).toEqual(["Sở Nội vụ"]);
  });

  it("leaves out ancestors not in the list (above what the user manages)", () => {
    const paths = unitPathNames(units.filter((u) => u.id !== "p"));
    expect(paths.get("a1")).toEqual(["Trung tâm Phục vụ hành chính công", "Quầy số 1"]);
  });
});
