/**
 * Horizontal bars as plain SVG, rendered on the server: prints sharply, needs no script,
 * and goes into the PDF as it is. A dashed line marks the target; a rate under the
 * minimum n gets no bar, only the words.
 */
export interface BarRow {
  label: string;
  /** 0–1, or null when there is nothing to show. */
  value: number | null;
  sufficient: boolean;
}

const ROW = 22;
const LABEL_W = 250;
const VALUE_W = 64;

export function BarChart({
  rows,
  target,
  width = 640,
  title,
  insufficientText,
  formatValue,
}: {
  rows: BarRow[];
  target: number | null;
  width?: number;
  title: string;
  insufficientText: string;
  formatValue: (v: number) => string;
}) {
  const barW = width - LABEL_W - VALUE_W;
  const height = rows.length * ROW + 24;
  const cut = (s: string) => (s.length > 36 ? `${s.slice(0, 35)}…` : s);
  return (
    <svg
      className="bar-chart"
      role="img"
      aria-label={title}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title>{title}</title>
      {[0, 0.25, 0.5, 0.75, 1].map((t) => (
        <g key={t}>
          <line
            x1={LABEL_W + t * barW}
            x2={LABEL_W + t * barW}
            y1={0}
            y2={rows.length * ROW}
            stroke="#d0d4da"
            strokeWidth={1}
          />
          <text x={LABEL_W + t * barW} y={rows.length * ROW + 16} fontSize={11} textAnchor="middle">
            {Math.round(t * 100)}%
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const y = i * ROW;
        const shown = r.value !== null && r.sufficient;
        return (
          <g key={`${r.label}-${i}`}>
            <text x={LABEL_W - 6} y={y + 15} fontSize={11} textAnchor="end">
              {cut(r.label)}
            </text>
            {shown ? (
              <>
                <rect
                  x={LABEL_W}
                  y={y + 4}
                  width={Math.max(0, Math.min(1, r.value!)) * barW}
                  height={ROW - 8}
                  fill={target !== null && r.value! < target ? "#b45309" : "#0b5cad"}
                />
                <text x={LABEL_W + barW + 6} y={y + 15} fontSize={12}>
                  {formatValue(r.value!)}
                </text>
              </>
            ) : (
              <text x={LABEL_W + 6} y={y + 15} fontSize={11} fontStyle="italic" fill="#555">
                {insufficientText}
              </text>
            )}
          </g>
        );
      })}
      {target !== null && (
        <line
          x1={LABEL_W + target * barW}
          x2={LABEL_W + target * barW}
          y1={0}
          y2={rows.length * ROW}
          stroke="#a31919"
          strokeWidth={2}
          strokeDasharray="5 3"
        />
      )}
    </svg>
  );
}
