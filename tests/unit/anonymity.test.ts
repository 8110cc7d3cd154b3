import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  identifyingQuestions,
  personalDataOf,
  withoutAnswers,
  withoutQuestions,
} from "~/domain/anonymity";
import { findQuestion } from "~/domain/surveyjs";

const catalog = (slug: string) =>
  (
    JSON.parse(readFileSync(resolve(__dirname, `../../surveys/${slug}.json`), "utf8")) as {
      survey: Record<string, unknown>;
    }
  ).survey;

const survey = {
  pages: [
    {
      name: "p1",
      elements: [
        { type: "rating", name: "q1" },
        {
          type: "panel",
          name: "who",
          elements: [
            { type: "text", name: "age", inputType: "number" },
            { type: "text", name: "phone", inputType: "tel" },
          ],
        },
      ],
    },
    {
      name: "p2",
      elements: [
        { type: "text", name: "mail", inputType: "email", isRequired: true },
        {
          type: "paneldynamic",
          name: "visits",
          templateElements: [
            { type: "text", name: "ward" },
            { type: "text", name: "contact", inputType: "tel" },
          ],
        },
      ],
    },
  ],
};

describe("identifyingQuestions", () => {
  it("finds the text inputs of type tel or email, through panels and dynamic panels", () => {
    expect(identifyingQuestions(survey)).toEqual(["phone", "mail", "contact"]);
    expect(identifyingQuestions(survey, { required: true })).toEqual(["mail"]);
  });

  it("finds the mobile number of the health forms that ask for one, and nothing on SIPAS", () => {
    expect(identifyingQuestions(catalog("byt-noi-tru"))).toEqual(["TT_A3"]);
    expect(identifyingQuestions(catalog("byt-ngoai-tru"))).toEqual(["TT_A3"]);
    expect(identifyingQuestions(catalog("byt-ba-me-sinh-con"))).toEqual(["so_dien_thoai"]);
    expect(identifyingQuestions(catalog("sipas-2023"))).toEqual([]);
    // A dossier code is not a contact detail: the one-stop rating is given per dossier.
    expect(identifyingQuestions(catalog("mot-cua-danh-gia-nhanh"))).toEqual([]);
  });
});

describe("personal data marks", () => {
  it("reads the questionnaire's own marks, on questions and on panels, and ignores unknown ones", () => {
    const marked = {
      pages: [
        {
          name: "p1",
          elements: [
            { type: "text", name: "ho_ten", personalData: "name" },
            { type: "comment", name: "dia_chi", personalData: "address", isRequired: true },
            { type: "text", name: "ghi_chu" },
            { type: "text", name: "la", personalData: "not-a-kind" },
            {
              type: "panel",
              name: "lien_he",
              personalData: "other",
              elements: [
                { type: "text", name: "so_cccd" },
                { type: "dropdown", name: "quan_he", choices: ["a"] },
              ],
            },
          ],
        },
      ],
    };
    expect(identifyingQuestions(marked)).toEqual(["ho_ten", "dia_chi", "so_cccd", "quan_he"]);
    expect(identifyingQuestions(marked, { required: true })).toEqual(["dia_chi"]);
    expect(personalDataOf({ type: "text", inputType: "email" })).toBe("email");
    expect(personalDataOf({ type: "text", name: "x", personalData: "idNumber" })).toBe("idNumber");
  });

  it("the catalog marks every question asking for contact details explicitly", () => {
    const files = readdirSync(resolve(__dirname, "../../surveys")).filter((f) =>
      f.endsWith(".json"),
    );
    let marked = 0;
    for (const f of files) {
      const text = readFileSync(resolve(__dirname, "../../surveys", f), "utf8");
      for (const m of text.matchAll(/"inputType": "(tel|email)"(,\s*"personalData": "(\w+)")?/g)) {
        expect(m[3], f).toBe(m[1] === "tel" ? "phone" : "email");
        marked++;
      }
    }
    expect(marked).toBe(3);
  });

  it("drops a marked question's own text box with its answer", () => {
    expect(withoutAnswers({ a: 1, ho_ten: "x", "ho_ten-Comment": "y" }, ["ho_ten"])).toEqual({
      a: 1,
    });
  });
});

describe("withoutQuestions", () => {
  it("leaves out exactly the named questions, in a copy", () => {
    const before = JSON.stringify(survey);
    const out = withoutQuestions(survey, ["phone", "contact"]);
    const pages = out.pages as unknown[];
    expect(findQuestion(pages, "phone")).toBeUndefined();
    expect(findQuestion(pages, "age")).toBeDefined();
    expect(findQuestion(pages, "mail")).toBeDefined();
    expect(JSON.stringify(out)).not.toContain('"contact"');
    expect(JSON.stringify(out)).toContain('"ward"');
    expect(JSON.stringify(survey)).toBe(before);
  });

  it("returns the same form when there is nothing to leave out", () => {
    expect(withoutQuestions(survey, [])).toBe(survey);
  });
});

describe("withoutAnswers", () => {
  it("drops the named answers, also inside dynamic panels, and keeps the rest", () => {
    const answers = {
      q1: 5,
      phone: "0912345678",
      visits: [{ ward: "Nội", contact: "0987" }, { ward: "Ngoại" }],
    };
    expect(withoutAnswers(answers, ["phone", "contact"])).toEqual({
      q1: 5,
      visits: [{ ward: "Nội" }, { ward: "Ngoại" }],
    });
    expect(answers.phone).toBe("0912345678");
  });

  it("keeps an answer keyed __proto__ as an answer", () => {
    const answers = JSON.parse('{"__proto__": "x", "phone": "1", "q1": 2}') as Record<
      string,
      unknown
    >;
    const out = withoutAnswers(answers, ["phone"]);
    expect(Object.keys(out)).toEqual(["__proto__", "q1"]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"__proto__":"x","q1":2}');
  });
});
