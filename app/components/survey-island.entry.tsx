/**
 * The survey page's only script (see survey-island.tsx): React and the SurveyJS form, with
 * no Remix runtime and no translation table. Draws the form in place of the loading line,
 * with the questionnaire and texts the server wrote into the page.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import SurveyForm from "./survey-form.client";
import { SurveyGate } from "./survey-gate";
import { ISLAND_ROOT_ID, readIslandData } from "./survey-island-data";

const data = readIslandData(document);
const root = document.getElementById(ISLAND_ROOT_ID);
if (!root) throw new Error(`#${ISLAND_ROOT_ID} is missing`);

createRoot(root).render(
  <StrictMode>
    <SurveyGate token={data.token} preview={data.token === null} texts={data.texts}>
      <SurveyForm
        token={data.token}
        survey={data.survey}
        locale={data.locale}
        texts={data.texts}
        preview={data.token === null}
      />
    </SurveyGate>
  </StrictMode>,
);
