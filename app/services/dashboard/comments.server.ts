/** The comments view: the only one that reads raw responses, a page at a time. */
import { listResponsesPage } from "#db/queries/dashboard";
import {
  commentQuestions,
  matchesKeywords,
  rateResponse,
  type ResponseRating,
} from "~/domain/dashboard";
import { localize } from "~/domain/questionnaire";
import type { AppContext } from "../context.server";
import type { Selection } from "./selection.server";

export const COMMENTS_PAGE = 20;
const SCAN_PAGE = 500;
const SCAN_LIMIT = 5000;

export interface CommentQuery {
  q: string;
  rating: ResponseRating | "";
  before: string | null;
}

export async function listComments(ctx: AppContext, s: Selection, cq: CommentQuery) {
  if (!s.version) return null;
  const questions = commentQuestions(s.version.definition);
  const titles = new Map(questions.map((q) => [q.name, localize(q.title, s.locale)]));
  const out: Array<{
    id: string;
    at: string;
    unit: string;
    channel: string;
    rating: ResponseRating;
    satisfied: number;
    valid: number;
    texts: Array<{ question: string; title: string; text: string }>;
  }> = [];
  let cursor = cq.before;
  let scanned = 0;
  let exhausted = false;
  while (out.length < COMMENTS_PAGE && scanned < SCAN_LIMIT) {
    const page = await listResponsesPage(ctx.db, {
      campaignIds: s.campaignIds,
      periodFrom: s.from,
      periodTo: s.to,
      channel: s.channel,
      kind: s.kind,
      unitPath: s.unit.path,
      before: cursor,
      limit: SCAN_PAGE,
    });
    if (page.length === 0) {
      exhausted = true;
      break;
    }
    for (const r of page) {
      scanned++;
      cursor = r.id;
      const answers = JSON.parse(r.answers) as Record<string, unknown>;
      const texts = questions
        .map((q) => ({ question: q.name, title: titles.get(q.name)!, text: answers[q.name] }))
        .filter(
          (t): t is { question: string; title: string; text: string } =>
            typeof t.text === "string" && t.text.trim() !== "",
        );
      if (texts.length === 0) continue;
      if (s.group && String(answers[s.group.question]) !== s.group.value) continue;
      const rated = rateResponse(s.version.definition, answers);
      if (cq.rating && rated.rating !== cq.rating) continue;
      if (cq.q && !matchesKeywords(texts.map((t) => t.text).join("\n"), cq.q)) continue;
      out.push({
        id: r.id,
        at: r.submitted_at,
        unit: r.unit_name,
        channel: r.channel,
        ...rated,
        texts,
      });
      if (out.length >= COMMENTS_PAGE) break;
    }
    if (page.length < SCAN_PAGE && out.length < COMMENTS_PAGE) {
      exhausted = true;
      break;
    }
  }
  return {
    comments: out,
    questions: questions.map((q) => ({ name: q.name, title: titles.get(q.name)! })),
    scanned,
    next: exhausted ? null : cursor,
  };
}
