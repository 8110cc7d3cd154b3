/**
 * Real SurveyJS questionnaires written by others (tests/fixtures/surveyjs-corpus, with their
 * sources), uploaded as an agency would: the checker passes them, and on seeded respondent
 * walks the compiled validator agrees with survey-core on every answer set.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkQuestionnaire } from "~/domain/questionnaire-check";
import { seededRandom } from "~/domain/synthetic";
import { compileQuestionnaire } from "~/domain/validator";
import { walk } from "../fixtures/surveyjs-oracle";

const DIR = "tests/fixtures/surveyjs-corpus";
const files = readdirSync(DIR).filter((f) => f.endsWith(".json"));

describe("real SurveyJS questionnaires", () => {
  it.each(files)(
    "%s: passes the checker and agrees with survey-core on 30 walks",
    (file) => {
      const survey = JSON.parse(readFileSync(join(DIR, file), "utf8")) as Record<string, unknown>;
      const definition = checkQuestionnaire({
        slug: "corpus",
        meta: { title: file, sector: "generic", verification: "own" },
        survey,
      });
      const compiled = compileQuestionnaire(definition);
      const r = seededRandom(file.length * 7919);
      let valid = 0;
      for (let i = 0; i < 30; i++) {
        const walked = walk(definition.survey as Record<string, unknown>, r);
        if (walked.valid) valid++;
        expect(compiled.validate(walked.data).ok, JSON.stringify(walked.data)).toBe(walked.valid);
      }
      expect(valid).toBeGreaterThan(0);
    },
    60_000,
  );
});
