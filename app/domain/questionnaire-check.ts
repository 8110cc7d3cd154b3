/**
 * The questionnaire checker: every questionnaire is hostile input until it passed here. One
 * function for agencies' uploads, the catalog in surveys/ and every stored version when it is
 * loaded (docs/decisions/012-questionnaire-checker.md).
 *
 * It refuses what Hài Lòng does not read exactly as survey-core 3.0 does (an allow-list of
 * question types and properties), what would cost the server too much (limits checked before
 * anything is parsed or evaluated), names that could become object keys with a meaning
 * (`__proto__`, `constructor`, …), and it rewrites what it passes into one reading: the
 * `pages[].questions` alias becomes `elements`, `"value|text"` choices become
 * `{value, text}` (settings.itemValueSeparator), and every piece of HTML is sanitised to an
 * allow-list of formatting tags. The result is what every renderer and the validator get.
 * Pure: no survey-core Model, no database.
 */
import { ConditionsParser, type Operand } from "survey-core";
import sanitize from "sanitize-html";
import { isSafe } from "redos-detector";
import { DefinitionError, parseDefinition, type QuestionnaireDefinition } from "./questionnaire";
import { ratingLevelCount } from "./surveyjs";

type Json = Record<string, unknown>;

export const LIMITS = {
  /** The uploaded document, as text. */
  bytes: 1_000_000,
  /** Nodes of the JSON document (objects, arrays, values) and its nesting. */
  jsonNodes: 200_000,
  jsonDepth: 40,
  pages: 100,
  /** Questions, panels and html/image elements together. */
  elements: 1_000,
  /** Panels inside panels. */
  panelDepth: 6,
  choices: 300,
  rows: 100,
  columns: 20,
  /** An 11-point scale (0–10) is the most any official form needs. */
  ratingLevels: 11,
  multipleTextItems: 30,
  validators: 10,
  expressionLength: 1_000,
  /** Operators nested in one expression, and operands in all. */
  expressionDepth: 24,
  expressionNodes: 200,
  regexLength: 200,
  text: 10_000,
  html: 50_000,
  nameLength: 80,
  choiceValueLength: 200,
  calculatedValues: 50,
} as const;

/** Names that are keys of every object: never a question, row, column or choice. */
export const RESERVED_NAMES = new Set(
  Object.getOwnPropertyNames(Object.prototype).concat(["prototype", "__proto__"]),
);

/**
 * Question, panel, page, row, ranking choice and multiple-text box names: any printable text
 * (real questionnaires name questions by their wording) except what gives a name a meaning of
 * its own: "." (a path in expressions and in rollup keys), braces and brackets (expressions).
 */

const NAME = /^[^\u0000-\u001f\u007f.{}[\]]+$/u;

/* ------------------------------------------------------------------------------------------ */
/* HTML                                                                                        */

const HTML_OPTIONS: sanitize.IOptions = {
  allowedTags: [
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "small",
    "sub",
    "sup",
    "span",
    "div",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "hr",
    "code",
    "pre",
    "abbr",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "a",
    "img",
  ],
  // No style, class or id: nothing can cover the page, borrow the app's styles or clobber the DOM.
  allowedAttributes: {
    a: ["href", "title", "target", "rel"],
    img: ["src", "alt", "width", "height"],
    abbr: ["title"],
    ol: ["start"],
    td: ["colspan", "rowspan"],
    th: ["colspan", "rowspan", "scope"],
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    "*": (tagName, attribs) => {
      // SurveyJS fills {placeholders} with answers after this: never inside an attribute.
      const kept = Object.fromEntries(Object.entries(attribs).filter(([, v]) => !v.includes("{")));
      // A link opens outside the form, without a handle on the form's window.
      if (tagName === "a") Object.assign(kept, { target: "_blank", rel: "noopener noreferrer" });
      return { tagName, attribs: kept };
    },
  },
};

/** Questionnaire HTML reduced to formatting: no script, form, button, input, iframe, meta, link, style, event handler or javascript: URL. */
export function sanitizeQuestionnaireHtml(html: string): string {
  return sanitize(html, HTML_OPTIONS);
}

/* ------------------------------------------------------------------------------------------ */
/* Property tables: what each element may say, and how it is checked.                          */

type Rule =
  | "text" // plain or localised text (shown as text, never as markup)
  | "html" // localised markup, sanitised
  | "bool"
  | "number"
  | "size" // a CSS length for layout
  | "string" // a short free string (placeholders of inputs, currency codes)
  | "url"
  | "condition"
  | "expression"
  | "name"
  | "skip" // handled by the element walk
  | readonly (string | number | boolean)[];

const LOCATIONS = ["default", "top", "bottom", "left", "hidden"] as const;
const ERROR_LOCATIONS = ["default", "top", "bottom"] as const;

const ELEMENT: Record<string, Rule> = {
  type: "skip",
  name: "name",
  title: "text",
  description: "text",
  titleLocation: LOCATIONS,
  descriptionLocation: ["default", "underInput", "underTitle"],
  visible: "bool",
  visibleIf: "condition",
  width: "size",
  minWidth: "size",
  maxWidth: "size",
  colSpan: "number",
  startWithNewLine: "bool",
  indent: "number",
  showNumber: "bool",
  hideNumber: "bool",
  state: ["default", "collapsed", "expanded"],
  // Hài Lòng's own (shared-decisions.md): who fills the field, and whether it is personal data.
  audience: ["surveyor"],
  personalData: ["name", "phone", "email", "address", "idNumber", "other"],
};

