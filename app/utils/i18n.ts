/**
 * The one translation layer: every UI string is a key here. Vietnamese is the default,
 * English the second language. Formatting follows Vietnamese conventions: dd/MM/yyyy,
 * Asia/Ho_Chi_Minh, "1.234,5".
 */
export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";
export const TIME_ZONE = "Asia/Ho_Chi_Minh";

const vi = {
  "app.name": "Hài Lòng",
  "app.tagline": "Đo lường sự hài lòng của người dân với dịch vụ công",
  "nav.skip": "Bỏ qua, đến nội dung chính",
  "nav.language": "Ngôn ngữ",
  "nav.main": "Điều hướng chính",
  "home.title": "Hài Lòng",
  "home.intro":
    "Nền tảng mở để cơ quan nhà nước khảo sát và đo lường sự hài lòng của người dân, tổ chức với dịch vụ hành chính công, y tế và giáo dục.",
  "home.campaigns": "Các đợt khảo sát",
  "home.noCampaigns": "Chưa có đợt khảo sát nào.",
  "home.results": "Xem kết quả",
  "home.links": "Đường dẫn khảo sát",
  "campaign.status.draft": "Bản nháp",
  "campaign.status.open": "Đang mở",
  "campaign.status.closed": "Đã đóng",
  "campaign.period": "Thời gian",
  "survey.loading": "Đang tải phiếu khảo sát…",
  "survey.noscript": "Cần bật JavaScript để trả lời phiếu khảo sát.",
  "survey.thanks.title": "Xin cảm ơn Ông/Bà!",
  "survey.thanks.body": "Ý kiến của Ông/Bà đã được ghi nhận.",
  "survey.sending": "Đang gửi…",
  "survey.error": "Chưa gửi được phiếu. Xin thử lại.",
  "survey.retry": "Gửi lại",
  "survey.anonymous":
    "Phiếu khảo sát không ghi tên. Thông tin chỉ dùng để cải thiện chất lượng phục vụ.",
  "notFound.title": "Không tìm thấy",
  "notFound.body":
    "Đường dẫn khảo sát không đúng hoặc không còn tồn tại. Xin kiểm tra lại mã QR hoặc đường dẫn.",
  "gone.title": "Đợt khảo sát không mở",
  "gone.closed": "Đợt khảo sát này đã kết thúc. Xin cảm ơn Ông/Bà đã quan tâm.",
  "gone.notYet": "Đợt khảo sát này chưa bắt đầu. Xin quay lại từ {date}.",
  "error.title": "Đã có lỗi xảy ra",
  "error.body": "Xin thử lại sau ít phút.",
  "results.title": "Kết quả khảo sát",
  "results.responses": "Số phiếu",
  "results.overall": "Toàn bộ phiếu",
  "results.items": "Theo tiêu chí",
  "results.elements": "Theo yếu tố",
  "results.code": "Mã",
  "results.name": "Nội dung",
  "results.valid": "Số trả lời hợp lệ",
  "results.rate": "Tỷ lệ hài lòng",
  "results.ci": "Khoảng tin cậy 95%",
  "results.insufficient": "chưa đủ số phiếu",
  "results.target": "Chỉ tiêu",
  "results.method": "Phương pháp tính",
  "results.methodNote":
    "Tỷ lệ hài lòng = số trả lời ở mức hài lòng / số trả lời hợp lệ (không tính «không sử dụng»). Khoảng tin cậy Wilson 95%. Dưới {minN} trả lời: chưa đủ số phiếu.",
  "results.questionnaire": "Phiếu khảo sát",
  "results.verification.official": "Văn bản chính thức",
  "results.verification.transcribed": "Chép lại từ nguồn thứ ba, cần đối chiếu bản ký",
  "results.verification.paraphrase": "Diễn giải, chưa phải lời văn chính thức",
  "results.updated": "Số liệu đến {time}",
  "results.indicators": "Các chỉ số khác",
  "results.value": "Giá trị",
  "results.warnings": "Lưu ý về phương pháp",
  "results.aspects": "Theo khía cạnh",
  "auth.signIn": "Đăng nhập",
  "auth.signOut": "Đăng xuất",
  "auth.login": "Tên đăng nhập",
  "auth.password": "Mật khẩu",
  "auth.invalid": "Tên đăng nhập hoặc mật khẩu không đúng.",
  "auth.locked": "Tài khoản tạm khoá do nhập sai nhiều lần. Xin thử lại sau {time}.",
  "auth.signedInAs": "Đang đăng nhập: {name}",
  "auth.account": "Tài khoản",
  "auth.changePassword": "Đổi mật khẩu",
  "auth.currentPassword": "Mật khẩu hiện tại",
  "auth.newPassword": "Mật khẩu mới (ít nhất 10 ký tự)",
  "auth.passwordChanged": "Đã đổi mật khẩu. Xin đăng nhập lại.",
  "auth.roles": "Vai trò",
  "role.admin": "Quản trị",
  "role.manager": "Quản lý",
  "role.analyst": "Phân tích",
  "role.viewer": "Xem kết quả đơn vị",
  "forbidden.title": "Không có quyền truy cập",
  "results.scope": "Phạm vi",
  "results.wholeCampaign": "Toàn bộ đợt khảo sát",
  "results.show": "Xem",
  "catalog.title": "Danh mục phiếu khảo sát",
  "catalog.intro":
    "Các phiếu khảo sát chính thức và phiếu của đơn vị, với nguồn và mức độ xác minh của lời văn.",
  "catalog.slug": "Mã phiếu",
  "catalog.version": "Phiên bản",
  "catalog.sector": "Lĩnh vực",
  "catalog.issuedBy": "Văn bản",
  "catalog.verification": "Mức độ xác minh",
  "catalog.method": "Cách tính",
  "catalog.items": "Số tiêu chí",
  "catalog.preview": "Xem trước",
  "catalog.validFrom": "Áp dụng từ",
  "catalog.source": "Nguồn tham chiếu",
  "sector.administrative": "Hành chính công",
  "sector.health": "Y tế",
  "sector.education": "Giáo dục",
  "sector.generic": "Chung",
  "preview.banner": "Bản xem trước: câu trả lời không được gửi đi và không được lưu.",
  "preview.completed": "Đã trả lời xong bản xem trước. Câu trả lời không được lưu.",
  "preview.answers": "Câu trả lời (dạng JSON gửi lên máy chủ)",
} as const;

