import { useId } from 'react';
import { formatIndicatorValue } from '../../../reports/format/values';
import { CHART_COLOURS, CHART_LEGEND, chartTexts, indicatorChartGeometry, type ChartIndicator } from '../../../reports/render/indicator-chart';

/**
 * One indicator's targets (dashed, squares) and actuals (solid, circles) over the plan's fiscal years,
 * drawn from the same geometry as the report's HTML. The SVG has a title and a text alternative with
 * every value; `table` adds the values as a table under it for readers who would rather read.
 * Returns nothing when the indicator has no number to draw (text values, no values yet).
 */
export function IndicatorChart({ indicator, years, table = false }: { indicator: ChartIndicator; years: number[]; table?: boolean }) {
  const id = useId();
  const g = indicatorChartGeometry(indicator, years);
  if (g.empty) return null;
  const { title, description } = chartTexts(indicator, years);
  const c = CHART_COLOURS;
  const value = (values: ChartIndicator['targets'], year: number) => (values[String(year)] === undefined || values[String(year)] === '' ? '' : formatIndicatorValue(indicator, values[String(year)]));
  return (
    <figure className="indicator-chart">
      <figcaption className="indicator-chart__caption">
        <span className="indicator-chart__title">{title}</span>
        <span className="indicator-chart__legend">{CHART_LEGEND}</span>
      </figcaption>
      <svg viewBox={`0 0 ${g.width} ${g.height}`} className="indicator-chart__svg" role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {g.yTicks.map((t) => (
          <g key={t.value}>
            <line x1={g.plot.left} y1={t.y} x2={g.plot.right} y2={t.y} stroke={c.grid} strokeWidth={0.75} />
            <text x={g.plot.left - 4} y={t.y + 3.5} textAnchor="end" fontSize={10} fill={c.text}>
              {t.label}
            </text>
          </g>
        ))}
        <line x1={g.plot.left} y1={g.plot.bottom} x2={g.plot.right} y2={g.plot.bottom} stroke={c.axis} />
        {g.xTicks.map((t) => (
          <text key={t.year} x={t.x} y={g.plot.bottom + 16} textAnchor="middle" fontSize={10} fill={c.text}>
            {t.label}
          </text>
        ))}
        {g.target.path ? <path d={g.target.path} fill="none" stroke={c.target} strokeWidth={1.5} strokeDasharray="5 3" /> : null}
        {g.target.points.map((p) => (
          <rect key={p.year} x={p.x - 3.5} y={p.y - 3.5} width={7} height={7} fill="#ffffff" stroke={c.target} strokeWidth={1.5} />
        ))}
        {g.actual.path ? <path d={g.actual.path} fill="none" stroke={c.actual} strokeWidth={2} /> : null}
        {g.actual.points.map((p) => (
          <circle key={p.year} cx={p.x} cy={p.y} r={3.5} fill={c.actual} />
        ))}
      </svg>
      {table ? (
        <div className="table-wrap">
          <table className="indicator-chart__table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">区分</th>
                {g.xTicks.map((t) => (
                  <th scope="col" key={t.year}>
                    {t.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">目標</th>
                {years.map((y) => (
                  <td key={y}>{value(indicator.targets, y)}</td>
                ))}
              </tr>
              <tr>
                <th scope="row">実績</th>
                {years.map((y) => (
                  <td key={y}>{value(indicator.actuals, y)}</td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
    </figure>
  );
}
