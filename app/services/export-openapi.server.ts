/**
 * The OpenAPI 3.1 document of the analysts' read-only API. Its paths are checked against
 * the route files by tests/routes/api-analytics.test.ts.
 */
const filterParams = [
  {
    name: "unit",
    in: "query",
    description:
      "Chỉ đơn vị này và các đơn vị trực thuộc (trong phạm vi quyền của chủ mã truy cập).",
    schema: { type: "string" },
  },
  {
    name: "from",
    in: "query",
    description: "Từ tháng (YYYY-MM, giờ Việt Nam), tính cả tháng này.",
    schema: { type: "string", pattern: "^\\d{4}-(0[1-9]|1[0-2])$" },
  },
  {
    name: "to",
    in: "query",
    description: "Đến tháng (YYYY-MM), tính cả tháng này.",
    schema: { type: "string", pattern: "^\\d{4}-(0[1-9]|1[0-2])$" },
  },
  {
    name: "channel",
    in: "query",
    description: "Kênh: link, qr, kiosk, invitation…",
    schema: { type: "string" },
  },
];

const campaignId = {
  name: "campaignId",
  in: "path",
  required: true,
  schema: { type: "string" },
};

const errors = {
  "400": {
    description: "Bộ lọc không hợp lệ.",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
  "401": {
    description: "Thiếu mã truy cập, mã sai, đã thu hồi hoặc hết hạn.",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
  "403": {
    description:
      "Chủ mã truy cập không có quyền xuất dữ liệu (vai trò Phân tích trở lên) của phạm vi này.",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
  "404": {
    description: "Không có đợt khảo sát (hoặc đơn vị) này trong phạm vi của chủ mã truy cập.",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
};

const rate = {
  type: "object",
  description: "Một tỷ lệ do module tính điểm tính (computeResults), kèm những gì nó được tính từ.",
  properties: {
    n: {
      type: "integer",
      description:
        "Số phiếu sau con số: với một tiêu chí, số trả lời hợp lệ; với nhóm và kết quả chung, số phiếu có trả lời ít nhất một phần (áp dụng số phiếu tối thiểu).",
    },
    satisfied: {
      type: "number",
      description: "Số trả lời ở mức hài lòng (gộp các phần với nhóm).",
    },
    answers: { type: "number", description: "Số trả lời hợp lệ (gộp các phần với nhóm)." },
    rate: {
      type: ["number", "null"],
      description:
        "Tỷ lệ hài lòng, 0–1. Với basis «answers» hoặc «respondents» bằng satisfied / answers; với basis «mean» là trung bình cộng tỷ lệ của `parts` phần (satisfied, answers khi đó không phải tử số, mẫu số của nó). Từ 12/2026, với phiếu y tế đây là tỷ lệ hài lòng (trước đó là chỉ số hài lòng); chỉ số nằm ở `index` của kết quả chung.",
    },
    low: { type: ["number", "null"], description: "Cận dưới khoảng tin cậy 95 %." },
    high: { type: ["number", "null"], description: "Cận trên khoảng tin cậy 95 %." },
    sufficient: { type: "boolean", description: "n đạt số phiếu tối thiểu (min n)." },
    basis: {
      type: "string",
      enum: ["answers", "respondents", "mean"],
      description:
        "Tỷ lệ tính từ đâu: trả lời hợp lệ, người trả lời, hay trung bình tỷ lệ của các phần.",
    },
    parts: { type: "integer", description: "Với basis «mean»: số phần được lấy trung bình." },
    top: {
      type: "number",
      description:
        "Số trả lời hợp lệ ở mức cao nhất của thang («Rất hài lòng»); tỷ lệ = top / answers.",
    },
    mean: {
      type: ["number", "null"],
      description: "Điểm trung bình của các trả lời hợp lệ (gộp với nhóm).",
    },
    meanLow: { type: ["number", "null"] },
    meanHigh: { type: ["number", "null"] },
  },
};

const overall = {
  allOf: [
    { $ref: "#/components/schemas/Rate" },
    {
      type: "object",
      properties: {
        index: {
          type: "object",
          description:
            "Chỉ số hài lòng = điểm trung bình / maxPoints (×100 khi hiển thị), với khoảng tin cậy 95 % của điểm trung bình. Phiếu y tế công bố cả tỷ lệ hài lòng (`rate`) và chỉ số này, mỗi số một tên.",
          properties: {
            value: { type: ["number", "null"], description: "0–1." },
            low: { type: ["number", "null"] },
            high: { type: ["number", "null"] },
            sufficient: { type: "boolean" },
          },
        },
      },
    },
  ],
};

export function openApiDocument(origin: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Hài Lòng — API phân tích (chỉ đọc)",
      version: "1.0.0",
      description:
        "Số liệu tổng hợp và phiếu trả lời của các đợt khảo sát, với cùng bộ lọc như trang Xuất dữ liệu. Xác thực bằng mã truy cập cá nhân (tạo và thu hồi tại /exports), gửi trong tiêu đề `Authorization: Bearer hl_…`. Mã truy cập mang đúng các vai trò hiện tại của chủ mã: chỉ thấy các đơn vị chủ mã được xem, cần vai trò Phân tích trở lên. Phiếu bị gắn cờ không được tính vào tỷ lệ và không được trả về trừ khi `flagged=include`.",
    },
    servers: [{ url: origin }],
    security: [{ bearer: [] }],
    paths: {
      "/api/v1/analytics/campaigns": {
        get: {
          operationId: "listCampaigns",
          summary: "Các đợt khảo sát chủ mã được xuất dữ liệu",
          responses: {
            "200": {
              description: "Danh sách đợt khảo sát.",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      campaigns: {
                        type: "array",
                        items: {
                          type: "object",
                          properties: {
                            id: { type: "string" },
                            title: { type: "string" },
                            status: { type: "string", enum: ["draft", "open", "closed"] },
                            opensAt: { type: "string", format: "date-time" },
                            closesAt: { type: "string", format: "date-time" },
                            wholeCampaign: { type: "boolean" },
                            units: {
                              type: "array",
                              items: {
                                type: "object",
                                properties: { id: { type: "string" }, name: { type: "string" } },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            "401": errors["401"],
          },
        },
      },
      "/api/v1/analytics/campaigns/{campaignId}/results": {
        get: {
          operationId: "getResults",
          summary:
            "Tỷ lệ hài lòng tổng hợp (toàn bộ, khía cạnh, yếu tố, tiêu chí, chỉ số; theo đơn vị khi by=unit)",
          parameters: [
            campaignId,
            ...filterParams,
            {
              name: "by",
              in: "query",
              schema: { type: "string", enum: ["unit"] },
              description: "Thêm kết quả của từng đơn vị (cả đơn vị trực thuộc).",
            },
          ],
          responses: {
            "200": {
              description: "Kết quả; các tuỳ chọn của phương pháp tính nằm trong result.options.",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      campaign: { type: "object" },
                      questionnaire: { type: "object" },
                      unit: { type: ["object", "null"] },
                      filter: { $ref: "#/components/schemas/Filter" },
                      result: {
                        type: "object",
                        properties: {
                          method: { type: "string" },
                          options: { type: "object" },
                          minN: { type: "integer" },
                          responses: { type: "integer" },
                          maxPoints: {
                            type: ["number", "null"],
                            description: "Điểm của mức cao nhất (5 với thang 1–5).",
                          },
                          overall: { $ref: "#/components/schemas/Overall" },
                          aspects: { type: "array", items: { $ref: "#/components/schemas/Rate" } },
                          elements: { type: "array", items: { $ref: "#/components/schemas/Rate" } },
                          items: { type: "array", items: { $ref: "#/components/schemas/Rate" } },
                          indicators: { type: "array", items: { type: "object" } },
                          warnings: { type: "array", items: { type: "string" } },
                        },
                      },
                      units: {
                        type: "array",
                        description: "Khi by=unit: kết quả của từng đơn vị (cả cấp dưới).",
                        items: {
                          type: "object",
                          properties: {
                            unit: { type: "object" },
                            responses: { type: "integer" },
                            overall: { $ref: "#/components/schemas/Overall" },
                            targetStatus: {
                              type: "string",
                              enum: ["reached", "not_reached", "undecided", "insufficient", "none"],
                              description:
                                "So với chỉ tiêu của đợt (campaign.targetMetric nói chỉ tiêu đặt trên tỷ lệ hay chỉ số), kết luận trên khoảng tin cậy 95 %.",
                            },
                            belowTarget: {
                              type: ["boolean", "null"],
                              description:
                                "targetStatus = not_reached (cả khoảng tin cậy dưới chỉ tiêu); null khi đợt không có chỉ tiêu.",
                            },
                            elements: { type: "array", items: { type: "object" } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            ...errors,
          },
        },
      },
      "/api/v1/analytics/campaigns/{campaignId}/responses": {
        get: {
          operationId: "listResponses",
          summary: "Phiếu trả lời, cũ trước mới sau, theo trang",
          parameters: [
            campaignId,
            ...filterParams,
            {
              name: "flagged",
              in: "query",
              schema: { type: "string", enum: ["include"] },
              description: "Trả về cả phiếu bị gắn cờ, kèm lý do (flagReason).",
            },
            {
              name: "after",
              in: "query",
              schema: { type: "string" },
              description: "Giá trị `next` của trang trước.",
            },
            {
              name: "limit",
              in: "query",
              schema: { type: "integer", minimum: 1, maximum: 5000, default: 1000 },
            },
          ],
          responses: {
            "200": {
              description: "Một trang phiếu; `next` null ở trang cuối.",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      filter: { $ref: "#/components/schemas/Filter" },
                      responses: {
                        type: "array",
                        items: {
                          type: "object",
                          properties: {
                            id: { type: "string" },
                            submittedAt: { type: "string", format: "date-time" },
                            period: { type: "string" },
                            unitCode: { type: ["string", "null"] },
                            unitName: { type: ["string", "null"] },
                            channel: { type: "string" },
                            locale: { type: "string" },
                            flagReason: { type: ["string", "null"] },
                            answers: {
                              type: "object",
                              description: "Câu trả lời như đã nhận, theo tên câu hỏi.",
                            },
                          },
                        },
                      },
                      next: { type: ["string", "null"] },
                    },
                  },
                },
              },
            },
            ...errors,
          },
        },
      },
      "/api/v1/analytics/openapi.json": {
        get: {
          operationId: "openapi",
          summary: "Tài liệu này",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1." } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "Mã truy cập cá nhân hl_…" },
      },
      schemas: {
        Rate: rate,
        Overall: overall,
        Filter: {
          type: "object",
          properties: {
            unit: { type: ["string", "null"] },
            from: { type: ["string", "null"] },
            to: { type: ["string", "null"] },
            channel: { type: ["string", "null"] },
            flagged: { type: "string", enum: ["omit", "include"] },
          },
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
