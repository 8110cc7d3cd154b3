/**
 * /admin/units/import — load the tree from a CSV file (code, name, kind, sector, parent_code).
 * The first step is always a dry run listing what would change and every error by line;
 * applying re-checks the same file and writes it in one transaction.
 */
import "~/utils/i18n-staff";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { CSV_COLUMNS, MAX_UNIT_CSV_BYTES, type CsvError } from "~/domain/unit-csv";
import { useLocale } from "~/root";
import { appContext } from "~/services/context.server";
import { importUnitCsv } from "~/services/unit-csv.server";
import { translator, type MessageKey, pageTitle } from "~/utils/i18n";
import { assertCanAnywhere, requireUser } from "~/utils/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AdminHead } from "~/components/admin-head";

const SAMPLE = [
  CSV_COLUMNS.join(","),
  "T01-X03,Xã Hoà Bình,commune,administrative,T01",
  "T01-X03-TT,Trung tâm Phục vụ hành chính công xã Hoà Bình,service_centre,administrative,T01-X03",
].join("\n");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "units.manage");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCanAnywhere(user, "units.manage");
  const form = await request.formData();
  const file = form.get("file");
  const text = form.get("csv");
  let bytes: Uint8Array;
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_UNIT_CSV_BYTES) return data({ tooLarge: true } as const, { status: 413 });
    bytes = new Uint8Array(await file.arrayBuffer());
  } else if (typeof text === "string" && text.length > 0) {
    bytes = new TextEncoder().encode(text);
    if (bytes.byteLength > MAX_UNIT_CSV_BYTES)
      return data({ tooLarge: true } as const, { status: 413 });
  } else {
    return data({ noFile: true } as const, { status: 400 });
  }
  const apply = form.get("intent") === "apply";
  const r = await importUnitCsv(await appContext(), bytes, user, { apply });
  const count = (a: string) => r.rows.filter((row) => row.action === a).length;
  return data(
    {
      applied: r.applied,
      errors: r.errors,
      summary: { create: count("create"), update: count("update"), unchanged: count("unchanged") },
      changes: r.rows
        .filter((row) => row.action !== "unchanged")
        .slice(0, 500)
        .map((row) => ({
          line: row.line,
          action: row.action,
          code: row.code,
          name: row.name,
          parentCode: row.parentCode,
          changes: row.changes,
        })),
      // The checked file, sent back so "apply" writes exactly what was checked.
      csv: r.errors.length === 0 && !r.applied ? (r.text ?? null) : null,
    },
    { status: r.errors.length > 0 ? 422 : 200 },
  );
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "admin.import.title") },
];

function csvErrorText(t: ReturnType<typeof translator>, e: CsvError): string {
  return t(`csv.${e.problem}` as MessageKey, {
    column: e.column ?? "",
    value: e.value ?? "",
    other: e.otherLine ?? "",
  });
}

export default function ImportUnits() {
  const r = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = translator(useLocale());
  const result = r && "errors" in r ? r : null;
  return (
    <>
      <AdminHead
        t={t}
        title={t("admin.import.title")}
        intro={t("admin.import.intro")}
        trail={[{ to: "/admin/units", label: t("admin.units.title") }]}
      />
      <pre className="answers">{SAMPLE}</pre>
      <p className="muted">{t("admin.import.help")}</p>
      <Form method="post" encType="multipart/form-data" className="stack narrow">
        <input type="hidden" name="intent" value="check" />
        <label>
          {t("admin.import.file")}
          <input name="file" type="file" accept=".csv,text/csv,text/plain" required />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t("admin.import.check")}
        </button>
      </Form>
      {r && "noFile" in r && (
        <p className="error" role="alert">
          {t("admin.import.noFile")}
        </p>
      )}
      {r && "tooLarge" in r && (
        <p className="error" role="alert">
          {t("admin.import.tooLarge", { max: `${MAX_UNIT_CSV_BYTES / 1_000_000} MB` })}
        </p>
      )}
      {result && (
        <section aria-live="polite">
          <h2>{result.applied ? t("admin.import.applied") : t("admin.import.result")}</h2>
          <p data-testid="import-summary">
            {t("admin.import.summary", {
              create: result.summary.create,
              update: result.summary.update,
              unchanged: result.summary.unchanged,
            })}
          </p>
          {result.errors.length > 0 && (
            <div className="error" role="alert">
              <p>{t("admin.import.errors", { n: result.errors.length })}</p>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("admin.import.line")}</th>
                    <th scope="col">{t("admin.import.problem")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.errors.map((e, i) => (
                    <tr key={i}>
                      <td className="num">{e.line}</td>
                      <td>{csvErrorText(t, e)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {result.changes.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("admin.import.line")}</th>
                  <th scope="col">{t("admin.import.change")}</th>
                  <th scope="col">{t("admin.units.code")}</th>
                  <th scope="col">{t("admin.units.name")}</th>
                  <th scope="col">{t("admin.units.parent")}</th>
                </tr>
              </thead>
              <tbody>
                {result.changes.map((c) => (
                  <tr key={c.code}>
                    <td className="num">{c.line}</td>
                    <td>
                      {c.action === "create"
                        ? t("admin.import.create")
                        : `${t("admin.import.update")}: ${c.changes.join(", ")}`}
                    </td>
                    <td>{c.code}</td>
                    <td>{c.name}</td>
                    <td>{c.parentCode ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result.csv !== null && result.summary.create + result.summary.update > 0 && (
            <Form method="post" encType="multipart/form-data" className="stack narrow">
              <input type="hidden" name="intent" value="apply" />
              <textarea name="csv" defaultValue={result.csv} hidden readOnly />
              <button type="submit" className="button" disabled={busy}>
                {t("admin.import.apply")}
              </button>
            </Form>
          )}
        </section>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
