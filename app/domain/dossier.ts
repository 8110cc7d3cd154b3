/**
 * Dossiers (hồ sơ) as one-stop systems send them: `POST /api/v1/dossiers`'s body, the dossier
 * code's pattern, the portal's dates. The code's default shape follows public portal data
 * (updates-2026.md): `{unit identifier}-{yymmdd}-{sequence}`, e.g. `H15.50.05.13-261008-0975`,
 * a 4-digit sequence on a provincial portal and 6–7 digits in a ministry's system.
 */
import { isSafe } from "redos-detector";
import { z } from "zod";

export const MAX_DOSSIER_BODY_BYTES = 16 * 1024;

/** Dot-separated groups of letters and digits, the received date (yymmdd), a 4–7 digit sequence. */
export const DEFAULT_DOSSIER_CODE_PATTERN =
  "^[A-Za-z0-9]{1,20}(\\.[A-Za-z0-9]{1,20}){0,9}-\\d{6}-\\d{4,7}$";

export const DOSSIER_CHANNELS = ["truc_tiep", "truc_tuyen", "buu_chinh"] as const;
export type DossierChannel = (typeof DOSSIER_CHANNELS)[number];

export type CodePattern = { ok: true; regex: RegExp } | { ok: false; problem: string };

/**
 * The configured pattern (DOSSIER_CODE_PATTERN), or the default. A pattern that is not a
 * regular expression, is not anchored at both ends, or could take exponential time on a
 * crafted code (redos-detector) is refused rather than run on every request.
 */
export function compileCodePattern(source: string | undefined): CodePattern {
  const text = source?.trim() || DEFAULT_DOSSIER_CODE_PATTERN;
  if (text.length > 500) return { ok: false, problem: "pattern longer than 500 characters" };
  if (!text.startsWith("^") || !text.endsWith("$"))
    return { ok: false, problem: "pattern must start with ^ and end with $" };
  let regex: RegExp;
  try {
    regex = new RegExp(text, "u");
  } catch (e) {
    return { ok: false, problem: `not a regular expression: ${(e as Error).message}` };
  }
  let safe = false;
  try {
    safe = isSafe(regex, { timeout: 1_000, maxSteps: 1_000 }).safe;
  } catch {
    safe = false;
  }
  if (!safe) return { ok: false, problem: "pattern may backtrack without bound (ReDoS)" };
  return { ok: true, regex };
}

/**
 * A time as ISO 8601 with an offset, or as the portal's `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh
 * (UTC+7 all year). Returns the ISO string in UTC, or null when it is neither.
 */
export function parseDossierTime(v: string): string | null {
  const portal = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
  const iso = portal
    ? `${portal[1]}-${portal[2]}-${portal[3]}T${portal[4]}:${portal[5]}:${portal[6]}+07:00`
    : v;
  if (!portal && !z.string().datetime({ offset: true }).safeParse(v).success) return null;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  // Date.parse rolls 31/02 over to March: compare the fields back.
  if (portal) {
    const d = new Date(ms + 7 * 3600_000);
    const again = [
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
    ];
    const given = portal.slice(1).map(Number);
    if (again.some((n, i) => n !== given[i])) return null;
  }
  return new Date(ms).toISOString();
}

const time = (field: string) =>
  z
    .string({
      required_error: `thiếu trường «${field}»`,
      invalid_type_error: `«${field}» phải là chuỗi thời điểm`,
    })
    .max(40)
    .transform((v, c) => {
      const t = parseDossierTime(v);
      if (t === null) {
        c.addIssue({
          code: z.ZodIssueCode.custom,
          message: `«${field}» phải là thời điểm ISO 8601 có múi giờ (2026-10-08T08:30:00+07:00) hoặc yyyyMMddHHmmss giờ Việt Nam (20261008083000)`,
        });
        return z.NEVER;
      }
      return t;
    });

const text = (field: string, max: number) =>
  z
    .string({ invalid_type_error: `«${field}» phải là chuỗi` })
    .trim()
    .min(1, `«${field}» không được để trống`)
    .max(max, `«${field}» dài quá ${max} ký tự`)
    .regex(/^[^\u0000-\u001f\u007f]*$/, `«${field}» chứa ký tự điều khiển`);

