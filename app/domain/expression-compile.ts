/**
 * SurveyJS expressions parsed by survey-core's own parser and written as the compact trees
 * the browser's interpreter evaluates (expression.ts). Server-side only: it imports
 * survey-core. An expression that the interpreter cannot evaluate exactly (a function call,
 * an element property "{$q.isVisible}", a JSON literal) compiles to null: the browser then
 * leaves that question to the server, which decides with survey-core's ConditionRunner.
 */
import { ConditionRunner, ConditionsParser, type Operand } from "survey-core";
import type { BinaryOp, Tree, UnaryOp } from "./expression";

const BINARY = new Set<string>([
  "and",
  "or",
  "plus",
  "minus",
  "mul",
  "div",
  "mod",
  "power",
  "greater",
  "less",
  "greaterorequal",
  "lessorequal",
  "equal",
  "notequal",
  "contains",
  "notcontains",
  "anyof",
  "noneof",
  "allof",
]);
const UNARY = new Set<string>(["empty", "notempty", "negate"]);

/** Control flow inside the compiler only (never leaves this module): the caller gets null. */
class Unsupported extends Error {}

// survey-core's operand classes, as far as their public getters describe them.
type AnyOperand = Operand & {
  operator?: string;
  isArithmetic?: boolean;
  leftOperand?: Operand | null;
  rightOperand?: Operand | null;
  expression?: Operand;
  values?: Operand[];
  variable?: string;
  correctValue?: unknown;
};

function toTree(op: AnyOperand | null | undefined): Tree {
  if (op == null) return ["c", null];
  switch (op.getType()) {
    case "const":
      return ["c", op.correctValue];
    case "variable": {
      const name = op.variable ?? "";
      if (!name || name.startsWith("$") || name.includes(":")) throw new Unsupported();
      return ["v", name, op.toString().startsWith("{#") ? 1 : 0];
    }
    case "array":
      return ["a", (op.values ?? []).map((v) => toTree(v as AnyOperand))];
    case "unary":
      if (!UNARY.has(op.operator ?? "")) throw new Unsupported();
      return ["u", op.operator as UnaryOp, toTree(op.expression as AnyOperand)];
    case "binary":
      if (!BINARY.has(op.operator ?? "")) throw new Unsupported();
      return [
        "b",
        op.operator as BinaryOp,
        toTree(op.leftOperand as AnyOperand),
        toTree(op.rightOperand as AnyOperand),
        op.isArithmetic ? 1 : 0,
      ];
    default:
      throw new Unsupported();
  }
}

/** The tree of a condition, or null when only survey-core can evaluate it (or it does not parse). */
export function compileExpression(expression: string): Tree | null {
  const op = new ConditionsParser().parseExpression(expression) as AnyOperand | null;
  if (!op) return null;
  try {
    return toTree(op);
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

/** The variables an expression reads ("{a} = 1 and {m.r1} notempty" → ["a", "m.r1"]). */
export function expressionVariables(expression: string): string[] {
  const op = new ConditionsParser().parseExpression(expression);
  const out: string[] = [];
  op?.setVariables(out);
  return out;
}

const runners = new Map<string, ConditionRunner>();

/**
 * survey-core's own reading of a condition, for what the validator does not cover (a text
 * element's or a page's visibleIf): the server never decides by the browser's interpreter.
 */
export function runOnServer(expression: string, values: Record<string, unknown>): boolean {
  let runner = runners.get(expression);
  if (!runner) {
    runner = new ConditionRunner(expression);
    if (runners.size < 10_000) runners.set(expression, runner);
  }
  return runner.runValues(values, {});
}
