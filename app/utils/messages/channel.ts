/** Messages of the independent channel (a higher unit's QR codes beside a unit's own survey) and of SDG 16.6.2. */
export const vi = {
  "admin.channel.independent": "Kênh độc lập của Sở",
  "channel.nav": "Kênh độc lập",
  "channel.title": "Kênh độc lập của đơn vị cấp trên",
  "channel.intro":
    "Mã QR và đường dẫn do đơn vị cấp trên (ví dụ Sở Y tế) tạo và dán tại một đơn vị trực thuộc (ví dụ một bệnh viện), để đối chiếu độc lập với khảo sát của chính đơn vị. Chỉ người có quyền quản lý tại đơn vị cấp trên mới tạo hoặc thu hồi được; đơn vị được dán mã không thu hồi được. Phiếu qua kênh này được tính riêng và đặt cạnh khảo sát của đơn vị trong trang kết quả, bảng điều khiển và báo cáo định kỳ.",
  "channel.create": "Tạo mã QR của kênh độc lập",
  "channel.campaign": "Đợt khảo sát",
  "channel.unit": "Dán tại đơn vị",
  "channel.owner": "Đơn vị cấp trên sở hữu mã",
  "channel.label": "Ghi chú (không bắt buộc, ví dụ: Cổng chính)",
  "channel.submit": "Tạo mã QR",
  "channel.created": "Đã tạo mã QR của kênh độc lập.",
  "channel.revoked": "Đã thu hồi mã; mã không nhận phiếu nữa.",
  "channel.revoke": "Thu hồi",
  "channel.revokedState": "Đã thu hồi",
  "channel.poster": "Áp phích in",
  "channel.links": "Các mã đang có",
  "channel.none": "Chưa có mã nào của kênh độc lập.",
  "channel.noCampaign": "Chưa có đợt khảo sát nào đang mở trong phạm vi Ông/Bà quản lý.",
  "channel.noOwner":
    "Ông/Bà không có quyền quản lý tại một đơn vị có đơn vị trực thuộc, nên không tạo được mã của kênh độc lập.",
  "channel.col.link": "Đường dẫn",
  "channel.col.createdAt": "Ngày tạo",
  "channel.error.notAbove":
    "{owner} không phải là đơn vị cấp trên của {unit}: mã của kênh độc lập phải do một đơn vị cấp trên tạo.",
  "channel.section": "Khảo sát của đơn vị và kênh độc lập của Sở",
  "channel.own": "Khảo sát của đơn vị",
  "channel.independent": "Kênh độc lập của Sở",
  "channel.rate": "Tỷ lệ hài lòng",
  "channel.interval": "Khoảng tin cậy 95 %",
  "channel.forms": "Số phiếu",
  "channel.difference": "Chênh lệch (điểm phần trăm)",
  "channel.differenceInterval": "Khoảng tin cậy 95 % của chênh lệch",
  "channel.significant": "Có ý nghĩa thống kê",
  "channel.yes": "Có",
  "channel.no": "Không",
  "channel.cannotTell": "Chưa kết luận được (chưa đủ số phiếu)",
  "channel.unitCol": "Đơn vị (gồm các đơn vị trực thuộc)",
  "channel.method":
    "Khảo sát của đơn vị gồm mọi phiếu nhận qua đường dẫn, mã QR, máy khảo sát và mã mời của chính đơn vị; kênh độc lập gồm các phiếu qua mã QR do Sở dán tại đơn vị. Hai nhóm phiếu do những người khác nhau trả lời và được tính theo cùng một cách tính của phiếu. Chênh lệch = tỷ lệ của khảo sát của đơn vị trừ tỷ lệ của kênh độc lập; chênh lệch có ý nghĩa thống kê khi khoảng tin cậy 95 % của nó (phương pháp Newcombe, như trang So sánh) không chứa 0. Kết quả chung của đợt vẫn tính cả hai nhóm phiếu.",
  "channel.empty": "Chưa có phiếu nào qua kênh độc lập trong khoảng thời gian này.",
  "channel.chart": "Tỷ lệ hài lòng của khảo sát của đơn vị và của kênh độc lập, theo đơn vị",
  "channel.chartNote": "Số liệu của biểu đồ có trong bảng bên dưới.",
  "channel.dashTitle": "Khảo sát của đơn vị và kênh độc lập của Sở",
  "channel.dashNote":
    "Đợt khảo sát và khoảng thời gian theo bộ lọc ở trên; mỗi dòng là một đơn vị có mã QR của kênh độc lập, tính cả các đơn vị trực thuộc của nó.",

  "sdg.nav": "SDG 16.6.2",
  "sdg.title":
    "Chỉ tiêu SDG 16.6.2: tỷ lệ người dân hài lòng với lần sử dụng dịch vụ công gần nhất",
  "sdg.section": "Chỉ tiêu SDG 16.6.2 (ước tính của nền tảng)",
  "sdg.scope": "Phạm vi: {unit}, từ tháng {from} đến tháng {to}.",
  "sdg.sector.health": "Y tế",
  "sdg.sector.education": "Giáo dục",
  "sdg.sector.administrative": "Dịch vụ hành chính công",
  "sdg.combined": "Chung ba lĩnh vực",
  "sdg.col.sector": "Lĩnh vực",
  "sdg.col.rate": "Tỷ lệ hài lòng",
  "sdg.col.interval": "Khoảng tin cậy 95 %",
  "sdg.col.satisfied": "Số người hài lòng",
  "sdg.col.respondents": "Số người trả lời",
  "sdg.col.campaigns": "Số đợt khảo sát",
  "sdg.none": "chưa có phiếu",
  "sdg.chart": "Tỷ lệ hài lòng theo lĩnh vực (SDG 16.6.2)",
  "sdg.method.title": "Cách tính",
  "sdg.method.1":
    "Đây là cách ước tính của nền tảng Hài Lòng, từ các phiếu khảo sát thu được trên nền tảng; không phải số liệu chính thức của chỉ tiêu SDG 16.6.2, vốn do Liên Hợp Quốc quy định đo bằng điều tra hộ gia đình với bộ câu hỏi riêng.",
  "sdg.method.2":
    "Giáo dục: người trả lời chọn mức 4 hoặc 5 ở câu hỏi hài lòng chung của phiếu (HL1). Dịch vụ hành chính công: người trả lời chọn mức «hài lòng» ở câu đánh giá tổng thể của phiếu đánh giá nhanh tại bộ phận một cửa. Y tế: phiếu của Bộ Y tế không có câu hỏi hài lòng chung, nên tính người trả lời có điểm trung bình các câu của phiếu từ 4 trở lên.",
  "sdg.method.3":
    "Mỗi lĩnh vực: số người hài lòng chia cho số người trả lời câu đó, cộng dồn mọi đợt khảo sát của lĩnh vực trong phạm vi và khoảng thời gian. Chung ba lĩnh vực: cộng số người của cả ba lĩnh vực rồi chia (theo người trả lời, không gán trọng số theo lĩnh vực hay dân số). Một người trả lời ở hai đợt được tính hai lần, vì phiếu không ghi danh tính. Khoảng tin cậy 95 % theo phương pháp Wilson.",
  "sdg.method.4":
    "Chưa xác minh: tài liệu tham khảo của dự án chỉ ghi tên chỉ tiêu (tỷ lệ người dân hài lòng với lần sử dụng dịch vụ công gần nhất, gồm y tế, giáo dục và dịch vụ của chính quyền); chưa đối chiếu với tài liệu hướng dẫn (metadata) của Liên Hợp Quốc về các câu hỏi và cách gộp các lĩnh vực.",
  "sdg.leftOut":
    "Không tính các đợt sau vì phiếu của chúng không có con số hài lòng theo từng người (ví dụ SIPAS, tính theo trung bình các yếu tố): {list}.",
  "sdg.empty": "Chưa có phiếu nào của ba lĩnh vực trong phạm vi và khoảng thời gian này.",

  "alert.openCase": "Mở hồ sơ xử lý",
  "alert.viewCase": "Xem hồ sơ xử lý",
  "alert.caseOpened": "Đã mở hồ sơ xử lý cho cảnh báo.",
};

