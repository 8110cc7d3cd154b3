/**
 * Messages of the figures: each figure under its own name (rate, index, top share, mean),
 * what a rate is computed from, targets and verdicts, the method in sentences, channels and
 * methods by name. Shared by the results page, the report, the XLSX and the dashboards.
 */
export const vi = {
  "figure.forms": "Số phiếu",
  "figure.formsHint": "Số phiếu có ít nhất một câu trả lời hợp lệ cho mục này",
  "figure.basis": "Trả lời hài lòng / hợp lệ",
  "figure.basis.answers": "{satisfied} / {answers}",
  "figure.basis.respondents": "{satisfied} / {answers} người",
  "figure.basis.mean": "TB {parts} {what}",
  "figure.basis.answersLong": "{satisfied} trả lời hài lòng trên {answers} trả lời hợp lệ",
  "figure.basis.respondentsLong": "{satisfied} trên {answers} người trả lời",
  "figure.basis.meanLong": "trung bình cộng tỷ lệ của {parts} {what}",
  "figure.parts.items": "tiêu chí",
  "figure.parts.elements": "yếu tố",
  "figure.parts.aspects": "khía cạnh",
  "figure.ofForms": "của {n} phiếu",
  "figure.rate": "Tỷ lệ hài lòng",
  "figure.rateDef": "số trả lời ở mức hài lòng trên số trả lời hợp lệ",
  "figure.index": "Chỉ số hài lòng",
  "figure.indexDef": "điểm trung bình / {max} × 100",
  "figure.top": "Tỷ lệ «{label}»",
  "figure.topDef": "số trả lời ở mức «{label}» trên số trả lời hợp lệ",
  "figure.topDefault": "mức cao nhất",
  "figure.mean": "Điểm trung bình",
  "figure.meanValue": "{mean} / {max}",
  "figure.meanDef": "trung bình điểm của các trả lời hợp lệ (thang {min}–{max})",
  "figure.ci": "Khoảng tin cậy 95 %",
  "figure.computedFrom": "Cách tính",
  "figure.value": "Giá trị",
  "figure.name": "Chỉ số",
  "figure.insufficient": "chưa đủ số phiếu",
  "figure.overall": "Kết quả chung",
  "figure.overallNote": "Toàn bộ phiếu trong phạm vi đã chọn.",
  "figure.withinIntervals":
    "Khoảng tin cậy 95 % của các đơn vị được xếp hạng chồng lên nhau: khác biệt giữa các đơn vị nằm trong sai số, thứ hạng chưa phân biệt được các đơn vị.",
  "figure.withinIntervalsSome":
    "Một số đơn vị liền kề có khoảng tin cậy 95 % chồng lên nhau (đánh dấu ≈): thứ hạng giữa các đơn vị đó chưa phân biệt được.",
  "figure.saturated":
    "Tỷ lệ hài lòng đều rất cao: xem thêm tỷ lệ «{label}» và điểm trung bình để phân biệt các đơn vị.",
  "figure.sortBy": "Xếp hạng theo",
  "figure.sort.rate": "Tỷ lệ hài lòng",
  "figure.sort.top": "Tỷ lệ «{label}»",
  "figure.sort.mean": "Điểm trung bình",
  "figure.sort.index": "Chỉ số hài lòng",
  "target.metric": "Đặt trên",
  "target.metric.rate": "tỷ lệ hài lòng",
  "target.metric.index": "chỉ số hài lòng",
  "target.metricHint":
    "Tỷ lệ hài lòng: số trả lời ở mức hài lòng trên số trả lời hợp lệ. Chỉ số hài lòng (phiếu y tế): điểm trung bình / 5 × 100.",
  "target.line": "Chỉ tiêu: {metric} {comparator} {pct}",
  "target.gte": "tối thiểu",
  "target.gt": "trên",
  "target.verdict": "Kết luận",
  "target.verdict.reached": "đạt — cả khoảng tin cậy 95 % ({low} – {high}) nằm trên chỉ tiêu.",
  "target.verdict.not_reached":
    "chưa đạt — cả khoảng tin cậy 95 % ({low} – {high}) nằm dưới chỉ tiêu.",
  "target.verdict.undecided":
    "chưa kết luận được — khoảng tin cậy 95 % ({low} – {high}) chứa mức chỉ tiêu; cần thêm phiếu.",
  "target.verdict.insufficient": "chưa đủ số phiếu để kết luận.",
  "target.verdict.none": "không có chỉ tiêu.",
  "method.name.generic": "Phương pháp chung",
  "method.name.sipas": "SIPAS (Bộ Nội vụ)",
  "method.name.health": "Y tế (Bộ Y tế)",
  "method.name.education": "Giáo dục (Bộ GD&ĐT)",
  "method.name.counter": "Đánh giá tại quầy một cửa",
  "method.item":
    "Tỷ lệ hài lòng của một tiêu chí là số câu trả lời ở mức {levels} chia cho số câu trả lời hợp lệ.",
  "method.notApplicable": "Câu trả lời «{levels}» không được tính là câu trả lời hợp lệ.",
  "method.group.pooled":
    "Tỷ lệ hài lòng của mỗi {group} gộp mọi câu trả lời hợp lệ của các tiêu chí trong đó.",
  "method.group.mean":
    "Tỷ lệ hài lòng của mỗi yếu tố là trung bình cộng tỷ lệ các tiêu chí của yếu tố{aspects}.",
  "method.group.meanAspects": "; của mỗi khía cạnh là trung bình cộng tỷ lệ các yếu tố",
  "method.group.respondent":
    "Tỷ lệ hài lòng của mỗi yếu tố là tỷ lệ người trả lời có điểm trung bình các tiêu chí của yếu tố từ {threshold} điểm trở lên.",
  "method.group.element": "yếu tố",
  "method.group.elementAspect": "yếu tố và khía cạnh",
  "method.overall.pooled":
    "Tỷ lệ hài lòng chung gộp mọi câu trả lời hợp lệ của các tiêu chí ({forms}).",
  "method.overall.mean": "{name} là trung bình cộng tỷ lệ hài lòng của các {parts}.",
  "method.overall.item": "Tỷ lệ hài lòng chung là tỷ lệ hài lòng của câu «{title}».",
  "method.overall.name": "Tỷ lệ hài lòng chung",
  "method.overall.sipasName": "Chỉ số SIPAS",
  "method.overall.forms": "số phiếu ghi bên cạnh là số phiếu có trả lời",
  "method.index":
    "Chỉ số hài lòng là điểm trung bình của mọi câu trả lời hợp lệ chia cho {max}, nhân 100 (cách Bộ Y tế công bố chỉ số chung). Tỷ lệ hài lòng và chỉ số hài lòng là hai con số khác nhau và được ghi riêng; chỉ tiêu ghi rõ đặt trên con số nào.",
  "method.top":
    "Bên cạnh tỷ lệ hài lòng có tỷ lệ câu trả lời ở mức «{label}» và điểm trung bình (thang {min}–{max}), để phân biệt các đơn vị khi tỷ lệ hài lòng đều rất cao.",
  "method.ci":
    "Khoảng tin cậy 95 %: phương pháp Wilson cho một tiêu chí; với yếu tố và kết quả chung, trung bình có trọng số các cận của từng phần (không giả định các câu trả lời của cùng một người là độc lập).",
  "method.minN":
    "Tỷ lệ tính trên dưới {minN} phiếu được ghi «chưa đủ số phiếu» và không được xếp hạng.",
  "method.flagged": "Phiếu bị đánh dấu nghi vấn (trùng lặp, thử nghiệm…) không được tính.",
  "method.targets":
    "Đạt hay chưa đạt chỉ tiêu được kết luận trên khoảng tin cậy 95 %: đạt khi cả khoảng nằm trên chỉ tiêu, chưa đạt khi cả khoảng nằm dưới, còn lại là chưa kết luận được.",
  "method.unofficial.sipas":
    "Cách tính được dựng lại từ tài liệu tham chiếu; chưa đối chiếu với phụ lục chính thức của Bộ Nội vụ.",
  "method.unofficial.health":
    "Chưa tìm thấy văn bản công thức chính thức của Bộ Y tế; hai con số được tính theo tài liệu tham chiếu.",
  "method.unofficial.education":
    "Chưa tìm thấy văn bản công thức chính thức của Bộ Giáo dục và Đào tạo; cách tính theo tài liệu tham chiếu.",
  "method.health.comprehensive":
    "Tỷ lệ hài lòng toàn diện: tỷ lệ người trả lời (có ít nhất {k} câu hợp lệ) hài lòng với mọi câu đã trả lời.",
  "method.respondentThreshold":
    "Tỷ lệ người trả lời có điểm trung bình của mình từ {threshold} điểm trở lên.",
  "method.health.g1": "Mức đáp ứng mong đợi: trung bình câu {q} ({cap}).",
  "method.health.g1Cap": "tính tối đa {cap} %",
  "method.health.g1NoCap": "có thể trên 100 %",
  "method.health.g2": "Tỷ lệ sẽ quay lại hoặc giới thiệu: câu {q}, lựa chọn {levels}.",
  "method.health.cost":
    "Chi phí tương xứng chất lượng: câu {q}, tỷ lệ lựa chọn {ok} trên các lựa chọn {base}.",
  "method.education.percent": "Mức đáp ứng mong đợi: trung bình câu {q} (phần trăm).",
  "method.education.likert": "Mức đáp ứng mong đợi: tỷ lệ hài lòng của câu {q}.",
  "method.education.variants":
    "Ba cách tính tỷ lệ chung (trung bình các yếu tố, gộp mọi câu trả lời, câu đánh giá chung {q}) đều được ghi trong bảng các chỉ số khác.",
  "method.sipas.perception":
    "Chỉ số nhận định: tỷ lệ trả lời ở mức {levels} của các câu {questions}.",
  "method.sipas.expectations":
    "Mong đợi của người dân: câu {q}, tỷ lệ trả lời ở mức {levels}, xếp hạng.",
  "method.sipas.filterOn":
    "Các yếu tố về dịch vụ chỉ tính trên người trả lời đã giải quyết thủ tục hành chính (câu {q}).",
  "method.sipas.filterOff":
    "Các yếu tố về dịch vụ tính trên mọi người trả lời (không lọc theo việc đã giải quyết thủ tục hành chính).",
  "method.counter.dissatisfied": "Mức «không hài lòng»: {levels}.",
  "method.counter.reasons":
    "Lý do chưa hài lòng: tỷ lệ mỗi lý do trên số phiếu có nêu lý do (câu {q}).",
  "method.counter.tt01":
    "Điểm theo Thông tư 01/2018/TT-VPCP: trung bình điểm (0–2) của {k} chỉ số có câu tương ứng, cộng lại; xếp loại: {classes}.",
  "method.counter.tt01Class": "{label} từ {min} điểm",
  "method.counter.qd766":
    "Chỉ số 5.4 của QĐ 766/QĐ-TTg: 100 % trừ tỷ lệ «không hài lòng»; đủ {max} điểm khi từ {fullAt} trở lên.",
  "method.groups": "Nhóm người trả lời dùng để lọc kết quả: {titles}.",
  "method.level": "«{label}» ({value})",
  "method.levelPlain": "{value}",
  "method.and": " và ",
  "method.warnings":
    "Phiếu khai báo {n} tuỳ chọn tính không dùng được; các phần đó được tính theo cách mặc định (chi tiết trong tệp Excel, trang «Phương pháp»).",
  "source.footnote": "Nguồn: {source}. Mức độ xác minh: {verification}.",
  "source.formNumber": "{form}",
  "source.own": "phiếu riêng của đơn vị",
  "verification.official": "văn bản chính thức",
  "verification.transcribed": "chép lại từ bản của bên thứ ba, cần đối chiếu với bản đã ký",
  "verification.paraphrase": "diễn giải theo nội dung, chưa phải lời văn chính thức",
  "verification.own": "phiếu riêng của đơn vị, không theo mẫu chính thức",
  "xlsx.basis": "Tỷ lệ tính trên",
  "xlsx.basis.answers": "trả lời hợp lệ",
  "xlsx.basis.respondents": "người trả lời",
  "xlsx.satisfied": "Số trả lời hài lòng",
  "xlsx.valid": "Số trả lời hợp lệ",
  "xlsx.low": "Cận dưới 95%",
  "xlsx.high": "Cận trên 95%",
  "xlsx.sufficient": "Đủ số phiếu",
  "xlsx.submittedAt": "Thời điểm gửi (giờ Việt Nam)",
} as const;

