/**
 * How each scoring method computes its rates, in words, for the method sheet of an XLSX
 * export and the method section of a report. The formulas themselves live in scoring/*
 * (one implementation each); these texts only describe them, and every export also lists
 * the options the computation actually ran with (QuestionnaireResult.options).
 */
import type { ScoringMethod } from "./questionnaire";

export const METHOD_FORMULAS: Record<ScoringMethod, string[]> = {
  generic: [
    "Tỷ lệ hài lòng của một tiêu chí = số trả lời ở mức hài lòng / số trả lời hợp lệ (không tính mức «không sử dụng»).",
    "Yếu tố, khía cạnh và toàn bộ phiếu: gộp các trả lời hợp lệ của các tiêu chí (tuỳ chọn aggregation = pooled), hoặc trung bình tỷ lệ các tiêu chí (mean).",
  ],
  sipas: [
    "SIPAS (QĐ 1001/QĐ-BNV): tỷ lệ của một tiêu chí = số trả lời ở các mức topBox (mặc định 4–5) / số trả lời hợp lệ.",
    "Yếu tố = trung bình tỷ lệ các tiêu chí; khía cạnh = trung bình các yếu tố; chỉ số SIPAS = trung bình các khía cạnh (hoặc các yếu tố khi phiếu không có khía cạnh). Cách tính được dựng lại từ tài liệu tham chiếu, chưa đối chiếu phụ lục chính thức.",
  ],
  health: [
    "Y tế (QĐ 56/QĐ-BYT, mẫu QĐ 3869/QĐ-BYT): tỷ lệ hài lòng của một tiêu chí = số trả lời mức 4–5 / số trả lời hợp lệ 1–5; mức 0 «không sử dụng» không tính.",
    "Nhóm (yếu tố) gộp các trả lời hợp lệ; chỉ số chung theo tuỳ chọn headline: tỷ lệ gộp (rate) hoặc điểm trung bình / 5 (scoreIndex). Văn bản công thức chính thức chưa tìm thấy.",
  ],
  education: [
    "Giáo dục (QĐ 3476/QĐ-BGDĐT, QĐ 2034/QĐ-BGDĐT): tỷ lệ của một tiêu chí = số trả lời mức 4–5 / số trả lời hợp lệ; điểm trung bình theo thang 1–5.",
    "Yếu tố: gộp trả lời (mặc định), trung bình tỷ lệ tiêu chí, hoặc theo người trả lời; chỉ số chung theo tuỳ chọn overall (mặc định trung bình tỷ lệ các yếu tố).",
  ],
  counter: [
    "Đánh giá tại quầy: tỷ lệ hài lòng của một tiêu chí = (Rất hài lòng + Hài lòng) / số trả lời hợp lệ.",
    "Chỉ số chung: tỷ lệ của câu đánh giá tổng thể khi có, nếu không thì gộp mọi tiêu chí; điểm TT 01/2018/TT-VPCP và chỉ số 5.4 QĐ 766/QĐ-TTg khi phiếu có các câu tương ứng.",
  ],
};

export const COMMON_FORMULAS = [
  "Khoảng tin cậy 95 %: Wilson cho một tiêu chí; với nhóm, trung bình có trọng số các cận của các phần (thận trọng, không giả định độc lập).",
  "n của một nhóm là số phiếu lớn nhất trong các phần có trả lời; dưới số phiếu tối thiểu (min n), tỷ lệ ghi «chưa đủ số phiếu» và không xếp hạng.",
  "Phiếu bị gắn cờ (nghi trùng lặp, thử nghiệm…) không được tính vào tỷ lệ.",
];