const QUESTION: Record<string, Rule> = {
  ...ELEMENT,
  enableIf: "condition",
  requiredIf: "condition",
  isRequired: "bool",
  readOnly: "bool",
  requiredErrorText: "text",
  errorLocation: ERROR_LOCATIONS,
  validators: "skip",
  useDisplayValuesInDynamicTexts: "bool",
  showCommentArea: "bool",
  hasComment: "bool",
  commentText: "text",
  commentPlaceholder: "text",
  clearIfInvisible: ["default", "onComplete", "onHidden", "onHiddenContainer"],
};

const CHOICES: Record<string, Rule> = {
  choices: "skip",
  choicesOrder: ["none", "asc", "desc", "random"],
  colCount: "number",
  showOtherItem: "bool",
  hasOther: "bool",
  showNoneItem: "bool",
  hasNone: "bool",
  showRefuseItem: "bool",
  showDontKnowItem: "bool",
  otherText: "text",
  noneText: "text",
  refuseText: "text",
  dontKnowText: "text",
  otherPlaceholder: "text",
  otherErrorText: "text",
  separateSpecialChoices: "bool",
  hideIfChoicesEmpty: "bool",
};

const TEXT_INPUT: Record<string, Rule> = {
  inputType: [
    "text",
    "number",
    "email",
    "tel",
    "url",
    "date",
    "datetime-local",
    "time",
    "month",
    "week",
    "color",
    "range",
  ],
  maxLength: "number",
  placeholder: "text",
  inputSize: "number",
  size: "number",
  textUpdateMode: ["default", "onBlur", "onTyping"],
  autocomplete: "string",
  inputTextAlignment: ["auto", "left", "right"],
};

const TYPES: Record<string, Record<string, Rule>> = {
  radiogroup: { ...QUESTION, ...CHOICES, allowClear: "bool", showClearButton: "bool" },
  dropdown: {
    ...QUESTION,
    ...CHOICES,
    placeholder: "text",
    allowClear: "bool",
    searchEnabled: "bool",
    textWrapEnabled: "bool",
    autocomplete: "string",
  },
  checkbox: {
    ...QUESTION,
    ...CHOICES,
    maxSelectedChoices: "number",
    minSelectedChoices: "number",
    showSelectAllItem: "bool",
    hasSelectAll: "bool",
    selectAllText: "text",
  },
  tagbox: {
    ...QUESTION,
    ...CHOICES,
    maxSelectedChoices: "number",
    minSelectedChoices: "number",
    placeholder: "text",
    allowClear: "bool",
    searchEnabled: "bool",
    textWrapEnabled: "bool",
    hideSelectedItems: "bool",
    closeOnSelect: "bool",
  },
  ranking: {
    ...QUESTION,
    choices: "skip",
    choicesOrder: ["none", "asc", "desc", "random"],
    selectToRankEnabled: "bool",
    selectToRankSwapAreas: "bool",
    selectToRankAreasLayout: ["horizontal", "vertical"],
    selectToRankEmptyRankedAreaText: "text",
    selectToRankEmptyUnrankedAreaText: "text",
  },
  rating: {
    ...QUESTION,
    rateType: ["labels", "stars", "smileys"],
    scaleColorMode: ["monochrome", "colored"],
    rateColorMode: ["default", "scale"],
    autoGenerate: "bool",
    rateCount: "number",
    rateValues: "skip",
    rateMin: "number",
    rateMax: "number",
    rateStep: "number",
    minRateDescription: "text",
    maxRateDescription: "text",
    mininumRateDescription: "text",
    maximumRateDescription: "text",
    rateDisplayMode: ["auto", "buttons", "dropdown"],
    displayRateDescriptionsAsExtremeItems: "bool",
    rateDescriptionLocation: ["leftRight", "top", "bottom", "topBottom"],
    displayMode: ["auto", "buttons", "dropdown"],
  },
  boolean: {
    ...QUESTION,
    labelTrue: "text",
    labelFalse: "text",
    label: "text",
    valueTrue: "skip",
    valueFalse: "skip",
    swapOrder: "bool",
    renderAs: ["default", "checkbox", "radio"],
    useTitleAsLabel: "bool",
  },
  matrix: {
    ...QUESTION,
    columns: "skip",
    rows: "skip",
    cells: "skip",
    rowTitleWidth: "size",
    rowOrder: ["initial", "random"],
    rowsOrder: ["initial", "random"],
    eachRowRequired: "bool",
    isAllRowRequired: "bool",
    eachRowUnique: "bool",
    hideIfRowsEmpty: "bool",
    columnMinWidth: "size",
    showHeader: "bool",
    verticalAlign: ["top", "middle"],
    alternateRows: "bool",
    displayMode: ["auto", "table", "list"],
  },
  text: {
    ...QUESTION,
    ...TEXT_INPUT,
    min: "skip",
    max: "skip",
    minErrorText: "text",
    maxErrorText: "text",
    dataList: "skip",
  },
  comment: {
    ...QUESTION,
    maxLength: "number",
    rows: "number",
    cols: "number",
    placeholder: "text",
    textUpdateMode: ["default", "onBlur", "onTyping"],
    autoGrow: "bool",
    allowResize: "bool",
    acceptCarriageReturn: "bool",
  },
  multipletext: {
    ...QUESTION,
    items: "skip",
    colCount: "number",
    itemErrorLocation: ERROR_LOCATIONS,
    itemTitleWidth: "size",
    inputSize: "number",
  },
  expression: {
    ...ELEMENT,
    expression: "expression",
    format: "text",
    displayStyle: ["none", "decimal", "currency", "percent", "date"],
    currency: "string",
    maximumFractionDigits: "number",
    minimumFractionDigits: "number",
    useGrouping: "bool",
    precision: "number",
  },
  html: { ...ELEMENT, html: "html" },
  image: {
    ...ELEMENT,
    imageLink: "url",
    altText: "text",
    contentMode: ["auto", "image", "video", "youtube"],
    imageFit: ["none", "contain", "cover", "fill"],
    imageHeight: "size",
    imageWidth: "size",
  },
};

