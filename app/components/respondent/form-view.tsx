/**
 * The respondent's form as plain HTML, drawn on the server from the questionnaire (the light
 * renderer: docs/decisions/012-server-rendered-respondent-form.md). Native inputs in
 * fieldsets, styled as large buttons; every page of the form is in the document and only the
 * current one is shown, so with JavaScript off the form posts page by page to the server,
 * which evaluates the conditions between pages, and with it on (respondent/enhance.ts) the
 * pages turn in the browser. Question texts are printed as escaped text; only `html`
 * elements carry markup, from the questionnaire's JSON.
 *
 * Never hydrated: /s/:token renders it without React in the browser, and the kiosk's long
 * form receives it as markup (renderToStaticMarkup), so the same DOM is enhanced everywhere.
 */
import type { ReactNode } from "react";
import type { Answers, Problem, States } from "~/domain/form-logic";
import { commentKey, fieldName, rowFieldName } from "~/domain/form-logic";
import { localize, type LocalizedText } from "~/domain/questionnaire";
import type {
  FormChoice,
  FormElement,
  FormQuestion,
  RespondentForm,
} from "~/domain/respondent-form";
import { fill, type FormTexts } from "~/utils/form-texts";
import { problemText } from "./problem-text";

export const FORM_ID = "hl-form";

export interface FormViewProps {
  form: RespondentForm;
  /** The locale the questionnaire's texts are shown in ("vi", "en", a locale pack's). */
  locale: string;
  texts: FormTexts;
  /** What the fields hold (as the person left them, hidden questions' answers included). */
  answers: Answers;
  /** Shown/required for the settled answers (compiled.states on the server). */
  states: States;
  /** Which pages are shown, and which text elements. */
  pagesShown: boolean[];
  hiddenElements: ReadonlySet<string>;
  /** The page shown now (an index into form.pages). */
  page: number;
  errors: readonly Problem[];
  clientId: string;
  startedAt: string;
  /** Where the form posts (without JavaScript); the kiosk's form never posts. */
  action?: string;
}

/** Ids by question, in the order the logic lists them: hlq-0, hlq-1, … */
export function questionIds(form: RespondentForm): Map<string, string> {
  return new Map(form.logic.questions.map((q, i) => [q.n, `hlq-${i}`]));
}

export function FormView(props: FormViewProps) {
  const { form, texts, page } = props;
  const ids = questionIds(form);
  const shownPages = props.pagesShown.flatMap((s, i) => (s ? [i] : []));
  const position = Math.max(0, shownPages.indexOf(page));
  const last = position >= shownPages.length - 1;
  const t = (text: LocalizedText | undefined) => (text ? localize(text, props.locale) : "");
  const errorsByQuestion = new Map<string, Problem>();
  for (const p of props.errors)
    if (!errorsByQuestion.has(p.question)) errorsByQuestion.set(p.question, p);
  const ctx: Ctx = { ...props, ids, t, errorsByQuestion };
  return (
    <form
      id={FORM_ID}
      className="hl-form"
      method="post"
      action={props.action}
      noValidate
      data-page={page}
    >
      <input type="hidden" name="_id" value={props.clientId} />
      <input type="hidden" name="_page" value={page} />
      <input type="hidden" name="_started" value={props.startedAt} />
      {/* Without JavaScript, a question that depends on an answer on its own page is shown. */}
      <noscript>
        <style>{".hl-form [data-live][hidden]{display:block}"}</style>
      </noscript>
      {props.errors.length > 0 && <ErrorSummary ctx={ctx} />}
      <div className="hl-progress" hidden={shownPages.length <= 1}>
        <p id="hl-step" tabIndex={-1}>
          {fill(texts["form.page"], { n: position + 1, total: shownPages.length })}
        </p>
        <progress
          max={shownPages.length}
          value={position + 1}
          aria-label={texts["form.progress"]}
        />
      </div>
      {form.pages.map((p, i) => (
        <section
          key={p.name}
          className="hl-page"
          data-page={i}
          hidden={i !== page || !props.pagesShown[i]}
          aria-labelledby={p.title ? `hlp-${i}` : undefined}
        >
          {p.title && <h2 id={`hlp-${i}`}>{t(p.title)}</h2>}
          {p.description && <p className="hl-desc">{t(p.description)}</p>}
          <Elements ctx={ctx} elements={p.elements} level={p.title ? 3 : 2} />
        </section>
      ))}
      {/* Honeypot: out of sight and out of the tab order; a filled one flags the response. */}
      <div className="hl-hp" aria-hidden="true">
        <label>
          Website
          <input type="url" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
        </label>
      </div>
      <div className="hl-nav">
        {/* First in the document: Enter in a text field moves on, never back. */}
        <button type="submit" className="button" name="_nav" value={last ? "submit" : "next"}>
          {last
            ? t(form.texts.complete) || texts["form.submit"]
            : t(form.texts.next) || texts["form.next"]}
        </button>
        <button
          type="submit"
          className="button secondary"
          name="_nav"
          value="prev"
          hidden={position === 0}
        >
          {t(form.texts.prev) || texts["form.prev"]}
        </button>
      </div>
      <p className="hl-status" role="status" aria-live="polite" />
    </form>
  );
}

