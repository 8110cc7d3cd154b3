/**
 * Synthetic answer sets that pass a questionnaire's validator, for the demo, the seed
 * command, benchmarks and property tests. Deterministic for a given random source.
 */
import { dict } from "./dict";
import type { Audience } from "./audience";
import type { CompiledQuestionnaire } from "./validator";

export type Random = () => number;

/** mulberry32: a small seeded generator, good enough for test data. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(xs: readonly T[], r: Random): T => xs[Math.floor(r() * xs.length)]!;

/**
 * Skews ratings towards the top of a scale the way real satisfaction data does:
 * `satisfaction` near 1 gives mostly the last levels.
 */
function skewedPick<T>(xs: readonly T[], r: Random, satisfaction: number): T {
  const u = Math.pow(r(), 1 - Math.min(0.95, Math.max(0, satisfaction)));
  return xs[Math.min(xs.length - 1, Math.floor(u * xs.length))]!;
}

export interface SyntheticOptions {
  /** 0–1: how satisfied the synthetic people are. */
  satisfaction?: number;
  /** Share of optional questions answered. */
  fillOptional?: number;
  /**
   * Who fills the form in (default: a self-completing respondent, as through a link made
   * without an audience): only an interviewer answers the fields marked for the surveyor.
   */
  audience?: Audience;
  /** Ordering of rating levels from worst to best, when values are not numeric. */
}

export function syntheticAnswers(
  q: CompiledQuestionnaire,
  r: Random,
  opts: SyntheticOptions = {},
): Record<string, unknown> {
  const satisfaction = opts.satisfaction ?? 0.8;
  const fill = opts.fillOptional ?? 0.6;
  // Keyed by question names: a dict, so a form's odd names stay answers (dict.ts).
  const answers = dict<unknown>();
  for (const question of q.questions) {
    const state = q.stateOf(question, answers, { audience: opts.audience ?? "respondent" });
    if (!state.visible || !state.enabled) continue;
    // eachRowRequired and minSelectedChoices ask for an answer even of an optional question.
    const demanded =
      state.required || question.allRowsRequired || question.minSelected !== undefined;
    if (!demanded && r() > fill) continue;
    const values = [...question.values.values()].filter((v) => v !== "other");
    // Ratings sorted worst → best when numeric; "not used" codes such as 0 sort first and stay rare.
    const ordered = values.every((v) => typeof v === "number")
      ? [...values].sort((a, b) => (a as number) - (b as number))
      : values;
    switch (question.kind) {
      case "rating":
      case "choice":
        if (ordered.length)
          answers[question.name] =
            question.kind === "rating" ? skewedPick(ordered, r, satisfaction) : pick(ordered, r);
        break;
      case "boolean":
        answers[question.name] = r() < 0.5;
        break;
      case "multi": {
        const n = Math.max(question.minSelected ?? 1, 1);
        const max = question.maxSelected ?? ordered.length;
        const chosen = new Set<string | number>();
        while (chosen.size < Math.min(max, Math.max(n, Math.ceil(r() * 2)), ordered.length))
          chosen.add(pick(ordered, r));
        answers[question.name] = [...chosen];
        break;
      }
      case "matrix": {
        const row = dict<string | number>();
        for (const rv of question.rows) row[rv] = skewedPick(ordered, r, satisfaction);
        answers[question.name] = row;
        break;
      }
      case "text":
        if (question.numeric) {
          const lo = question.min ?? 0;
          const hi = question.max ?? lo + 100;
          answers[question.name] = Math.round(lo + r() * (hi - lo));
        } else if (question.maxLength < 20) {
          // Short fields are codes and phone numbers: digits that fit.
          answers[question.name] = "0912345678901234567".slice(0, Math.min(10, question.maxLength));
        } else
          answers[question.name] = pick(
            ["Thủ tục cấp giấy phép", "Đăng ký khai sinh", "Chứng thực bản sao"],
            r,
          );
        break;
      case "comment":
        answers[question.name] = pick(
          ["Cán bộ nhiệt tình.", "Thời gian chờ hơi lâu.", "Cần thêm ghế ngồi chờ."],
          r,
        );
        break;
      case "ranking": {
        const order = [...ordered].sort(() => r() - 0.5);
        answers[question.name] = question.rankAll ? order : order.slice(0, 1);
        break;
      }
      case "multipletext": {
        const boxes: Record<string, string | number> = {};
        for (const item of question.items)
          if (item.required || r() < fill)
            boxes[item.name] = item.numeric ? Math.round(r() * 50) : "Nguyễn Văn An";
        answers[question.name] = boxes;
        break;
      }
      case "free":
        break;
    }
  }
  return answers;
}
