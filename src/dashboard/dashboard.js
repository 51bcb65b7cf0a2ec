// The dashboard page: keeps the reader's choices (period, district, language,
// charted indicator), fetches what they need from the hub and redraws.
// Everything is drawn from the last answers, so switching language or the
// charted indicator never waits for the network.
import { forgetToken, HubError, keepToken, loadCity, loadOperations, runOperation, takeToken, TokenRefused } from './api.js';
import { districtBars, trendLine } from './charts.js';
import { yearsWithData } from './compare.js';
import { el, figureTable, replaceChildren } from './dom.js';
import {
  demoBanner, districtName, formatTarget, formatTick, groupHeading, htmlLang, indicatorLabel, LANGUAGES, monthName, notCarriedReason, periodName, problemText,
  quarterName, reportedFigure, t, unitSuffix,
} from './labels.js';
import { chartableGroups, indicatorGroups, renderGroups, valueFormatter } from './tiles.js';

const LANGUAGE_KEY = 'safety-net-hub.dashboard.language';
const FIRST_YEAR = 2018; // phase 1 of the plan
const DEFAULT_YEAR = 2023; // ROC 112, the year of the city's last report

const $ = (selector) => document.querySelector(selector);

const state = {
  lang: LANGUAGES.includes(localStorage.getItem(LANGUAGE_KEY)) ? localStorage.getItem(LANGUAGE_KEY) : navigator.language.startsWith('zh') ? 'zh' : 'en',
  year: DEFAULT_YEAR,
  period: 'year',
  district: '',
  granularity: 'MONTH',
  chartIndicator: null,
  token: null,
  operations: null,
  catalogue: null,
  districts: new Map(),
  report: null,
  reportErrors: [],
  /** In a district: the city-wide report of the same period, which the tiles compare with. */
  cityReport: null,
  /** Years with data, newest first; null until known (then every year of the plan is offered). */
  years: null,
  /** What the hub says of its city: { demo, scenario, scale }, or null. */
  city: null,
  trend: null,
  trendKey: null,
  message: null,
};

/** 'year' | 'Q1'…'Q4' | 'M1'…'M12' → the report's arguments. */
function periodArguments(period) {
  if (period.startsWith('Q')) return { quarter: Number(period.slice(1)), month: null };
  if (period.startsWith('M')) return { quarter: null, month: Number(period.slice(1)) };
  return { quarter: null, month: null };
}

function option(value, label, selected) {
  return el('option', { value, selected }, label);
}

function allYears() {
  const thisYear = Math.max(new Date().getFullYear(), DEFAULT_YEAR);
  return Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i);
}

function fillFilters() {
  const { lang } = state;
  const years = state.years ?? allYears();
  replaceChildren($('#filter-year'), years.map((y) => option(y, lang === 'zh' ? `${y}(民國${y - 1911}年)` : `${y} (ROC ${y - 1911})`, y === state.year)));
  replaceChildren($('#filter-period'),
    option('year', t(lang, 'wholeYear'), state.period === 'year'),
    el('optgroup', { label: t(lang, 'quarters') }, [1, 2, 3, 4].map((q) => option(`Q${q}`, quarterName(lang, q), state.period === `Q${q}`))),
    el('optgroup', { label: t(lang, 'months') }, Array.from({ length: 12 }, (_, i) => option(`M${i + 1}`, monthName(lang, i + 1), state.period === `M${i + 1}`))),
  );
  replaceChildren($('#filter-district'),
    option('', t(lang, 'allDistricts'), state.district === ''),
    [...state.districts.values()].map((d) => option(d.code, lang === 'zh' ? d.nameZh : d.name, state.district === d.code)),
  );
}

function translateStatic() {
  const { lang } = state;
  document.documentElement.lang = htmlLang(lang);
  document.title = `${t(lang, 'title')} · ${t(lang, 'hubName')}`;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(lang, node.dataset.i18n);
  $('#language').setAttribute('aria-label', t(lang, 'language'));
  $('#filters').setAttribute('aria-label', t(lang, 'filters'));
  for (const button of document.querySelectorAll('#language button')) button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  for (const button of document.querySelectorAll('#granularity button')) button.setAttribute('aria-pressed', String(button.dataset.granularity === state.granularity));
}

function allValues(report) {
  return report ? indicatorGroups(report).flatMap((g) => g.values) : [];
}

function chartedValue() {
  const values = state.report ? chartableGroups(state.report).flatMap((g) => g.values) : [];
  return values.find((v) => v.id === state.chartIndicator) ?? values[0] ?? null;
}

