/** The survey page's data block: what the server writes, its island reads back unchanged. */
import { describe, expect, it } from "vitest";
import {
  ISLAND_DATA_ID,
  islandJson,
  readIslandData,
  type SurveyIslandData,
} from "~/components/survey-island-data";
import { surveyTexts } from "~/components/survey-texts";

const data = (survey: Record<string, unknown>): SurveyIslandData => ({
  token: "AbCdEfGhIjKlMnOp",
  survey,
  locale: "vi",
  texts: surveyTexts("vi"),
});

/** A document holding only the data block, as the browser parses it out of the page. */
const page = (json: string) =>
  ({
    getElementById: (id: string) => (id === ISLAND_DATA_ID ? { textContent: json } : null),
  }) as unknown as Document;

describe("the survey page's data block", () => {
  it("cannot be closed or bent by a questionnaire's text", () => {
    const hostile = data({
      title: "</script><script>alert(1)</script>",
      description: "<!-- <script> \u2028 </SCRIPT >",
    });
    const json = islandJson(hostile);
    expect(json).not.toMatch(/<\/script|<!--|<script/i);
    expect(readIslandData(page(json))).toEqual(hostile);
  });

  it("carries this locale's texts only", () => {
    const en = { ...data({ pages: [] }), locale: "en" as const, texts: surveyTexts("en") };
    const back = readIslandData(page(islandJson(en)));
    expect(back.texts["survey.thanks.title"]).toBe("Thank you!");
    expect(JSON.stringify(back)).not.toContain("Xin cảm ơn");
  });
});