/** A Vietnamese mobile number: 0xxxxxxxxx or +84xxxxxxxxx (spaces, dots and dashes ignored). */
export function normalizePhone(v: string): string | null {
  const digits = v.replace(/[\s.-]/g, "");
  const m = /^(?:\+?84|0)([1-9]\d{8})$/.exec(digits);
  return m ? `84${m[1]}` : null;
}

export const dossierBodySchema = z
  .object({
    code: z.string({
      required_error: "thiếu trường «code» (mã hồ sơ)",
      invalid_type_error: "«code» (mã hồ sơ) phải là chuỗi",
    }),
    procedureCode: text("procedureCode", 50).refine((v) => /^[A-Za-z0-9._-]+$/.test(v), {
      message: "«procedureCode» (mã thủ tục hành chính) chỉ gồm chữ, số, dấu chấm, gạch",
    }),
    unitCode: text("unitCode", 100),
    counter: text("counter", 100).optional(),
    officer: text("officer", 200).optional(),
    channel: z.enum(DOSSIER_CHANNELS, {
      errorMap: () => ({
        message:
          "«channel» phải là một trong: truc_tiep (trực tiếp), truc_tuyen (trực tuyến), buu_chinh (bưu chính công ích)",
      }),
    }),
    receivedAt: time("receivedAt"),
    dueAt: time("dueAt").optional(),
    returnedAt: time("returnedAt").optional(),
    contact: z
      .object({
        phone: z
          .string()
          .max(30)
          .transform((v, c) => {
            const p = normalizePhone(v);
            if (!p) {
              c.addIssue({
                code: z.ZodIssueCode.custom,
                message:
                  "«contact.phone» phải là số di động Việt Nam (0912345678 hoặc +84912345678)",
              });
              return z.NEVER;
            }
            return p;
          })
          .optional(),
        email: z
          .string()
          .trim()
          .max(254)
          .email("«contact.email» không phải địa chỉ thư hợp lệ")
          .optional(),
      })
      .strict("«contact» chỉ có hai trường: phone, email")
      .optional(),
    /** Send the link to the contact now (it is also sent when the dossier is first returned). */
    notify: z.boolean({ invalid_type_error: "«notify» phải là true hoặc false" }).optional(),
  })
  .strict()
  .superRefine((d, c) => {
    if (d.dueAt && d.dueAt < d.receivedAt)
      c.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["dueAt"],
        message: "«dueAt» (ngày hẹn trả) không được trước «receivedAt» (ngày tiếp nhận)",
      });
    if (d.returnedAt && d.returnedAt < d.receivedAt)
      c.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["returnedAt"],
        message: "«returnedAt» (ngày trả kết quả) không được trước «receivedAt» (ngày tiếp nhận)",
      });
  });

export type DossierBody = z.infer<typeof dossierBodySchema>;

export type ParsedDossier = { ok: true; dossier: DossierBody } | { ok: false; message: string };

/** The body checked; the code against `pattern`. Messages name the field and what it must be. */
export function parseDossierBody(body: unknown, pattern: RegExp): ParsedDossier {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { ok: false, message: "Nội dung gửi lên phải là một đối tượng JSON." };
  const r = dossierBodySchema.safeParse(body);
  if (!r.success)
    return {
      ok: false,
      message: r.error.issues
        .map((i) =>
          i.code === z.ZodIssueCode.unrecognized_keys
            ? `trường không được biết: ${i.keys.map((k) => `«${k}»`).join(", ")}`
            : i.code === z.ZodIssueCode.invalid_type && i.received === "undefined"
              ? `thiếu trường «${i.path.join(".")}»`
              : i.message,
        )
        .join("; "),
    };
  const code = r.data.code.trim();
  if (code.length > 60 || !pattern.test(code))
    return {
      ok: false,
      message: `«code» (mã hồ sơ) không đúng dạng mã hồ sơ: «${code.slice(0, 60)}». Dạng thường gặp: {mã đơn vị}-{yymmdd}-{số thứ tự}, ví dụ H15.50.05.13-261008-0975`,
    };
  return { ok: true, dossier: { ...r.data, code } };
}

/**
 * A code typed at a kiosk or sent with a rating: trimmed, upper-cased letters kept as typed
 * (codes are compared exactly). Null when it is not a code of the pattern.
 */
export function readDossierCode(v: unknown, pattern: RegExp): string | null {
  if (typeof v !== "string") return null;
  const code = v.trim();
  return code.length > 0 && code.length <= 60 && pattern.test(code) ? code : null;
}
