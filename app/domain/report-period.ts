/**
 * Reporting periods as the provinces ask for them (quarterly, six-monthly, annual reports
 * to Sở Nội vụ): Q1–Q4, H1/H2 and the year, as ranges of 'YYYY-MM' months; and single months
 * (M01–M12) for monthly reports (the Department of Health's, scheduled reports).
 */
export const REPORT_PERIODS = ["Q1", "Q2", "Q3", "Q4", "H1", "H2", "Y"] as const;
export const MONTH_PERIODS = [
  "M01",
  "M02",
  "M03",
  "M04",
  "M05",
  "M06",
  "M07",
  "M08",
  "M09",
  "M10",
  "M11",
  "M12",
] as const;
export type ReportPeriodKind = (typeof REPORT_PERIODS)[number] | (typeof MONTH_PERIODS)[number];

export interface ReportPeriod {
  year: number;
  kind: ReportPeriodKind;
  /** First and last month, inclusive. */
  from: string;
  to: string;
}

const FIRST_MONTH: Record<ReportPeriodKind, [first: number, last: number]> = {
  Q1: [1, 3],
  Q2: [4, 6],
  Q3: [7, 9],
  Q4: [10, 12],
  H1: [1, 6],
  H2: [7, 12],
  Y: [1, 12],
  ...(Object.fromEntries(MONTH_PERIODS.map((k, i) => [k, [i + 1, i + 1]])) as Record<
    (typeof MONTH_PERIODS)[number],
    [number, number]
  >),
};

export function isReportPeriodKind(v: unknown): v is ReportPeriodKind {
  return (
    typeof v === "string" &&
    ((REPORT_PERIODS as readonly string[]).includes(v) ||
      (MONTH_PERIODS as readonly string[]).includes(v))
  );
}

const mm = (m: number) => String(m).padStart(2, "0");

export function reportPeriod(year: number, kind: ReportPeriodKind): ReportPeriod {
  const [a, b] = FIRST_MONTH[kind];
  return { year, kind, from: `${year}-${mm(a)}`, to: `${year}-${mm(b)}` };
}

/** The quarter holding a 'YYYY-MM' month. */
export function quarterOf(period: string): ReportPeriod {
  const [y, m] = period.split("-").map(Number) as [number, number];
  return reportPeriod(y, `Q${Math.ceil(m / 3)}` as ReportPeriodKind);
}

const ROMAN = ["I", "II", "III", "IV"];
const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "tháng 3 năm 2026", "quý I năm 2026", "6 tháng đầu năm 2026", "năm 2026" (Vietnamese, as in report titles). */
export function reportPeriodLabel(p: ReportPeriod, locale: "vi" | "en" = "vi"): string {
  if (p.kind.startsWith("M")) {
    const m = Number(p.kind.slice(1));
    return locale === "en" ? `${EN_MONTHS[m - 1]} ${p.year}` : `tháng ${m} năm ${p.year}`;
  }
  if (locale === "en") {
    if (p.kind === "Y") return `year ${p.year}`;
    if (p.kind === "H1") return `first half of ${p.year}`;
    if (p.kind === "H2") return `second half of ${p.year}`;
    return `${p.kind} ${p.year}`;
  }
  if (p.kind === "Y") return `năm ${p.year}`;
  if (p.kind === "H1") return `6 tháng đầu năm ${p.year}`;
  if (p.kind === "H2") return `6 tháng cuối năm ${p.year}`;
  return `quý ${ROMAN[Number(p.kind.slice(1)) - 1]} năm ${p.year}`;
}
