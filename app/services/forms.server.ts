/** What a respondent's client needs for a token: campaign, questionnaire and scoring block. */
import { findLinkWithCampaign } from "#db/queries/campaigns";
import { findInvitation } from "#db/queries/invitations";
import { withoutQuestions } from "~/domain/anonymity";
import { surveyorQuestions, type Audience } from "~/domain/audience";
import { campaignAvailability, comeBackFrom, type Availability } from "~/domain/campaign";
import { buildRespondentForm, type RespondentForm } from "~/domain/respondent-form";
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

type Survey = Record<string, unknown>;

/** Forms made from a version, by anonymity and audience: versions are immutable, so once each. */
const variants = new WeakMap<LoadedVersion, Map<string, Survey>>();
const lightForms = new WeakMap<Survey, RespondentForm>();

/**
 * The form a link shows: an anonymous campaign leaves out the questions asking for contact
 * details; a self-completed link or kiosk (audience "respondent", the default) leaves out
 * the fields marked for the surveyor. Every renderer and the forms API get this one.
 */
export function formFor(
  link: { anonymous: number; audience?: Audience },
  version: LoadedVersion,
): Survey {
  const audience = link.audience ?? "respondent";
  const key = `${link.anonymous ? 1 : 0}|${audience}`;
  let byKey = variants.get(version);
  if (!byKey) variants.set(version, (byKey = new Map()));
  let survey = byKey.get(key);
  if (!survey) {
    const base = link.anonymous ? version.anonymousSurvey : version.definition.survey;
    survey = audience === "surveyor" ? base : withoutQuestions(base, surveyorQuestions(base));
    byKey.set(key, survey);
  }
  return survey;
}

/** The light renderer's reading of a form (made once per form). */
export function respondentFormOf(survey: Survey, version: LoadedVersion): RespondentForm {
  let form = lightForms.get(survey);
  if (!form) {
    form = buildRespondentForm(survey, version.definition);
    lightForms.set(survey, form);
  }
  return form;
}
