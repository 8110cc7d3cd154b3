/** Messages of the import of ratings collected elsewhere (/manage/imports, POST /api/v1/imports). */
export const vi = {
  "imports.title": "Nhập phiếu từ tệp",
  "imports.intro":
    "Đưa vào Hài Lòng các phiếu đã thu ở nơi khác: tệp xuất từ hệ thống khác, hoặc phiếu giấy đã nhập vào bảng tính. Mỗi dòng là một phiếu và được kiểm tra như phiếu gửi trực tuyến. Bước đầu chỉ kiểm tra, chưa lưu gì; Ông/Bà xem kết quả rồi mới nhập.",
  "imports.campaign": "Đợt khảo sát",
  "imports.file": "Tệp phiếu (CSV, Excel hoặc JSON, tối đa {mb} MB, {rows} dòng)",
  "imports.check": "Kiểm tra tệp",
  "imports.confirm": "Nhập {n} phiếu hợp lệ",
  "imports.template": "Tải mẫu tệp",
  "imports.template.csv": "Mẫu CSV",
  "imports.template.xlsx": "Mẫu Excel (kèm hướng dẫn từng cột)",
  "imports.template.sheet": "Phiếu",
  "imports.template.guide": "Hướng dẫn",
  "imports.template.col.header": "Tên cột",
  "imports.template.col.title": "Nội dung",
  "imports.template.col.values": "Giá trị hợp lệ",
  "imports.help":
    "Dòng đầu của tệp là tên các cột, như trong mẫu. Mỗi phiếu cần mã đơn vị (hoặc mã hồ sơ đã gửi tới Hài Lòng). Nhiều lựa chọn trong một ô cách nhau bằng dấu chấm phẩy. Nhập lại cùng một tệp không tạo phiếu trùng.",
  "imports.columns": "Các cột của mẫu",
  "imports.noCampaign": "Ông/Bà chưa quản lý đợt khảo sát nào.",
  "imports.noFile": "Xin chọn một tệp.",
  "imports.result.dry": "Kết quả kiểm tra tệp «{file}» (chưa lưu)",
  "imports.result.done": "Đã nhập tệp «{file}»",
  "imports.count.rows": "Số dòng phiếu trong tệp",
  "imports.count.ready.dry": "Phiếu hợp lệ, sẽ được nhập",
  "imports.count.ready.done": "Phiếu đã nhập",
  "imports.count.known": "Phiếu đã nhập từ trước (không nhập lại)",
  "imports.count.rated": "Phiếu của hồ sơ đã được đánh giá (không nhập)",
  "imports.count.refused": "Dòng có lỗi (không nhập)",
  "imports.lines": "Các dòng không được nhập",
  "imports.col.line": "Dòng",
  "imports.col.column": "Cột",
  "imports.col.problem": "Lý do",
  "imports.nothing": "Không có phiếu mới nào để nhập.",
  "imports.column.id":
    "Mã phiếu ở hệ thống gốc (nếu có): nhập lại phiếu cùng mã không tạo phiếu trùng",
  "imports.column.dossierCode": "Mã hồ sơ (nếu có): mỗi hồ sơ chỉ được đánh giá một lần",
  "imports.column.unitCode": "Mã đơn vị được đánh giá (có thể bỏ trống khi có mã hồ sơ)",
  "imports.column.ratedAt": "Ngày đánh giá, dạng ngày/tháng/năm (bỏ trống: ngày nhập)",
  "imports.refused.tooLarge":
    "Tệp quá lớn: tối đa {mb} MB. Không có gì được lưu; xin chia tệp thành nhiều phần.",
  "imports.refused.tooManyRows":
    "Tệp có {n} dòng phiếu, quá giới hạn {max} dòng. Không có gì được lưu; xin chia tệp thành nhiều phần.",
  "imports.refused.unpacked":
    "Tệp Excel này khi giải nén lớn hơn {mb} MB, quá lớn để đọc. Không có gì được lưu; xin lưu lại chỉ với bảng phiếu.",
  "imports.refused.xlsx":
    "Không đọc được tệp Excel này. Xin lưu lại dưới dạng .xlsx hoặc CSV rồi thử lại.",
  "imports.refused.json": "Tệp không phải JSON hợp lệ.",
  "imports.refused.encoding":
    "Tệp không phải chữ UTF-8 (lỗi từ dòng {line}). Trong Excel, chọn lưu dưới dạng «CSV UTF-8».",
  "imports.refused.quote": "Dấu ngoặc kép mở ở dòng {line} không được đóng.",
  "imports.refused.columns":
    "Các cột của tệp không khớp mẫu của đợt khảo sát. Không có gì được lưu.",
  "imports.problem.unknown_column":
    "Cột «{column}» không có trong mẫu của phiếu khảo sát này. Xin tải mẫu tệp của đợt khảo sát và dùng đúng tên cột.",
  "imports.problem.duplicate_column": "Cột «{column}» lặp lại (đã có ở cột thứ {n}).",
  "imports.problem.no_question_column":
    "Tệp không có cột câu hỏi nào của phiếu khảo sát này: dòng đầu phải là tên các cột.",
  "imports.problem.empty_file": "Tệp không có dòng nào.",
  "imports.problem.bad_date":
    "Ngày «{value}» không đọc được: xin ghi theo dạng ngày/tháng/năm, ví dụ 08/10/2026.",
  "imports.problem.json_shape":
    "Tệp JSON phải là một danh sách phiếu, hoặc một đối tượng có danh sách «rows».",
  "imports.problem.json_not_row": "Phần tử này không phải một phiếu.",
  "imports.problem.json_answers": "«answers» phải là một đối tượng {câu hỏi: câu trả lời}.",
  "imports.problem.json_value": "Giá trị của «{column}» phải là chữ, số hoặc danh sách.",
  "imports.problem.json_list": "Danh sách «{column}» chỉ được gồm chữ hoặc số.",
  "imports.problem.formula":
    "Ô {cell} chứa công thức; Hài Lòng không tính công thức. Xin dán giá trị thay cho công thức.",
  "imports.problem.unit_missing":
    "Thiếu mã đơn vị (và không có mã hồ sơ đã biết để suy ra đơn vị).",
  "imports.problem.unit_outside":
    "Không có đơn vị mã «{code}» đang hoạt động trong phạm vi đợt khảo sát mà Ông/Bà được nhập phiếu.",
  "imports.problem.future_date": "Ngày đánh giá ở tương lai.",
  "imports.problem.duplicate_id": "Trùng với phiếu ở dòng {other} của tệp: chỉ nhập một lần.",
  "imports.problem.duplicate_dossier":
    "Hồ sơ «{code}» đã có đánh giá ở dòng {other} của tệp; mỗi hồ sơ chỉ được đánh giá một lần.",
  "imports.problem.known": "Phiếu này đã được nhập trước đó: không nhập lại.",
  "imports.api.method": "Chỉ nhận phương thức POST.",
  "imports.api.campaign": "Thiếu tham số campaign (mã đợt khảo sát).",
  "imports.api.empty": "Nội dung gửi lên trống: gửi tệp phiếu làm nội dung.",
} as const;

