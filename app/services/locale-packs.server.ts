/**
 * Locale packs: surveys/locales/<code>.json, {"name": "<the language's own name>", "texts":
 * {<key of app/utils/messages/respondent.ts>: "…"}}. A province adds a language for
 * respondents by adding a pack and the questionnaire's texts in that language ("km": "…"
 * beside "default" and "en"): no code changes. Read once per process; a broken pack is
 * reported and left out, never fatal.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { LocalePack } from "~/utils/form-texts";
import { DEFAULT_SURVEYS_DIR } from "./catalog-files.server";

const packSchema = z.object({
  name: z.string().min(1).max(60),
  texts: z.record(z.string().max(500)),
});

/** A locale code as BCP 47 writes the common ones: "km", "zh-Hant", "vi-VN". */
export const LOCALE_CODE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/;

let cache: { dir: string; packs: Map<string, LocalePack> } | undefined;

export function localePacks(dir = join(DEFAULT_SURVEYS_DIR, "locales")): Map<string, LocalePack> {
  if (cache?.dir === dir) return cache.packs;
  const packs = new Map<string, LocalePack>();
  if (existsSync(dir)) {
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      const code = file.slice(0, -".json".length);
      try {
        if (!LOCALE_CODE.test(code)) throw new Error("the file name is not a locale code");
        packs.set(code, packSchema.parse(JSON.parse(readFileSync(join(dir, file), "utf8"))));
      } catch (e) {
        console.error(`locale pack ${file} left out: ${(e as Error).message}`);
      }
    }
  }
  cache = { dir, packs };
  return packs;
}
