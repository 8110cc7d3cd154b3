/**
 * The OpenAPI 3.1 document of the API other systems connect with (one-stop systems, hospital
 * information systems): the dossiers they send (`POST /api/v1/dossiers`), the webhooks they
 * register, the ratings they send (`POST /api/v1/responses`, the ingestion API of docs/api.md), and
 * the events Hài Lòng sends them (OpenAPI's `webhooks`). Beside the analysts' document
 * (export-openapi.server.ts). Its paths are checked against the route files, and its dossier and
 * response bodies against the routes' zod schemas, by tests/routes/api-webhooks.test.ts.
 */
import {
  DEFAULT_DOSSIER_CODE_PATTERN,
  DOSSIER_CHANNELS,
  MAX_DOSSIER_BODY_BYTES,
} from "~/domain/dossier";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "~/domain/rating-import";
import { MAX_BODY_BYTES } from "~/domain/submission";
import { EVENT_TYPES, SIGNATURE_HEADER } from "~/domain/webhooks";

const json = (schema: object) => ({ content: { "application/json": { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => ({ description, ...json(ref("Error")) });

const unauthorized = error("Thiếu mã truy cập của hệ thống kết nối, mã sai hoặc đã thu hồi.");
const errors = {
  "401": unauthorized,
  "403": error("Mã truy cập không được quản lý địa chỉ nhận."),
};

/** A time of a dossier: ISO 8601 with an offset, or the portal's yyyyMMddHHmmss (Vietnam time). */
const dossierTime = (description: string) => ({
  description: `${description} ISO 8601 có múi giờ (2026-10-08T08:30:00+07:00) hoặc yyyyMMddHHmmss giờ Việt Nam (20261008083000).`,
  oneOf: [
    { type: "string", format: "date-time" },
    { type: "string", pattern: "^\\d{14}$" },
  ],
});

export function connectOpenApiDocument(origin: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Hài Lòng — API kết nối hệ thống một cửa",
      version: "1",
      description:
        "Hệ thống một cửa gửi hồ sơ và nhận đường dẫn đánh giá một lần của hồ sơ (POST /api/v1/dossiers). Hệ thống khác đăng ký địa chỉ nhận sự kiện (webhook) bằng mã truy cập của hệ thống kết nối; Hài Lòng gửi sự kiện có chữ ký tới địa chỉ đó. Cách kiểm tra chữ ký: docs/webhooks.md. API phân tích số liệu: /api/v1/analytics/openapi.json.",
    },
    servers: [{ url: origin }],
    security: [{ bearer: [] }],
    paths: {
      "/api/v1/webhooks": {
        get: {
          operationId: "listWebhooks",
          summary: "Các địa chỉ nhận của hệ thống này",
          responses: {
            "200": {
              description: "Danh sách, kèm số lần gửi đang chờ và không thành công.",
              ...json({
                type: "object",
                properties: { webhooks: { type: "array", items: ref("Webhook") } },
                required: ["webhooks"],
              }),
            },
            ...errors,
          },
        },
        post: {
          operationId: "createWebhook",
          summary: "Đăng ký một địa chỉ nhận sự kiện của đơn vị (cả đơn vị cấp dưới)",
          requestBody: { required: true, ...json(ref("WebhookInput")) },
          responses: {
            "201": {
              description: "Đã đăng ký. Khoá ký không bao giờ được gửi lại.",
              ...json({
                type: "object",
                properties: { webhook: ref("Webhook") },
                required: ["webhook"],
              }),
            },
            "400": error(
              "Địa chỉ không hợp lệ hoặc trỏ vào mạng nội bộ, khoá ký quá ngắn, loại sự kiện không có.",
            ),
            ...errors,
            "413": error("Nội dung quá lớn."),
            "415": error("Nội dung phải là JSON."),
          },
        },
      },
      "/api/v1/webhooks/{webhookId}": {
        delete: {
          operationId: "deleteWebhook",
          summary: "Ngừng gửi tới một địa chỉ nhận của hệ thống này",
          parameters: [
            { name: "webhookId", in: "path", required: true, schema: { type: "string" } },
          ],
          responses: {
            "204": { description: "Đã ngừng; nhật ký gửi vẫn được giữ." },
            ...errors,
            "404": error("Không có địa chỉ nhận này trong các địa chỉ của hệ thống."),
          },
        },
      },
      "/api/v1/dossiers": {
        post: {
          operationId: "upsertDossier",
          summary: "Gửi một hồ sơ, nhận đường dẫn đánh giá một lần của hồ sơ (kèm mã QR)",
          description:
            "Theo mã hồ sơ: lần đầu tạo hồ sơ (201), gắn với đợt khảo sát đang mở nhận đánh giá theo hồ sơ của đơn vị; lần sau cập nhật ngày, thủ tục, quầy, cán bộ, kênh, đơn vị và thông tin liên hệ (200), đường dẫn giữ nguyên. Mỗi hồ sơ chỉ được đánh giá một lần: lần thứ hai `POST /api/v1/responses` trả 409 `dossier_already_rated`. Chi tiết: docs/decisions/020-dossiers.md.",
          requestBody: { required: true, ...json(ref("DossierInput")) },
          responses: {
            "201": { description: "Hồ sơ mới, kèm đường dẫn đánh giá.", ...json(ref("Dossier")) },
            "200": {
              description: "Hồ sơ đã có (cùng mã): đã cập nhật; đường dẫn như lần đầu.",
              ...json(ref("Dossier")),
            },
            "400": error(
              "`bad_request`: trường thiếu hoặc sai (thông báo nêu từng trường), mã hồ sơ không đúng dạng, trường không được biết; `malformed_json`: không phải JSON UTF-8 hợp lệ.",
            ),
            "401": unauthorized,
            "403": error("Đơn vị của hệ thống kết nối đã ngừng hoạt động."),
            "404": error(
              "`unit_not_found`: không có đơn vị mã `unitCode` trong phạm vi của hệ thống này.",
            ),
            "409": error(
              "`no_dossier_campaign`: chưa có đợt khảo sát đang mở nhận đánh giá theo hồ sơ cho đơn vị; `dossier_code_taken`: mã hồ sơ đã được gửi cho đơn vị ngoài phạm vi của hệ thống này; `unit_inactive`: đơn vị không còn hoạt động.",
            ),
            "413": error(`Nội dung quá lớn (tối đa ${MAX_DOSSIER_BODY_BYTES / 1024} KB).`),
            "415": error("Nội dung phải là JSON (Content-Type: application/json)."),
            "503": error(
              "`pattern_misconfigured`: máy chủ cấu hình mẫu mã hồ sơ (DOSSIER_CODE_PATTERN) không hợp lệ; không có gì được lưu.",
            ),
          },
        },
      },
      "/api/v1/responses": {
        post: {
          operationId: "submitResponse",
          summary: "Gửi một phiếu trả lời (đường dẫn, mã QR, máy khảo sát, hệ thống khác)",
          description:
            "Không cần tài khoản: `token` của đường dẫn khảo sát (của máy khảo sát, hoặc mã mời dùng một lần) cho biết đợt khảo sát và đơn vị. Máy khảo sát gửi kèm mã thiết bị (header `X-Kiosk-Device`). Gửi lại cùng `id` (sau khi mất câu trả lời) trả 200 và không lưu thêm. Có `dossierCode`: phiếu là đánh giá duy nhất của hồ sơ đó. Chi tiết: docs/api.md.",
          security: [],
          parameters: [
            {
              name: "X-Kiosk-Device",
              in: "header",
              required: false,
              description: "Mã thiết bị của máy khảo sát đã ghép nối (chỉ máy khảo sát).",
              schema: { type: "string" },
            },
          ],
          requestBody: { required: true, ...json(ref("ResponseInput")) },
          responses: {
            "201": { description: "Đã lưu phiếu (đã ghi xuống đĩa).", ...json(ref("Accepted")) },
            "200": {
              description: "Phiếu có `id` này đã được lưu trước đó; không lưu thêm.",
              ...json(ref("Accepted")),
            },
            "400": error(
              "`bad_request`: trường thiếu hoặc sai (thông báo nêu từng trường); `malformed_json`: không phải JSON UTF-8 hợp lệ; `dossier_code_invalid`: mã hồ sơ không đúng dạng.",
            ),
            "403": error(
              "`kiosk_device_required`: mã của máy khảo sát gửi từ thiết bị khác; `outside_opening_hours`; `tap_time_unproven`: không xác định được thời điểm bấm.",
            ),
            "404": error(
              "`not_found`: không có đường dẫn với mã `token`; `dossier_not_found`: không có hồ sơ mã `dossierCode` ở đơn vị này.",
            ),
            "409": error(
              "`dossier_already_rated`: hồ sơ đã được đánh giá; mỗi hồ sơ chỉ một lần. Không có gì được lưu.",
            ),
            "410": error(
              "`link_revoked`, `campaign_closed`, `campaign_not_open`, `invitation_used`, `kiosk_revoked`, `dossier_link_expired`.",
            ),
            "413": error(`Phiếu quá lớn (tối đa ${MAX_BODY_BYTES / 1024} KB).`),
            "415": error("Nội dung phải là JSON (Content-Type: application/json)."),
            "422": {
              description:
                "Câu trả lời không khớp phiếu khảo sát (câu hỏi, điều kiện hiển thị, thang điểm).",
              ...json({
                type: "object",
                properties: { errors: { type: "array", items: ref("AnswerError") } },
                required: ["errors"],
              }),
            },
            "429": error("`rate_limited`, `kiosk_too_soon`: gửi quá nhiều trong thời gian ngắn."),
            "503": error(
              "`storage_unavailable`: chưa lưu được; không có gì được lưu, xin gửi lại sau.",
            ),
          },
        },
      },
      "/api/v1/imports": {
        post: {
          operationId: "importRatings",
          summary: "Nhập phiếu đã thu ở hệ thống khác (CSV, XLSX hoặc JSON) vào một đợt khảo sát",
          description: `Nội dung là tệp phiếu (tối đa ${MAX_IMPORT_BYTES / 1024 / 1024} MB, ${MAX_IMPORT_ROWS} dòng). Cột: ma_phieu, ma_ho_so, ma_don_vi, ngay_danh_gia (dd/mm/yyyy), rồi mỗi câu hỏi theo tên trong phiếu (mẫu: trang /manage/imports). JSON: danh sách {id, dossierCode, unitCode, ratedAt, answers} như POST /api/v1/responses. Mỗi dòng được kiểm tra như một phiếu gửi qua POST /api/v1/responses; chỉ đơn vị trong phạm vi của hệ thống kết nối. Nhập lại cùng tệp không lưu thêm (theo mã phiếu, mã hồ sơ hoặc nội dung). Có dryRun=1: chỉ kiểm tra, không lưu gì.`,
          parameters: [
            { name: "campaign", in: "query", required: true, schema: { type: "string" } },
            {
              name: "dryRun",
              in: "query",
              required: false,
              schema: { type: "string", enum: ["0", "1", "true", "false"] },
            },
            {
              name: "fileName",
              in: "query",
              required: false,
              schema: { type: "string", maxLength: 200 },
            },
          ],
          requestBody: {
            required: true,
            content: {
              "text/csv": { schema: { type: "string" } },
              "application/json": { schema: { type: "array", items: { type: "object" } } },
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                schema: { type: "string", format: "binary" },
              },
            },
          },
          responses: {
            "200": {
              description: "Kiểm tra (dryRun), hoặc không có phiếu mới để lưu.",
              ...json(ref("ImportReport")),
            },
            "201": { description: "Đã lưu các phiếu hợp lệ.", ...json(ref("ImportReport")) },
            "400": error("`bad_request`: thiếu tham số campaign hoặc nội dung trống."),
            "401": unauthorized,
            "404": error("Không có đợt khảo sát này trong phạm vi của hệ thống kết nối."),
            "413": error("`file_too_large`, `too_many_rows`: không có gì được lưu."),
            "422": error(
              "`unreadable_file`: không đọc được tệp, hoặc các cột không khớp mẫu (kèm `lines`); không có gì được lưu.",
            ),
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "openapi",
          summary: "Tài liệu này",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1." } },
        },
      },
    },
    webhooks: Object.fromEntries(
      EVENT_TYPES.map((type) => [
        type,
        {
          post: {
            operationId: `event.${type}`,
            summary: `Sự kiện ${type}, gửi tới địa chỉ nhận`,
            security: [],
            parameters: [
              {
                name: SIGNATURE_HEADER,
                in: "header",
                required: true,
                description:
                  't=<giây Unix>,v1=<HMAC-SHA256 dạng hex của "<t>.<nội dung>" với khoá ký>. So khớp trong thời gian hằng, từ chối t lệch quá 5 phút.',
                schema: { type: "string", pattern: "^t=\\d+,v1=[0-9a-f]{64}$" },
              },
              {
                name: "X-HaiLong-Event-Id",
                in: "header",
                required: true,
                schema: { type: "string" },
              },
            ],
            requestBody: { required: true, ...json(ref("Event")) },
            responses: {
              "2XX": {
                description:
                  "Đã nhận. Mã khác hoặc không trả lời trong 10 giây: gửi lại sau 1, 2, 4 … phút, tới 6 giờ một lần, trong ít nhất 78 giờ.",
              },
            },
          },
        },
      ]),
    ),
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "Mã truy cập của hệ thống kết nối" },
      },
      schemas: {
        WebhookInput: {
          type: "object",
          properties: {
            url: { type: "string", format: "uri", maxLength: 2000 },
            secret: { type: "string", minLength: 16, maxLength: 200 },
            events: {
              type: "array",
              minItems: 1,
              items: { type: "string", enum: [...EVENT_TYPES] },
            },
            includeAnswers: {
              type: "boolean",
              default: false,
              description:
                "Sự kiện về phiếu kèm câu trả lời (không bao giờ kèm câu hỏi về thông tin cá nhân).",
            },
            description: { type: "string", maxLength: 200 },
          },
          required: ["url", "secret", "events"],
        },
        Webhook: {
          type: "object",
          properties: {
            id: { type: "string" },
            url: { type: "string" },
            events: { type: "array", items: { type: "string", enum: [...EVENT_TYPES] } },
            includeAnswers: { type: "boolean" },
            unitId: { type: "string" },
            createdAt: { type: "string", format: "date-time" },
            pendingDeliveries: { type: "integer" },
            deadDeliveries: { type: "integer" },
          },
          required: ["id", "url", "events", "includeAnswers"],
        },
        Event: {
          type: "object",
          description:
            "Mã `id` giữ nguyên qua mọi lần gửi lại: bên nhận bỏ qua mã đã xử lý. Không bao giờ có thông tin liên hệ.",
          properties: {
            id: { type: "string" },
            type: { type: "string", enum: [...EVENT_TYPES] },
            createdAt: { type: "string", format: "date-time" },
            data: {
              type: "object",
              properties: {
                responseId: { type: "string" },
                campaignId: { type: "string" },
                unitId: { type: "string" },
                questionnaireVersionId: { type: "string" },
                channel: { type: "string" },
                submittedAt: { type: "string", format: "date-time" },
                period: { type: "string" },
                reason: { type: "string", description: "response.flagged: lý do gắn cờ." },
                answers: {
                  type: ["object", "null"],
                  description: "Chỉ khi địa chỉ nhận được phép nhận câu trả lời.",
                },
              },
              required: ["unitId"],
            },
          },
          required: ["id", "type", "createdAt", "data"],
        },
        DossierInput: {
          type: "object",
          additionalProperties: false,
          properties: {
            code: {
              type: "string",
              maxLength: 60,
              description: `Mã hồ sơ, theo mẫu DOSSIER_CODE_PATTERN của máy chủ (mặc định ${DEFAULT_DOSSIER_CODE_PATTERN}), ví dụ H15.50.05.13-261008-0975.`,
            },
            procedureCode: {
              type: "string",
              minLength: 1,
              maxLength: 50,
              pattern: "^[A-Za-z0-9._-]+$",
              description: "Mã thủ tục hành chính.",
            },
            unitCode: {
              type: "string",
              minLength: 1,
              maxLength: 100,
              description: "Mã đơn vị tiếp nhận, trong phạm vi của hệ thống kết nối.",
            },
            counter: {
              type: "string",
              minLength: 1,
              maxLength: 100,
              description: "Quầy tiếp nhận.",
            },
            officer: {
              type: "string",
              minLength: 1,
              maxLength: 200,
              description: "Cán bộ tiếp nhận.",
            },
            channel: {
              type: "string",
              enum: [...DOSSIER_CHANNELS],
              description:
                "Kênh nộp hồ sơ: truc_tiep (trực tiếp), truc_tuyen (trực tuyến), buu_chinh (bưu chính công ích).",
            },
            receivedAt: dossierTime("Ngày tiếp nhận."),
            dueAt: dossierTime("Ngày hẹn trả, không trước ngày tiếp nhận."),
            returnedAt: dossierTime(
              "Ngày trả kết quả, không trước ngày tiếp nhận. Lần đầu có: gửi đường dẫn tới người liên hệ.",
            ),
            contact: {
              type: "object",
              additionalProperties: false,
              description:
                "Người liên hệ, để gửi đường dẫn; chỉ giữ tới khi đường dẫn được dùng hoặc hết hạn, không bao giờ có trong sự kiện.",
              properties: {
                phone: {
                  type: "string",
                  maxLength: 30,
                  description: "Số di động Việt Nam: 0912345678 hoặc +84912345678.",
                },
                email: { type: "string", format: "email", maxLength: 254 },
              },
            },
            notify: {
              type: "boolean",
              description: "true: gửi đường dẫn tới người liên hệ ngay.",
            },
          },
          required: ["code", "procedureCode", "unitCode", "channel", "receivedAt"],
        },
        Dossier: {
          type: "object",
          properties: {
            code: { type: "string" },
            unitCode: { type: "string" },
            status: {
              type: "string",
              enum: ["received", "returned"],
              description: "returned khi đã biết ngày trả kết quả.",
            },
            rated: { type: "boolean", description: "Hồ sơ đã được đánh giá chưa." },
            link: {
              type: "object",
              description: "Đường dẫn đánh giá một lần của hồ sơ.",
              properties: {
                token: { type: "string" },
                url: { type: "string", format: "uri" },
                expiresAt: { type: "string", format: "date-time" },
                qr: {
                  type: "object",
                  properties: {
                    svg: { type: "string", description: "Mã QR của đường dẫn, SVG." },
                    pngBase64: {
                      type: "string",
                      contentEncoding: "base64",
                      contentMediaType: "image/png",
                      description: "Mã QR của đường dẫn, PNG mã hoá base64.",
                    },
                  },
                  required: ["svg", "pngBase64"],
                },
              },
              required: ["token", "url", "expiresAt", "qr"],
            },
            messages: {
              type: "array",
              description: "Tin gửi đường dẫn tới người liên hệ do lần gọi này tạo.",
              items: {
                type: "object",
                properties: {
                  channel: { type: "string", enum: ["email", "sms", "zalo"] },
                  status: {
                    type: "string",
                    enum: ["queued", "limit_reached", "not_configured"],
                    description:
                      "queued: sẽ gửi (lúc sendAt); limit_reached, not_configured: không gửi.",
                  },
                  sendAt: { type: "string", format: "date-time" },
                },
                required: ["channel", "status"],
              },
            },
          },
          required: ["code", "unitCode", "status", "rated", "link", "messages"],
        },
        ImportReport: {
          type: "object",
          properties: {
            fileName: { type: "string" },
            format: { type: "string", enum: ["csv", "xlsx", "json"] },
            dryRun: { type: "boolean" },
            rows: { type: "integer", description: "Số dòng phiếu trong tệp." },
            counts: {
              type: "object",
              description:
                "ready: đã lưu (hoặc sẽ lưu khi dryRun); known: đã nhập trước đó; rated: hồ sơ đã được đánh giá; refused: dòng có lỗi.",
              properties: {
                ready: { type: "integer" },
                known: { type: "integer" },
                rated: { type: "integer" },
                refused: { type: "integer" },
              },
              required: ["ready", "known", "rated", "refused"],
            },
            lines: {
              type: "array",
              description: "Mỗi dòng không được lưu, với lý do.",
              items: {
                type: "object",
                properties: {
                  line: { type: "integer" },
                  outcome: { type: "string", enum: ["known", "rated", "refused"] },
                  column: { type: "string" },
                  message: { type: "string" },
                },
                required: ["line", "outcome", "message"],
              },
            },
          },
          required: ["fileName", "format", "dryRun", "rows", "counts", "lines"],
        },
        ResponseInput: {
          type: "object",
          description: `Tối đa ${MAX_BODY_BYTES / 1024} KB JSON UTF-8. Trường không được biết bị bỏ qua.`,
          properties: {
            id: {
              type: "string",
              format: "uuid",
              description: "UUID do máy khách tạo: gửi lại cùng id không lưu thêm.",
            },
            token: {
              type: "string",
              pattern: "^[A-Za-z0-9_-]{8,64}$",
              description: "Mã của đường dẫn khảo sát, của máy khảo sát hoặc mã mời.",
            },
            answers: {
              type: "object",
              description:
                "Tên câu hỏi → câu trả lời, như phiếu khảo sát (SurveyJS JSON) đặt tên; được kiểm tra theo phiếu, điều kiện và thang điểm.",
            },
            startedAt: {
              type: "string",
              format: "date-time",
              description: "Lúc bắt đầu trả lời.",
            },
            deviceStartedAt: {
              type: "string",
              format: "date-time",
              description: "Máy khảo sát: giờ của máy lúc bấm (docs/decisions/008).",
            },
            deviceSentAt: {
              type: "string",
              format: "date-time",
              description: "Máy khảo sát: giờ của máy lúc gửi.",
            },
            dossierCode: {
              type: "string",
              maxLength: 60,
              description:
                "Mã hồ sơ: phiếu là đánh giá duy nhất của hồ sơ; hồ sơ đã được đánh giá trả 409.",
            },
            locale: {
              type: "string",
              pattern: "^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$",
              description: "Ngôn ngữ đã trả lời, ví dụ vi hoặc en.",
            },
          },
          required: ["id", "token", "answers"],
        },
        Accepted: {
          type: "object",
          properties: {
            id: { type: "string", format: "uuid" },
            status: { type: "string", enum: ["accepted"] },
          },
          required: ["id", "status"],
        },
        AnswerError: {
          type: "object",
          properties: {
            question: { type: "string" },
            code: {
              type: "string",
              description:
                "unknown_question, not_visible, required, invalid_choice, out_of_scale, wrong_type, too_long, too_many_choices, too_few_choices, out_of_range, validator.",
            },
            message: { type: "string" },
          },
          required: ["question", "code", "message"],
        },
        Error: {
          type: "object",
          properties: { error: { type: "string" }, message: { type: "string" } },
          required: ["error", "message"],
        },
      },
    },
  };
}
