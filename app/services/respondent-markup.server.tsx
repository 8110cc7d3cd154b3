/**
 * The respondent form's markup for a page that React hydrates (the kiosk's long form): drawn
 * here once, then left to the form's own script, so React never redraws what it changes.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { FormView } from "~/components/respondent/form-view";
import type { EnhanceData } from "~/components/respondent/enhance-data";
import type { Audience } from "~/domain/audience";
import type { LoadedVersion } from "./context.server";
import { respondentFormOf } from "./forms.server";
import { firstPage, newClientId, scriptData, serverView, textsFor } from "./respondent.server";

export interface FormMarkup {
  markup: string;
  data: EnhanceData;
}

/** The light form of a survey with its script's data, or null when only SurveyJS can draw it. */
export function formMarkup(opts: {
  survey: Record<string, unknown>;
  version: LoadedVersion;
  audience: Audience;
  token: string;
  locale: string;
  title: string;
}): FormMarkup | null {
  const form = respondentFormOf(opts.survey, opts.version);
  if (form.unsupported.length > 0) return null;
  const texts = textsFor(opts.locale);
  const view = serverView(form, opts.version, opts.audience, {});
  const markup = renderToStaticMarkup(
    <>
      <h1 className="hl-h1">{opts.title}</h1>
      <FormView
        form={form}
        locale={opts.locale}
        texts={texts}
        answers={{}}
        states={view.states}
        pagesShown={view.pagesShown}
        hiddenElements={view.hiddenElements}
        page={firstPage(view)}
        errors={[]}
        clientId={newClientId()}
        startedAt={new Date().toISOString()}
      />
    </>,
  );
  return { markup, data: scriptData(form, opts.token, opts.locale) };
}
