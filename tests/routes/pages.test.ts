/** The survey and results pages' loaders: status codes a person sees. */
import { beforeEach, describe, expect, it } from "vitest";
import { loader as surveyLoader } from "~/routes/s.$token";
import { loader as resultsLoader } from "~/routes/results.$campaignId";
import { makeTestApp } from "../fixtures/app";

let app: Awaited<ReturnType<typeof makeTestApp>>;
beforeEach(async () => {
  app = await makeTestApp();
});

async function statusOf(run: () => Promise<unknown>): Promise<number> {
  try {
    const r = await run();
    return r instanceof Response
      ? r.status
      : ((r as { init?: { status?: number } })?.init?.status ?? 200);
  } catch (e) {
    const thrown = e as { init?: { status?: number }; status?: number };
    return thrown.init?.status ?? thrown.status ?? 500;
  }
}

const survey = (token: string) => () =>
  surveyLoader({
    request: new Request(`http://localhost/s/${token}`),
    params: { token },
    context: {},
  });

describe("/s/:token", () => {
  it("serves an open campaign's questionnaire", async () => {
    expect(await statusOf(survey(app.link.token))).toBe(200);
  });
  it("answers 404 for an unknown token and 410 for a closed or not yet open campaign", async () => {
    expect(await statusOf(survey("AAAAAAAAAAAAAAAA"))).toBe(404);
    expect(await statusOf(survey("x"))).toBe(404);
    expect(await statusOf(survey(app.closedLink.token))).toBe(410);
    expect(await statusOf(survey(app.futureLink.token))).toBe(410);
  });
});

describe("/results/:campaignId (signed out)", () => {
  it("sends a signed-out visitor to the sign-in page (the roles matrix covers the rest)", async () => {
    const id = app.campaign.id;
    expect(
      await statusOf(() =>
        resultsLoader({
          request: new Request(`http://localhost/results/${id}`),
          params: { campaignId: id },
          context: {},
        }),
      ),
    ).toBe(302);
  });
});