const MULTIPLE_TEXT_ITEM: Record<string, Rule> = {
  name: "name",
  title: "text",
  isRequired: "bool",
  requiredErrorText: "text",
  validators: "skip",
  ...TEXT_INPUT,
};

const CONTAINER: Record<string, Rule> = {
  ...ELEMENT,
  elements: "skip",
  enableIf: "condition",
  readOnly: "bool",
  questionTitleLocation: LOCATIONS,
  questionTitleWidth: "size",
  questionErrorLocation: ERROR_LOCATIONS,
  questionOrder: ["default", "initial", "random"],
  questionsOrder: ["default", "initial", "random"],
};

const PANEL: Record<string, Rule> = {
  ...CONTAINER,
  innerIndent: "number",
  showQuestionNumbers: ["default", "onpanel", "off", "recursive", "onPanel"],
  questionStartIndex: "string",
  allowAdaptiveActions: "bool",
};

const PAGE: Record<string, Rule> = {
  ...CONTAINER,
  questions: "skip",
  navigationTitle: "text",
  navigationDescription: "text",
  showNavigationButtons: ["default", "inherit", "show", "hide", true, false],
};

const SURVEY: Record<string, Rule> = {
  title: "text",
  description: "text",
  locale: "string",
  logo: "url",
  logoWidth: "size",
  logoHeight: "size",
  logoFit: ["none", "contain", "cover", "fill"],
  logoPosition: ["none", "left", "right", "top", "bottom"],
  pages: "skip",
  elements: "skip",
  questions: "skip",
  calculatedValues: "skip",
  completedHtmlOnCondition: "skip",
  sjsVersion: "string",
  $schema: "string",
  completedHtml: "html",
  completedBeforeHtml: "html",
  loadingHtml: "html",
  showNavigationButtons: ["none", "top", "bottom", "both", true, false],
  navigationButtonsLocation: ["top", "bottom", "topBottom"],
  showPrevButton: "bool",
  showTitle: "bool",
  showPageTitles: "bool",
  showCompletePage: "bool",
  showCompletedPage: "bool",
  questionOrder: ["initial", "random"],
  questionsOrder: ["initial", "random"],
  showPageNumbers: "bool",
  showQuestionNumbers: ["on", "onPage", "onpage", "off", "recursive", true, false],
  questionTitleLocation: ["top", "bottom", "left"],
  questionDescriptionLocation: ["underInput", "underTitle"],
  questionErrorLocation: ["top", "bottom"],
  showProgressBar: [
    "off",
    "auto",
    "aboveHeader",
    "belowHeader",
    "bottom",
    "topBottom",
    "top",
    true,
    false,
  ],
  progressBarLocation: ["top", "bottom", "topBottom", "aboveHeader", "belowHeader", "auto"],
  progressBarType: ["pages", "questions", "requiredQuestions", "correctQuestions", "buttons"],
  progressBarShowNavigationText: "bool",
  progressBarShowPageNumbers: "bool",
  progressBarShowPageTitles: "bool",
  progressBarNavigationTextLocation: ["default", "top", "bottom"],
  progressBarInheritWidthFrom: ["survey", "container"],
  showTOC: "bool",
  tocLocation: ["left", "right"],
  maxTextLength: "number",
  maxCommentLength: "number",
  autoAdvanceEnabled: "bool",
  goNextPageAutomatic: "bool",
  autoAdvanceAllowComplete: "bool",
  allowCompleteSurveyAutomatic: "bool",
  clearInvisibleValues: ["onComplete", "onHidden", "onHiddenContainer"],
  checkErrorsMode: ["onNextPage", "onValueChanged", "onComplete"],
  validateVisitedEmptyFields: "bool",
  textUpdateMode: ["onBlur", "onTyping"],
  autoGrowComment: "bool",
  allowResizeComment: "bool",
  commentAreaRows: "number",
  startSurveyText: "text",
  pagePrevText: "text",
  pageNextText: "text",
  completeText: "text",
  previewText: "text",
  editText: "text",
  requiredMark: "string",
  requiredText: "string",
  questionStartIndex: "string",
  questionTitlePattern: ["numTitleRequire", "numRequireTitle", "requireNumTitle", "numTitle"],
  questionsOnPageMode: ["standard", "singlePage", "questionPerPage", "inputPerPage"],
  showPreviewBeforeComplete: "bool",
  previewMode: ["allQuestions", "answeredQuestions"],
  widthMode: ["auto", "static", "responsive"],
  width: "size",
  fitToContainer: "bool",
  headerView: ["basic", "advanced"],
  backgroundImage: "url",
  backgroundImageFit: ["auto", "contain", "cover"],
  backgroundImageAttachment: ["scroll", "fixed"],
  backgroundOpacity: "number",
  showBrandInfo: "bool",
  autoFocusFirstQuestion: "bool",
  focusFirstQuestionAutomatic: "bool",
  autoFocusFirstError: "bool",
  focusOnFirstError: "bool",
  mode: ["edit"],
};

