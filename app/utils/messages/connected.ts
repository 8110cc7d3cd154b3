/** Messages of system clients, dossiers, their rating links and the QĐ 766 satisfaction group. */
export const vi = {
  "clients.title": "Kết nối hệ thống khác",
  "clients.intro":
    "Cấp mã truy cập cho hệ thống một cửa, hệ thống thông tin bệnh viện… để gửi hồ sơ và nhận đường dẫn đánh giá. Mỗi mã chỉ tác động trong đơn vị được chọn và các đơn vị trực thuộc.",
  "clients.intro.short":
    "Mã truy cập cho hệ thống một cửa và hệ thống khác: tạo, thu hồi, xem nhật ký.",
  "clients.list": "Các hệ thống đã kết nối",
  "clients.token": "Mã truy cập của hệ thống",
  "clients.none": "Chưa có hệ thống nào được kết nối.",
  "clients.col.name": "Hệ thống",
  "clients.col.unit": "Phạm vi (đơn vị)",
  "clients.col.created": "Ngày tạo",
  "clients.col.lastUsed": "Dùng gần nhất",
  "clients.col.state": "Trạng thái",
  "clients.col.actions": "Thao tác",
  "clients.state.active": "Đang hoạt động",
  "clients.state.revoked": "Đã thu hồi ngày {date}",
  "clients.never": "Chưa dùng",
  "clients.create": "Tạo mã truy cập cho hệ thống",
  "clients.name": "Tên hệ thống",
  "clients.name.hint": "Ví dụ: Hệ thống thông tin giải quyết TTHC tỉnh",
  "clients.unit": "Đơn vị (hệ thống chỉ gửi hồ sơ của đơn vị này và các đơn vị trực thuộc)",
  "clients.submit": "Tạo mã",
  "clients.revoke": "Thu hồi",
  "clients.revoke.confirm":
    "Thu hồi mã của hệ thống «{name}»? Hệ thống sẽ không gửi được hồ sơ nữa.",
  "clients.created":
    "Đã tạo mã cho «{name}». Đây là lần duy nhất mã được hiển thị: hãy sao chép và cài vào hệ thống đó ngay.",
  "clients.revoked": "Đã thu hồi mã của hệ thống.",
  "clients.audit": "Xem nhật ký thao tác với mã truy cập hệ thống",
  "clients.error.name": "Tên hệ thống phải dài từ 2 đến 120 ký tự.",
  "clients.error.unitCode": "Không có đơn vị mang mã «{code}».",
  "clients.error.unitInactive": "Đơn vị «{name}» không còn hoạt động.",
  "clients.error.unauthorized":
    "Cần mã truy cập của hệ thống: tiêu đề Authorization: Bearer hlc_… (quản trị viên tạo tại trang Quản trị › Kết nối hệ thống khác).",
  "clients.error.unitEnded":
    "Đơn vị của mã truy cập này đã ngừng hoạt động; xin quản trị viên cấp mã cho đơn vị kế nhiệm.",
  "audit.entity.system_client": "Mã truy cập hệ thống",
  "audit.entity.dossier": "Hồ sơ",

  "dossiers.api.method": "Chỉ nhận phương thức POST.",
  "dossiers.api.json": "Nội dung phải là JSON (Content-Type: application/json).",
  "dossiers.api.tooLarge": "Nội dung gửi lên quá lớn (tối đa {kb} KB).",
  "dossiers.api.malformed": "Nội dung gửi lên không phải JSON hợp lệ (UTF-8).",
  "dossiers.api.pattern_misconfigured":
    "Máy chủ cấu hình mẫu mã hồ sơ (DOSSIER_CODE_PATTERN) không hợp lệ; xin báo quản trị viên.",
  "dossiers.api.unit_not_found":
    "Không tìm thấy đơn vị mã «{code}» trong phạm vi của hệ thống này (trường «unitCode»).",
  "dossiers.api.unit_inactive": "Đơn vị «{name}» không còn hoạt động, không nhận hồ sơ mới.",
  "dossiers.api.dossier_code_taken":
    "Mã hồ sơ «{code}» đã được gửi cho một đơn vị ngoài phạm vi của hệ thống này.",
  "dossiers.api.no_dossier_campaign":
    "Chưa có đợt khảo sát nào đang mở nhận đánh giá theo hồ sơ cho đơn vị «{name}». Cán bộ quản lý cần đặt số ngày hiệu lực của đường dẫn đánh giá hồ sơ trong một đợt khảo sát đang mở.",
  "dossiers.api.dossier_link_expired":
    "Đường dẫn đánh giá của hồ sơ này đã hết hạn. Xin cảm ơn Ông/Bà đã quan tâm.",
  "dossiers.api.dossier_code_invalid":
    "Mã hồ sơ không đúng dạng. Xin kiểm tra lại mã trên giấy tiếp nhận hồ sơ (ví dụ H15.50.05.13-261008-0975).",
  "dossiers.api.dossier_not_found":
    "Không tìm thấy hồ sơ có mã này tại đơn vị. Xin kiểm tra lại mã trên giấy tiếp nhận hồ sơ.",
  "dossiers.api.dossier_already_rated":
    "Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần. Xin cảm ơn Ông/Bà.",

  "dossiers.page.rated": "Hồ sơ đã được đánh giá",
  "dossiers.page.expired": "Đường dẫn đánh giá đã hết hạn",
  "dossiers.message.subject": "Mời Ông/Bà đánh giá việc giải quyết hồ sơ {code}",
  "dossiers.message.text":
    "{unit} mời Ông/Bà đánh giá mức độ hài lòng với việc giải quyết hồ sơ {code}: {url} (dùng một lần, đến hết ngày {expires}).",
  "dossiers.message.quiet": "Đang trong giờ không gửi tin; tin sẽ được gửi khi hết giờ này.",
  "dossiers.message.noGateway":
    "Chưa cấu hình cổng gửi tin nhắn (SMS_GATEWAY_URL hoặc ZALO_GATEWAY_URL).",
  "dossiers.message.gatewayUnreachable": "Không kết nối được cổng gửi tin nhắn: {error}",
  "dossiers.message.gatewayRefused": "Cổng gửi tin nhắn trả lời mã {status}: {answer}",
  "dossiers.message.gatewaySetting": "Cổng gửi tin nhắn được cài đặt chưa đúng: {problem}",
  "dossiers.message.describe": "Gửi đường dẫn đánh giá hồ sơ cho người dân",

  "qd766.title": "Nhóm chỉ số hài lòng theo hồ sơ (QĐ 766)",
  "qd766.nav": "Theo hồ sơ (QĐ 766)",
  "qd766.intro":
    "Tỷ lệ hồ sơ không bị trễ hạn và không bị đánh giá «không hài lòng», cùng số điểm tương ứng, đặt cạnh tỷ lệ hài lòng của phiếu khảo sát. Chưa trừ hồ sơ có phản ánh, kiến nghị vì Hài Lòng không nhận dữ liệu này.",
  "qd766.rules":
    "Cách tính: {rules}, ghi ngày {date}. Chưa đối chiếu được văn bản chính thức: cách tính lấy theo các công cụ công khai đọc dữ liệu của Cổng Dịch vụ công quốc gia (chỉ số 5.4: đạt từ 90 % được đủ 6 điểm, dưới 90 % được tỷ lệ × 6 / 90 %). Sẽ thay khi tìm được văn bản.",
  "qd766.rules.name": "Chỉ số 5.4, bộ chỉ số QĐ 766/QĐ-TTg (bản đọc tháng 12/2026)",
  "qd766.counting":
    "Hồ sơ tính trong tháng: hồ sơ trả kết quả trong tháng, và hồ sơ chưa trả mà đã quá ngày hẹn trả rơi vào tháng đó. Hồ sơ trễ hạn: trả sau ngày hẹn, hoặc chưa trả khi đã quá ngày hẹn.",
  "qd766.month": "Tháng",
  "qd766.unit": "Đơn vị",
  "qd766.show": "Xem",
  "qd766.col.unit": "Đơn vị",
  "qd766.col.dossiers": "Số hồ sơ",
  "qd766.col.overdue": "Trễ hạn",
  "qd766.col.rated": "Được đánh giá",
  "qd766.col.dissatisfied": "Đánh giá không hài lòng",
  "qd766.col.rate": "Tỷ lệ hồ sơ đạt",
  "qd766.col.points": "Điểm (tối đa 6)",
  "qd766.col.survey": "Tỷ lệ hài lòng của phiếu khảo sát",
  "qd766.col.surveyN": "Số phiếu",
  "qd766.own": "{name} (hồ sơ tiếp nhận trực tiếp tại đơn vị)",
  "qd766.total": "Tổng cộng: {name} và các đơn vị trực thuộc",
  "qd766.none": "Không có hồ sơ nào được tính trong tháng này.",
  "qd766.noSurvey": "Không có phiếu",
  "qd766.fewSurvey": "Chưa đủ {n} phiếu để tính tỷ lệ",
  "qd766.byProcedure": "Theo thủ tục hành chính",
  "qd766.col.procedure": "Mã thủ tục",
  "qd766.byChannel": "Theo kênh nộp hồ sơ",
  "qd766.col.channel": "Kênh",
  "qd766.byOfficer": "Theo cán bộ tiếp nhận",
  "qd766.col.officer": "Cán bộ",
  "qd766.unknown": "Không ghi",
  "dossier.channel.truc_tiep": "Trực tiếp",
  "dossier.channel.truc_tuyen": "Trực tuyến",
  "dossier.channel.buu_chinh": "Bưu chính công ích",
  "campaign.dossierLinkDays": "Nhận đánh giá theo hồ sơ: số ngày hiệu lực của đường dẫn đánh giá",
  "campaign.dossierLinkDays.hint":
    "Để trống nếu đợt này không nhận hồ sơ từ hệ thống một cửa. Mỗi hồ sơ được một đường dẫn đánh giá dùng một lần.",
  "campaign.error.dossierLinkDays":
    "Số ngày hiệu lực của đường dẫn đánh giá hồ sơ phải từ 1 đến 365.",
};

