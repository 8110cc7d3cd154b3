/**
 * A SurveyJS condition as a compact tree, and a small interpreter for it that runs in the
 * browser without survey-core (≈ 310 KB gzip). The server parses each expression with
 * survey-core's own parser (expression-compile.ts) and ships the tree; this evaluates it
 * by survey-core 3.0's rules (OperandMaker, Helpers, VariableGetterContext), so that a
 * question shown or hidden as the person answers is the one the server's ConditionRunner
 * shows or hides. tests/unit/expression.test.ts runs both on generated expressions and
 * answers and compares. Pure; no imports.
 */

export type BinaryOp =
  | "and"
  | "or"
  | "plus"
  | "minus"
  | "mul"
  | "div"
  | "mod"
  | "power"
  | "greater"
  | "less"
  | "greaterorequal"
  | "lessorequal"
  | "equal"
  | "notequal"
  | "contains"
  | "notcontains"
  | "anyof"
  | "noneof"
  | "allof";

export type UnaryOp = "empty" | "notempty" | "negate";

/**
 * c: a constant (already converted as survey-core converts literals); v: a variable
 * (1 = "{#name}", its value used as it is); u: a unary operator; b: a binary operator
 * (1 = survey-core treats it as arithmetic: empty operands are replaced first); a: an array.
 * A missing operand ("null" in the text) is the constant null.
 */
export type Tree =
  | ["c", unknown]
  | ["v", string, 0 | 1]
  | ["u", UnaryOp, Tree]
  | ["b", BinaryOp, Tree, Tree, 0 | 1]
  | ["a", Tree[]];

type Values = Record<string, unknown>;

// ---- survey-core's Helpers, as far as conditions use them --------------------------------

export function isValueEmpty(value: unknown): boolean {
  if (Array.isArray(value) && value.length === 0) return true;
  if (value && typeof value === "object" && (value as object).constructor === Object) {
    for (const key in value as Values) if (!isValueEmpty((value as Values)[key])) return false;
    return true;
  }
  return !value && value !== 0 && value !== false;
}

const isDigits = (s: string) => s.length > 0 && /^[0-9]+$/.test(s);

function hasOperator(s: string): boolean {
  if (s.lastIndexOf("-") > 0 || s.lastIndexOf("+") > 0) return false;
  return /[*^/%]/.test(s);
}

function getNumber(value: unknown): number {
  let v = value;
  if (typeof v === "string") {
    v = v.trim();
    const s = v as string;
    if (!s) return NaN;
    if (s.indexOf("0x") === 0) return s.length > 32 ? NaN : parseInt(s);
    if (s.length > 15 && isDigits(s)) return NaN;
    if (hasOperator(s)) return NaN;
    const comma = s.indexOf(",");
    if (comma > -1 && s.indexOf(",", comma + 1) < 0) v = s.replace(",", ".");
  }
  const res = parseFloat(v as string);
  if (isNaN(res) || !isFinite(v as number)) return NaN;
  return res;
}

const isNumber = (value: unknown) => !isNaN(getNumber(value));

function countDecimals(value: unknown): number {
  if (isNumber(value) && Math.floor(value as number) !== value) {
    const parts = String(value).split(".");
    return (parts.length > 1 && parts[1]!.length) || 0;
  }
  return 0;
}

function afterPlusMinus(a: unknown, b: unknown, res: number): number {
  const digits = Math.max(countDecimals(a), countDecimals(b));
  return digits > 0 ? parseFloat(res.toFixed(digits)) : res;
}

function afterMultiply(a: unknown, b: unknown, res: number): number {
  const digits = countDecimals(a) + countDecimals(b);
  return digits > 0 ? parseFloat(res.toFixed(digits)) : res;
}

function sumAnyValues(a: unknown, b: unknown): unknown {
  if (!isNumber(a) || !isNumber(b)) {
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    if (Array.isArray(a) || Array.isArray(b)) {
      const arr = (Array.isArray(a) ? a : b) as unknown[];
      const val = arr === a ? b : a;
      if (typeof val === "string") {
        const str = arr.join(", ");
        return arr === a ? str + val : val + str;
      }
      if (typeof val === "number") {
        let res = 0;
        for (const x of arr) if (typeof x === "number") res = afterPlusMinus(res, x, res + x);
        return afterPlusMinus(res, val, res + val);
      }
    }
    return (a as string) + (b as string);
  }
  if (typeof a === "string" || typeof b === "string") return (a as string) + (b as string);
  return afterPlusMinus(a, b, (a as number) + (b as number));
}

const convertibleToNumber = (v: unknown) =>
  v !== undefined && v !== null && !Array.isArray(v) && !isNaN(v as number);