/** Why some well-known SurveyJS features are refused: said in the refusal. */
const UNSUPPORTED: Record<string, string> = {
  triggers: "trigger (visible, setvalue, copyvalue, runexpression, complete, skip)",
  choicesByUrl: "lựa chọn tải từ máy chủ khác",
  choicesFromQuestion: "lựa chọn lấy từ câu hỏi khác",
  choicesVisibleIf: "điều kiện hiển thị từng lựa chọn",
  choicesEnableIf: "điều kiện cho phép từng lựa chọn",
  rowsVisibleIf: "điều kiện hiển thị từng hàng",
  columnsVisibleIf: "điều kiện hiển thị từng cột",
  defaultValue: "giá trị mặc định",
  defaultValueExpression: "giá trị mặc định tính bằng biểu thức",
  setValueIf: "gán giá trị theo điều kiện",
  setValueExpression: "gán giá trị theo biểu thức",
  resetValueIf: "xoá giá trị theo điều kiện",
  valueName: "hai câu hỏi dùng chung một giá trị (valueName)",
  navigateToUrl: "chuyển người trả lời sang trang khác",
  navigateToUrlOnCondition: "chuyển người trả lời sang trang khác",
  surveyId: "tải phiếu từ dịch vụ SurveyJS",
  surveyPostId: "gửi kết quả sang dịch vụ SurveyJS",
  cookieName: "cookie của phiếu",
  timeLimit: "giới hạn thời gian",
  timeLimitPerPage: "giới hạn thời gian",
  maxTimeToFinish: "giới hạn thời gian",
  maxTimeToFinishPage: "giới hạn thời gian",
  storeOthersAsComment: "storeOthersAsComment",
  minValueExpression: "giới hạn tính bằng biểu thức",
  maxValueExpression: "giới hạn tính bằng biểu thức",
  maskType: "mặt nạ nhập liệu",
  maskSettings: "mặt nạ nhập liệu",
  step: "bước nhập số",
  allowCustomChoices: "người trả lời tự thêm lựa chọn",
  choicesMin: "lựa chọn số sinh tự động",
};

const SUPPORTED_TYPES = Object.keys(TYPES).concat(["panel"]);

/** Functions an expression may call: survey-core's own, computed from the answers alone. */
const FUNCTIONS = new Set([
  "sum",
  "min",
  "max",
  "count",
  "avg",
  "round",
  "trunc",
  "iif",
  "getDate",
  "age",
  "dateDiff",
  "dateAdd",
  "currentDate",
  "today",
  "getYear",
  "currentYear",
  "diffDays",
  "year",
  "month",
  "day",
  "weekday",
  "sumInArray",
  "maxInArray",
  "minInArray",
  "avgInArray",
  "countInArray",
]);

/* ------------------------------------------------------------------------------------------ */
/* The check                                                                                   */

/** What the upload page lists as supported (kept beside the tables it describes). */
export const SUPPORTED = {
  types: SUPPORTED_TYPES,
  validators: ["numeric", "text", "email", "answercount", "regex", "expression"],
  unsupported: Object.keys(UNSUPPORTED),
};

class Problems {
  readonly list: string[] = [];
  /** Problems that make the questionnaire too costly to read at all (limits, expressions, regexes). */
  fatal = false;
  add(where: string, message: string, fatal = false) {
    if (fatal) this.fatal = true;
    if (this.list.length < 50) this.list.push(`${where}: ${message}`);
  }
}

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Size and depth of the raw document, counted without recursion before anything reads it. */
function measure(raw: unknown): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  const stack: Array<[unknown, number]> = [[raw, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    nodes++;
    if (d > depth) depth = d;
    if (nodes > LIMITS.jsonNodes || depth > LIMITS.jsonDepth) break;
    if (Array.isArray(v)) for (const x of v) stack.push([x, d + 1]);
    else if (isObject(v)) for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  return { nodes, depth };
}

/** The expression's operands, counted; its nesting measured. Survey-core's own parser. */
function expressionShape(op: Operand): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  const stack: Array<[Operand, number]> = [[op, 1]];
  while (stack.length > 0) {
    const [o, d] = stack.pop()!;
    nodes++;
    depth = Math.max(depth, d);
    const x = o as unknown as Json;
    const kids: unknown[] = [];
    const type = o.getType();
    if (type === "function") {
      kids.push(...((x.paramValues as unknown[]) ?? []));
    } else if (type === "array") kids.push(...((x.values as unknown[]) ?? []));
    else if (type === "unary") kids.push(x.expression);
    else if (type === "binary" || type === "and" || type === "or" || "leftOperand" in x) {
      kids.push(x.leftOperand, x.rightOperand);
    }
    for (const k of kids) if (k && typeof k === "object") stack.push([k as Operand, d + 1]);
  }
  return { nodes, depth };
}

function functionNames(op: Operand, out: Set<string>) {
  const stack: Operand[] = [op];
  while (stack.length > 0) {
    const o = stack.pop()!;
    const x = o as unknown as Json;
    if (o.getType() === "function") out.add(String(x.functionName));
    for (const k of [x.leftOperand, x.rightOperand, x.expression])
      if (k && typeof k === "object" && "getType" in (k as object)) stack.push(k as Operand);
    for (const list of [x.paramValues, x.values])
      if (Array.isArray(list)) for (const k of list) if (k && typeof k === "object") stack.push(k);
  }
}

/** An expression within its limits and parsed by survey-core; its problem, or undefined. */
export function expressionProblem(expression: unknown): string | undefined {
  if (typeof expression !== "string") return "biểu thức phải là một chuỗi";
  if (expression.length > LIMITS.expressionLength)
    return `biểu thức dài ${expression.length} ký tự, tối đa ${LIMITS.expressionLength}`;
  if (expression.trim() === "") return undefined;
  let op: Operand | null = null;
  try {
    op = new ConditionsParser().parseExpression(expression);
  } catch {
    op = null;
  }
  if (!op) return `không đọc được biểu thức "${expression}"`;
  const shape = expressionShape(op);
  if (shape.depth > LIMITS.expressionDepth)
    return `biểu thức lồng ${shape.depth} tầng, tối đa ${LIMITS.expressionDepth}`;
  if (shape.nodes > LIMITS.expressionNodes)
    return `biểu thức có ${shape.nodes} thành phần, tối đa ${LIMITS.expressionNodes}`;
  const fns = new Set<string>();
  functionNames(op, fns);
  for (const f of fns) if (!FUNCTIONS.has(f)) return `hàm «${f}» trong biểu thức chưa được hỗ trợ`;
  return undefined;
}

