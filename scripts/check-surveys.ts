// Checks every questionnaire in surveys/ (the same check the server runs at start).
import { readCatalog } from "~/services/catalog-files.server";

try {
  const entries = readCatalog(process.argv[2]);
  for (const e of entries) {
    console.log(
      `ok  ${e.file}  ${e.definition.slug}  ${e.definition.scoring.items.length} scored items`,
    );
  }
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
