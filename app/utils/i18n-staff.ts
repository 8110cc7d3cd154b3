/**
 * The staff pages' message catalogs (dashboards, figures, background jobs), kept out of the
 * JavaScript of the kiosk and the respondent's pages (see FEATURES in i18n.ts). Imported for
 * its effect by every staff route module, app/entry.server.tsx and the services' context.
 */
import { registerMessages } from "./i18n";
import * as dashboard from "./messages/dashboard";
import * as figures from "./messages/figures";
import * as jobs from "./messages/jobs";

registerMessages(dashboard, figures, jobs);