/** A regular expression an agency may use in a validator: short, and no catastrophic backtracking. */
export function regexProblem(pattern: unknown, caseInsensitive = false): string | undefined {
  if (typeof pattern !== "string" || pattern === "") return "thiếu biểu thức chính quy";
  if (pattern.length > LIMITS.regexLength)
    return `biểu thức chính quy dài quá ${LIMITS.regexLength} ký tự`;
  let re: RegExp;
  try {
    re = new RegExp(pattern, caseInsensitive ? "i" : "");
  } catch {
    return `biểu thức chính quy "${pattern}" không hợp lệ`;
  }
  let safe = false;
  try {
    // A step budget decides (the same verdict on any machine); the timeout only caps a slow one.
    safe = isSafe(re, { timeout: 1_000, maxSteps: 50 }).safe;
  } catch {
    safe = false;
  }
  return safe
    ? undefined
    : `biểu thức chính quy "${pattern}" có thể chạy rất lâu với một số câu trả lời (nguy cơ ReDoS); xin viết lại đơn giản hơn`;
}

function nameProblem(name: unknown): string | undefined {
  if (typeof name !== "string" || name === "") return "thiếu tên (name)";
  if (name.length > LIMITS.nameLength) return `tên dài quá ${LIMITS.nameLength} ký tự`;
  if (RESERVED_NAMES.has(name)) return `tên «${name}» là tên dành riêng, không được dùng`;
  if (!NAME.test(name) || name !== name.trim())
    return `tên «${name}» không được có dấu chấm, ngoặc nhọn, ngoặc vuông, ký tự điều khiển hay dấu cách ở đầu, cuối`;
  if (name.endsWith("-Comment")) return `tên «${name}» không được kết thúc bằng «-Comment»`;
  return undefined;
}

/** A choice, row or column value: a number, or a short string that is not a reserved key. */
function valueProblem(v: unknown): string | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? undefined : "giá trị số không hợp lệ";
  if (typeof v !== "string" || v === "") return "giá trị phải là chuỗi hoặc số";
  if (v.length > LIMITS.choiceValueLength)
    return `giá trị dài quá ${LIMITS.choiceValueLength} ký tự`;
  if (RESERVED_NAMES.has(v)) return `giá trị «${v}» là tên dành riêng, không được dùng`;

  if (/[\u0000-\u001f\u007f{}]/.test(v)) return `giá trị «${v}» có ký tự không được phép`;
  return undefined;
}

export class Checker {
  readonly problems = new Problems();
  elements = 0;
  questions = 0;
  readonly names = new Set<string>();

  /** Localised text: a string, or {locale: string}. HTML ones come back sanitised. */
  text(v: unknown, where: string, prop: string, html = false): unknown {
    const one = (s: unknown) => {
      if (typeof s !== "string") {
        this.problems.add(where, `«${prop}» phải là văn bản`);
        return "";
      }
      const limit = html ? LIMITS.html : LIMITS.text;
      if (s.length > limit) this.problems.add(where, `«${prop}» dài quá ${limit} ký tự`);
      return html ? sanitizeQuestionnaireHtml(s) : s;
    };
    if (isObject(v)) {
      const out: Json = {};
      for (const [loc, s] of Object.entries(v)) {
        if (!/^[a-z]{2,3}(-[a-zA-Z]{2,4})?$|^default$/.test(loc)) {
          this.problems.add(where, `«${prop}» có ngôn ngữ «${loc.slice(0, 20)}» không hợp lệ`);
          continue;
        }
        out[loc] = one(s);
      }
      return out;
    }
    return one(v);
  }

  /** Checks an object against its table; returns the copy that passed (sanitised). */
  props(el: Json, table: Record<string, Rule>, where: string): Json {
    const out: Json = {};
    for (const [key, v] of Object.entries(el)) {
      const rule = table[key];
      if (rule === undefined) {
        const why = UNSUPPORTED[key];
        this.problems.add(
          where,
          why
            ? `«${key}» (${why}) chưa được hỗ trợ`
            : `thuộc tính «${key.slice(0, 40)}» không được hỗ trợ`,
        );
        continue;
      }
      out[key] = this.value(v, rule, where, key);
    }
    return out;
  }

  value(v: unknown, rule: Rule, where: string, key: string): unknown {
    const bad = (what: string, fatal = false) => {
      this.problems.add(where, `«${key}» ${what}`, fatal);
      return v;
    };
    if (Array.isArray(rule)) {
      return rule.includes(v as string) ? v : bad(`phải là một trong: ${rule.join(", ")}`);
    }
    switch (rule) {
      case "skip":
        return v;
      case "text":
        return this.text(v, where, key);
      case "html":
        return this.text(v, where, key, true);
      case "bool":
        return typeof v === "boolean" ? v : bad("phải là true hoặc false");
      case "number":
        return typeof v === "number" && Number.isFinite(v) && Math.abs(v) < 1e9
          ? v
          : bad("phải là một số");
      case "size":
        return (typeof v === "number" && v >= 0 && v < 1e5) ||
          (typeof v === "string" && /^(\d{1,5}(\.\d+)?(px|%|em|rem|vw)?|auto|)$/.test(v))
          ? v
          : bad("phải là một độ dài (ví dụ 200px, 50%)");
      case "string":
        return typeof v === "string" && v.length <= 200 && !/[<>]/.test(v)
          ? v
          : bad("phải là một chuỗi ngắn, không có < >");
      case "url":
        return typeof v === "string" && v.length <= 2000 && /^(https?:\/\/|\/[^/\\])/.test(v)
          ? v
          : bad("phải là địa chỉ http(s) hoặc một đường dẫn trong trang");
      case "condition":
      case "expression": {
        const p = expressionProblem(v);
        return p ? bad(p, true) : v;
      }
      case "name": {
        const p = nameProblem(v);
        return p ? bad(p) : v;
      }
    }
  }

