// The two charts, drawn as SVG by hand: a district comparison (horizontal
// bars) and a trend line. They know nothing of the API or the language: the
// caller passes rows, formatters (a value with its unit for labels, a bare
// number for axis ticks) and the words to show.
import { svg } from './dom.js';

// Nominal widths in SVG units, near each chart's width on a desktop screen so
// the text keeps its size; the drawing scales with its column.
const BAR_WIDTH = 680;
const TREND_WIDTH = 480;

/** The smallest round number (1, 2, 2.5, 5 × 10ⁿ) at or above `max`, so axis ticks read well. */
function niceMax(max, unit) {
  if (!(max > 0)) return unit === 'PERCENT' ? 100 : 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((f) => f * power >= max);
  const nice = step * power;
  return unit === 'PERCENT' && max <= 100 && nice > 100 ? 100 : nice;
}

function ticks(top) {
  return Array.from({ length: 6 }, (_, i) => (top * i) / 5);
}

function chartRoot(width, height, title, description) {
  const id = `chart-${Math.random().toString(36).slice(2, 9)}`;
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'chart' },
    svg('title', { id: `${id}-title` }, title),
    svg('desc', { id: `${id}-desc` }, description),
  );
}

/**
 * One bar per district, largest first. Districts whose figure is suppressed
 * or who have no records are listed last, labelled as such, so the reader
 * sees they exist and why no bar is drawn.
 * rows: [{ code, name, value, suppressed, selected }]
 */
export function districtBars({ rows, unit, target, format, formatTick, words }) {
  const shown = rows.filter((r) => !r.suppressed && r.value !== null);
  const hidden = rows.filter((r) => r.suppressed || r.value === null);
  const ordered = [...shown.sort((a, b) => b.value - a.value), ...hidden.sort((a, b) => Number(b.suppressed) - Number(a.suppressed))];
  const rowHeight = 22;
  const top = 28;
  const labelWidth = 132;
  const barLeft = labelWidth + 8;
  const barWidth = BAR_WIDTH - barLeft - 96;
  const height = top + ordered.length * rowHeight + 8;
  const max = niceMax(Math.max(0, ...shown.map((r) => r.value), target ?? 0), unit);
  const x = (v) => barLeft + (v / max) * barWidth;

  const root = chartRoot(BAR_WIDTH, height, words.title, words.description);
  const patternId = `hatch-${Math.random().toString(36).slice(2, 9)}`;
  root.append(svg('defs', {},
    svg('pattern', { id: patternId, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 6, height: 6, class: 'hatch-bg' }),
      svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' }),
    ),
  ));
  if (words.axis) root.append(svg('text', { x: labelWidth, y: top - 10, class: 'axis-label axis-unit', 'text-anchor': 'end' }, words.axis));
  for (const tick of ticks(max)) {
    root.append(
      svg('line', { x1: x(tick), x2: x(tick), y1: top - 6, y2: height - 8, class: 'grid' }),
      svg('text', { x: x(tick), y: top - 10, class: 'axis-label', 'text-anchor': 'middle' }, formatTick(tick)),
    );
  }
  ordered.forEach((row, index) => {
    const y = top + index * rowHeight;
    const group = svg('g', {
      class: `bar${row.selected ? ' selected' : ''}`,
      'data-district': row.code,
      'data-value': row.value ?? '',
      'data-suppressed': String(Boolean(row.suppressed)),
    });
    group.append(svg('text', { x: labelWidth, y: y + 15, class: 'bar-label', 'text-anchor': 'end' }, row.name));
    if (row.suppressed) {
      group.append(
        svg('rect', { x: barLeft, y: y + 4, width: 48, height: rowHeight - 8, fill: `url(#${patternId})`, class: 'bar-suppressed' }),
        svg('text', { x: barLeft + 56, y: y + 15, class: 'bar-note' }, words.suppressed),
      );
    } else if (row.value === null) {
      group.append(svg('text', { x: barLeft, y: y + 15, class: 'bar-note' }, words.noData));
    } else {
      const end = Math.max(x(row.value), barLeft + 1);
      group.append(
        svg('rect', { x: barLeft, y: y + 4, width: end - barLeft, height: rowHeight - 8, rx: 2, class: 'bar-fill' }),
        svg('text', { x: end + 6, y: y + 15, class: 'bar-value' }, format(row.value)),
      );
    }
    group.append(svg('title', {}, `${row.name}: ${row.suppressed ? words.suppressed : row.value === null ? words.noData : format(row.value)}`));
    root.append(group);
  });
  if (target !== null && target !== undefined) {
    root.append(
      svg('line', { x1: x(target), x2: x(target), y1: top - 4, y2: height - 8, class: 'target-line' }),
      svg('text', { x: x(target) + (x(target) > BAR_WIDTH - 160 ? -4 : 4), y: height - 10, class: 'target-label', 'text-anchor': x(target) > BAR_WIDTH - 160 ? 'end' : 'start' }, words.target),
    );
  }
  return root;
}

