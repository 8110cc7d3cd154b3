import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createDb } from "#db/create-db";
import { CATALOG_BROKEN, readCatalog } from "~/services/catalog-files.server";
import { loadCatalog } from "~/services/catalog.server";
import { FIXTURE_SURVEYS } from "../fixtures/app";
import { freshDatabase } from "../fixtures/database";

const BROKEN = resolve(__dirname, "../fixtures/broken");

function tempCatalog() {
  const dir = mkdtempSync(join(tmpdir(), "hl-catalog-"));
  cpSync(FIXTURE_SURVEYS, dir, { recursive: true });
  return dir;
}

describe("catalog loader", () => {
  it("loads every file in surveys/ (the shipped catalog is valid)", () => {
    const entries = readCatalog(resolve(__dirname, "../../surveys"));
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stops with a message naming the file and each problem", () => {
    let message = "";
    try {
      readCatalog(BROKEN);
    } catch (e) {
      expect(e).toMatchObject({ key: CATALOG_BROKEN });
      message = (e as Error).message;
    }
    expect(message).toContain("bad-scoring.json");
    expect(message).toContain('question "nope" does not exist');
    expect(message).toContain('level 4 is not an answer of "q1"');
  });

  it("names a file that is not JSON, and one that breaks the format", () => {
    const dir = tempCatalog();
    writeFileSync(join(dir, "truncated.json"), '{"slug": "x", ');
    writeFileSync(
      join(dir, "no-meta.json"),
      JSON.stringify({ slug: "no-meta", survey: { pages: [{}] }, scoring: {} }),
    );
    expect(() => readCatalog(dir)).toThrow(/truncated\.json: not valid JSON/);
    try {
      readCatalog(dir);
    } catch (e) {
      expect((e as Error).message).toMatch(/no-meta\.json:[\s\S]*meta: Required/);
    }
  });

  it("refuses unsupported question types and unparsable expressions", () => {
    const dir = tempCatalog();
    const doc = JSON.parse(readFileSync(join(dir, "test-form.json"), "utf8"));
    doc.survey.pages[0].elements.push({ type: "file", name: "upload" });
    doc.survey.pages[0].elements[0].visibleIf = "{q2 = ";
    writeFileSync(join(dir, "test-form.json"), JSON.stringify(doc));
    expect(() => readCatalog(dir)).toThrow(/loại câu hỏi «file» chưa được hỗ trợ/);
    expect(() => readCatalog(dir)).toThrow(/không đọc được biểu thức/);
  });

  it("stores a new version only when the content changes, and never alters a stored one", async () => {
    const fresh = await freshDatabase();
    const { db, close } = await createDb(fresh.url);
    const dir = tempCatalog();
    const first = await loadCatalog(db, dir);
    expect(first.map((v) => [v.slug, v.version.version, v.created])).toEqual([
      ["test-form", 1, true],
    ]);

    // Same content, other formatting and key order: no new version.
    const doc = JSON.parse(readFileSync(join(dir, "test-form.json"), "utf8"));
    writeFileSync(
      join(dir, "test-form.json"),
      JSON.stringify(
        { scoring: doc.scoring, survey: doc.survey, meta: doc.meta, slug: doc.slug },
        null,
        4,
      ),
    );
    const second = await loadCatalog(db, dir);
    expect(second[0]!.created).toBe(false);
    expect(second[0]!.version.id).toBe(first[0]!.version.id);

    // Changed wording: version 2; version 1 is untouched.
    doc.survey.pages[0].elements[0].title = "Thái độ phục vụ của công chức";
    writeFileSync(join(dir, "test-form.json"), JSON.stringify(doc));
    const third = await loadCatalog(db, dir);
    expect(third[0]!.version.version).toBe(2);
    const v1 = await db
      .selectFrom("questionnaire_version")
      .selectAll()
      .where("version", "=", 1)
      .executeTakeFirstOrThrow();
    expect(v1.definition).toBe(first[0]!.version.definition);
    expect(v1.content_hash).toBe(first[0]!.version.content_hash);
    await close();
    await fresh.drop();
  });
});
