/**
 * The dashboards' only browser script (built on its own, see components/charts/chart.tsx):
 * draws every <canvas data-chart> of the page with the Chart.js parts it uses, not
 * chart.js/auto. The tables under the charts are already on the page without it.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { toChartConfig, type ChartSpec } from "./spec";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);
Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
Chart.defaults.font.size = 14;
Chart.defaults.color = "#1a1a1a";

function draw() {
  for (const canvas of document.querySelectorAll<HTMLCanvasElement>("canvas[data-chart]")) {
    if (canvas.dataset.drawn) continue;
    const spec = JSON.parse(canvas.dataset.chart ?? "{}") as ChartSpec;
    const config = toChartConfig(spec);
    if (spec.percent) {
      const axis = spec.horizontal ? "x" : "y";
      const scales = config.options!.scales as Record<string, { ticks?: object }>;
      scales[axis] = {
        ...scales[axis],
        ticks: { callback: (v: number | string) => `${v} %` },
      };
    }
    new Chart(canvas, config);
    canvas.dataset.drawn = "1";
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
else draw();
