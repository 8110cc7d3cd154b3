/**
 * Demo data for an empty database: a province with agencies, a public administration
 * service centre with counters, a hospital with departments, a school and two communes,
 * and open campaigns with their links and a few hundred synthetic responses each.
 * Names are illustrative, not real bodies; the responses are generated, not real.
 */
import { insertAccessLink, insertCampaign } from "#db/queries/campaigns";
import { countUnits, insertUnit } from "#db/queries/units";
import type { AccessLink, Campaign } from "#db/schema";
import type { AppContext } from "./context.server";
import type { SyncedVersion } from "./catalog.server";
import { seedResponses } from "./seed.server";
import { createUser } from "./users.server";
import { randomBytes } from "node:crypto";
import type { Role } from "~/domain/access";

export interface DemoCampaign {
  campaign: Campaign;
  links: AccessLink[];
}

export interface Demo {
  campaigns: DemoCampaign[];
  users: DemoUser[];
}

interface Node {
  code: string;
  name: string;
  kind: string;
  sector: string;
  children?: Node[];
}

const TREE: Node = {
  code: "T01",
  name: "Tỉnh Minh Hoạ",
  kind: "province",
  sector: "administrative",
  children: [
    { code: "T01-SNV", name: "Sở Nội vụ", kind: "agency", sector: "administrative" },
    {
      code: "T01-TTPVHCC",
      name: "Trung tâm Phục vụ hành chính công tỉnh",
      kind: "service_centre",
      sector: "administrative",
      children: [1, 2, 3].map((i) => ({
        code: `T01-TTPVHCC-Q${i}`,
        name: `Quầy số ${i}`,
        kind: "counter",
        sector: "administrative",
      })),
    },
    {
      code: "T01-SYT",
      name: "Sở Y tế",
      kind: "agency",
      sector: "health",
      children: [
        {
          code: "T01-BVDK",
          name: "Bệnh viện Đa khoa tỉnh",
          kind: "hospital",
          sector: "health",
          children: [
            { code: "T01-BVDK-KKB", name: "Khoa Khám bệnh", kind: "department", sector: "health" },
            {
              code: "T01-BVDK-NOI",
              name: "Khoa Nội tổng hợp",
              kind: "department",
              sector: "health",
            },
            {
              code: "T01-BVDK-NGOAI",
              name: "Khoa Ngoại tổng hợp",
              kind: "department",
              sector: "health",
            },
          ],
        },
      ],
    },
    {
      code: "T01-SGDDT",
      name: "Sở Giáo dục và Đào tạo",
      kind: "agency",
      sector: "education",
      children: [
        { code: "T01-THPT1", name: "Trường THPT Minh Hoạ", kind: "school", sector: "education" },
      ],
    },
    ...[
      ["X01", "Xã An Phú"],
      ["X02", "Phường Bình Minh"],
    ].map(([code, name]) => ({
      code: `T01-${code}`,
      name: name!,
      kind: "commune",
      sector: "administrative",
      children: [
        {
          code: `T01-${code}-TTPVHCC`,
          name: `Trung tâm Phục vụ hành chính công ${name}`,
          kind: "service_centre",
          sector: "administrative",
          children: [
            {
              code: `T01-${code}-TTPVHCC-Q1`,
              name: "Quầy số 1",
              kind: "counter",
              sector: "administrative",
            },
          ],
        },
      ],
    })),
  ],
};

/** Campaigns the demo opens, for the questionnaires the catalog has. */
const CAMPAIGNS: Array<{
  slug: string;
  title: string;
  target: number;
  scope: string;
  links: Array<[unitCode: string, channel: string, label: string]>;
}> = [
  {
    slug: "mau-02-phong-chuyen-mon",
    title: "Khảo sát sự hài lòng với Trung tâm Phục vụ hành chính công (minh hoạ)",
    target: 90,
    scope: "T01",
    links: [
      ["T01-TTPVHCC", "link", "Đường dẫn chung của Trung tâm"],
      ["T01-TTPVHCC-Q1", "qr", "Mã QR tại Quầy số 1"],
      ["T01-TTPVHCC-Q2", "qr", "Mã QR tại Quầy số 2"],
      ["T01-X01-TTPVHCC", "link", "Trung tâm PVHCC Xã An Phú"],
      ["T01-X02-TTPVHCC", "link", "Trung tâm PVHCC Phường Bình Minh"],
    ],
  },
  {
    slug: "mot-cua-danh-gia-nhanh",
    title: "Đánh giá nhanh tại quầy Một cửa (minh hoạ)",
    target: 90,
    scope: "T01",
    links: [
      ["T01-TTPVHCC-Q1", "kiosk", "Máy tính bảng Quầy số 1"],
      ["T01-TTPVHCC-Q3", "qr", "Mã QR tại Quầy số 3"],
    ],
  },
  {
    slug: "sipas-2023",
    title: "Khảo sát SIPAS cấp tỉnh năm 2026 (minh hoạ)",
    target: 90,
    scope: "T01",
    links: [
      ["T01-X01", "invitation", "Hộ gia đình được chọn tại Xã An Phú"],
      ["T01-X02", "invitation", "Hộ gia đình được chọn tại Phường Bình Minh"],
    ],
  },
  {
    slug: "byt-ngoai-tru",
    title: "Khảo sát hài lòng người bệnh ngoại trú (minh hoạ)",
    target: 85,
    scope: "T01-BVDK",
    links: [["T01-BVDK-KKB", "qr", "Mã QR tại Khoa Khám bệnh"]],
  },
  {
    slug: "byt-noi-tru",
    title: "Khảo sát hài lòng người bệnh nội trú (minh hoạ)",
    target: 85,
    scope: "T01-BVDK",
    links: [
      ["T01-BVDK-NOI", "qr", "Mã QR tại Khoa Nội tổng hợp"],
      ["T01-BVDK-NGOAI", "qr", "Mã QR tại Khoa Ngoại tổng hợp"],
    ],
  },
  {
    slug: "gddt-thpt",
    title: "Khảo sát hài lòng về giáo dục THPT (minh hoạ)",
    target: 85,
    scope: "T01-THPT1",
    links: [["T01-THPT1", "link", "Đường dẫn gửi phụ huynh, học sinh"]],
  },
];