  /** Choices, rows, columns, rateValues: values split on "|" as survey-core does. */
  items(list: unknown, where: string, key: string, max: number): unknown[] {
    if (!Array.isArray(list)) {
      this.problems.add(where, `«${key}» phải là một danh sách`);
      return [];
    }
    if (list.length > max) {
      this.problems.add(where, `«${key}» có ${list.length} mục, tối đa ${max}`, true);
      return [];
    }
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (const raw of list) {
      const item = splitItem(raw);
      if (!item) {
        this.problems.add(where, `«${key}» có một mục không hợp lệ`);
        continue;
      }
      const vp = valueProblem(item.value);
      if (vp) {
        this.problems.add(where, `«${key}»: ${vp}`);
        continue;
      }
      if (seen.has(String(item.value)))
        this.problems.add(where, `«${key}»: giá trị «${String(item.value)}» xuất hiện hai lần`);
      seen.add(String(item.value));
      for (const k of ["visibleIf", "enableIf"])
        if (k in item) {
          this.problems.add(
            where,
            `«${key}» «${String(item.value)}»: điều kiện riêng của từng lựa chọn (${k}) chưa được hỗ trợ`,
          );
          delete item[k];
        }
      // A plain value stays as written; anything else is written in its one reading.
      const plain = (typeof raw === "string" || typeof raw === "number") && item.text === undefined;
      out.push(plain ? raw : this.props(item, ITEM, `${where}, ${key} «${String(item.value)}»`));
    }
    return out;
  }
}

const ITEM: Record<string, Rule> = { value: "skip", text: "text" };

/**
 * A choice as survey-core reads it: "v|text" and {value: "v|text"} split at the first "|"
 * (settings.itemValueSeparator); {text} alone is its own value.
 */
export function splitItem(raw: unknown): Json | undefined {
  const split = (v: unknown): { value: unknown; text?: string } => {
    if (typeof v !== "string" && typeof v !== "number") return { value: v };
    const s = String(v);
    const i = s.indexOf("|");
    return i > -1 ? { value: s.slice(0, i), text: s.slice(i + 1) || undefined } : { value: v };
  };
  if (typeof raw === "string" || typeof raw === "number") {
    const { value, text } = split(raw);
    return text !== undefined ? { value, text } : { value };
  }
  if (!isObject(raw)) return undefined;
  if (raw.value === undefined && raw.text !== undefined && Object.keys(raw).length === 1)
    return { value: raw.text, text: raw.text };
  if (raw.value === undefined) return undefined;
  // toObject sets properties in the order written: a text after the value wins over its split.
  const out: Json = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === "value") {
      const s = split(v);
      out.value = s.value;
      if (s.text !== undefined) out.text = s.text;
    } else out[k] = v;
  }
  return out;
}

function checkValidators(c: Checker, list: unknown, where: string, type: string): unknown[] {
  if (!Array.isArray(list)) {
    c.problems.add(where, "«validators» phải là một danh sách");
    return [];
  }
  if (list.length > LIMITS.validators)
    c.problems.add(
      where,
      `có ${list.length} kiểm tra (validators), tối đa ${LIMITS.validators}`,
      true,
    );
  const out: unknown[] = [];
  for (const raw of list.slice(0, LIMITS.validators)) {
    if (!isObject(raw) || typeof raw.type !== "string") {
      c.problems.add(where, "một kiểm tra (validator) không có loại");
      continue;
    }
    const kind = raw.type.replace(/validator$/, "");
    const base: Record<string, Rule> = {
      type: "skip",
      text: "text",
      notificationType: ["error"],
    };
    const tables: Record<string, Record<string, Rule>> = {
      numeric: { ...base, minValue: "number", maxValue: "number" },
      text: { ...base, minLength: "number", maxLength: "number", allowDigits: "bool" },
      email: base,
      answercount: { ...base, minCount: "number", maxCount: "number" },
      regex: { ...base, regex: "skip", caseInsensitive: "bool", insensitive: "bool" },
      expression: { ...base, expression: "condition" },
    };
    const table = tables[kind];
    if (!table) {
      c.problems.add(where, `kiểm tra «${raw.type}» chưa được hỗ trợ`);
      continue;
    }
    if (kind === "answercount" && !["checkbox", "tagbox"].includes(type))
      c.problems.add(where, "kiểm tra số lựa chọn (answercount) chỉ dùng cho câu nhiều lựa chọn");
    if (kind === "regex") {
      const p = regexProblem(raw.regex, raw.caseInsensitive === true || raw.insensitive === true);
      if (p) c.problems.add(where, p, true);
    }
    out.push({ ...c.props(raw, table, where), type: kind });
  }
  return out;
}