function renderChartChoice() {
  const { lang, report } = state;
  const charted = chartedValue();
  replaceChildren($('#chart-indicator'), report ? chartableGroups(report).map(({ field, values }) =>
    el('optgroup', { label: groupHeading(lang, field) }, values.map((v) => option(v.id, indicatorLabel(lang, v), v.id === charted?.id)))) : []);
}

/** The unit over a count axis ("cases", "件"); a ratio axis carries % on each tick. */
function axisUnit(lang, unit) {
  return unit === 'PERCENT' ? '' : unitSuffix(lang, unit);
}

function renderDistrictChart(charted) {
  const { lang } = state;
  const body = $('#district-chart .chart-body');
  if (!charted) return replaceChildren(body);
  const cells = new Map((charted.byDistrict ?? []).map((c) => [c.district, c]));
  const codes = [...state.districts.keys(), ...(cells.has('UNKNOWN') ? ['UNKNOWN'] : [])];
  const rows = codes.map((code) => {
    const cell = cells.get(code);
    // A district without a row had no records: zero cases, but no rate at all.
    const value = cell ? cell.value : charted.unit === 'PERCENT' ? null : 0;
    return { code, name: districtName(lang, state.districts, code), value: cell?.suppressed ? null : value, suppressed: Boolean(cell?.suppressed), selected: code === state.district };
  });
  const format = valueFormatter(lang, charted.unit);
  const target = formatTarget(lang, charted.unit, charted.target, charted.targetDirection);
  const period = currentPeriodName();
  replaceChildren(body,
    districtBars({
      rows, unit: charted.unit, target: charted.target, format, formatTick: (v) => formatTick(lang, charted.unit, v),
      words: { title: `${t(lang, 'districtChart')}: ${indicatorLabel(lang, charted)}`, description: period, axis: axisUnit(lang, charted.unit), suppressed: t(lang, 'suppressedShort'), noData: t(lang, 'noData'), target: target ? `${t(lang, 'target')} ${target}` : '' },
    }),
    figureTable(t(lang, 'showTable'), [t(lang, 'district'), indicatorLabel(lang, charted)],
      rows.map((r) => [r.name, r.suppressed ? t(lang, 'suppressedShort') : r.value === null ? t(lang, 'noData') : format(r.value)])),
  );
}

/** Which trend points the chosen period covers, so the chart shows where the tiles' period sits in the year. */
function highlighted(pointMonth, pointQuarter) {
  const { quarter, month } = periodArguments(state.period);
  if (state.granularity === 'MONTH') return month !== null ? pointMonth === month : quarter !== null && Math.ceil(pointMonth / 3) === quarter;
  return (quarter ?? (month !== null ? Math.ceil(month / 3) : null)) === pointQuarter;
}

function renderTrendChart(charted) {
  const { lang } = state;
  const body = $('#trend-chart .chart-body');
  if (!charted || !state.trend) return replaceChildren(body);
  const points = state.trend.map((report) => {
    const value = allValues(report).find((v) => v.id === charted.id);
    const label = report.month ? monthName(lang, report.month) : quarterName(lang, report.quarter);
    return {
      key: String(report.month ?? report.quarter), label, value: value?.value ?? null, suppressed: Boolean(value?.suppressed),
      highlighted: highlighted(report.month, report.quarter),
    };
  });
  const format = valueFormatter(lang, charted.unit);
  const target = formatTarget(lang, charted.unit, charted.target, charted.targetDirection);
  replaceChildren(body,
    trendLine({
      points, unit: charted.unit, target: charted.target, format, formatTick: (v) => formatTick(lang, charted.unit, v),
      words: { title: `${t(lang, 'trendChart')}: ${indicatorLabel(lang, charted)}`, axis: axisUnit(lang, charted.unit), description: `${state.year} · ${districtName(lang, state.districts, state.district || null)}`, suppressed: t(lang, 'suppressedShort'), noData: t(lang, 'noData'), target: target ? `${t(lang, 'target')} ${target}` : '' },
    }),
    points.some((p) => p.value === null || p.suppressed) ? el('p', { class: 'chart-note' }, t(lang, 'missingLegend')) : null,
    figureTable(t(lang, 'showTable'), [t(lang, 'periodColumn'), indicatorLabel(lang, charted)],
      points.map((p) => [p.label, p.suppressed ? t(lang, 'suppressedShort') : p.value === null ? t(lang, 'noData') : format(p.value)])),
  );
}

