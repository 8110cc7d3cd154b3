/** The public ingestion API's request body: `POST /api/v1/responses`. Kept stable for kiosks and other systems. */
import { z } from "zod";

export const MAX_BODY_BYTES = 64 * 1024;

const isoTime = (field: string) =>
  z
    .string()
    .datetime({ offset: true, message: `«${field}» phải là thời điểm ISO 8601` })
    .optional();

export const submissionSchema = z.object({
  id: z
    .string({ required_error: "thiếu trường «id»" })
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      "«id» phải là một UUID do máy khách tạo",
    )
    .transform((v) => v.toLowerCase()),
  token: z
    .string({ required_error: "thiếu trường «token»" })
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "«token» không đúng định dạng"),
  // Kept as JSON.parse made it (z.record would copy it and silently drop a "__proto__"
  // key): every key reaches the validator, which refuses those that are not questions.
  answers: z.custom<Record<string, unknown>>(
    (v) => typeof v === "object" && v !== null && !Array.isArray(v),
    (v) => ({
      message:
        v === undefined
          ? "thiếu trường «answers»"
          : "«answers» phải là một đối tượng JSON {tên câu hỏi: câu trả lời}",
    }),
  ),
  startedAt: isoTime("startedAt"),
  // Kiosks: the device's own clock at the tap and when sending (docs/decisions/008).
  deviceStartedAt: isoTime("deviceStartedAt"),
  deviceSentAt: isoTime("deviceSentAt"),
  // A dossier code (mã hồ sơ) typed at a kiosk or sent by another system: the rating is the
  // dossier's one rating (a second one is refused with 409 dossier_already_rated).
  dossierCode: z
    .string({ invalid_type_error: "«dossierCode» phải là chuỗi" })
    .max(60, "«dossierCode» dài quá 60 ký tự")
    .optional(),
  // The language the form was answered in: "vi", "en", or a locale pack's ("km"). Recorded as sent.
  locale: z
    .string()
    .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/, {
      message: '«locale» phải là mã ngôn ngữ, ví dụ "vi" hoặc "en"',
    })
    .optional(),
});

export type Submission = z.infer<typeof submissionSchema>;

export type ParsedSubmission =
  { ok: true; submission: Submission } | { ok: false; message: string };

export function parseSubmission(body: unknown): ParsedSubmission {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, message: "Nội dung gửi lên phải là một đối tượng JSON." };
  }
  const r = submissionSchema.safeParse(body);
  if (r.success) return { ok: true, submission: r.data };
  return { ok: false, message: r.error.issues.map((i) => i.message).join("; ") };
}

/** The honeypot: a field people never see (hidden from them and from screen readers). */
export const HONEYPOT_FIELD = "website";

/** A filled honeypot: a machine filled in the form. */
export function honeypotFilled(body: unknown): boolean {
  const v = (body as Record<string, unknown> | null)?.[HONEYPOT_FIELD];
  return typeof v === "string" && v.trim() !== "";
}