function valuesEqual(x: unknown, y: unknown, ignoreOrder: boolean): boolean {
  if (x === y) return true;
  if (Array.isArray(x) && x.length === 0 && typeof y === "undefined") return true;
  if (Array.isArray(y) && y.length === 0 && typeof x === "undefined") return true;
  if ((x === undefined || x === null) && y === "") return true;
  if ((y === undefined || y === null) && x === "") return true;
  if (typeof x === "string" && typeof y === "string")
    return x.trim().toLowerCase() === y.trim().toLowerCase();
  if (convertibleToNumber(x) && convertibleToNumber(y)) {
    if (
      parseInt(x as string) === parseInt(y as string) &&
      parseFloat(x as string) === parseFloat(y as string)
    )
      return true;
  }
  if (!isValueEmpty(x) !== !isValueEmpty(y)) return false;
  if ((x === true || x === false) && typeof y === "string")
    return x.toString() === y.toLocaleLowerCase();
  if ((y === true || y === false) && typeof x === "string")
    return y.toString() === x.toLocaleLowerCase();
  const xObj = x instanceof Object;
  const yObj = y instanceof Object;
  if (!xObj && !yObj) return x == y;
  if (!xObj || !yObj) return false;
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) return false;
    let xs = x;
    let ys = y;
    if (ignoreOrder) {
      xs = [...x].sort();
      ys = [...y].sort();
    }
    return xs.every((v, i) => valuesEqual(v, ys[i], ignoreOrder));
  }
  const xo = x as Values;
  const yo = y as Values;
  for (const p in xo) {
    if (!Object.prototype.hasOwnProperty.call(xo, p)) continue;
    if (!Object.prototype.hasOwnProperty.call(yo, p)) return false;
    if (!valuesEqual(xo[p], yo[p], ignoreOrder)) return false;
  }
  for (const p in yo)
    if (Object.prototype.hasOwnProperty.call(yo, p) && !Object.prototype.hasOwnProperty.call(xo, p))
      return false;
  return true;
}

/** OperandMaker.isTwoValueEquals: the text "undefined" is undefined; order ignored. */
function twoValuesEqual(x: unknown, y: unknown): boolean {
  return valuesEqual(x === "undefined" ? undefined : x, y === "undefined" ? undefined : y, true);
}

// ---- survey-core's OperandMaker -----------------------------------------------------------

function containsCore(left: unknown, right: unknown, isContains: boolean): boolean {
  if (Array.isArray(left) && !left.length) return !isContains;
  if (!left && left !== 0 && left !== false) return false;
  let l: unknown = left;
  if (!(l as { length?: number }).length) l = String(l);
  if (typeof l === "string") {
    if (!right) return false;
    const found = l.toLowerCase().indexOf(String(right).toLowerCase()) > -1;
    return isContains ? found : !found;
  }
  const list = l as ArrayLike<unknown>;
  for (const r of Array.isArray(right) ? right : [right]) {
    let i = 0;
    for (; i < list.length; i++) if (twoValuesEqual(list[i], r)) break;
    if (i === list.length) return !isContains;
  }
  return isContains;
}

const contains = (l: unknown, r: unknown) => containsCore(l, r, true);

function anyof(left: unknown, right: unknown): boolean {
  if (isValueEmpty(left) && isValueEmpty(right)) return true;
  if (isValueEmpty(left) || (!Array.isArray(left) && (left as { length?: number }).length === 0))
    return false;
  if (isValueEmpty(right)) return true;
  if (!Array.isArray(left)) return contains(right, left);
  if (!Array.isArray(right)) return contains(left, right);
  return right.some((r) => contains(left, r));
}

function equal(l: unknown, r: unknown) {
  return twoValuesEqual(l, r);
}

function greater(l: unknown, r: unknown) {
  if (l == null || r == null) return false;
  return (l as number) > (r as number);
}

function less(l: unknown, r: unknown) {
  if (l == null || r == null) return false;
  return (l as number) < (r as number);
}

const BINARY: Record<BinaryOp, (a: unknown, b: unknown) => unknown> = {
  and: (a, b) => a && b,
  or: (a, b) => a || b,
  plus: sumAnyValues,
  minus: (a, b) => afterPlusMinus(a, b, (a as number) - (b as number)),
  mul: (a, b) => afterMultiply(a, b, (a as number) * (b as number)),
  div: (a, b) => (!b ? null : (a as number) / (b as number)),
  mod: (a, b) => (!b ? null : (a as number) % (b as number)),
  power: (a, b) => Math.pow(a as number, b as number),
  greater,
  less,
  greaterorequal: (a, b) => equal(a, b) || greater(a, b),
  lessorequal: (a, b) => equal(a, b) || less(a, b),
  equal,
  notequal: (a, b) => !equal(a, b),
  contains,
  notcontains: (l, r) => (!l && !isValueEmpty(r) ? true : containsCore(l, r, false)),
  anyof,
  noneof: (l, r) => !anyof(l, r),
  allof: (l, r) => {
    if (!l && !isValueEmpty(r)) return false;
    if (!Array.isArray(r)) return contains(l, r);
    return r.every((x) => contains(l, x));
  },
};

