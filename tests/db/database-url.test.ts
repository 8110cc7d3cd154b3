/** DATABASE_URL=file:… opens the file it names (and creates no folder named "file:"). */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDb } from "#db/create-db";

describe("file: URLs", () => {
  it("open the SQLite file they name, wherever the process runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hl-url-"));
    const cwd = process.cwd();
    for (const url of [`file:${dir}/a/one.db`, `file://${dir}/b/two.db`]) {
      const handle = await createDb(url);
      await handle.close();
    }
    expect(existsSync(join(dir, "a", "one.db"))).toBe(true);
    expect(existsSync(join(dir, "b", "two.db"))).toBe(true);
    expect(existsSync(join(cwd, "file:"))).toBe(false);
  });

  it("an unknown scheme is refused before anything is created", async () => {
    const cwd = process.cwd();
    await expect(createDb("mysql://u@127.0.0.1/db")).rejects.toThrow(/scheme "mysql:"/);
    expect(existsSync(join(cwd, "mysql:"))).toBe(false);
  });
});
