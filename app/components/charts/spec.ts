/**
 * What a chart shows, as plain JSON: the server puts it on the <canvas> (data-chart) and
 * draw.ts turns it into a Chart.js configuration after the page loaded. Functions cannot
 * travel in JSON, so formatting (percent axes, dashed target lines) is named here and
 * applied by toChartConfig.
 */
import type { ChartConfiguration, ChartDataset } from "chart.js";

export interface ChartSeries {
  label: string;
  data: Array<number | null>;
  /** bar (default), line, target (dashed red line), projection (dotted line). */
  kind?: "bar" | "line" | "target" | "projection";
  color?: string;
}

export interface ChartSpec {
  type: "bar" | "line";
  labels: string[];
  series: ChartSeries[];
  /** Bars along the y axis (long criterion titles). */
  horizontal?: boolean;
  stacked?: boolean;
  /** Values are percentages (0–100): the value axis runs 0–100 and reads "n %". */
  percent?: boolean;
  /** Lowest value on the value axis (percent charts zoom in on the interesting part). */
  min?: number;
}

/** Colour-blind-safe palette (Okabe–Ito), darkened where needed for contrast on white. */
export const PALETTE = [
  "#0b5cad",
  "#e69f00",
  "#009e73",
  "#cc79a7",
  "#56b4e9",
  "#d55e00",
  "#8a8a8a",
  "#f0e442",
];
export const TARGET_COLOR = "#a31919";

export function toChartConfig(spec: ChartSpec): ChartConfiguration {
  const datasets = spec.series.map((s, i) => {
    const kind = s.kind ?? (spec.type === "line" ? "line" : "bar");
    const color = s.kind === "target" ? TARGET_COLOR : (s.color ?? PALETTE[i % PALETTE.length]!);
    if (kind === "bar")
      return {
        type: "bar",
        label: s.label,
        data: s.data,
        backgroundColor: color,
        borderColor: color,
        ...(spec.stacked ? { stack: "s" } : {}),
      } as ChartDataset;
    return {
      type: "line",
      label: s.label,
      data: s.data,
      borderColor: color,
      backgroundColor: color,
      borderWidth: kind === "line" ? 3 : 2,
      borderDash: kind === "target" ? [8, 4] : kind === "projection" ? [2, 4] : undefined,
      pointRadius: kind === "line" ? 3 : 0,
      spanGaps: true,
      stepped: kind === "target" && !spec.horizontal ? "middle" : false,
      fill: false,
    } as ChartDataset;
  });
  const valueAxis = {
    min: spec.min ?? (spec.percent ? 0 : undefined),
    max: spec.percent ? 100 : undefined,
    stacked: spec.stacked,
    beginAtZero: !spec.min,
  };
  const categoryAxis = { stacked: spec.stacked };
  return {
    type: spec.type,
    data: { labels: spec.labels, datasets: datasets as ChartConfiguration["data"]["datasets"] },
    options: {
      indexAxis: spec.horizontal ? "y" : "x",
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: spec.horizontal
        ? { x: valueAxis, y: categoryAxis }
        : { x: categoryAxis, y: valueAxis },
      plugins: { legend: { position: "bottom" } },
    },
  } as ChartConfiguration;
}
