/** The start of both kiosk screens' loaders: which kiosk this device is, and what it shows. */
import { appContext } from "~/services/context.server";
import { findKioskScreen, readDeviceToken } from "~/services/kiosks.server";
import { localeFromRequest } from "./i18n";

export async function loadKioskScreen(request: Request) {
  const ctx = await appContext();
  const locale = localeFromRequest(request);
  const screen = await findKioskScreen(ctx, readDeviceToken(request), locale);
  return { ctx, locale, screen };
}
