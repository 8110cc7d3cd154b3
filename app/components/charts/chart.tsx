/**
 * A chart on a dashboard: a <canvas> carrying its data as JSON, drawn in the browser by
 * draw.ts, with the same figures in the table its caller renders under it (accessible,
 * printable, there before and without JavaScript).
 */
import type { ChartSpec } from "./spec";
// Vite bundles draw.ts with its Chart.js parts into one standalone file and gives its URL.
import drawScript from "./draw?worker&url";

export function ChartCanvas({
  spec,
  label,
  height = 320,
}: {
  spec: ChartSpec;
  /** What the chart shows, for screen readers (the table below has the figures). */
  label: string;
  height?: number;
}) {
  return (
    <div className="chart" style={{ height }}>
      <canvas role="img" aria-label={label} data-chart={JSON.stringify(spec)} />
    </div>
  );
}

/**
 * The script that draws the charts; once per page. The dev server serves a "classic worker"
 * with importScripts(), which a page cannot run; its module flavour works as a page script.
 */
const src = import.meta.env.DEV ? drawScript.replace("type=classic", "type=module") : drawScript;

export function ChartScript() {
  return <script type="module" src={src} />;
}
