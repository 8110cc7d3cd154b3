/**
 * What a manager fills in to create a campaign, checked with zod, and the rules of its life:
 * draft → open → closed (or draft → closed). A campaign keeps its questionnaire version for
 * life; a new version means a new campaign (see campaign-span.ts for results across both).
 */
import { z } from "zod";
import { VN_OFFSET_MS } from "./period";
import { METRICS } from "./targets";

export const CHANNELS = ["link", "qr", "kiosk", "invitation"] as const;
export type Channel = (typeof CHANNELS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "form.isoDate");
const optionalNumber = (schema: z.ZodNumber) =>
  z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? null : Number(v)),
    schema.nullable(),
  );

export const CampaignInputSchema = z
  .object({
    title: z.string().trim().min(1, "campaign.error.title").max(200),
    questionnaireVersionId: z.string().min(1, "campaign.error.questionnaire"),
    scopeUnitIds: z.array(z.string().min(1)).min(1, "campaign.error.scope"),
    from: isoDate,
    to: isoDate,
    targetPct: optionalNumber(
      z.number().min(0, "campaign.error.targetPct").max(100, "campaign.error.targetPct"),
    ),
    /** The metric the target is set on: the rate unless the form says otherwise (health index). */
    targetMetric: z.preprocess(
      (v) => (v === "" || v === undefined || v === null ? "rate" : v),
      z.enum(METRICS, { message: "campaign.error.targetMetric" }),
    ),
    targetResponses: optionalNumber(
      z
        .number()
        .int("campaign.error.targetResponses")
        .min(1, "campaign.error.targetResponses")
        .max(10_000_000, "campaign.error.targetResponses"),
    ),
    channels: z.array(z.enum(CHANNELS)).min(1, "campaign.error.channels"),
    minN: z.preprocess(
      (v) => (v === "" || v === undefined ? 30 : Number(v)),
      z
        .number()
        .int("campaign.error.minN")
        .min(1, "campaign.error.minN")
        .max(100_000, "campaign.error.minN"),
    ),
    anonymous: z.boolean(),
    /** Takes dossier ratings: a dossier's one-time link is valid this many days (null: none). */
    dossierLinkDays: optionalNumber(
      z
        .number()
        .int("campaign.error.dossierLinkDays")
        .min(1, "campaign.error.dossierLinkDays")
        .max(365, "campaign.error.dossierLinkDays"),
    ),
  })
  .refine((v) => v.from <= v.to, { message: "campaign.error.dates", path: ["to"] });
export type CampaignInput = z.infer<typeof CampaignInputSchema>;

/** The campaign's instants for a period of whole days in Vietnam: from 00:00 of `from` to 00:00 after `to`. */
export function periodBounds(from: string, to: string): { opensAt: string; closesAt: string } {
  const start = Date.parse(`${from}T00:00:00Z`) - VN_OFFSET_MS;
  const end = Date.parse(`${to}T00:00:00Z`) + 86_400_000 - VN_OFFSET_MS;
  return { opensAt: new Date(start).toISOString(), closesAt: new Date(end).toISOString() };
}

export type CampaignStatus = "draft" | "open" | "closed";

const NEXT: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ["open", "closed"],
  open: ["closed"],
  closed: [], // frozen: accepts nothing (410) and never reopens
};

export function canTransition(from: CampaignStatus, to: CampaignStatus): boolean {
  return NEXT[from].includes(to);
}

/**
 * The deepest unit above or at every path (paths are '/id/…/id/'), or null when they share
 * no root: the unit a campaign's audit entries are filed under.
 */
export function commonAncestorId(paths: readonly string[]): string | null {
  const split = paths.map((p) => p.split("/").filter(Boolean));
  const first = split[0] ?? [];
  let i = 0;
  while (i < first.length && split.every((s) => s[i] === first[i])) i++;
  return i === 0 ? null : first[i - 1]!;
}
