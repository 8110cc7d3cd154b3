/**
 * npm run create-client -- --unit <unit code> --name "<name>"
 * Creates a system client (another system's access token over the unit's subtree) and prints
 * its bearer token once: it is stored only as a hash. The audit log records the creation.
 */
import { parseArgs } from "node:util";
import { createClient } from "~/services/clients.server";
import { appContext } from "~/services/context.server";
import { ServiceError } from "~/services/service-error.server";

const { values } = parseArgs({
  options: { unit: { type: "string" }, name: { type: "string" } },
});
if (!values.unit || !values.name) {
  console.error('Usage: npm run create-client -- --unit <unit code> --name "<name>"');
  process.exit(2);
}
const ctx = await appContext();
try {
  const c = await createClient(ctx, { name: values.name, unitCode: values.unit }, null);
  console.log(
    `System client «${c.name}» created over ${c.unitName} (${c.unitCode}) and its units.`,
  );
  console.log("Its token (shown this once; give it to that system as Authorization: Bearer …):");
  console.log(c.token);
} catch (e) {
  if (!(e instanceof ServiceError)) throw e;
  console.error(e.message);
  process.exitCode = 1;
} finally {
  await ctx.close();
}