export type MessageKey = keyof typeof vi;

const en: Record<MessageKey, string> = {
  "app.name": "Hài Lòng",
  "app.tagline": "Measuring citizen satisfaction with public services",
  "nav.skip": "Skip to main content",
  "nav.language": "Language",
  "nav.main": "Main navigation",
  "home.title": "Hài Lòng",
  "home.intro":
    "An open platform on which public agencies survey and measure how satisfied citizens and organisations are with administrative, health and education services.",
  "home.campaigns": "Campaigns",
  "home.noCampaigns": "No campaigns yet.",
  "home.results": "Results",
  "home.links": "Survey links",
  "campaign.status.draft": "Draft",
  "campaign.status.open": "Open",
  "campaign.status.closed": "Closed",
  "campaign.period": "Period",
  "survey.loading": "Loading the questionnaire…",
  "survey.noscript": "Please enable JavaScript to answer the questionnaire.",
  "survey.thanks.title": "Thank you!",
  "survey.thanks.body": "Your answers have been recorded.",
  "survey.sending": "Sending…",
  "survey.error": "Your answers could not be sent. Please try again.",
  "survey.retry": "Send again",
  "survey.anonymous":
    "This questionnaire is anonymous. Answers are used only to improve the service.",
  "notFound.title": "Not found",
  "notFound.body":
    "This survey link is wrong or no longer exists. Please check the QR code or the link.",
  "gone.title": "This survey is not open",
  "gone.closed": "This survey has ended. Thank you for your interest.",
  "gone.notYet": "This survey has not started yet. Please come back from {date}.",
  "error.title": "Something went wrong",
  "error.body": "Please try again in a few minutes.",
  "results.title": "Survey results",
  "results.responses": "Responses",
  "results.overall": "Whole questionnaire",
  "results.items": "By criterion",
  "results.elements": "By element",
  "results.code": "Code",
  "results.name": "Item",
  "results.valid": "Valid answers",
  "results.rate": "Satisfaction rate",
  "results.ci": "95% interval",
  "results.insufficient": "too few responses",
  "results.target": "Target",
  "results.method": "Method",
  "results.methodNote":
    'Satisfaction rate = answers at a satisfied level / valid answers ("not used" excluded). 95% Wilson interval. Under {minN} answers: too few responses.',
  "results.questionnaire": "Questionnaire",
  "results.verification.official": "Official text",
  "results.verification.transcribed": "Transcribed by a third party; check against the signed form",
  "results.verification.paraphrase": "Paraphrase, not the official wording",
  "results.updated": "Figures as of {time}",
  "results.indicators": "Other indicators",
  "results.value": "Value",
  "results.warnings": "Method notes",
  "results.aspects": "By aspect",
  "auth.signIn": "Sign in",
  "auth.signOut": "Sign out",
  "auth.login": "User name",
  "auth.password": "Password",
  "auth.invalid": "Wrong user name or password.",
  "auth.locked": "This account is locked after too many failed attempts. Try again after {time}.",
  "auth.signedInAs": "Signed in: {name}",
  "auth.account": "Account",
  "auth.changePassword": "Change password",
  "auth.currentPassword": "Current password",
  "auth.newPassword": "New password (at least 10 characters)",
  "auth.passwordChanged": "Password changed. Please sign in again.",
  "auth.roles": "Roles",
  "role.admin": "Administrator",
  "role.manager": "Manager",
  "role.analyst": "Analyst",
  "role.viewer": "Unit viewer",
  "forbidden.title": "Access denied",
  "results.scope": "Scope",
  "results.wholeCampaign": "Whole campaign",
  "results.show": "Show",
  "catalog.title": "Questionnaire catalog",
  "catalog.intro":
    "The official questionnaires and the agencies' own, with their sources and how far their wording is verified.",
  "catalog.slug": "Code",
  "catalog.version": "Version",
  "catalog.sector": "Sector",
  "catalog.issuedBy": "Issued by",
  "catalog.verification": "Verification",
  "catalog.method": "Scoring",
  "catalog.items": "Rated items",
  "catalog.preview": "Preview",
  "catalog.validFrom": "Valid from",
  "catalog.source": "Reference",
  "sector.administrative": "Administrative services",
  "sector.health": "Health",
  "sector.education": "Education",
  "sector.generic": "General",
  "preview.banner": "Preview: answers are neither sent nor stored.",
  "preview.completed": "Preview completed. The answers were not stored.",
  "preview.answers": "Answers (the JSON a client sends)",
};

