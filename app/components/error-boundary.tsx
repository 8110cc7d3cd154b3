/**
 * The error page of a route module (as Epic Stack does): `export function ErrorBoundary()`
 * renders this, inside the parent's layout, so the site's header and its links stay. A status
 * answered on purpose (400, 403, 404…) says what happened in plain words, with the message the
 * route gave when it gave one (a ServiceError's, already in the reader's language); anything
 * else says only that something went wrong. Never the error's own text or its stack: those go
 * to the server's log. Every page offers a way back.
 */
import {
  isRouteErrorResponse,
  Link,
  useRouteError,
  useRouteLoaderData,
  type ErrorResponse,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { DEFAULT_LOCALE, translator, type Locale, type Translate } from "~/utils/i18n";

export type StatusHandler = (info: { error: ErrorResponse; t: Translate }) => ReactNode;

/** Title and text for the statuses the app answers on purpose; the rest fall to "went wrong". */
const TITLES = {
  400: ["errorPage.400.title", "errorPage.400.body"],
  403: ["errorPage.403.title", "errorPage.403.body"],
  404: ["notFound.title", "errorPage.404.body"],
  413: ["errorPage.413.title", "errorPage.413.body"],
  429: ["errorPage.429.title", "errorPage.429.body"],
} as const;

/** The message a route threw with `data({ message }, { status })`, for a refusal (4xx). */
function messageOf(error: ErrorResponse): string | null {
  const m = (error.data as { message?: unknown } | null)?.message;
  return error.status < 500 && typeof m === "string" && m.trim() !== "" ? m : null;
}

function defaultPage({ error, t }: { error: ErrorResponse; t: Translate }) {
  const keys = TITLES[error.status as keyof typeof TITLES];
  if (!keys) return unexpected(t);
  return (
    <>
      <h1>{t(keys[0])}</h1>
      <p>{messageOf(error) ?? t(keys[1])}</p>
    </>
  );
}

function unexpected(t: Translate) {
  return (
    <>
      <h1>{t("error.title")}</h1>
      <p>{t("error.body")}</p>
    </>
  );
}

export function GeneralErrorBoundary({
  statusHandlers = {},
}: {
  /** A page of its own for some statuses (a closed survey's 410); the others get the default. */
  statusHandlers?: Partial<Record<number, StatusHandler>>;
}) {
  const error = useRouteError();
  const root = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  const t = translator(root?.locale ?? DEFAULT_LOCALE);
  if (typeof document !== "undefined" && !isRouteErrorResponse(error)) console.error(error);
  const page = isRouteErrorResponse(error)
    ? (statusHandlers[error.status] ?? defaultPage)({ error, t })
    : unexpected(t);
  return (
    <div className="status-page">
      {page}
      <p>
        <Link to="/" reloadDocument>
          {t("errorPage.home")}
        </Link>
      </p>
    </div>
  );
}

/** A survey link that leads nowhere (the root's and the survey page's 404). */
export const notFoundPage: StatusHandler = ({ t }) => (
  <>
    <h1>{t("notFound.title")}</h1>
    <p>{t("notFound.body")}</p>
  </>
);