function checkQuestion(c: Checker, el: Json, where: string): Json {
  const type = el.type as string;
  const out = c.props(el, TYPES[type]!, where);
  if (type === "html" || type === "image" || type === "expression") return out;
  c.questions++;
  if (Array.isArray(el.validators) || el.validators !== undefined)
    out.validators = checkValidators(c, el.validators, where, type);
  if ("choices" in TYPES[type]!) {
    const choices = c.items(el.choices, where, "choices", LIMITS.choices);
    out.choices = choices;
    if (type === "ranking")
      for (const ch of choices as Json[]) {
        const p = nameProblem(String(ch.value));
        if (p) c.problems.add(where, `lựa chọn xếp hạng: ${p}`);
      }
    if (choices.length === 0) c.problems.add(where, "không có lựa chọn nào");
    if (type === "ranking" && choices.length < 2)
      c.problems.add(where, "câu xếp hạng cần ít nhất hai lựa chọn");
  }
  if (type === "matrix") {
    const rows = c.items(el.rows, where, "rows", LIMITS.rows);
    const columns = c.items(el.columns, where, "columns", LIMITS.columns);
    Object.assign(out, { rows, columns });
    if (rows.length === 0 || columns.length === 0)
      c.problems.add(where, "bảng (matrix) cần có hàng và cột");
    for (const r of rows as Json[]) {
      const p = nameProblem(String(r.value));
      if (p) c.problems.add(where, `hàng: ${p}`);
    }
    if (el.cells !== undefined) {
      if (!isObject(el.cells)) c.problems.add(where, "«cells» không hợp lệ");
      else
        out.cells = Object.fromEntries(
          Object.entries(el.cells)
            .filter(([row]) => !RESERVED_NAMES.has(row))
            .map(([row, cols]) => [
              row,
              isObject(cols)
                ? Object.fromEntries(
                    Object.entries(cols)
                      .filter(([col]) => !RESERVED_NAMES.has(col))
                      .map(([col, t]) => [col, c.text(t, where, "cells")]),
                  )
                : {},
            ]),
        );
    }
  }
  if (type === "rating") {
    if (el.rateValues !== undefined)
      out.rateValues = c.items(el.rateValues, where, "rateValues", LIMITS.ratingLevels);
    const n = ratingLevelCount(out);
    if (n > LIMITS.ratingLevels || !Number.isFinite(n))
      c.problems.add(
        where,
        `thang đánh giá có ${Number.isFinite(n) ? n : "quá nhiều"} mức, tối đa ${LIMITS.ratingLevels}`,
      );
    else if (n < 2) c.problems.add(where, "thang đánh giá cần ít nhất hai mức");
    if (typeof el.rateStep === "number" && !(el.rateStep >= 0.1))
      c.problems.add(where, "«rateStep» phải từ 0,1 trở lên");
  }
  if (type === "boolean") {
    for (const k of ["valueTrue", "valueFalse"] as const)
      if (el[k] !== undefined) {
        const p = valueProblem(el[k]);
        if (p && typeof el[k] !== "boolean") c.problems.add(where, `«${k}»: ${p}`);
      }
  }
  if (type === "text") {
    const numeric = el.inputType === "number" || el.inputType === "range";
    for (const k of ["min", "max"] as const)
      if (el[k] !== undefined && (!numeric || typeof el[k] !== "number"))
        c.problems.add(where, `«${k}» chỉ dùng được là một số, cho ô nhập số`);
    if (el.dataList !== undefined) {
      if (!Array.isArray(el.dataList) || el.dataList.length > LIMITS.choices)
        c.problems.add(where, "«dataList» không hợp lệ");
      else out.dataList = el.dataList.map((t) => c.text(t, where, "dataList"));
    }
  }
  if (type === "multipletext") {
    const items = Array.isArray(el.items) ? el.items : [];
    if (items.length === 0) c.problems.add(where, "câu nhiều ô nhập cần ít nhất một ô (items)");
    if (items.length > LIMITS.multipleTextItems)
      c.problems.add(where, `có ${items.length} ô nhập, tối đa ${LIMITS.multipleTextItems}`, true);
    const seen = new Set<string>();
    out.items = items.slice(0, LIMITS.multipleTextItems).map((raw) => {
      if (!isObject(raw)) {
        c.problems.add(where, "một ô nhập không hợp lệ");
        return {};
      }
      const itemWhere = `${where}, ô «${String(raw.name)}»`;
      const item = c.props(raw, MULTIPLE_TEXT_ITEM, itemWhere);
      if (seen.has(String(raw.name))) c.problems.add(itemWhere, "tên ô nhập trùng nhau");
      seen.add(String(raw.name));
      if (raw.validators !== undefined)
        item.validators = checkValidators(c, raw.validators, itemWhere, "text");
      return item;
    });
  }
  return out;
}

function checkElements(c: Checker, list: unknown, where: string, depth: number): unknown[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    c.problems.add(where, "«elements» phải là một danh sách");
    return [];
  }
  const out: unknown[] = [];
  for (const raw of list) {
    if (++c.elements > LIMITS.elements) {
      c.problems.add(where, `phiếu có quá ${LIMITS.elements} câu hỏi và khối`, true);
      return out;
    }
    if (!isObject(raw) || typeof raw.type !== "string") {
      c.problems.add(where, "một phần tử không có loại (type)");
      continue;
    }
    const type = raw.type;
    const name = typeof raw.name === "string" ? raw.name : "";
    const kind = type === "panel" ? "Khối" : "Câu hỏi";
    const here = `${kind} «${name.slice(0, LIMITS.nameLength) || "(không tên)"}»`;
    if (!SUPPORTED_TYPES.includes(type)) {
      c.problems.add(
        here,
        `loại câu hỏi «${type.slice(0, 40)}» chưa được hỗ trợ (hỗ trợ: ${SUPPORTED_TYPES.join(", ")})`,
      );
      continue;
    }
    const np = nameProblem(raw.name);
    if (np && type !== "html" && type !== "image") c.problems.add(here, np);
    else if (name && c.names.has(name)) c.problems.add(here, "tên này đã dùng cho phần tử khác");
    if (name) c.names.add(name);
    if (type === "panel") {
      if (depth >= LIMITS.panelDepth) {
        c.problems.add(here, `khối lồng nhau quá ${LIMITS.panelDepth} tầng`, true);
        continue;
      }
      const panel = c.props(raw, PANEL, here);
      panel.elements = checkElements(c, raw.elements, here, depth + 1);
      out.push(panel);
    } else out.push(checkQuestion(c, raw, here));
  }
  return out;
}