/** Before an "arithmetic" operator, an empty operand takes the other's kind of zero. */
function forArithmetic(val: unknown, second: unknown): unknown {
  if (!isValueEmpty(val)) return val;
  if (typeof second === "number") return 0;
  if (typeof val === "string") return val;
  if (typeof second === "string") return "";
  if (Array.isArray(second)) return [];
  return 0;
}

/** Const/Variable.getCorrectValue: "true" is true, '…' loses its quotes, "12" is 12. */
export function correctValue(value: unknown): unknown {
  if (!value || typeof value !== "string") return value;
  const lower = value.toLowerCase();
  if (lower === "true" || lower === "false") return lower === "true";
  if (value.length > 1 && /^['"]/.test(value) && /['"]$/.test(value))
    return value.substring(1, value.length - 1);
  if (isNumber(value)) {
    if (value[0] === "0" && value.indexOf("0x") !== 0) {
      const len = value.length;
      const hasPoint = len > 1 && (value[1] === "." || value[1] === ",");
      if ((!hasPoint && len > 1) || (hasPoint && len < 2)) return value;
    }
    return getNumber(value);
  }
  return value;
}

// ---- VariableGetterContext: {name}, {q.row}, {list[0]}, case-insensitive ------------------

interface PathItem {
  name: string;
  index?: number;
}

function pathOf(name: string): PathItem[] {
  return name.split(".").map((part) => {
    if (part.endsWith("]")) {
      const open = part.lastIndexOf("[");
      if (open > -1) {
        const index = getNumber(part.substring(open + 1, part.length - 1));
        if (!isNaN(index)) return { name: part.substring(0, open), index };
      }
    }
    return { name: part };
  });
}

function valueByName(obj: unknown, name: string): unknown {
  if (!obj || !name) return undefined;
  if (name === "length" && (Array.isArray(obj) || typeof obj === "string"))
    return (obj as { length: number }).length;
  if (typeof obj !== "object") return undefined;
  const lower = name.toLowerCase();
  for (const key in obj as Values) if (key.toLowerCase() === lower) return (obj as Values)[key];
  return undefined;
}

function lookup(values: Values, name: string): { found: boolean; value: unknown } {
  const path = pathOf(name);
  let value: unknown = values;
  let i = 0;
  while (i < path.length) {
    // The longest dotted name that holds a value, up to the next indexed part.
    let end = i;
    while (end < path.length && path[end]!.index === undefined) end++;
    if (end >= path.length) end = path.length - 1;
    let found = false;
    let j = end;
    for (; j >= i; j--) {
      const key = path
        .slice(i, j + 1)
        .map((p) => p.name)
        .join(".");
      const v = valueByName(value, key);
      if (v !== undefined) {
        value = v;
        found = true;
        break;
      }
    }
    if (!found) return { found: false, value: undefined };
    const index = path[j]!.index;
    i = j + 1;
    if (index !== undefined) {
      if (!Array.isArray(value)) return { found: false, value: undefined };
      const k = index < 0 ? value.length + index : index;
      if (k < 0 || k >= value.length) return { found: false, value: undefined };
      value = value[k];
    }
  }
  return { found: true, value };
}

function variable(values: Values, name: string, asIs: boolean): unknown {
  const r = lookup(values, name);
  if (!r.found) return name.endsWith(".length") ? 0 : null;
  return asIs ? r.value : correctValue(r.value);
}

// ---- evaluation ---------------------------------------------------------------------------

export function evaluate(tree: Tree, values: Values): unknown {
  switch (tree[0]) {
    case "c":
      return tree[1];
    case "v":
      return variable(values, tree[1], tree[2] === 1);
    case "a":
      return tree[1].map((t) => evaluate(t, values));
    case "u": {
      const v = evaluate(tree[2], values);
      if (tree[1] === "negate") return !v;
      return tree[1] === "empty" ? isValueEmpty(v) : !isValueEmpty(v);
    }
    case "b": {
      let a = evaluate(tree[2], values);
      let b = evaluate(tree[3], values);
      if (tree[4] === 1) {
        a = forArithmetic(a, b);
        b = forArithmetic(b, a);
      }
      return BINARY[tree[1]](a, b);
    }
  }
}

/** ConditionRunner.runValues: the result, loosely equal to true. */
export function runCondition(tree: Tree, values: Values): boolean {
  return evaluate(tree, values) == true;
}