function renderNotCarried() {
  const { lang } = state;
  const rows = (state.catalogue ?? []).filter((i) => i.owner === null);
  replaceChildren($('#not-carried-list'), rows.map((i) => {
    const target = formatTarget(lang, i.unit, i.target, i.targetDirection);
    const reason = notCarriedReason(lang, i);
    return el('li', { 'data-indicator': i.id },
      el('strong', {}, indicatorLabel(lang, i)),
      el('span', { class: 'not-carried-figures' }, `${t(lang, 'reported2023')}: ${reportedFigure(lang, i)}${target ? ` · ${t(lang, 'target')} ${target}` : ''}`),
      el('span', { class: 'not-carried-reason', lang: reason.lang }, reason.text),
    );
  }));
}

function currentPeriodName() {
  const { quarter, month } = periodArguments(state.period);
  return `${periodName(state.lang, state.year, quarter, month)} · ${districtName(state.lang, state.districts, state.district || null)}`;
}

function renderStatus() {
  const { lang } = state;
  const lines = [];
  if (state.message) lines.push(state.message(lang));
  else if (state.report) lines.push(t(lang, 'updated', currentPeriodName()));
  for (const error of state.reportErrors) {
    const field = error.path?.[1];
    const problem = { message: error.message, codes: error.extensions?.code ? [error.extensions.code] : ['INTERNAL_SERVER_ERROR'] };
    lines.push(t(lang, 'unavailable', typeof field === 'string' ? groupHeading(lang, field) : t(lang, 'indicators'), problemText(lang, problem)));
  }
  $('#status').textContent = lines.join(' ');
}

function renderDemoBanner() {
  const text = demoBanner(state.lang, state.city);
  $('#demo-banner').hidden = !text;
  $('#demo-banner').textContent = text ?? '';
}

function render() {
  translateStatic();
  renderDemoBanner();
  fillFilters();
  $('#period-label').textContent = state.report ? currentPeriodName() : '';
  $('#footer-note').textContent = t(state.lang, 'footer', state.report?.minCellSize ?? 5);
  renderStatus();
  if (!state.report) return;
  const charted = chartedValue();
  const cityValues = state.report.district && state.cityReport ? new Map(allValues(state.cityReport).map((v) => [v.id, v])) : null;
  replaceChildren($('#groups'), renderGroups(state.report, {
    lang: state.lang, chartIndicator: charted?.id, onChart: chooseChartIndicator, district: state.report.district, cityValues, city: state.city,
  }));
  renderChartChoice();
  renderDistrictChart(charted);
  renderTrendChart(charted);
  renderNotCarried();
}

function askForToken(reason) {
  forgetToken(sessionStorage);
  state.token = null;
  $('#dashboard').hidden = true;
  $('#sign-out').hidden = true;
  $('#token-panel').hidden = false;
  $('#token-reason').textContent = reason ? t(state.lang, reason) : '';
  $('#token-reason').dataset.reason = reason ?? '';
  document.body.dataset.state = 'token';
  $('#token-input').focus();
}

let generation = 0;

/** Fetches the report (and the trend when its year, district or granularity changed), then redraws. */
async function refresh() {
  const mine = ++generation;
  const { quarter, month } = periodArguments(state.period);
  const district = state.district || null;
  const trendKey = `${state.year}|${state.granularity}|${district ?? ''}`;
  document.body.dataset.state = 'loading';
  state.message = (lang) => t(lang, 'loading');
  renderStatus();
  try {
    const [report, trend, cityReport] = await Promise.all([
      runOperation(state.operations, 'DashboardReport', { year: state.year, quarter, month, district }, state.token),
      trendKey === state.trendKey ? null : runOperation(state.operations, 'DashboardTrend', { fromYear: state.year, toYear: state.year, granularity: state.granularity, district }, state.token),
      // A district's tiles compare with the city's figures of the same period; without them they show no comparison.
      district === null ? null : runOperation(state.operations, 'DashboardReport', { year: state.year, quarter, month, district: null }, state.token).catch(() => null),
    ]);
    if (mine !== generation) return; // a newer choice is on its way
    if (!report.data.indicatorReport) {
      const codes = report.errors.map((e) => e.extensions?.code);
      if (codes.includes('FORBIDDEN')) return askForToken('forbidden');
      throw new HubError(report.errors.map((e) => e.message).join('; '), codes.filter(Boolean));
    }
    state.report = report.data.indicatorReport;
    state.reportErrors = report.errors;
    state.cityReport = cityReport?.data.indicatorReport ?? null;
    if (trend) {
      state.trend = trend.data.indicatorTrend ?? [];
      state.trendKey = trendKey;
    }
    state.message = null;
    render();
    document.body.dataset.reportKey = state.report.key;
    document.body.dataset.state = 'ready';
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof TokenRefused) return askForToken('tokenExpired');
    const problem = problemOf(error);
    state.message = (lang) => t(lang, 'failed', problemText(lang, problem));
    renderStatus();
    document.body.dataset.state = 'error';
  }
}

