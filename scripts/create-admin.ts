/**
 * npm run create-admin -- --login <name> [--name "Họ tên"] [--unit <unit code>]
 * Creates the first administrator. The password is read from standard input (or the
 * HL_PASSWORD variable for scripts); there is no default password anywhere.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { appContext } from "~/services/context.server";
import { createUser, UserInputError } from "~/services/users.server";

const { values } = parseArgs({
  options: { login: { type: "string" }, name: { type: "string" }, unit: { type: "string" } },
});
if (!values.login) {
  console.error(
    'Usage: npm run create-admin -- --login <name> [--name "Họ tên"] [--unit <unit code>]',
  );
  process.exit(2);
}
const ctx = await appContext();
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
  console.error(e instanceof UserInputError ? e.message : String(e));
  process.exit(1);
} finally {
  await ctx.close();
}
