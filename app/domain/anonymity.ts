/**
 * Anonymous campaigns (the default): a respondent's personal data is neither asked nor kept
 * (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, Nghị định 356/2025/NĐ-CP). Which questions ask
 * for it, a form without them, and answers without them. Pure.
 *
 * A questionnaire marks such a question (or a panel of them) with Hài Lòng's own property
 * `"personalData": "name" | "phone" | "email" | "address" | "idNumber" | "other"` (SurveyJS
 * ignores it). A text input of type tel or email asks for contact details even unmarked.
 * Codes such as a dossier number (mã hồ sơ) are not marked in the catalog: the one-stop
 * evaluation is given per dossier.
 */
type Json = Record<string, unknown>;

export const PERSONAL_DATA = ["name", "phone", "email", "address", "idNumber", "other"] as const;
export type PersonalData = (typeof PERSONAL_DATA)[number];

const CONTACT_INPUTS: Record<string, PersonalData> = { tel: "phone", email: "email" };

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Child element lists of a page, a panel or a dynamic panel. */
const CHILD_LISTS = ["elements", "templateElements"] as const;

/** What personal data an element asks for by itself: its mark, or its input type. */
export function personalDataOf(el: Json): PersonalData | undefined {
  const mark = el.personalData;
  if (typeof mark === "string" && (PERSONAL_DATA as readonly string[]).includes(mark))
    return mark as PersonalData;
  if (
    el.type === "text" &&
    typeof el.inputType === "string" &&
    Object.hasOwn(CONTACT_INPUTS, el.inputType)
  )
    return CONTACT_INPUTS[el.inputType];
  return undefined;
}

/**
 * The names of the questions that ask for personal data, in form order (every question of a
 * marked panel); `required`: only those the form makes mandatory (an anonymous campaign cannot
 * leave those out).
 */
export function identifyingQuestions(survey: Json, opts: { required?: boolean } = {}): string[] {
  const out: string[] = [];
  const visit = (elements: unknown, marked: boolean) => {
    if (!Array.isArray(elements)) return;
    for (const el of elements) {
      if (!isObject(el)) continue;
      const personal = marked || personalDataOf(el) !== undefined;
      const isQuestion = !CHILD_LISTS.some((key) => key in el) || el.type === "paneldynamic";
      if (
        personal &&
        isQuestion &&
        typeof el.name === "string" &&
        (!opts.required || el.isRequired === true)
      )
        out.push(el.name);
      for (const key of CHILD_LISTS) visit(el[key], personal);
    }
  };
  visit(survey.pages, false);
  return out;
}

/** The form without the named questions (a copy; the definition itself is never changed). */
export function withoutQuestions(survey: Json, names: readonly string[]): Json {
  if (names.length === 0) return survey;
  const drop = new Set(names);
  const prune = (elements: unknown): unknown => {
    if (!Array.isArray(elements)) return elements;
    return elements
      .filter(
        (el) =>
          !(
            isObject(el) &&
            typeof el.name === "string" &&
            el.type !== "panel" &&
            drop.has(el.name)
          ),
      )
      .map((el) => {
        if (!isObject(el)) return el;
        const copy: Json = { ...el };
        for (const key of CHILD_LISTS) if (key in copy) copy[key] = prune(copy[key]);
        return copy;
      });
  };
  return { ...survey, pages: prune(survey.pages) };
}

/**
 * The answers without the named questions' values, also inside dynamic panels (whose answer
 * is a list of objects keyed by question name).
 */
export function withoutAnswers(
  answers: Record<string, unknown>,
  names: readonly string[],
): Record<string, unknown> {
  if (names.length === 0) return answers;
  // A question's own text box ("other", a comment area) goes with it.
  const drop = new Set(names.flatMap((n) => [n, `${n}-Comment`]));
  const strip = (obj: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (drop.has(k)) continue;
      // defineProperty: an answer keyed "__proto__" stays an answer, not a prototype.
      Object.defineProperty(out, k, {
        value: Array.isArray(v) ? v.map((x) => (isObject(x) ? strip(x) : x)) : v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return strip(answers);
}