export const en: Record<keyof typeof vi, string> = {
  "clients.title": "Connected systems",
  "clients.intro":
    "Issue access tokens to one-stop systems, hospital information systems and others, so they can send dossiers and receive rating links. Each token acts only within the chosen unit and the units below it.",
  "clients.intro.short": "Access tokens for one-stop and other systems: create, revoke, audit log.",
  "clients.list": "Connected systems",
  "clients.token": "The system's access token",
  "clients.none": "No system is connected yet.",
  "clients.col.name": "System",
  "clients.col.unit": "Scope (unit)",
  "clients.col.created": "Created",
  "clients.col.lastUsed": "Last used",
  "clients.col.state": "State",
  "clients.col.actions": "Actions",
  "clients.state.active": "Active",
  "clients.state.revoked": "Revoked on {date}",
  "clients.never": "Never",
  "clients.create": "Create an access token for a system",
  "clients.name": "System name",
  "clients.name.hint": "For example: the province's administrative procedure system",
  "clients.unit": "Unit (the system sends dossiers of this unit and the units below it only)",
  "clients.submit": "Create token",
  "clients.revoke": "Revoke",
  "clients.revoke.confirm":
    "Revoke the token of «{name}»? The system will no longer be able to send dossiers.",
  "clients.created":
    "Token created for «{name}». It is shown this once only: copy it into that system now.",
  "clients.revoked": "The system's token was revoked.",
  "clients.audit": "See the audit log of system access tokens",
  "clients.error.name": "The system's name must be 2 to 120 characters long.",
  "clients.error.unitCode": "No unit has the code «{code}».",
  "clients.error.unitInactive": "The unit «{name}» is no longer active.",
  "clients.error.unauthorized":
    "A system access token is required: header Authorization: Bearer hlc_… (an administrator creates one under Administration › Connected systems).",
  "clients.error.unitEnded":
    "This token's unit has ended; ask an administrator for a token of its successor.",
  "audit.entity.system_client": "System access token",
  "audit.entity.dossier": "Dossier",

  "dossiers.api.method": "Only POST is accepted.",
  "dossiers.api.json": "The body must be JSON (Content-Type: application/json).",
  "dossiers.api.tooLarge": "The body is too large (at most {kb} KB).",
  "dossiers.api.malformed": "The body is not valid JSON (UTF-8).",
  "dossiers.api.pattern_misconfigured":
    "The server's dossier code pattern (DOSSIER_CODE_PATTERN) is not valid; tell the administrator.",
  "dossiers.api.unit_not_found":
    "No unit with code «{code}» within this system's scope (field «unitCode»).",
  "dossiers.api.unit_inactive": "The unit «{name}» is no longer active and takes no new dossiers.",
  "dossiers.api.dossier_code_taken":
    "The dossier code «{code}» was sent for a unit outside this system's scope.",
  "dossiers.api.no_dossier_campaign":
    "No open campaign takes dossier ratings for the unit «{name}». A manager must set the dossier rating link's validity in days on an open campaign.",
  "dossiers.api.dossier_link_expired":
    "This dossier's rating link has expired. Thank you for your interest.",
  "dossiers.api.dossier_code_invalid":
    "The dossier code is not in the expected form. Please check the code on the dossier receipt (e.g. H15.50.05.13-261008-0975).",
  "dossiers.api.dossier_not_found":
    "No dossier with this code at this unit. Please check the code on the dossier receipt.",
  "dossiers.api.dossier_already_rated":
    "This dossier has already been rated. Each dossier can be rated once. Thank you.",

  "dossiers.page.rated": "This dossier has been rated",
  "dossiers.page.expired": "This rating link has expired",
  "dossiers.message.subject": "Please rate how your dossier {code} was handled",
  "dossiers.message.text":
    "{unit} invites you to rate how your dossier {code} was handled: {url} (single use, until the end of {expires}).",
  "dossiers.message.quiet": "Within the quiet hours; the message is sent when they end.",
  "dossiers.message.noGateway":
    "No message gateway is configured (SMS_GATEWAY_URL or ZALO_GATEWAY_URL).",
  "dossiers.message.gatewayUnreachable": "Could not reach the message gateway: {error}",
  "dossiers.message.gatewayRefused": "The message gateway answered status {status}: {answer}",
  "dossiers.message.gatewaySetting": "The message gateway is set up wrong: {problem}",
  "dossiers.message.describe": "Send a dossier's rating link to the citizen",

  "qd766.title": "Satisfaction group from dossiers (QĐ 766)",
  "qd766.nav": "By dossier (QĐ 766)",
  "qd766.intro":
    "The share of dossiers neither overdue nor rated «dissatisfied», and its points, beside the survey's satisfaction rate. Dossiers with complaints are not deducted: Hài Lòng does not receive them.",
  "qd766.rules":
    "Method: {rules}, written down on {date}. Not checked against the official text: computed as public tools reading the National Public Service Portal's data compute it (indicator 5.4: 6 points at 90 % or more, below that rate × 6 / 90 %). To be replaced when the text is found.",
  "qd766.rules.name": "Indicator 5.4 of the QĐ 766/QĐ-TTg set (as read in December 2026)",
  "qd766.counting":
    "Dossiers counted in a month: those returned in the month, and those not returned whose due date fell in the month and has passed. Overdue: returned after the due date, or not returned by a due date that has passed.",
  "qd766.month": "Month",
  "qd766.unit": "Unit",
  "qd766.show": "Show",
  "qd766.col.unit": "Unit",
  "qd766.col.dossiers": "Dossiers",
  "qd766.col.overdue": "Overdue",
  "qd766.col.rated": "Rated",
  "qd766.col.dissatisfied": "Rated dissatisfied",
  "qd766.col.rate": "Share of dossiers passing",
  "qd766.col.points": "Points (out of 6)",
  "qd766.col.survey": "Survey satisfaction rate",
  "qd766.col.surveyN": "Responses",
  "qd766.own": "{name} (dossiers received at the unit itself)",
  "qd766.total": "Total: {name} and the units below it",
  "qd766.none": "No dossier is counted in this month.",
  "qd766.noSurvey": "No responses",
  "qd766.fewSurvey": "Fewer than {n} responses: no rate",
  "qd766.byProcedure": "By administrative procedure",
  "qd766.col.procedure": "Procedure code",
  "qd766.byChannel": "By submission channel",
  "qd766.col.channel": "Channel",
  "qd766.byOfficer": "By receiving officer",
  "qd766.col.officer": "Officer",
  "qd766.unknown": "Not given",
  "dossier.channel.truc_tiep": "In person",
  "dossier.channel.truc_tuyen": "Online",
  "dossier.channel.buu_chinh": "Public postal service",
  "campaign.dossierLinkDays": "Dossier ratings: days a dossier's rating link stays valid",
  "campaign.dossierLinkDays.hint":
    "Leave empty if this campaign takes no dossiers from the one-stop system. Each dossier gets a single-use rating link.",
  "campaign.error.dossierLinkDays": "A dossier rating link's validity must be 1 to 365 days.",
};
