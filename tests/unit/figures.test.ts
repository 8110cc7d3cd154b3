/**
 * Figures and words, the pure parts: the health form's two metrics, answer levels by meaning,
 * rankings that sort by the top share or the mean and say when intervals overlap, item titles
 * without their repeated code, the method and the audit log in words.
 */
import { describe, expect, it } from "vitest";
import { levelColor } from "~/components/dashboard/parts";
import { auditChanges, auditIds } from "~/domain/audit-view";
import { rankByRate } from "~/domain/dashboard";
import { figureView, overlappingNeighbours, rankValue } from "~/domain/figures";
import { methodSentences, questionRef, sourceFootnote } from "~/domain/method-text";
import { computeResults, type CountTable } from "~/domain/scoring";
import { questionnaireLevels, scaleLevels } from "~/domain/scoring/levels";
import { satisfactionIndex } from "~/domain/targets";
import { readCatalog } from "~/services/catalog-files.server";
import { channelLabel, methodLabel } from "~/utils/labels";
import { developerText } from "../fixtures/words";

const catalog = readCatalog();
const form = (slug: string) => catalog.find((e) => e.definition.slug === slug)!.definition;

describe("inpatient example: the rate is 1,157 / 1,650, the index is the mean / 5", () => {
  it("70.12 % and 77.3 %, from the same answers", () => {
    const def = form("byt-noi-tru");
    // 1,650 valid answers dealt over the 36 items: 300 × 5, 857 × 4, 463 × 3, 30 × 2.
    const pool = [
      ...Array<string>(300).fill("5"),
      ...Array<string>(857).fill("4"),
      ...Array<string>(463).fill("3"),
      ...Array<string>(30).fill("2"),
    ];
    const counts: CountTable = {};
    const items = def.scoring.items;
    pool.forEach((v, i) => {
      const item = items[i % items.length]!;
      const byValue = (counts[item.question] ??= {});
      byValue[v] = (byValue[v] ?? 0) + 1;
    });
    const r = computeResults(def, counts, 49, { minN: 30 });
    expect(r.overall).toMatchObject({ satisfied: 1157, answers: 1650, basis: "answers" });
    expect(r.overall.rate).toBeCloseTo(0.7012, 4);
    const index = satisfactionIndex(r.overall, r.maxPoints);
    // (300·5 + 857·4 + 463·3 + 30·2) / 1650 / 5 = 6377 / 8250
    expect(index.rate).toBeCloseTo(6377 / 8250, 12);
    expect(index.rate).toBeCloseTo(0.773, 3);
    // The forms behind it (the largest item's answers), never the answers as "forms".
    expect(r.overall.n).toBe(46);
  });
});

describe("answer levels by what they mean on the scale", () => {
  it("the counter's 2/1/0 scale: 2 «Rất hài lòng» is the strongest satisfied level, 0 is not satisfied", () => {
    const levels = questionnaireLevels(form("mot-cua-danh-gia-nhanh"));
    const byValue = Object.fromEntries(levels.map((l) => [l.value, l]));
    expect(byValue["2"]).toMatchObject({ meaning: "satisfied", strength: 0 });
    expect(byValue["1"]).toMatchObject({ meaning: "satisfied", strength: 1 });
    expect(byValue["0"]).toMatchObject({ meaning: "dissatisfied", strength: 0 });
    // Greens for satisfied (darkest at the top), red for not satisfied: not list order.
    expect(levelColor("satisfied", 0)).toBe("#1b6e2a");
    expect(levelColor(byValue["0"]!.meaning, byValue["0"]!.strength)).toBe("#a31919");
  });

  it("1–5 with 0 «không sử dụng»: 5 and 4 satisfied, 3 neutral, 1 the worst, 0 not applicable", () => {
    const levels = scaleLevels({
      levels: [1, 2, 3, 4, 5, 0],
      satisfied: [4, 5],
      notApplicable: [0],
    });
    expect(levels.map((l) => [l.value, l.meaning, l.strength])).toEqual([
      ["1", "dissatisfied", 0],
      ["2", "dissatisfied", 1],
      ["3", "neutral", 0],
      ["4", "satisfied", 1],
      ["5", "satisfied", 0],
      ["0", "notApplicable", 0],
    ]);
    // A 4-level scale has no neutral middle.
    expect(
      scaleLevels({ levels: [1, 2, 3, 4], satisfied: [3, 4], notApplicable: [] }).map(
        (l) => l.meaning,
      ),
    ).toEqual(["dissatisfied", "dissatisfied", "satisfied", "satisfied"]);
  });
});

describe("saturated rates: rank by the top share or the mean, and say when intervals overlap", () => {
  const unit = (rate: number, top: number, mean: number, low: number, high: number) =>
    figureView({
      n: 200,
      satisfied: Math.round(rate * 1000),
      answers: 1000,
      rate,
      low,
      high,
      sufficient: true,
      basis: "answers",
      top: Math.round(top * 1000),
      mean,
      meanLow: mean - 0.05,
      meanHigh: mean + 0.05,
    });
  // Hồ Chí Minh City's schools, 2025: rates around 98 %, the top share and the mean differ.
  const a = unit(0.981, 0.62, 4.59, 0.97, 0.99);
  const b = unit(0.983, 0.48, 4.44, 0.972, 0.991);
  const c = unit(0.979, 0.71, 4.69, 0.968, 0.988);

  it("sorts by the share «Rất hài lòng» or the mean score when asked", () => {
    const rows = [a, b, c].map((f, i) => ({ name: "ABC"[i]!, f }));
    const order = (key: "rate" | "top" | "mean") =>
      rankByRate(
        rows,
        (r) => r.f,
        (r) => rankValue(r.f, key),
      )
        .map((r) => r.row.name)
        .join("");
    expect(order("rate")).toBe("BAC");
    expect(order("top")).toBe("CAB");
    expect(order("mean")).toBe("CAB");
  });

  it("all three rate intervals overlap: the ranking cannot tell them apart", () => {
    const o = overlappingNeighbours([b, a, c]);
    expect(o.all).toBe(true);
    expect([...o.withPrevious]).toEqual([1, 2]);
    // Apart: no statement.
    const far = overlappingNeighbours([
      { low: 0.9, high: 0.95 },
      { low: 0.7, high: 0.8 },
    ]);
    expect(far).toEqual({ all: false, withPrevious: new Set() });
  });
});

