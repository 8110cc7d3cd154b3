/**
 * The staff pages' message catalogs (exports, action messages, dashboards, figures, jobs, schedules
 * and alerts, cases), kept out of the
 * JavaScript of the kiosk and the respondent's pages (see FEATURES in i18n.ts). Imported for
 * its effect by every staff route module, app/entry.server.tsx and the services' context.
 */
import { registerMessages } from "./i18n";
import * as actions from "./messages/actions";
import * as cases from "./messages/cases";
import * as channel from "./messages/channel";
import * as connected from "./messages/connected";
import * as dashboard from "./messages/dashboard";
import * as exportMessages from "./messages/exports";
import * as figures from "./messages/figures";
import * as imports from "./messages/imports";
import * as jobs from "./messages/jobs";
import * as schedules from "./messages/schedules";
import * as webhooks from "./messages/webhooks";

registerMessages(
  exportMessages,
  actions,
  dashboard,
  figures,
  jobs,
  schedules,
  cases,
  connected,
  webhooks,
  imports,
  channel,
);