interface Ctx extends FormViewProps {
  ids: Map<string, string>;
  t: (text: LocalizedText | undefined) => string;
  errorsByQuestion: Map<string, Problem>;
}

function ErrorSummary({ ctx }: { ctx: Ctx }) {
  const listed = [...ctx.errorsByQuestion.keys()];
  return (
    // autoFocus: after a page posted without JavaScript, the summary is read out first; the
    // messages themselves stand beside their questions.
    <div className="hl-summary" role="alert" tabIndex={-1} autoFocus>
      <h2>{fill(ctx.texts["form.errors.title"], { n: listed.length })}</h2>
      <a href={`#${ctx.ids.get(listed[0]!)}`}>{ctx.texts["form.errors.goto"]}</a>
    </div>
  );
}

/** Whether an element (a panel: any of its children) is shown, and whether it may appear live. */
function shown(ctx: Ctx, el: FormElement): { visible: boolean; live: boolean } {
  if (el.kind === "question")
    return {
      visible: ctx.states.get(el.question.name)?.visible ?? true,
      live: Boolean(el.question.live),
    };
  if (el.kind === "panel") {
    const kids = el.elements.map((k) => shown(ctx, k));
    return { visible: kids.some((k) => k.visible), live: kids.some((k) => k.live) };
  }
  return { visible: !ctx.hiddenElements.has(el.name), live: false };
}

function Elements({ ctx, elements, level }: { ctx: Ctx; elements: FormElement[]; level: number }) {
  return (
    <>
      {elements.map((el) => {
        const s = shown(ctx, el);
        const common = { hidden: !s.visible, "data-live": s.live && !s.visible ? "" : undefined };
        if (el.kind === "panel") {
          const H = `h${Math.min(level, 6)}` as "h2";
          const id = `hlpanel-${el.name}`;
          return (
            <section
              key={el.name}
              className="hl-panel"
              data-panel=""
              aria-labelledby={el.title ? id : undefined}
              {...common}
            >
              {el.title && <H id={id}>{ctx.t(el.title)}</H>}
              {el.description && <p className="hl-desc">{ctx.t(el.description)}</p>}
              <Elements ctx={ctx} elements={el.elements} level={level + 1} />
            </section>
          );
        }
        if (el.kind === "html")
          return (
            <div
              key={el.name}
              className="hl-html"
              data-el={el.name}
              {...common}
              // Questionnaire markup (shared decision 2: the sanitised survey JSON).
              dangerouslySetInnerHTML={{ __html: ctx.t(el.html) }}
            />
          );
        if (el.kind === "image")
          return (
            <img
              key={el.name}
              className="hl-image"
              data-el={el.name}
              src={el.src}
              alt={ctx.t(el.alt)}
              {...common}
            />
          );
        return <Question key={el.question.name} ctx={ctx} q={el.question} common={common} />;
      })}
    </>
  );
}

