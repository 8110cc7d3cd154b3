/**
 * Which of a page's forms was sent: its `intent` field, parsed with the action's zod schema (an
 * enum, or a union discriminated by `intent` that checks each form's fields too). An unknown or
 * missing intent (a page of an older build, a hand-made request) is a 400 with a plain message;
 * a field the schema refuses gives its own message (invalidInput). Both are thrown as a
 * ServiceError, which the action's `failure(e, t)` answers beside the form.
 */
import type { z } from "zod";
import { invalidInput, ServiceError, type ServiceStatus } from "~/services/service-error.server";
import type { Translate } from "~/utils/i18n";

export function parseIntent<S extends z.ZodTypeAny>(
  form: FormData,
  schema: S,
  /** Fields the form sends several times (checkboxes), as lists. */
  lists: readonly string[] = [],
): z.infer<S> {
  const fields: Record<string, unknown> = Object.fromEntries(form);
  for (const name of lists) fields[name] = form.getAll(name).map(String);
  const parsed = schema.safeParse(fields);
  if (parsed.success) return parsed.data;
  if (parsed.error.issues.some((i) => i.path[0] === "intent"))
    throw new ServiceError(400, "form.unknownIntent");
  throw invalidInput(parsed.error);
}

/**
 * parseIntent for an action that answers in a shape of its own: the parsed form, or the
 * refusal's status and message in the reader's language.
 */
export function readIntent<S extends z.ZodTypeAny>(
  form: FormData,
  schema: S,
  t: Translate,
): { ok: true; data: z.infer<S> } | { ok: false; status: ServiceStatus; message: string } {
  try {
    return { ok: true, data: parseIntent(form, schema) };
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    return { ok: false, status: e.status, message: e.in(t) };
  }
}
