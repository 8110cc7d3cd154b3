/** What a respondent's client needs for a token: campaign, questionnaire and scoring block. */
import { findLinkWithCampaign } from "#db/queries/campaigns";
import { findInvitation } from "#db/queries/invitations";
import { campaignAvailability, comeBackFrom, type Availability } from "~/domain/campaign";
import { loadVersion, type AppContext, type LoadedVersion } from "./context.server";

export type FormLookup =
  | { kind: "not_found" }
  | {
      kind: "gone";
      reason: "closed" | "not_yet_open" | "link_revoked" | "invitation_used";
      /** Not yet open: the date to come back from, when it is still ahead (see comeBackFrom). */
      opensAt: string | null;
    }
  | {
      kind: "ok";
      link: NonNullable<Awaited<ReturnType<typeof findLinkWithCampaign>>>;
      version: LoadedVersion;
      availability: Availability;
      /** The SurveyJS form respondents get (see formFor). */
      survey: Record<string, unknown>;
    };

export async function findForm(
  ctx: AppContext,
  token: string,
  now = new Date(),
): Promise<FormLookup> {
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(token)) return { kind: "not_found" };
  const link = await findLinkWithCampaign(ctx.db, token);
  if (!link) return { kind: "not_found" };
  if (link.revoked_at) return { kind: "gone", reason: "link_revoked", opensAt: link.opens_at };
  const availability = campaignAvailability(link, now);
  if (availability !== "open")
    return { kind: "gone", reason: availability, opensAt: comeBackFrom(link, now) };
  // A single-use invitation code that took its response already.
  if (link.channel === "invitation" && (await findInvitation(ctx.db, token))?.used_at)
    return { kind: "gone", reason: "invitation_used", opensAt: link.opens_at };
  const version = await loadVersion(ctx, link.questionnaire_version_id);
  if (!version) throw new Error(`questionnaire version ${link.questionnaire_version_id} missing`);
  return { kind: "ok", link, version, availability, survey: formFor(link, version) };
}

/** The form a campaign shows: an anonymous one leaves out the questions asking for contact details. */
export function formFor(
  link: { anonymous: number },
  version: LoadedVersion,
): Record<string, unknown> {
  return link.anonymous ? version.anonymousSurvey : version.definition.survey;
}
