/**
 * The respondent page's stylesheets, written into the page itself: on a phone with a 400 ms
 * round trip a separate stylesheet delays the first paint by that much again, and the form
 * must be usable within 2 s (survey.quick_usable_ms in npm run bench). The same files the
 * other pages link (root.tsx, s.$token.tsx), ~3 KB compressed.
 */
import vi400 from "@fontsource/be-vietnam-pro/vietnamese-400.css?inline";
import vi700 from "@fontsource/be-vietnam-pro/vietnamese-700.css?inline";
import latin400 from "@fontsource/be-vietnam-pro/latin-400.css?inline";
import latin700 from "@fontsource/be-vietnam-pro/latin-700.css?inline";
import app from "~/styles/app.css?inline";
import respondent from "~/styles/respondent.css?inline";

export const RESPONDENT_CSS = [vi400, vi700, latin400, latin700, app, respondent].join("\n");
