/** The text of a problem beside its question, with the limit it names (server and browser). */
import type { FormLogic, Problem } from "~/domain/form-logic";
import { fill, type FormTexts } from "~/utils/form-texts";

export function problemText(logic: FormLogic, texts: FormTexts, problem: Problem): string {
  const q = logic.questions.find((x) => x.n === problem.question);
  const key = `form.error.${problem.code}` as keyof FormTexts;
  return fill(texts[key] ?? texts["form.error.invalid"], {
    max: q?.maxLen ?? q?.max ?? "",
    min: q?.min ?? "",
    n: problem.code === "too_many_choices" ? (q?.maxSel ?? "") : (q?.minSel ?? ""),
  });
}