const messages: Record<Locale, Record<MessageKey, string>> = { vi, en };

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

export function t(
  locale: Locale,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  let s = messages[locale][key] ?? messages.vi[key];
  if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function translator(locale: Locale) {
  return (key: MessageKey, params?: Record<string, string | number>) => t(locale, key, params);
}

const intlLocale = (l: Locale) => (l === "vi" ? "vi-VN" : "en-GB");

export function formatNumber(n: number, locale: Locale = DEFAULT_LOCALE, digits = 0): string {
  return new Intl.NumberFormat(intlLocale(locale), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

/** 0.8734 → "87,3 %" (vi) or "87.3%" (en). */
export function formatPercent(p: number, locale: Locale = DEFAULT_LOCALE, digits = 1): string {
  const s = formatNumber(p * 100, locale, digits);
  return locale === "vi" ? `${s} %` : `${s}%`;
}

/** dd/MM/yyyy in Vietnam time, whatever the locale. */
export function formatDate(d: Date | string): string {
  const date = typeof d === "string" ? new Date(d) : d;
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(date);
}

/** dd/MM/yyyy HH:mm in Vietnam time. */
export function formatDateTime(d: Date | string): string {
  const date = typeof d === "string" ? new Date(d) : d;
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(date);
  return `${formatDate(date)} ${time}`;
}

/** The locale of a request: ?lang=, then the `lang` cookie, then Vietnamese. */
export function localeFromRequest(request: Request): Locale {
  const url = new URL(request.url);
  const q = url.searchParams.get("lang");
  if (isLocale(q)) return q;
  const cookie = request.headers.get("Cookie") ?? "";
  const m = /(?:^|;\s*)lang=(vi|en)/.exec(cookie);
  return m && isLocale(m[1]) ? m[1] : DEFAULT_LOCALE;
}
