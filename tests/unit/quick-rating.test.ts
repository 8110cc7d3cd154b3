import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDefinition, type QuestionnaireDefinition } from "~/domain/questionnaire";
import { toQuickRating } from "~/domain/quick-rating";
import { compileQuestionnaire } from "~/domain/validator";

const load = (file: string): QuestionnaireDefinition =>
  parseDefinition(JSON.parse(readFileSync(join(process.cwd(), "surveys", file), "utf8")));
const quickOf = (d: QuestionnaireDefinition, locale = "vi") =>
  toQuickRating(d, compileQuestionnaire(d), locale);

describe("the quick rating screen", () => {
  it("is built from the counter questionnaire: three faces, reasons only for 0", () => {
    const quick = quickOf(load("mot-cua-danh-gia-nhanh.json"))!;
    expect(quick.question).toBe("danh_gia_tong_the");
    expect(quick.levels.map((l) => [l.value, l.text, l.asksReasons])).toEqual([
      [2, "Rất hài lòng", false],
      [1, "Hài lòng", false],
      [0, "Không hài lòng", true],
    ]);
    // Faces: the best smiles most, the only dissatisfied level frowns fully.
    expect(quick.levels.map((l) => l.mood)).toEqual([1, 0.4, -1]);
    expect(quick.levels.map((l) => l.satisfied)).toEqual([true, true, false]);
    expect(quick.reasons?.question).toBe("ly_do_khong_hai_long");
    expect(quick.reasons?.choices.map((c) => c.value)).not.toContain("other");
  });

  it("speaks the asked language", () => {
    const quick = quickOf(load("mot-cua-danh-gia-nhanh.json"), "en")!;
    expect(quick.levels[0]!.text).not.toBe("Rất hài lòng");
  });

  it("is not offered for a questionnaire with other required questions", () => {
    expect(quickOf(load("sipas-2023.json"))).toBeNull();
  });
});