export const en: Record<keyof typeof vi, string> = {
  "figure.forms": "Forms",
  "figure.formsHint": "Forms with at least one valid answer for this row",
  "figure.basis": "Satisfied / valid answers",
  "figure.basis.answers": "{satisfied} / {answers}",
  "figure.basis.respondents": "{satisfied} / {answers} people",
  "figure.basis.mean": "mean of {parts} {what}",
  "figure.basis.answersLong": "{satisfied} satisfied answers out of {answers} valid answers",
  "figure.basis.respondentsLong": "{satisfied} out of {answers} respondents",
  "figure.basis.meanLong": "plain mean of the rates of {parts} {what}",
  "figure.parts.items": "criteria",
  "figure.parts.elements": "elements",
  "figure.parts.aspects": "aspects",
  "figure.ofForms": "from {n} forms",
  "figure.rate": "Satisfaction rate",
  "figure.rateDef": "answers at the satisfied levels among valid answers",
  "figure.index": "Satisfaction index",
  "figure.indexDef": "mean score / {max} × 100",
  "figure.top": "Share \u201c{label}\u201d",
  "figure.topDef": "answers at \u201c{label}\u201d among valid answers",
  "figure.topDefault": "the highest level",
  "figure.mean": "Mean score",
  "figure.meanValue": "{mean} / {max}",
  "figure.meanDef": "mean points of the valid answers (scale {min}–{max})",
  "figure.ci": "95% interval",
  "figure.computedFrom": "How it is computed",
  "figure.value": "Value",
  "figure.name": "Figure",
  "figure.insufficient": "too few forms",
  "figure.overall": "Overall results",
  "figure.overallNote": "Every form in the chosen scope.",
  "figure.withinIntervals":
    "The 95% intervals of the ranked units overlap: the differences between units lie within the margin of error and the ranking does not tell them apart.",
  "figure.withinIntervalsSome":
    "Some neighbouring units have overlapping 95% intervals (marked ≈): the ranking does not tell those apart.",
  "figure.saturated":
    "Satisfaction rates are all very high: see the share \u201c{label}\u201d and the mean score to tell units apart.",
  "figure.sortBy": "Rank by",
  "figure.sort.rate": "Satisfaction rate",
  "figure.sort.top": "Share \u201c{label}\u201d",
  "figure.sort.mean": "Mean score",
  "figure.sort.index": "Satisfaction index",
  "target.metric": "Set on",
  "target.metric.rate": "satisfaction rate",
  "target.metric.index": "satisfaction index",
  "target.metricHint":
    "Satisfaction rate: answers at the satisfied levels among valid answers. Satisfaction index (health forms): mean score / 5 × 100.",
  "target.line": "Target: {metric} {comparator} {pct}",
  "target.gte": "at least",
  "target.gt": "above",
  "target.verdict": "Verdict",
  "target.verdict.reached":
    "reached — the whole 95% interval ({low} – {high}) is above the target.",
  "target.verdict.not_reached":
    "not reached — the whole 95% interval ({low} – {high}) is below the target.",
  "target.verdict.undecided":
    "not decidable — the 95% interval ({low} – {high}) contains the target; more forms are needed.",
  "target.verdict.insufficient": "too few forms to decide.",
  "target.verdict.none": "no target.",
  "method.name.generic": "General method",
  "method.name.sipas": "SIPAS (Ministry of Home Affairs)",
  "method.name.health": "Health (Ministry of Health)",
  "method.name.education": "Education (Ministry of Education and Training)",
  "method.name.counter": "One-stop counter rating",
  "method.item":
    "The satisfaction rate of a criterion is the number of answers at {levels} divided by the number of valid answers.",
  "method.notApplicable": "Answers \u201c{levels}\u201d are not counted as valid answers.",
  "method.group.pooled": "The rate of each {group} pools every valid answer of its criteria.",
  "method.group.mean":
    "The rate of each element is the plain mean of its criteria's rates{aspects}.",
  "method.group.meanAspects": "; of each aspect, the plain mean of its elements' rates",
  "method.group.respondent":
    "The rate of each element is the share of respondents whose own mean over its criteria is {threshold} points or more.",
  "method.group.element": "element",
  "method.group.elementAspect": "element and aspect",
  "method.overall.pooled":
    "The overall satisfaction rate pools every valid answer of the criteria ({forms}).",
  "method.overall.mean": "{name} is the plain mean of the rates of the {parts}.",
  "method.overall.item":
    "The overall satisfaction rate is the rate of the question \u201c{title}\u201d.",
  "method.overall.name": "The overall satisfaction rate",
  "method.overall.sipasName": "The SIPAS index",
  "method.overall.forms": "the forms shown beside it are those with answers",
  "method.index":
    "The satisfaction index is the mean score of every valid answer divided by {max}, times 100 (how the Ministry of Health publishes its headline figure). The satisfaction rate and the satisfaction index are two different figures, shown separately; a target says which one it is set on.",
  "method.top":
    "Beside the satisfaction rate stand the share of answers at \u201c{label}\u201d and the mean score (scale {min}–{max}), to tell units apart when satisfaction rates are all very high.",
  "method.ci":
    "95% intervals: Wilson for a criterion; for elements and the overall results, the weighted mean of the parts' bounds (answers by the same person are not assumed independent).",
  "method.minN":
    "Rates from fewer than {minN} forms read \u201ctoo few forms\u201d and are not ranked.",
  "method.flagged": "Flagged forms (suspected duplicates, tests…) are not counted.",
  "method.targets":
    "Whether a target is reached is decided on the 95% interval: reached when the whole interval is above it, not reached when the whole interval is below it, otherwise not decidable.",
  "method.unofficial.sipas":
    "The computation is reconstructed from the reference material; not checked against the Ministry of Home Affairs' official annex.",
  "method.unofficial.health":
    "No official formula text of the Ministry of Health was found; both figures follow the reference material.",
  "method.unofficial.education":
    "No official formula text of the Ministry of Education and Training was found; the computation follows the reference material.",
  "method.health.comprehensive":
    "Comprehensive satisfaction: the share of respondents (with at least {k} valid answers) satisfied on every question they answered.",
  "method.respondentThreshold":
    "The share of respondents whose own mean score is {threshold} points or more.",
  "method.health.g1": "Expectations met: the mean of question {q} ({cap}).",
  "method.health.g1Cap": "counted up to {cap}%",
  "method.health.g1NoCap": "may exceed 100%",
  "method.health.g2": "Would return or recommend: question {q}, options {levels}.",
  "method.health.cost":
    "Price worth the quality: question {q}, the share of options {ok} among options {base}.",
  "method.education.percent": "Expectations met: the mean of question {q} (a percentage).",
  "method.education.likert": "Expectations met: the satisfaction rate of question {q}.",
  "method.education.variants":
    "All three overall rates (mean of the elements, all answers pooled, the overall question {q}) are listed with the other figures.",
  "method.sipas.perception":
    "Perception figures: the share of answers at {levels} in questions {questions}.",
  "method.sipas.expectations":
    "Citizens' expectations: question {q}, the share of answers at {levels}, ranked.",
  "method.sipas.filterOn":
    "The service elements count only respondents who completed an administrative procedure (question {q}).",
  "method.sipas.filterOff":
    "The service elements count every respondent (not only those who completed an administrative procedure).",
  "method.counter.dissatisfied": "\u201cDissatisfied\u201d levels: {levels}.",
  "method.counter.reasons":
    "Reasons for dissatisfaction: the share of each reason among the forms that gave one (question {q}).",
  "method.counter.tt01":
    "Points under Circular 01/2018/TT-VPCP: the mean points (0–2) of the {k} indices that have a question, added up; classes: {classes}.",
  "method.counter.tt01Class": "{label} from {min} points",
  "method.counter.qd766":
    "Indicator 5.4 of Decision 766/QĐ-TTg: 100% minus the share \u201cdissatisfied\u201d; full {max} points from {fullAt}.",
  "method.groups": "Respondent groups the results can be filtered by: {titles}.",
  "method.level": "\u201c{label}\u201d ({value})",
  "method.levelPlain": "{value}",
  "method.and": " and ",
  "method.warnings":
    "The questionnaire declares {n} scoring settings that could not be used; those parts use the default computation (details in the Excel file, sheet \u201cPhương pháp\u201d).",
  "source.footnote": "Source: {source}. Verification: {verification}.",
  "source.formNumber": "{form}",
  "source.own": "the unit's own questionnaire",
  "verification.official": "official text",
  "verification.transcribed":
    "transcribed from a third party's copy, to be checked against the signed text",
  "verification.paraphrase": "paraphrased, not the official wording",
  "verification.own": "the unit's own questionnaire, not an official form",
  "xlsx.basis": "Rate computed from",
  "xlsx.basis.answers": "valid answers",
  "xlsx.basis.respondents": "respondents",
  "xlsx.satisfied": "Satisfied answers",
  "xlsx.valid": "Valid answers",
  "xlsx.low": "95% lower bound",
  "xlsx.high": "95% upper bound",
  "xlsx.sufficient": "Enough forms",
  "xlsx.submittedAt": "Submitted at (Vietnam time)",
} as const;