/**
 * A line over the periods of the year. A suppressed or empty period breaks
 * the line rather than being drawn as zero, and gets a marker on the axis.
 * points: [{ key, label, value, suppressed, highlighted }]
 */
export function trendLine({ points, unit, target, format, formatTick, words }) {
  const height = 320;
  const margin = { left: 56, right: 16, top: 22, bottom: 36 };
  const plotWidth = TREND_WIDTH - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const values = points.filter((p) => p.value !== null && !p.suppressed).map((p) => p.value);
  const max = niceMax(Math.max(0, ...values, target ?? 0), unit);
  const step = points.length > 1 ? plotWidth / (points.length - 1) : 0;
  const x = (i) => margin.left + (points.length > 1 ? i * step : plotWidth / 2);
  const y = (v) => margin.top + plotHeight - (v / max) * plotHeight;
  const baseline = margin.top + plotHeight;

  const root = chartRoot(TREND_WIDTH, height, words.title, words.description);
  const bandWidth = points.length > 1 ? step : plotWidth;
  points.forEach((p, i) => {
    if (p.highlighted) root.append(svg('rect', { x: x(i) - bandWidth / 2, y: margin.top, width: bandWidth, height: plotHeight, class: 'highlight-band' }));
  });
  if (words.axis) root.append(svg('text', { x: 4, y: 10, class: 'axis-label axis-unit' }, words.axis));
  for (const tick of ticks(max)) {
    root.append(
      svg('line', { x1: margin.left, x2: TREND_WIDTH - margin.right, y1: y(tick), y2: y(tick), class: 'grid' }),
      svg('text', { x: margin.left - 8, y: y(tick) + 4, class: 'axis-label', 'text-anchor': 'end' }, formatTick(tick)),
    );
  }
  if (target !== null && target !== undefined) {
    root.append(
      svg('line', { x1: margin.left, x2: TREND_WIDTH - margin.right, y1: y(target), y2: y(target), class: 'target-line' }),
      svg('text', { x: TREND_WIDTH - margin.right, y: y(target) - 6, class: 'target-label', 'text-anchor': 'end' }, words.target),
    );
  }
  // One path segment per run of shown values: a gap says "not shown", a zero would lie.
  let segment = [];
  const segments = [segment];
  points.forEach((p, i) => {
    if (p.value === null || p.suppressed) segments.push((segment = []));
    else segment.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
  });
  for (const run of segments.filter((s) => s.length > 1)) root.append(svg('polyline', { points: run.join(' '), class: 'trend-line' }));
  points.forEach((p, i) => {
    const shown = p.value !== null && !p.suppressed;
    const group = svg('g', { class: 'trend-point', 'data-period': p.key, 'data-value': shown ? p.value : '', 'data-suppressed': String(Boolean(p.suppressed)) });
    group.append(svg('text', { x: x(i), y: height - 12, class: `axis-label${p.highlighted ? ' current' : ''}`, 'text-anchor': 'middle' }, p.label));
    if (shown) group.append(svg('circle', { cx: x(i), cy: y(p.value), r: p.highlighted ? 5 : 3.5, class: 'trend-dot' }));
    else group.append(svg('path', { d: `M${x(i) - 4},${baseline - 4} l8,8 m0,-8 l-8,8`, class: 'trend-missing' }));
    group.append(svg('title', {}, `${p.label}: ${shown ? format(p.value) : p.suppressed ? words.suppressed : words.noData}`));
    root.append(group);
  });
  return root;
}