export const en: Record<keyof typeof vi, string> = {
  "admin.channel.independent": "Department's independent channel",
  "channel.nav": "Independent channel",
  "channel.title": "A higher unit's independent channel",
  "channel.intro":
    "QR codes and links that a higher unit (e.g. the Department of Health) makes and posts at a unit below it (e.g. a hospital), as an independent check beside the unit's own survey. Only people who manage the higher unit can make or revoke them; the unit they are posted at cannot revoke them. Responses through this channel are counted apart and shown beside the unit's own survey on the results page, the dashboard and the scheduled report.",
  "channel.create": "Make an independent-channel QR code",
  "channel.campaign": "Campaign",
  "channel.unit": "Posted at unit",
  "channel.owner": "Higher unit that owns the code",
  "channel.label": "Note (optional, e.g. Main gate)",
  "channel.submit": "Make the QR code",
  "channel.created": "The independent-channel QR code was made.",
  "channel.revoked": "The code was revoked; it takes no more responses.",
  "channel.revoke": "Revoke",
  "channel.revokedState": "Revoked",
  "channel.poster": "Printable poster",
  "channel.links": "Existing codes",
  "channel.none": "No independent-channel code yet.",
  "channel.noCampaign": "No open campaign within the units you manage.",
  "channel.noOwner":
    "You do not manage a unit that has units below it, so you cannot make independent-channel codes.",
  "channel.col.link": "Link",
  "channel.col.createdAt": "Made on",
  "channel.error.notAbove":
    "{owner} is not above {unit}: an independent channel's code must be made by a higher unit.",
  "channel.section": "The unit's own survey and the Department's independent channel",
  "channel.own": "Unit's own survey",
  "channel.independent": "Department's independent channel",
  "channel.rate": "Satisfaction rate",
  "channel.interval": "95% interval",
  "channel.forms": "Responses",
  "channel.difference": "Difference (percentage points)",
  "channel.differenceInterval": "95% interval of the difference",
  "channel.significant": "Statistically significant",
  "channel.yes": "Yes",
  "channel.no": "No",
  "channel.cannotTell": "Cannot tell yet (too few responses)",
  "channel.unitCol": "Unit (with the units below it)",
  "channel.method":
    "The unit's own survey is every response through the unit's own links, QR codes, kiosks and invitations; the independent channel is the responses through the Department's QR codes posted at the unit. Different people answer the two, and both are scored by the questionnaire's own method. Difference = the own survey's rate minus the independent channel's; it is statistically significant when its 95% interval (Newcombe's method, as on the Compare page) leaves out 0. The campaign's overall results still count both.",
  "channel.empty": "No response through the independent channel in this period.",
  "channel.chart":
    "Satisfaction rate of the unit's own survey and of the independent channel, by unit",
  "channel.chartNote": "The chart's figures are in the table below.",
  "channel.dashTitle": "The unit's own survey and the Department's independent channel",
  "channel.dashNote":
    "Campaign and period as in the filter above; each row is a unit carrying an independent-channel QR code, with the units below it.",

  "sdg.nav": "SDG 16.6.2",
  "sdg.title":
    "SDG indicator 16.6.2: people satisfied with their last experience of public services",
  "sdg.section": "SDG indicator 16.6.2 (the platform's estimate)",
  "sdg.scope": "Scope: {unit}, months {from} to {to}.",
  "sdg.sector.health": "Health",
  "sdg.sector.education": "Education",
  "sdg.sector.administrative": "Administrative services",
  "sdg.combined": "The three sectors together",
  "sdg.col.sector": "Sector",
  "sdg.col.rate": "Satisfaction rate",
  "sdg.col.interval": "95% interval",
  "sdg.col.satisfied": "Satisfied",
  "sdg.col.respondents": "Respondents",
  "sdg.col.campaigns": "Campaigns",
  "sdg.none": "no responses",
  "sdg.chart": "Satisfaction rate by sector (SDG 16.6.2)",
  "sdg.method.title": "Method",
  "sdg.method.1":
    "This is the Hài Lòng platform's estimate from the survey forms collected on the platform; it is not the official SDG 16.6.2 figure, which the United Nations defines as measured by a household survey with its own questions.",
  "sdg.method.2":
    "Education: respondents choosing level 4 or 5 on the form's overall-satisfaction question (HL1). Administrative services: respondents choosing \"satisfied\" on the overall question of the one-stop counter's quick rating. Health: the Ministry of Health forms have no overall-satisfaction question, so respondents whose mean over the form's items is 4 or more.",
  "sdg.method.3":
    "Each sector: satisfied respondents divided by the respondents who answered, summed over every campaign of the sector in the scope and period. The three sectors together: the respondents of all three added up, then divided (by respondents, not weighted by sector or population). Someone who answered two campaigns counts twice, as forms carry no identity. 95% intervals by Wilson's method.",
  "sdg.method.4":
    "Unverified: the project's reference only names the indicator (proportion of the population satisfied with their last experience of public services: health, education, government services); the UN metadata on its questions and on combining the sectors has not been checked.",
  "sdg.leftOut":
    "Not counted, as their forms give no satisfaction figure per respondent (e.g. SIPAS, a mean of elements): {list}.",
  "sdg.empty": "No responses of the three sectors in this scope and period.",

  "alert.openCase": "Open a follow-up case",
  "alert.viewCase": "View the follow-up case",
  "alert.caseOpened": "A follow-up case was opened for the alert.",
};
