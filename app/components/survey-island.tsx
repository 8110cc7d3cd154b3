/**
 * The respondent page's form as an "island": /s/:token is served without the Remix runtime
 * (handle.hydrate = false, see root.tsx), and this one script, bundled on its own by Vite
 * with React, survey-core and survey-react-ui, draws the SurveyJS form into the page. The
 * page's text (title, unit, note, the no-JavaScript message) is server-rendered HTML; the
 * script reads the questionnaire and this locale's texts from a JSON block beside it.
 * SurveyJS's stylesheet comes as a link (a bundle built on its own would put the CSS in JS).
 */
import { UNSAFE_RemixContext } from "@remix-run/react";
import { useContext } from "react";
import surveyCss from "survey-core/survey-core.fontless.min.css?url";
import { useNonce } from "~/utils/nonce";
import {
  ISLAND_DATA_ID,
  ISLAND_ROOT_ID,
  islandJson,
  type SurveyIslandData,
} from "./survey-island-data";
// Vite bundles the entry with everything it imports into one fingerprinted file (served
// immutable from /assets) and gives its URL, as for the dashboards' chart script. The dev
// server gives the entry's own URL, served as an ES module (…?worker_file&type=module).
import islandScript from "./survey-island.entry?worker&url";

export function SurveyIsland({ data }: { data: SurveyIslandData }) {
  const nonce = useNonce();
  // Under `npm run dev` only: React Refresh's preamble, which Remix's <Scripts/> would load.
  const hmrRuntime = useContext(UNSAFE_RemixContext)?.manifest.hmr?.runtime;
  return (
    <>
      {/* Here rather than in the route's links: a 404 or 410 page has no form to style. */}
      <link rel="stylesheet" href={surveyCss} />
      <div id={ISLAND_ROOT_ID}>
        <p role="status">{data.texts["survey.loading"]}</p>
        <noscript>
          <p>{data.texts["survey.noscript"]}</p>
        </noscript>
      </div>
      <script
        type="application/json"
        id={ISLAND_DATA_ID}
        nonce={nonce}
        dangerouslySetInnerHTML={{ __html: islandJson(data) }}
      />
      {hmrRuntime && <script type="module" src={hmrRuntime} nonce={nonce} />}
      <script type="module" src={islandScript} nonce={nonce} />
    </>
  );
}
