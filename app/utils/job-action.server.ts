/** The action both job pages (/admin/jobs and /admin/jobs/:id) share. */
import { z } from "zod";
import { appContext } from "~/services/context.server";
import { changeJob } from "~/services/jobs-admin.server";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { localeFromRequest, translator } from "~/utils/i18n";
import { parseIntent } from "~/utils/intent.server";
import { done, failure } from "~/utils/outcome.server";

const Intent = z.object({ intent: z.enum(["retry", "cancel"]) });

/**
 * The action of both job pages: intent=retry|cancel on the job of the page (`jobId`) or of the
 * form's `jobId` field; a confirmation, or the reason it was not done.
 */
export async function jobPageAction(request: Request, jobId?: string) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "jobs.manage");
  const ctx = await appContext();
  const t = translator(localeFromRequest(request));
  const form = await request.formData();
  try {
    const { intent } = parseIntent(form, Intent);
    await changeJob(ctx, user, jobId ?? String(form.get("jobId") ?? ""), intent);
    return done(t(intent === "retry" ? "jobs.retried" : "jobs.cancelled"));
  } catch (e) {
    return failure(e, t);
  }
}
