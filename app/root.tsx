import "@fontsource/be-vietnam-pro/vietnamese-400.css";
import "@fontsource/be-vietnam-pro/vietnamese-700.css";
import "@fontsource/be-vietnam-pro/latin-400.css";
import "@fontsource/be-vietnam-pro/latin-700.css";
import "./styles/app.css";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import { GeneralErrorBoundary, notFoundPage } from "./components/error-boundary";
import { findSessionUser } from "./services/auth.server";
import { appContext } from "./services/context.server";
import { DEFAULT_LOCALE, localeFromRequest, translator, type Locale } from "./utils/i18n";
import { useNonce } from "./utils/nonce";
import { roleAllows } from "./domain/access";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await findSessionUser(await appContext(), request);
  // canExport: the exports link is shown to those who may use it (analyst and above).
  const canExport = user?.grants.some((g) => roleAllows(g.role, "results.export")) ?? false;
  // canManage: the administration link, for managers and administrators.
  const canManage = user?.grants.some((g) => roleAllows(g.role, "campaigns.manage")) ?? false;
  return {
    locale: localeFromRequest(request),
    user: user ? { name: user.name, canExport, canManage } : null,
  };
}

export const meta: MetaFunction = () => [{ title: "Hài Lòng" }];

export function useLocale(): Locale {
  return useRouteLoaderData<typeof loader>("root")?.locale ?? DEFAULT_LOCALE;
}

/** Links to this page in the other language (a cookie then keeps the choice), filters kept. */
function LanguageSwitch({ locale }: { locale: Locale }) {
  const { pathname, search } = useLocation();
  const other: Locale = locale === "vi" ? "en" : "vi";
  const query = new URLSearchParams(search);
  query.set("lang", other);
  return (
    <a href={`${pathname}?${query}`} lang={other} hrefLang={other}>
      {other === "vi" ? "Tiếng Việt" : "English"}
    </a>
  );
}

/** What a respondent page (handle.respondent) puts in its header: its unit and languages. */
interface RespondentHeader {
  lang: string;
  unitName: string;
  languages: Array<{ code: string; name: string }>;
  /** Its stylesheets, written into the page (services/inline-css.server.ts). */
  css?: string;
}

/**
 * A respondent's header: the unit's name and a language switch, nothing else (no staff
 * navigation). The switch keeps the answers (the page's script saves them first).
 */
function RespondentBar({ header, locale }: { header?: RespondentHeader; locale: Locale }) {
  const { pathname } = useLocation();
  const t = translator(locale);
  const current = header?.lang ?? locale;
  const languages = header?.languages ?? [
    { code: "vi", name: "Tiếng Việt" },
    { code: "en", name: "English" },
  ];
  return (
    <header className="respondent-bar">
      <span className="respondent-unit">{header?.unitName ?? t("app.name")}</span>
      {languages.length > 1 && (
        <nav aria-label={t("nav.language")}>
          {languages
            .filter((l) => l.code !== current)
            .map((l) => (
              <a
                key={l.code}
                href={`${pathname}?lang=${encodeURIComponent(l.code)}`}
                lang={l.code}
                hrefLang={l.code}
                data-lang={l.code}
              >
                {l.name}
              </a>
            ))}
        </nav>
      )}
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const locale = useLocale();
  const nonce = useNonce();
  const matches = useMatches();
  const respondentMatch = matches.find(
    (m) => (m.handle as { respondent?: boolean } | undefined)?.respondent,
  );
  const respondent = (respondentMatch?.data as { respondent?: RespondentHeader } | undefined)
    ?.respondent;
  // A route with handle { hydrate: false } is served as HTML without the Remix runtime
  // (the dashboards: server-rendered tables, charts drawn by their own small script; the
  // survey page /s/:token: its form drawn on the server, enhanced by its own script).
  const hydrate = !matches.some(
    (m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === false,
  );
  const user = useRouteLoaderData<typeof loader>("root")?.user ?? null;
  return (
    <html lang={respondent?.lang ?? locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Declared, so browsers do not ask for /favicon.ico on every page (a 404 each time). */}
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        {respondent?.css ? (
          <style dangerouslySetInnerHTML={{ __html: respondent.css }} />
        ) : (
          <Links />
        )}
      </head>
      <body>
        {respondentMatch ? (
          <RespondentBar header={respondent} locale={locale} />
        ) : (
          <SiteHeader locale={locale} user={user} />
        )}
        <main id="main" className={respondentMatch ? "respondent" : undefined}>
          {children}
        </main>
        {hydrate && (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        )}
      </body>
    </html>
  );
}

function SiteHeader({
  locale,
  user,
}: {
  locale: Locale;
  user: { name: string; canExport: boolean; canManage: boolean } | null;
}) {
  const t = translator(locale);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="site">
        <Link to="/">{t("app.name")}</Link>
        <nav aria-label={t("nav.main")}>
          <Link to="/questionnaires">{t("catalog.title")}</Link>
          <Link to="/public">{t("nav.public")}</Link>
          {user?.canExport && <Link to="/exports">{t("nav.exports")}</Link>}
          {user ? (
            <>
              {/* A full page load: dashboards run without the React runtime (handle.hydrate). */}
              <Link to="/dashboard" reloadDocument>
                {t("nav.dashboard")}
              </Link>
              {user.canManage && <Link to="/admin">{t("admin.nav")}</Link>}
              {user.canManage && <Link to="/manage/links">{t("manage.nav")}</Link>}
              <Link to="/account" title={t("auth.signedInAs", { name: user.name })}>
                {t("auth.account")}
              </Link>
              <Form method="post" action="/logout" className="inline-form">
                <button type="submit" className="linklike">
                  {t("auth.signOut")}
                </button>
              </Form>
            </>
          ) : (
            <Link to="/login">{t("auth.signIn")}</Link>
          )}
          <LanguageSwitch locale={locale} />
        </nav>
      </header>
    </>
  );
}

export default function App() {
  return <Outlet />;
}

/** An address no route knows: most often a survey link typed or scanned wrong. */
export function ErrorBoundary() {
  return <GeneralErrorBoundary statusHandlers={{ 404: notFoundPage }} />;
}
