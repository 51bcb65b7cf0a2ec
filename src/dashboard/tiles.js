// KPI tiles, one per computed indicator, grouped as the report groups them.
// Groups are found, not listed: every list-valued field of the report whose
// items carry an `id` is a group, so a group the API adds later shows up
// without a change here.
import { tileComparison } from './compare.js';
import { el } from './dom.js';
import {
  demoComparisonNote, formatNumber, formatTarget, formatValue, groupHeading, groupRank, indicatorLabel, reportedByText, reportedFigure, t, unitSuffix,
} from './labels.js';

/** The groups that have a monthly series to chart: not the figures units entered, nor the meeting counts (no trend carries them). */
export function chartableGroups(report) {
  return indicatorGroups(report).filter(({ field }) => field !== 'enteredIndicators' && field !== 'meetingIndicators');
}

export function indicatorGroups(report) {
  return Object.entries(report)
    .filter(([, items]) => Array.isArray(items) && items.length > 0 && items.every((item) => item && typeof item === 'object' && 'id' in item))
    .map(([field, items]) => ({ field, values: items }))
    .sort((a, b) => groupRank(a.field) - groupRank(b.field)); // stable: unknown groups keep the API's order
}

/** Where the value stands against its target, as a word and a style. */
function standing(value, lang, k) {
  if (value.returned === false) return { key: 'none', text: t(lang, 'notReturned') };
  if (value.suppressed) return { key: 'suppressed', text: t(lang, 'suppressed', k) };
  if (value.target === null || value.target === undefined) return { key: 'none', text: t(lang, 'noTarget') };
  if (value.met === null || value.met === undefined) return { key: 'none', text: t(lang, 'noValue') };
  return value.met ? { key: 'met', text: t(lang, 'met') } : { key: 'not-met', text: t(lang, 'notMet') };
}

const attribute = (v) => (v === null || v === undefined ? '' : String(v));

/** The line under the figure: the city's 2023 report city-wide; in a district, its share of the city or the city's rate. */
function comparisonLine(value, { lang, district, cityValue, city }) {
  const comparison = tileComparison(value, { district, city: cityValue });
  if (!comparison) return null;
  if (comparison.kind === 'reported2023') {
    // A rate of a smaller city is still a rate; a count is not.
    const note = value.unit === 'PERCENT' ? null : demoComparisonNote(lang, city);
    return el('p', { class: 'tile-reported' }, `${t(lang, 'reported2023')}: ${reportedFigure(lang, value)}`, note ? el('span', { class: 'tile-demo-note' }, ` · ${note}`) : null);
  }
  const text = comparison.kind === 'share'
    ? t(lang, 'shareOfCity', `${formatNumber(lang, comparison.share)}%`, formatNumber(lang, comparison.cityValue))
    : t(lang, 'cityRate', formatValue(lang, value.unit, comparison.cityValue));
  return el('p', { class: 'tile-comparison', 'data-kind': comparison.kind }, text);
}

function tile(value, { lang, k, charted, onChart, district, cityValue, city }) {
  const labelId = `tile-${value.id}`;
  const status = standing(value, lang, k);
  const shown = !value.suppressed && value.value !== null && value.value !== undefined;
  const ratio = value.denominator !== null && value.denominator !== undefined && !value.suppressed;
  const target = formatTarget(lang, value.unit, value.target, value.targetDirection);
  // A figure a unit entered has no monthly series to chart; it says who reported it instead.
  const entered = 'returned' in value;
  const chartButton = entered ? null : el('button', { type: 'button', class: 'tile-chart', 'aria-pressed': String(charted), 'aria-describedby': labelId },
    t(lang, charted ? 'shownInCharts' : 'showInCharts'));
  chartButton?.addEventListener('click', () => onChart(value.id, true));

  return el('article', {
    class: `tile standing-${status.key}${charted ? ' charted' : ''}`,
    'aria-labelledby': labelId,
    'data-indicator': value.id,
    'data-unit': value.unit,
    'data-value': attribute(value.value),
    'data-numerator': attribute(value.numerator),
    'data-denominator': attribute(value.denominator),
    'data-suppressed': String(Boolean(value.suppressed)),
    'data-met': attribute(value.met),
  },
    el('h4', { id: labelId, class: 'tile-label' }, indicatorLabel(lang, value)),
    el('p', { class: 'tile-figure' },
      shown
        ? [el('span', { class: 'tile-value', 'data-field': 'value' }, formatNumber(lang, value.value)), el('span', { class: 'tile-unit' }, unitSuffix(lang, value.unit))]
        : el('span', { class: 'tile-value muted', 'data-field': 'value' }, '—'),
    ),
    ratio
      ? el('p', { class: 'tile-ratio' },
        el('span', { 'data-field': 'numerator' }, formatNumber(lang, value.numerator)), ' / ',
        el('span', { 'data-field': 'denominator' }, formatNumber(lang, value.denominator)))
      : null,
    el('p', { class: 'tile-standing' },
      target ? el('span', { class: 'tile-target' }, `${t(lang, 'target')} ${target}`) : null,
      el('span', { class: `badge badge-${status.key}`, 'data-field': 'standing' }, status.text)),
    comparisonLine(value, { lang, district, cityValue, city }),
    entered && value.provenance?.length ? el('p', { class: 'tile-provenance' }, reportedByText(lang, value.provenance)) : null,
    chartButton,
  );
}

/**
 * The groups of the report as sections of tiles. In a district, `cityValues`
 * holds the same period's city-wide values by id (the tiles' comparisons);
 * `city` says whether the hub serves a demo city.
 */
export function renderGroups(report, { lang, chartIndicator, onChart, district, cityValues, city }) {
  const k = report.minCellSize ?? 5;
  return indicatorGroups(report).map(({ field, values }) =>
    el('section', { class: 'group', 'data-group': field, 'aria-labelledby': `group-${field}` },
      el('h3', { id: `group-${field}`, class: 'group-heading' }, groupHeading(lang, field)),
      el('div', { class: 'tiles' }, values.map((value) => tile(value, { lang, k, charted: value.id === chartIndicator, onChart, district, cityValue: cityValues?.get(value.id) ?? null, city }))),
    ),
  );
}

/** Used by the charts' captions: the value with its unit. */
export function valueFormatter(lang, unit) {
  return (v) => formatValue(lang, unit, v);
}