/**
 * The survey part of a questionnaire, checked and rewritten into its one reading; throws
 * DefinitionError listing every problem (Vietnamese, naming the question and the rule).
 */
export function checkSurvey(
  survey: unknown,
  mode: Mode = "upload",
): { survey: Json; problems: string[] } {
  const c = new Checker();
  if (!isObject(survey)) throw new DefinitionError("survey: phải là một đối tượng", ["survey"]);
  const out = c.props(survey, SURVEY, "Phiếu");
  // A survey written without pages is one page (survey-core reads root elements/questions so).
  let pages: unknown = survey.pages;
  if (pages === undefined && (survey.elements !== undefined || survey.questions !== undefined))
    pages = [{ name: "page1", elements: survey.elements ?? survey.questions }];
  delete out.elements;
  delete out.questions;
  if (!Array.isArray(pages) || pages.length === 0) {
    c.problems.add("Phiếu", "không có trang nào (pages)");
    pages = [];
  }
  if ((pages as unknown[]).length > LIMITS.pages)
    c.problems.add(
      "Phiếu",
      `có ${(pages as unknown[]).length} trang, tối đa ${LIMITS.pages}`,
      true,
    );
  out.pages = (pages as unknown[]).slice(0, LIMITS.pages).map((raw, i) => {
    const where = `Trang ${i + 1}`;
    if (!isObject(raw)) {
      c.problems.add(where, "không hợp lệ");
      return {};
    }
    const page = c.props(raw, PAGE, where);
    if (page.name !== undefined) {
      const p = nameProblem(page.name);
      if (p) c.problems.add(where, p, true);
    }
    // `questions` is survey-core's alias of `elements` on a page.
    delete page.questions;
    page.elements = checkElements(c, raw.elements ?? raw.questions, where, 0);
    return page;
  });
  if (survey.calculatedValues !== undefined) {
    const list = Array.isArray(survey.calculatedValues) ? survey.calculatedValues : [];
    if (list.length > LIMITS.calculatedValues)
      c.problems.add("Phiếu", `quá ${LIMITS.calculatedValues} giá trị tính toán`, true);
    out.calculatedValues = list.slice(0, LIMITS.calculatedValues).map((raw) => {
      const where = `Giá trị tính toán «${isObject(raw) ? String(raw.name) : "?"}»`;
      if (!isObject(raw)) return c.problems.add(where, "không hợp lệ");
      const cv = c.props(
        raw,
        { name: "name", expression: "expression", includeIntoResult: "bool" },
        where,
      );
      if (typeof raw.name === "string") {
        if (c.names.has(raw.name)) c.problems.add(where, "tên này đã dùng cho một câu hỏi");
        c.names.add(raw.name);
      }
      return cv;
    });
  }
  if (survey.completedHtmlOnCondition !== undefined) {
    const list = Array.isArray(survey.completedHtmlOnCondition)
      ? survey.completedHtmlOnCondition
      : [];
    out.completedHtmlOnCondition = list
      .slice(0, 20)
      .map((raw) =>
        isObject(raw)
          ? c.props(raw, { expression: "condition", html: "html" }, "completedHtmlOnCondition")
          : c.problems.add("Phiếu", "completedHtmlOnCondition không hợp lệ"),
      );
  }
  if (c.questions === 0 && c.problems.list.length === 0)
    c.problems.add("Phiếu", "không có câu hỏi nào để trả lời");
  if (c.problems.list.length > 0 && (mode === "upload" || c.problems.fatal))
    throw new DefinitionError(c.problems.list.join("; "), c.problems.list);
  return { survey: out, problems: c.problems.list };
}

/**
 * "upload": any problem refuses the questionnaire. "stored": a version stored before this
 * checker is read in its harmless form (HTML sanitised, what is not supported left out, as the
 * validator always ignored it); only what is too costly to read at all is refused.
 */
export type Mode = "upload" | "stored";

/**
 * A catalog document (meta, survey, scoring) checked as a whole: limits first, then the
 * survey's one reading, then the file format. Returns the definition every consumer uses.
 */
export function checkQuestionnaire(raw: unknown): QuestionnaireDefinition {
  return readQuestionnaire(raw, "upload").definition;
}

/** A stored version in its one reading; `problems`: what was left out (for the log). */
export function readStoredQuestionnaire(raw: unknown) {
  return readQuestionnaire(raw, "stored");
}

function readQuestionnaire(
  raw: unknown,
  mode: Mode,
): { definition: QuestionnaireDefinition; problems: string[] } {
  const { nodes, depth } = measure(raw);
  if (nodes > LIMITS.jsonNodes)
    throw new DefinitionError("Tệp quá lớn", [`Tệp có quá ${LIMITS.jsonNodes} phần tử JSON`]);
  if (depth > LIMITS.jsonDepth)
    throw new DefinitionError("Tệp lồng quá sâu", [
      `Tệp lồng nhau quá ${LIMITS.jsonDepth} tầng (khối trong khối quá nhiều)`,
    ]);
  if (!isObject(raw)) throw new DefinitionError("(root)", ["Tệp phải là một đối tượng JSON"]);
  // Every problem at once: the survey's, then the file format's.
  let checked: { survey: Json; problems: string[] } | undefined;
  const problems: string[] = [];
  try {
    checked = checkSurvey(raw.survey, mode);
  } catch (e) {
    if (!(e instanceof DefinitionError)) throw e;
    problems.push(...e.problems);
  }
  try {
    const definition = parseDefinition({ ...raw, survey: checked?.survey ?? { pages: [{}] } });
    if (checked && problems.length === 0) return { definition, problems: checked.problems };
  } catch (e) {
    if (!(e instanceof DefinitionError)) throw e;
    problems.push(...e.problems);
  }
  throw new DefinitionError(problems.join("; "), problems);
}
