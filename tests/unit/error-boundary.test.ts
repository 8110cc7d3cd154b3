/**
 * The error page every route module shows (app/components/error-boundary.tsx), rendered in a
 * router as Remix renders it: a refusal says what happened with the route's own message, an
 * unexpected error never shows its text or stack, and every page links back home.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { GeneralErrorBoundary, type StatusHandler } from "~/components/error-boundary";

async function render(
  fail: () => never,
  opts: { locale?: "vi" | "en"; statusHandlers?: Record<number, StatusHandler> } = {},
) {
  const routes = [
    {
      id: "root",
      path: "/",
      loader: () => ({ locale: opts.locale ?? "vi" }),
      children: [
        {
          id: "page",
          index: true,
          loader: fail,
          element: createElement("p", null, "the page"),
          errorElement: createElement(GeneralErrorBoundary, {
            statusHandlers: opts.statusHandlers,
          }),
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("http://localhost/"));
  if (context instanceof Response) throw new Error("unexpected redirect");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToStaticMarkup(
    createElement(StaticRouterProvider, { router, context, hydrate: false }),
  );
}

const refusal = (status: number, body: unknown) => (): never => {
  throw new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
};

describe("the error page of a route", () => {
  it("says a refusal in plain Vietnamese, with the route's own message and a way home", async () => {
    const html = await render(
      refusal(403, { message: "Tài khoản của Ông/Bà không có quyền xuất dữ liệu." }),
    );
    expect(html).toContain("<h1>Không được phép</h1>");
    expect(html).toContain("Tài khoản của Ông/Bà không có quyền xuất dữ liệu.");
    expect(html).toContain('href="/"');
    expect(html).toContain("Về trang chủ");
    expect(html).not.toContain("the page");
  });

  it("gives each known status its own words when the route gave no message", async () => {
    expect(await render(refusal(404, null))).toContain("Không có trang này");
    expect(await render(refusal(400, {}))).toContain("Yêu cầu chưa đúng");
    expect(await render(refusal(429, { message: "" }))).toContain("Xin chờ một lát");
  });

  it("never shows an unexpected error's text or stack", async () => {
    const html = await render(() => {
      throw new Error("SQLITE_CORRUPT: database disk image is malformed at /srv/data/hai-long.db");
    });
    expect(html).toContain("Đã có lỗi xảy ra");
    expect(html).not.toMatch(/SQLITE|malformed|hai-long\.db|at \//);
  });

  it("keeps a 5xx's message to itself", async () => {
    const html = await render(refusal(503, { message: "connect ECONNREFUSED 127.0.0.1:5432" }));
    expect(html).toContain("Đã có lỗi xảy ra");
    expect(html).not.toContain("ECONNREFUSED");
  });

  it("speaks the reader's language, and a route may answer a status with its own page", async () => {
    expect(await render(refusal(403, null), { locale: "en" })).toContain("Not allowed");
    const html = await render(refusal(410, { reason: "closed" }), {
      statusHandlers: { 410: ({ t }) => createElement("h1", null, t("gone.title")) },
    });
    expect(html).toContain("Đợt khảo sát không mở");
    expect(html).toContain("Về trang chủ");
  });
});
