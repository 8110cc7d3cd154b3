/**
 * Every kind of background job this build runs, by name. A runner claims only jobs whose
 * name is here, so during a rolling deploy an older process leaves a newer kind to the newer
 * processes. Add a kind: defineJob(...) in its feature's module, then list it here.
 */
import { alertEvaluation } from "./alerts.server";
import type { AnyJobDefinition } from "./jobs.server";
import { dossierLinkJob } from "./dossier-messages.server";
import { mailJob } from "./mail.server";
import { outboxPruning } from "./outbox-prune.server";
import { webhookDeliverJob } from "./webhooks.server";
import type { Recurring } from "./recurring.server";
import { reportJob, scheduleDispatch } from "./report-schedules.server";

export const JOB_DEFINITIONS: readonly AnyJobDefinition[] = [
  mailJob,
  reportJob,
  scheduleDispatch.def,
  alertEvaluation.def,
  dossierLinkJob,
  webhookDeliverJob,
  outboxPruning.def,
];

/** Kinds that run every few minutes (recurring.server.ts): one is always waiting. */
export const RECURRING_JOBS: readonly Recurring[] = [
  scheduleDispatch,
  alertEvaluation,
  outboxPruning,
];

const byName = new Map(JOB_DEFINITIONS.map((d) => [d.name, d]));

export function jobDefinition(name: string): AnyJobDefinition | undefined {
  return byName.get(name);
}
