/**
 * npm run unlock -- --login <name>
 * Lifts the sign-in lock of an account from the server, for the one nobody above can unlock
 * (the top administrator away from the browser they usually sign in with). Audited.
 */
import { parseArgs } from "node:util";
import { insertAudit } from "#db/queries/audit";
import { findUserByLogin } from "#db/queries/users";
import { unlockAccount } from "~/services/auth.server";
import { appContext } from "~/services/context.server";

const { values } = parseArgs({ options: { login: { type: "string" } } });
if (!values.login) {
  console.error("Usage: npm run unlock -- --login <name>");
  process.exit(2);
}
const ctx = await appContext();
try {
  const login = values.login.trim().toLowerCase();
  await unlockAccount(ctx, login);
  const user = await findUserByLogin(ctx.db, login);
  if (user)
    await insertAudit(ctx.db, {
      userId: null,
      action: "unlock",
      entity: "user",
      entityId: user.id,
      after: { via: "npm run unlock" },
    });
  console.log(`Đã mở khoá đăng nhập cho «${login}».`);
} finally {
  await ctx.close();
}