function problemOf(error) {
  if (error instanceof HubError) return { message: error.message, codes: error.codes, status: error.status };
  return { message: error instanceof Error ? error.message : String(error), codes: [] };
}

/**
 * The years whose yearly figures show any data, from the same trend operation
 * the chart uses; when it fails, every year of the plan stays on offer.
 */
async function loadYears() {
  const years = allYears();
  const answer = await runOperation(state.operations, 'DashboardTrend', { fromYear: years.at(-1), toYear: years[0], granularity: 'YEAR', district: null }, state.token);
  const found = answer.data.indicatorTrend ? yearsWithData(answer.data.indicatorTrend) : [];
  if (found.length === 0) return;
  state.years = found;
  if (!found.includes(state.year)) state.year = found[0];
}

async function open() {
  $('#token-panel').hidden = true;
  $('#dashboard').hidden = false;
  $('#sign-out').hidden = false;
  try {
    state.operations ??= await loadOperations();
    if (!state.catalogue) {
      const [{ data, errors }] = await Promise.all([
        runOperation(state.operations, 'DashboardCatalogue', {}, state.token),
        state.years ? null : loadYears().catch((error) => {
          if (error instanceof TokenRefused) throw error;
        }),
      ]);
      if (!data.indicatorCatalogue && errors.some((e) => e.extensions?.code === 'FORBIDDEN')) return askForToken('forbidden');
      state.catalogue = data.indicatorCatalogue ?? [];
      state.districts = new Map((data.districts ?? []).map((d) => [d.code, d]));
    }
  } catch (error) {
    if (error instanceof TokenRefused) return askForToken('tokenExpired');
    const problem = problemOf(error);
    state.message = (lang) => t(lang, 'failed', problemText(lang, problem));
    render();
    document.body.dataset.state = 'error';
    return;
  }
  render();
  await refresh();
}

/** From a tile's button, focus goes back to that button: the redraw replaced it. */
function chooseChartIndicator(id, fromTile = false) {
  state.chartIndicator = id;
  render();
  if (fromTile) document.querySelector(`article.tile[data-indicator="${CSS.escape(id)}"] .tile-chart`)?.focus();
}

function listen() {
  $('#filter-year').addEventListener('change', (event) => {
    state.year = Number(event.target.value);
    void refresh();
  });
  $('#filter-period').addEventListener('change', (event) => {
    state.period = event.target.value;
    void refresh();
  });
  $('#filter-district').addEventListener('change', (event) => {
    state.district = event.target.value;
    void refresh();
  });
  $('#chart-indicator').addEventListener('change', (event) => chooseChartIndicator(event.target.value, false));
  for (const button of document.querySelectorAll('#language button')) {
    button.addEventListener('click', () => {
      state.lang = button.dataset.lang;
      localStorage.setItem(LANGUAGE_KEY, state.lang);
      render();
      if (!$('#token-panel').hidden) $('#token-reason').textContent = $('#token-reason').dataset.reason ? t(state.lang, $('#token-reason').dataset.reason) : '';
    });
  }
  for (const button of document.querySelectorAll('#granularity button')) {
    button.addEventListener('click', () => {
      state.granularity = button.dataset.granularity;
      translateStatic();
      void refresh();
    });
  }
  $('#token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('#token-input').value.trim();
    if (!token) return;
    keepToken(sessionStorage, token);
    state.token = token;
    $('#token-input').value = '';
    void open();
  });
  $('#sign-out').addEventListener('click', () => askForToken(null));
}

function start() {
  listen();
  translateStatic();
  void loadCity().then((city) => {
    state.city = city;
    renderDemoBanner();
  });
  $('#footer-note').textContent = t(state.lang, 'footer', 5);
  state.token = takeToken(location, history, sessionStorage);
  if (!state.token) return askForToken('tokenMissing');
  void open();
}

start();
