/**
 * What the moderation page (/manage/flags) reads: the flagged responses in a manager's
 * subtrees, and the written comments of the latest responses (which a manager may redact).
 */
import { listResponsesUnder, listResponseUnitPaths } from "#db/queries/flagged";
import { loadVersion, type AppContext } from "./context.server";
import { reaches } from "./manage.server";
import { REDACTED } from "./moderation.server";

const SHOWN = 200;
const RECENT = 500;
const COMMENTS = 50;

function summarize(answers: string): string {
  const a = JSON.parse(answers) as Record<string, unknown>;
  return Object.entries(a)
    .map(([k, v]) => {
      const s = Array.isArray(v) ? v.join(", ") : String(v);
      return `${k}: ${s.length > 80 ? `${s.slice(0, 80)}…` : s}`;
    })
    .join(" · ");
}

export async function listFlagReview(ctx: AppContext, paths: readonly string[]) {
  const flagged = await listResponsesUnder(ctx.db, paths, { flaggedOnly: true, limit: SHOWN });
  const recent = await listResponsesUnder(ctx.db, paths, { flaggedOnly: false, limit: RECENT });
  const comments = [];
  for (const r of recent) {
    const version = await loadVersion(ctx, r.questionnaire_version_id);
    const textual = new Set(
      version?.compiled.questions
        .filter((q) => q.kind === "text" || q.kind === "comment")
        .map((q) => q.name) ?? [],
    );
    const a = JSON.parse(r.answers) as Record<string, unknown>;
    for (const [question, v] of Object.entries(a)) {
      if (typeof v !== "string" || v.trim() === "" || v === REDACTED) continue;
      if (!textual.has(question) && !question.endsWith("-Comment")) continue;
      comments.push({
        id: r.id,
        question,
        text: v,
        at: r.submitted_at,
        unitName: r.unit_name,
      });
    }
    if (comments.length >= COMMENTS) break;
  }
  return {
    flagged: flagged.map((r) => ({
      id: r.id,
      reason: r.flag_reason!,
      at: r.submitted_at,
      channel: r.channel,
      unitName: r.unit_name,
      campaignTitle: r.campaign_title,
      answers: summarize(r.answers),
    })),
    comments,
  };
}

/** True when every response at `ids` exists and lies inside the subtrees at `paths`. */
export async function responsesWithin(
  ctx: AppContext,
  ids: readonly string[],
  paths: readonly string[],
) {
  const rows = await listResponseUnitPaths(ctx.db, ids);
  return rows.length === new Set(ids).size && rows.every((r) => reaches(paths, r.path));
}
