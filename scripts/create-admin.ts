/**
 * npm run create-admin -- --login <name> [--name "Họ tên"] [--unit <unit code>]
 *                         [--unit-name "Tỉnh …"]
 * Creates the first administrator. The password is read from standard input (or the
 * HL_PASSWORD variable for scripts); there is no default password anywhere. On a database
 * without units (DEMO=0), `--unit CODE --unit-name NAME` creates the top unit (a province)
 * first: nobody can create a top unit from the web pages.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { insertAudit } from "#db/queries/audit";
import { insertUnit } from "#db/queries/units";
import { appContext } from "~/services/context.server";
import { ServiceError } from "~/services/service-error.server";
import { createUser } from "~/services/users.server";

const { values } = parseArgs({
  options: {
    login: { type: "string" },
    name: { type: "string" },
    unit: { type: "string" },
    "unit-name": { type: "string" },
  },
});
if (!values.login) {
  console.error(
    'Usage: npm run create-admin -- --login <name> [--name "Họ tên"] [--unit <unit code>]',
  );
  process.exit(2);
}
const ctx = await appContext();
if (values.unit && values["unit-name"]) {
  const exists = await ctx.db
    .selectFrom("unit")
    .select("id")
    .where("code", "=", values.unit)
    .executeTakeFirst();
  if (!exists) {
    const unit = await insertUnit(ctx.db, {
      code: values.unit,
      name: values["unit-name"],
      kind: "province",
      sector: "administrative",
      activeFrom: new Date().toISOString().slice(0, 10),
    });
    await insertAudit(ctx.db, {
      userId: null,
      action: "create",
      entity: "unit",
      entityId: unit.id,
      unitId: unit.id,
      after: { code: unit.code, name: unit.name, kind: unit.kind, via: "create-admin" },
    });
    console.log(`Top unit «${unit.name}» (${unit.code}) created.`);
  }
}
const units = values.unit
  ? await ctx.db.selectFrom("unit").select(["id", "name"]).where("code", "=", values.unit).execute()
  : await ctx.db.selectFrom("unit").select(["id", "name"]).where("parent_id", "is", null).execute();
if (units.length !== 1) {
  console.error(
    units.length === 0
      ? "No such unit. Start the app once (it creates the tree) or give --unit <code>."
      : "Several top-level units: say which with --unit <code>.",
  );
  process.exit(2);
}
let password = process.env.HL_PASSWORD;
if (!password) {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write("Mật khẩu (ít nhất 10 ký tự): ");
  password = (await rl[Symbol.asyncIterator]().next()).value ?? "";
  rl.close();
}
try {
  const user = await createUser(
    ctx,
    {
      login: values.login,
      name: values.name ?? values.login,
      password: (password ?? "").trim(),
      grants: [{ unitId: units[0]!.id, role: "admin" }],
    },
    null,
  );
  console.log(`Administrator «${user.login}» created for ${units[0]!.name}.`);
} catch (e) {
  console.error(e instanceof ServiceError ? e.message : String(e));
  process.exit(1);
} finally {
  await ctx.close();
}