function Question({
  ctx,
  q,
  common,
}: {
  ctx: Ctx;
  q: FormQuestion;
  common: { hidden: boolean; "data-live"?: string };
}) {
  const id = ctx.ids.get(q.name)!;
  const state = ctx.states.get(q.name);
  const problem = ctx.errorsByQuestion.get(q.name);
  const describedBy = [q.description ? `${id}-desc` : "", problem ? `${id}-err` : ""]
    .filter(Boolean)
    .join(" ");
  const title = (
    <>
      <span className="hl-text">{ctx.t(q.title)}</span>
      {q.surveyor && <span className="hl-tag">{ctx.texts["form.surveyor"]}</span>}
      <span className="hl-optional"> {ctx.texts["form.optional"]}</span>
    </>
  );
  const parts = (
    <>
      {q.description && (
        <p className="hl-desc" id={`${id}-desc`}>
          {ctx.t(q.description)}
        </p>
      )}
      {(q.minRate || q.maxRate) && (
        <p className="hl-desc">
          {[ctx.t(q.minRate), ctx.t(q.maxRate)].filter(Boolean).join(" … ")}
        </p>
      )}
      <p className="hl-error" id={`${id}-err`} hidden={!problem}>
        {problem ? problemText(ctx.form.logic, ctx.texts, problem) : ""}
      </p>
    </>
  );
  const wrapper = {
    id,
    className: `hl-q hl-${q.type}${problem ? " hl-invalid" : ""}`,
    "data-q": q.name,
    "data-required": state?.required ? "" : undefined,
    ...common,
  };
  const invalid = problem ? true : undefined;

  if (q.type === "text" || q.type === "comment" || q.type === "dropdown") {
    const value = ctx.answers[q.name];
    const control =
      q.type === "comment" ? (
        <textarea
          id={`${id}-f`}
          name={fieldName(q.name)}
          rows={4}
          maxLength={q.maxLength}
          defaultValue={typeof value === "string" ? value : ""}
          aria-describedby={describedBy || undefined}
          aria-invalid={invalid}
          aria-required={state?.required || undefined}
        />
      ) : q.type === "dropdown" ? (
        <select
          id={`${id}-f`}
          name={fieldName(q.name)}
          defaultValue={value === undefined ? "" : String(value)}
          aria-describedby={describedBy || undefined}
          aria-invalid={invalid}
          aria-required={state?.required || undefined}
        >
          <option value="">{ctx.texts["form.choose"]}</option>
          {q.choices.map((c) => (
            <option key={c.value} value={c.value}>
              {ctx.t(c.text)}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={`${id}-f`}
          name={fieldName(q.name)}
          {...inputAttributes(q.inputType)}
          maxLength={q.maxLength}
          defaultValue={value === undefined ? "" : String(value)}
          aria-describedby={describedBy || undefined}
          aria-invalid={invalid}
          aria-required={state?.required || undefined}
        />
      );
    return (
      <div {...wrapper}>
        <label className="hl-title" htmlFor={`${id}-f`}>
          {title}
        </label>
        {parts}
        {control}
        {q.type === "dropdown" && <OtherText ctx={ctx} q={q} id={id} />}
        <CommentArea ctx={ctx} q={q} id={id} />
      </div>
    );
  }

  const choices = (name: string, value: unknown, key: string) => (
    <Choices
      ctx={ctx}
      q={q}
      name={name}
      idBase={`${id}-${key}`}
      value={value}
      multiple={q.type === "checkbox" || q.type === "tagbox"}
      invalid={invalid}
    />
  );
  return (
    <fieldset {...wrapper} aria-describedby={describedBy || undefined}>
      <legend className="hl-title">{title}</legend>
      {parts}
      {q.type === "matrix"
        ? q.rows.map((row, r) => (
            <fieldset key={row.value} className="hl-row">
              <legend>{ctx.t(row.text)}</legend>
              {choices(
                rowFieldName(q.name, row.value),
                (ctx.answers[q.name] as Record<string, unknown> | undefined)?.[row.value],
                `r${r}`,
              )}
            </fieldset>
          ))
        : choices(fieldName(q.name), ctx.answers[q.name], "c")}
      <OtherText ctx={ctx} q={q} id={id} />
      <CommentArea ctx={ctx} q={q} id={id} />
    </fieldset>
  );
}

function inputAttributes(inputType: string | undefined) {
  switch (inputType) {
    case "number":
    case "range":
      return { type: "text", inputMode: "decimal" as const, autoComplete: "off" };
    case "tel":
    case "email":
    case "url":
    case "date":
      return { type: inputType };
    default:
      return { type: "text", autoComplete: "off" };
  }
}

function isChosen(value: unknown, c: FormChoice): boolean {
  if (Array.isArray(value)) return value.some((v) => String(v) === c.value);
  return value !== undefined && value !== null && String(value) === c.value;
}

function Choices(props: {
  ctx: Ctx;
  q: FormQuestion;
  name: string;
  idBase: string;
  value: unknown;
  multiple: boolean;
  invalid?: boolean;
}) {
  const { ctx, q } = props;
  const scale = q.choices.filter((c) => !c.apart);
  const apart = q.choices.filter((c) => c.apart);
  const label = (c: FormChoice) => {
    const text = ctx.t(c.text);
    if (q.type === "boolean" && (text === "true" || text === "false"))
      return ctx.texts[text === "true" ? "form.yes" : "form.no"];
    return text;
  };
  const option = (c: FormChoice, i: number): ReactNode => (
    <label key={c.value} className={`hl-choice${c.apart ? " hl-apart" : ""}`}>
      <input
        type={props.multiple ? "checkbox" : "radio"}
        name={props.name}
        value={c.value}
        id={`${props.idBase}-${i}`}
        defaultChecked={isChosen(props.value, c)}
        aria-invalid={props.invalid}
      />
      <span>{label(c)}</span>
    </label>
  );
  const isScale = q.type === "rating" || q.type === "matrix";
  return (
    <div
      className={`hl-choices${isScale ? " hl-scale" : ""}`}
      style={isScale ? ({ "--n": scale.length } as React.CSSProperties) : undefined}
    >
      {scale.map(option)}
      {apart.map((c, i) => option(c, scale.length + i))}
    </div>
  );
}

function OtherText({ ctx, q, id }: { ctx: Ctx; q: FormQuestion; id: string }) {
  if (!q.other) return null;
  const value = ctx.answers[commentKey(q.name)];
  const problem = ctx.errorsByQuestion.get(q.name)?.code === "other_text";
  const chosen = isChosen(ctx.answers[q.name], { value: q.other, text: "" });
  // Shown once "other" is chosen (without JavaScript: always, as a live element).
  return (
    <label className="hl-other" data-other={q.other} hidden={!chosen} data-live="">
      {ctx.texts["form.other"]}
      <input
        type="text"
        name={fieldName(commentKey(q.name))}
        id={`${id}-other`}
        maxLength={4000}
        defaultValue={typeof value === "string" ? value : ""}
        aria-invalid={problem || undefined}
      />
    </label>
  );
}

function CommentArea({ ctx, q, id }: { ctx: Ctx; q: FormQuestion; id: string }) {
  if (q.comment === undefined) return null;
  const value = ctx.answers[commentKey(q.name)];
  return (
    <label className="hl-other">
      {ctx.t(q.comment) || ctx.texts["form.comment"]}
      <textarea
        name={fieldName(commentKey(q.name))}
        id={`${id}-comment`}
        rows={3}
        maxLength={4000}
        defaultValue={typeof value === "string" ? value : ""}
      />
    </label>
  );
}
