/**
 * /qr/:token/poster?size=a4|a5 — a printable poster for an access link: unit name,
 * questionnaire title, QR code, short address and a line on anonymity, at the exact paper
 * size (print it, or save it as PDF from the print dialog). For the link's managers only.
 */
import "~/utils/i18n-staff";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { UrlText } from "~/components/url-text";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import {
  definitionTitle,
  getManagedLink,
  publicBaseUrl,
  qrSvg,
  surveyUrl,
} from "~/services/links.server";
import { localeFromRequest, translator, namedPageTitle } from "~/utils/i18n";
import printCss from "~/styles/print.css?url";
import { requireUser } from "~/utils/guards.server";
import { loaderFailure } from "~/utils/outcome.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const SIZES = {
  a4: { page: "A4", width: 210, height: 297, qr: 125, font: "15pt" },
  a5: { page: "A5", width: 148, height: 210, qr: 88, font: "10.5pt" },
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const link = await getManagedLink(await appContext(), user, params.token ?? "").catch(
    loaderFailure,
  );
  const size: keyof typeof SIZES =
    new URL(request.url).searchParams.get("size") === "a5" ? "a5" : "a4";
  const url = surveyUrl(publicBaseUrl(request), link.token);
  return {
    size,
    token: link.token,
    unitName: link.unit_name,
    title: definitionTitle(link.definition, localeFromRequest(request)),
    url,
    qr: await qrSvg(url),
    anonymous: link.anonymous === 1,
  };
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printCss }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data ? namedPageTitle(matches, data.unitName, "manage.links.poster") : "Hài Lòng",
  },
];

export default function Poster() {
  const d = useLoaderData<typeof loader>();
  const t = translator(useLocale());
  const s = SIZES[d.size];
  return (
    <>
      <style>{`@page { size: ${s.page} portrait; margin: 0; }`}</style>
      <div className="print-controls">
        <button type="button" className="button" onClick={() => window.print()}>
          {t("poster.print")}
        </button>
        <span>
          {t("poster.size")}: <Link to={`/qr/${d.token}/poster`}>A4</Link> ·{" "}
          <Link to={`/qr/${d.token}/poster?size=a5`}>A5</Link>
        </span>
      </div>
      <article
        className="sheet poster"
        data-testid="poster"
        style={{ width: `${s.width}mm`, height: `${s.height}mm`, fontSize: s.font }}
      >
        <header>
          <p className="unit">{d.unitName}</p>
          <p className="questionnaire">{d.title}</p>
        </header>
        <p className="heading">{t("poster.heading")}</p>
        <div
          className="qr"
          data-testid="poster-qr"
          style={{ width: `${s.qr}mm`, height: `${s.qr}mm` }}
          dangerouslySetInnerHTML={{ __html: d.qr }}
        />
        <p className="scan">{t("poster.scan")}</p>
        <p>
          {t("poster.orOpen")}: <UrlText url={d.url} />
        </p>
        {d.anonymous && <p className="anonymous">{t("poster.anonymous")}</p>}
      </article>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