export const en: Record<keyof typeof vi, string> = {
  "imports.title": "Import ratings from a file",
  "imports.intro":
    "Bring into Hài Lòng ratings collected elsewhere: another system's export, or paper forms keyed into a spreadsheet. Each line is one rating, checked like one sent online. The first step only checks and stores nothing; you look at the result, then import.",
  "imports.campaign": "Campaign",
  "imports.file": "Ratings file (CSV, Excel or JSON, at most {mb} MB, {rows} lines)",
  "imports.check": "Check the file",
  "imports.confirm": "Import {n} valid ratings",
  "imports.template": "Download a template",
  "imports.template.csv": "CSV template",
  "imports.template.xlsx": "Excel template (with a guide to each column)",
  "imports.template.sheet": "Ratings",
  "imports.template.guide": "Guide",
  "imports.template.col.header": "Column",
  "imports.template.col.title": "What it holds",
  "imports.template.col.values": "Valid values",
  "imports.help":
    "The file's first line holds the column names, as in the template. Each rating needs a unit code (or the code of a dossier sent to Hài Lòng). Several choices in one cell are separated by semicolons. Importing the same file again creates no duplicates.",
  "imports.columns": "The template's columns",
  "imports.noCampaign": "You manage no campaign yet.",
  "imports.noFile": "Please choose a file.",
  "imports.result.dry": "Check of «{file}» (nothing stored yet)",
  "imports.result.done": "«{file}» imported",
  "imports.count.rows": "Rating lines in the file",
  "imports.count.ready.dry": "Valid ratings, to be imported",
  "imports.count.ready.done": "Ratings imported",
  "imports.count.known": "Ratings imported before (not again)",
  "imports.count.rated": "Ratings of dossiers already rated (not imported)",
  "imports.count.refused": "Lines with errors (not imported)",
  "imports.lines": "Lines not imported",
  "imports.col.line": "Line",
  "imports.col.column": "Column",
  "imports.col.problem": "Why",
  "imports.nothing": "No new rating to import.",
  "imports.column.id":
    "The rating's id in the source system (if any): importing it again creates no duplicate",
  "imports.column.dossierCode": "Dossier code (if any): each dossier is rated once",
  "imports.column.unitCode": "Code of the unit rated (may be empty when there is a dossier code)",
  "imports.column.ratedAt": "Date of the rating, day/month/year (empty: the day of the import)",
  "imports.refused.tooLarge":
    "The file is too large: at most {mb} MB. Nothing was stored; please split it.",
  "imports.refused.tooManyRows":
    "The file has {n} rating lines, over the limit of {max}. Nothing was stored; please split it.",
  "imports.refused.unpacked":
    "This Excel file unpacks to more than {mb} MB, too large to read. Nothing was stored; save it again with the ratings sheet only.",
  "imports.refused.xlsx": "This Excel file cannot be read. Save it as .xlsx or CSV and try again.",
  "imports.refused.json": "The file is not valid JSON.",
  "imports.refused.encoding":
    "The file is not UTF-8 text (from line {line}). In Excel, save as «CSV UTF-8».",
  "imports.refused.quote": "The quotation mark opened on line {line} is never closed.",
  "imports.refused.columns":
    "The file's columns do not match the campaign's template. Nothing was stored.",
  "imports.problem.unknown_column":
    "Column «{column}» is not in this questionnaire's template. Download the campaign's template and use its column names.",
  "imports.problem.duplicate_column": "Column «{column}» appears twice (first as column {n}).",
  "imports.problem.no_question_column":
    "The file has no column of this questionnaire's questions: its first line must hold the column names.",
  "imports.problem.empty_file": "The file has no lines.",
  "imports.problem.bad_date":
    "Date «{value}» cannot be read: write it as day/month/year, e.g. 08/10/2026.",
  "imports.problem.json_shape":
    "A JSON file must be a list of ratings, or an object with a «rows» list.",
  "imports.problem.json_not_row": "This item is not a rating.",
  "imports.problem.json_answers": "«answers» must be an object {question: answer}.",
  "imports.problem.json_value": "The value of «{column}» must be text, a number or a list.",
  "imports.problem.json_list": "The list «{column}» may hold only text or numbers.",
  "imports.problem.formula":
    "Cell {cell} holds a formula; Hài Lòng does not compute formulas. Paste the value instead.",
  "imports.problem.unit_missing": "No unit code (and no known dossier code to find the unit from).",
  "imports.problem.unit_outside":
    "No active unit with code «{code}» in the part of the campaign you may import into.",
  "imports.problem.future_date": "The date of the rating is in the future.",
  "imports.problem.duplicate_id": "Same rating as line {other} of the file: imported once.",
  "imports.problem.duplicate_dossier":
    "Dossier «{code}» is rated on line {other} of the file already; each dossier is rated once.",
  "imports.problem.known": "This rating was imported before: not again.",
  "imports.api.method": "Only POST is accepted.",
  "imports.api.campaign": "The campaign parameter (the campaign's id) is missing.",
  "imports.api.empty": "The body is empty: send the ratings file as the body.",
};
