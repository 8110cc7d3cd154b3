/**
 * No user message written in Vietnamese inside a route module, a service or the domain: words
 * shown to people are keys of app/utils/messages (vi and en), so the English page is English.
 * Reads every string literal, template text and JSX text of app/routes, app/services,
 * app/domain and app/components (comments aside) and fails on Vietnamese letters, except in
 * the files listed below, each with the reason it may hold Vietnamese.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

/** Files that may hold Vietnamese text, and why. Each must still hold some (no stale entry). */
const ALLOWED: Record<string, string> = {
  // Data, not messages: the demo organisation, its campaigns and synthetic comments.
  "app/services/demo.server.ts": "demo data",
  "app/domain/synthetic.ts": "synthetic comments for the demo and the load tests",
  // Documents in the Vietnamese administrative form, whatever the reader's language.
  "app/components/report-document.tsx": "the report's fixed administrative wording",
  "app/components/report-styles.ts": "the report's stylesheet (quotes in CSS)",
  "app/domain/report-period.ts": "the report's period, in the report's words",
  "app/routes/reports.$campaignId.tsx": "the report's title, from its period",
  "app/services/report-pdf.server.ts": "the PDF's title, from the report",
  "app/services/export-xlsx.server.ts": "the XLSX's sheets and method notes (exports keep vi)",
  "app/domain/export-method.ts": "the exports' method sheet",
  "app/domain/export-columns.ts": "column headings, given in vi and en side by side",
  // Machine-facing: API messages for clients, documentation of the API, log lines.
  "app/services/export-openapi.server.ts": "the analysts' API description",
  "app/services/connect-openapi.server.ts": "the connection API's description",
  "app/services/api-tokens.server.ts": "the analysts' API 401 message",
  "app/routes/api.v1.responses.ts": "the ingestion API's error messages",
  "app/routes/api.v1.forms.$token.ts": "the forms API's error messages",
  "app/routes/api.v1.noop.ts": "a benchmark endpoint's 404",
  "app/routes/kiosk.heartbeat.ts": "the kiosk heartbeat API's error messages",
  "app/services/ingest.server.ts": "the ingestion API's refusals",
  "app/services/collection.server.ts": "the collection channels' API refusals",
  "app/domain/submission.ts": "the ingestion API's body validation",
  "app/domain/dossier.ts": "the dossier API's body validation (field by field, for other systems)",
  "app/domain/validator.ts": "the answers' validation messages sent with 422",
  "app/services/startup.server.ts": "a console line at start",
  // Not yet keyed: the questionnaire checker's problem list (about 100 texts, shown on upload
  // and by npm run check:surveys); to move to app/utils/messages with its parameters.
  "app/domain/questionnaire-check.ts": "the questionnaire checker's problems (not yet keyed)",
  // Scoring modules name the official questionnaires' levels and notes, in the source's words.
  "app/domain/scoring/counter.ts": "the counter questionnaire's level names",
  "app/domain/scoring/health.ts": "the health forms' notes",
  "app/domain/scoring/sipas.ts": "the SIPAS notes",
  "app/domain/scoring/education.ts": "the education notes",
  "app/services/moderation.server.ts": "the redaction mark stored in place of a comment",
  "app/services/kiosks.server.ts": "a kiosk's default name, stored with it",
  "app/services/links.server.ts": "an invitation batch's default name, stored with it",
  "app/routes/admin.units.import.tsx": "the sample CSV file's rows",
  "app/services/mail.server.ts": "a mail message's own checks (not yet keyed)",
  "app/services/kiosk-rejections.server.ts": "a refused rating's resolution (not yet keyed)",
  "app/routes/manage.kiosks.tsx": "a clock offset's units, given in vi and en side by side",
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** The Vietnamese texts of a file: string literals, template parts and JSX text. */
function vietnameseTexts(path: string): string[] {
  const source = ts.createSourceFile(
    path,
    readFileSync(path, "utf8"),
    ts.ScriptTarget.Latest,
    true,
    path.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    let text: string | undefined;
    if (ts.isStringLiteralLike(node) || ts.isJsxText(node)) text = node.text;
    else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node))
      text = node.text;
    // `import … from "…"` paths are not text.
    // The product's name is a name, the same in every language.
    const words = text?.replaceAll("Hài Lòng", "");
    if (words && VIETNAMESE.test(words) && !ts.isImportDeclaration(node.parent)) found.push(text!);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const root = join(__dirname, "../..");
const scanned = ["app/routes", "app/services", "app/domain", "app/components"].flatMap((d) =>
  files(join(root, d)).map((f) => relative(root, f)),
);

describe("user messages go through the translation layer", () => {
  it("no route, service, domain module or component holds Vietnamese text of its own", () => {
    const offenders = scanned
      .filter((f) => !(f in ALLOWED))
      .map((f) => ({ file: f, texts: vietnameseTexts(join(root, f)) }))
      .filter((o) => o.texts.length > 0)
      .map((o) => `${o.file}: ${o.texts.map((t) => JSON.stringify(t)).join(", ")}`);
    expect(offenders).toEqual([]);
  });

  it("every exception listed still holds Vietnamese text (no stale entry)", () => {
    const stale = Object.keys(ALLOWED).filter(
      (f) => !scanned.includes(f) || vietnameseTexts(join(root, f)).length === 0,
    );
    expect(stale).toEqual([]);
  });
});