describe("words instead of codes", () => {
  it("item titles do not repeat their code (no «A1. A1.» in charts)", () => {
    const r = computeResults(form("byt-ngoai-tru"), {}, 0);
    const a1 = r.items.find((i) => i.code === "A1")!;
    expect(a1.title).toMatchObject({ default: expect.stringMatching(/^Các biển báo/) });
  });

  it("channels and methods by name", () => {
    expect(channelLabel("vi", "qr")).toBe("Mã QR");
    expect(channelLabel("vi", "invitation")).toBe("Mã mời");
    expect(methodLabel("vi", "health")).toBe("Y tế (Bộ Y tế)");
  });

  it.each(catalog.map((e) => [e.definition.slug, e.definition] as const))(
    "%s: the method in sentences, the source as a footnote, no tags, file names or settings as code",
    (_slug, def) => {
      const r = computeResults(def, {}, 0);
      for (const locale of ["vi", "en"] as const) {
        const text = [...methodSentences(def, r, locale), sourceFootnote(def.meta, locale)].join(
          "\n",
        );
        expect(developerText(text)).toEqual([]);
        expect(text).not.toMatch(/undefined|NaN|\{\w+\}/);
      }
    },
  );

  it("settings said in words: SIPAS's user filter, the counter's TT 01 classes", () => {
    const sipas = form("sipas-2023");
    const s = methodSentences(sipas, computeResults(sipas, {}, 0), "vi").join("\n");
    expect(s).toContain("mức «Hài lòng» (4) và «Rất hài lòng» (5)");
    expect(s).toContain("Chỉ số SIPAS là trung bình cộng tỷ lệ hài lòng của các khía cạnh.");
    expect(s).toContain("tính trên mọi người trả lời");
    const counter = form("mot-cua-danh-gia-nhanh");
    const c = methodSentences(counter, computeResults(counter, {}, 0), "vi").join("\n");
    expect(c).toContain("Xuất sắc từ 15 điểm; Tốt từ 12 điểm");
    const health = methodSentences(
      form("byt-ngoai-tru"),
      computeResults(form("byt-ngoai-tru"), {}, 0),
      "vi",
    );
    expect(health).toContain(
      "Chỉ số hài lòng là điểm trung bình của mọi câu trả lời hợp lệ chia cho 5, nhân 100 (cách Bộ Y tế công bố chỉ số chung). Tỷ lệ hài lòng và chỉ số hài lòng là hai con số khác nhau và được ghi riêng; chỉ tiêu ghi rõ đặt trên con số nào.",
    );
    expect(questionRef(form("byt-ngoai-tru"), "G1", "vi")).toBe("G1");
    expect(sourceFootnote(form("byt-ngoai-tru").meta, "vi")).toBe(
      "Nguồn: Bộ Y tế — QĐ 3869/QĐ-BYT ngày 28/08/2019 (mẫu phiếu); phương pháp đo lường: QĐ 56/QĐ-BYT ngày 08/01/2024, Mẫu số 2. Mức độ xác minh: chép lại từ bản của bên thứ ba, cần đối chiếu với bản đã ký.",
    );
  });

  it("the audit log: changed fields by name, ids by name, no JSON", () => {
    const unit = "01a24e5a-730a-7d94-8d5e-e29d4ebeddcb";
    const names = new Map([[unit, "Tỉnh Minh Hoạ (T01)"]]);
    const after = JSON.stringify({
      login: "quantri",
      grants: [{ unitId: unit, role: "admin" }],
      anonymous: true,
      opensAt: "2026-01-01T00:00:00.000Z",
      channels: ["qr", "invitation"],
    });
    expect(auditIds([{ entity_id: null, before: null, after }])).toEqual([unit]);
    expect(auditChanges(null, after, names, "vi")).toEqual([
      { field: "Tên đăng nhập", before: null, after: "quantri" },
      { field: "Vai trò", before: null, after: "Quản trị — Tỉnh Minh Hoạ (T01)" },
      { field: "Ẩn danh", before: null, after: "Có" },
      { field: "Mở từ", before: null, after: "01/01/2026 07:00" },
      { field: "Kênh thu thập", before: null, after: "Mã QR; Mã mời" },
    ]);
    // An edit lists only what changed.
    expect(
      auditChanges(
        JSON.stringify({ name: "Quầy 1", code: "Q1" }),
        JSON.stringify({ name: "Quầy số 1", code: "Q1" }),
        names,
        "vi",
      ),
    ).toEqual([{ field: "Tên", before: "Quầy 1", after: "Quầy số 1" }]);
  });
});
