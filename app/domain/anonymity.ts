/**
 * Anonymous campaigns (the default): a respondent's contact details are neither asked nor
 * kept. Which questions those are, a form without them, and answers without them. Pure.
 *
 * A question identifies its respondent when it asks for a phone number or an e-mail address
 * (a text input of type tel or email: the health forms' optional "Số điện thoại"). Codes such
 * as a dossier number (mã hồ sơ) are not contact details and stay: the one-stop evaluation
 * is given per dossier.
 */
type Json = Record<string, unknown>;

const CONTACT_INPUTS = new Set(["tel", "email"]);

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Child element lists of a page, a panel or a dynamic panel. */
const CHILD_LISTS = ["elements", "templateElements"] as const;

/**
 * The names of the questions that ask for contact details, in form order; `required`: only
 * those the form makes mandatory (an anonymous campaign cannot leave those out).
 */
export function identifyingQuestions(survey: Json, opts: { required?: boolean } = {}): string[] {
  const out: string[] = [];
  const visit = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const el of elements) {
      if (!isObject(el)) continue;
      if (
        el.type === "text" &&
        typeof el.name === "string" &&
        typeof el.inputType === "string" &&
        CONTACT_INPUTS.has(el.inputType) &&
        (!opts.required || el.isRequired === true)
      )
        out.push(el.name);
      for (const key of CHILD_LISTS) visit(el[key]);
    }
  };
  visit(survey.pages);
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
  const drop = new Set(names);
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
