/**
 * The OpenAPI 3.1 document of the API other systems connect with (one-stop systems, hospital
 * information systems): webhooks they register, and the events Hài Lòng sends them (OpenAPI's
 * `webhooks`). Beside the analysts' document (export-openapi.server.ts). Its paths are checked
 * against the route files by tests/routes/api-webhooks.test.ts.
 */
import { EVENT_TYPES, SIGNATURE_HEADER } from "~/domain/webhooks";

const json = (schema: object) => ({ content: { "application/json": { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => ({ description, ...json(ref("Error")) });

const errors = {
  "401": error("Thiếu mã truy cập của hệ thống kết nối, mã sai hoặc đã thu hồi."),
  "403": error("Mã truy cập không được quản lý địa chỉ nhận."),
};

export function connectOpenApiDocument(origin: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Hài Lòng — API kết nối hệ thống một cửa",
      version: "1",
      description:
        "Hệ thống khác đăng ký địa chỉ nhận sự kiện (webhook) bằng mã truy cập của hệ thống kết nối; Hài Lòng gửi sự kiện có chữ ký tới địa chỉ đó. Cách kiểm tra chữ ký: docs/webhooks.md. API phân tích số liệu: /api/v1/analytics/openapi.json.",
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
        Error: {
          type: "object",
          properties: { error: { type: "string" }, message: { type: "string" } },
          required: ["error", "message"],
        },
      },
    },
  };
}