/** Demo people, one of every role; their passwords are random and printed at start. */
const DEMO_USERS: Array<{ login: string; name: string; role: Role; unit: string }> = [
  { login: "quantri", name: "Quản trị viên Sở Nội vụ (minh hoạ)", role: "admin", unit: "T01" },
  {
    login: "syt.quanly",
    name: "Cán bộ quản lý Sở Y tế (minh hoạ)",
    role: "manager",
    unit: "T01-SYT",
  },
  { login: "phantich", name: "Chuyên viên phân tích (minh hoạ)", role: "analyst", unit: "T01" },
  {
    login: "bvdk.giamdoc",
    name: "Giám đốc Bệnh viện Đa khoa tỉnh (minh hoạ)",
    role: "viewer",
    unit: "T01-BVDK",
  },
];

export interface DemoUser {
  login: string;
  password: string;
  role: Role;
  unitName: string;
}

/** The calendar year of `now` in Vietnam, as UTC instants. */
function yearBounds(now: Date) {
  const year = new Date(now.getTime() + 7 * 3600_000).getUTCFullYear();
  return {
    opensAt: new Date(Date.UTC(year, 0, 1) - 7 * 3600_000).toISOString(),
    closesAt: new Date(Date.UTC(year + 1, 0, 1) - 7 * 3600_000).toISOString(),
  };
}

/** Creates the demo when the database has no units; returns what it made (null otherwise). */
export async function seedDemoIfEmpty(
  ctx: AppContext,
  versions: SyncedVersion[],
  { now = new Date(), demoResponses = 300 }: { now?: Date; demoResponses?: number } = {},
) {
  if ((await countUnits(ctx.db)) > 0) return null;
  const ids = new Map<string, string>();
  const add = async (node: Node, parentId: string | null) => {
    const unit = await insertUnit(ctx.db, { ...node, parentId, activeFrom: "2025-07-01" });
    ids.set(node.code, unit.id);
    for (const child of node.children ?? []) await add(child, unit.id);
  };
  await add(TREE, null);

  const { opensAt, closesAt } = yearBounds(now);
  const made: DemoCampaign[] = [];
  for (const spec of CAMPAIGNS) {
    const v = versions.find((x) => x.slug === spec.slug);
    if (!v) continue;
    const campaign = await insertCampaign(ctx.db, {
      title: spec.title,
      questionnaireVersionId: v.version.id,
      status: "open",
      opensAt,
      closesAt,
      targetPct: spec.target,
      channels: [...new Set(spec.links.map((l) => l[1]))],
      minN: 30,
      scopeUnitIds: [ids.get(spec.scope)!],
    });
    const links: AccessLink[] = [];
    for (const [code, channel, label] of spec.links) {
      links.push(
        await insertAccessLink(ctx.db, {
          campaignId: campaign.id,
          unitId: ids.get(code)!,
          channel,
          label,
        }),
      );
    }
    made.push({ campaign, links });
    // A few hundred synthetic answers so the results pages have something to show.
    if (demoResponses > 0)
      await seedResponses(ctx, campaign.id, demoResponses, { seed: made.length, now });
  }
  const users: DemoUser[] = [];
  for (const u of DEMO_USERS) {
    const password = randomBytes(9).toString("base64url");
    await createUser(
      ctx,
      {
        login: u.login,
        name: u.name,
        password,
        grants: [{ unitId: ids.get(u.unit)!, role: u.role }],
      },
      null,
    );
    users.push({
      login: u.login,
      password,
      role: u.role,
      unitName: findName(TREE, u.unit) ?? u.unit,
    });
  }
  return { campaigns: made, users };
}

function findName(node: Node, code: string): string | undefined {
  if (node.code === code) return node.name;
  for (const c of node.children ?? []) {
    const found = findName(c, code);
    if (found) return found;
  }
  return undefined;
}
