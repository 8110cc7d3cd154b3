/** SurveyJS as the browser makes it (survey-model.ts): answers put into questionnaire HTML are escaped. */
import { describe, expect, it } from "vitest";
import { createSurveyModel } from "~/components/survey-model";

describe("the browser's SurveyJS model", () => {
  it("escapes an answer that SurveyJS fills into an html element", () => {
    const m = createSurveyModel(
      {
        pages: [
          {
            elements: [
              { type: "text", name: "who" },
              { type: "html", name: "hello", html: "<p>Cảm ơn {who}</p>" },
            ],
          },
        ],
      },
      "vi",
    );
    m.setValue("who", '<img src=x onerror="alert(1)">');
    const html = (m.getQuestionByName("hello") as unknown as { locHtml: { renderedHtml: string } })
      .locHtml.renderedHtml;
    expect(html).not.toContain("<img");
    expect(html).toMatch(/^<p>Cảm ơn ‹img src=x onerror="alert\(1\)"›/);
  });
});
