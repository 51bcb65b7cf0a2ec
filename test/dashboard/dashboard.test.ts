// The KPI dashboard in a real browser (the headless Chromium of the npm package
// @sparticuz/chromium, driven by playwright-core): opened with an ANALYST token
// in the link, it shows the API's own numbers for the chosen period and
// district, follows the filters, speaks Chinese, asks again for a refused
// token, and never reaches anything but the hub.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { educationDropouts } from '../../connectors/education-dropouts/index.ts';
import { laborReferrals } from '../../connectors/labor-referrals/index.ts';
import { welfareSubsidies } from '../../connectors/welfare-subsidies/index.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { launchChromium } from '../support/chromium.ts';
import { gid } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { untilAvailable } from '../support/indicator-warmup.ts';
import { startTestHub, type GraphQLResponse, type TestHub } from '../support/test-hub.ts';

const RESULTS = path.resolve('test-results');
const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard', roles: ['ANALYST'], purpose: null };

interface Cell { district: string | null; numerator: number | null; denominator: number | null; value: number | null; suppressed: boolean }
interface Value extends Cell { id: string; labelEn: string; labelZh: string; unit: string; target: number | null; targetDirection: string | null; reported2023: string; byDistrict: Cell[] }
interface Operation { hash: string; query: string }
interface Tile { value: string; numerator: string; denominator: string; suppressed: string; shownValue: string; shownNumerator: string | null; label: string }

/** The page's rule for groups, restated: every list field of the report whose items have an id. */
function valuesOf(report: Record<string, unknown>): Value[] {
  return Object.values(report)
    .filter((items): items is Value[] => Array.isArray(items) && items.length > 0 && items.every((i) => i && typeof i === 'object' && 'id' in i))
    .flat();
}

const attribute = (v: number | boolean | null) => (v === null ? '' : String(v));
const english = (n: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(n);

describe('the dashboard at /dashboard', () => {
  let hub: TestHub;
  let folder: string;
  let browser: Browser | undefined;
  let page: Page;
  let token: string;
  let origin: string;
  let operations: Record<string, Operation>;
  const foreignRequests: string[] = [];
  let hubRequests = 0;
  const browserProblems: string[] = [];

  /** Asks the API exactly as the page does: persisted operation text and hash, the same ANALYST token. */
  const api = async (name: string, variables: Record<string, unknown>) => {
    const operation = operations[name]!;
    const response = await hub.post(
      { query: operation.query, variables, operationName: name, extensions: { persistedQuery: { version: 1, sha256Hash: operation.hash } } },
      { authorization: `Bearer ${token}` },
    );
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors).toBeUndefined();
    return body.data!;
  };
  const report = async (variables: Record<string, unknown>) => (await api('DashboardReport', { year: 2023, ...variables })).indicatorReport as Record<string, unknown> & { key: string };

  const shownReport = (key: string) => page.waitForSelector(`body[data-state="ready"][data-report-key="${key}"]`, { timeout: 30_000 });

  const tiles = () =>
    page.$$eval('article.tile[data-indicator]', (nodes) =>
      Object.fromEntries(nodes.map((n) => [n.getAttribute('data-indicator'), {
        value: n.getAttribute('data-value'),
        numerator: n.getAttribute('data-numerator'),
        denominator: n.getAttribute('data-denominator'),
        suppressed: n.getAttribute('data-suppressed'),
        shownValue: n.querySelector('[data-field="value"]')?.textContent ?? '',
        shownNumerator: n.querySelector('[data-field="numerator"]')?.textContent ?? null,
        label: n.querySelector('.tile-label')?.textContent ?? '',
      }])) as Record<string, Tile>,
    );

  /** Every value of the API's report is a tile showing the same numbers, and there is no other tile. */
  const expectTilesToShow = async (expected: Record<string, unknown>) => {
    const values = valuesOf(expected);
    const shown = await tiles();
    expect(Object.keys(shown).sort()).toEqual(values.map((v) => v.id).sort());
    for (const v of values) {
      const tile = shown[v.id]!;
      expect({ id: v.id, value: tile.value, numerator: tile.numerator, denominator: tile.denominator, suppressed: tile.suppressed })
        .toEqual({ id: v.id, value: attribute(v.value), numerator: attribute(v.numerator), denominator: attribute(v.denominator), suppressed: String(v.suppressed) });
      expect(tile.shownValue).toBe(v.suppressed || v.value === null ? '—' : english(v.value));
      if (v.denominator !== null && !v.suppressed) expect(tile.shownNumerator).toBe(english(v.numerator!));
    }
    return values;
  };

  beforeAll(async () => {
    // First, so that a browser that cannot start fails every test at once.
    browser = await launchChromium();
    // Allow-list mode: ANALYST tokens may send manifest operations only, so the page must send exactly those.
    hub = await startTestHub({ persistedOperationsOnly: true });
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-dashboard-'));
    process.env.HUB_WELFARE_DROP_DIR = folder;
    await seedDemoCity(hub.db.url, { scale: 0.005, seed: 11 });
    for (const connector of [welfareSubsidies, educationDropouts, laborReferrals]) {
      await connector.generateDemoSource(hub.db.url);
      await connector.sync(hub.db.url);
    }
    token = await hub.auth.token(ANALYST, { expiresIn: '1h' });
    origin = new URL(hub.server.url).origin;
    operations = (await (await fetch(`${origin}/dashboard/operations.json`)).json()) as Record<string, Operation>;
    // The page's first load asks for every year of the plan (2018 to this year, dashboard.js loadYears) and for 2023: audited once here (indicator-warmup.ts), so the page's own waits time the page.
    for (const [name, variables] of [['DashboardTrend', { fromYear: 2018, toYear: new Date().getFullYear(), granularity: 'YEAR', district: null }], ['DashboardReport', { year: 2023 }]] as const) {
      const operation = operations[name]!;
      const send = async () =>
        (await (await hub.post({ query: operation.query, variables, operationName: name, extensions: { persistedQuery: { version: 1, sha256Hash: operation.hash } } }, { authorization: `Bearer ${token}` })).json()) as GraphQLResponse;
      expect((await untilAvailable(send)).errors).toBeUndefined();
    }

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1360, height: 900 } });
    // Offline proof: whatever the page asks for outside the hub is refused and recorded.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) {
        hubRequests += 1;
        return route.continue();
      }
      foreignRequests.push(url);
      return route.abort('blockedbyclient');
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') browserProblems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserProblems.push(`page error: ${error.message}`));
    await mkdir(RESULTS, { recursive: true });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
    delete process.env.HUB_WELFARE_DROP_DIR;
  });

  it('serves the page with a strict Content-Security-Policy, no referrer, and the three persisted dashboard operations', async () => {
    const response = await fetch(`${origin}/dashboard`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "form-action 'none'"]) expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);

    const manifest = JSON.parse(await readFile('src/client/persisted-documents.json', 'utf8')) as Record<string, string>;
    expect(Object.keys(operations).sort()).toEqual(['DashboardCatalogue', 'DashboardReport', 'DashboardTrend']);
    for (const operation of Object.values(operations)) {
      expect(createHash('sha256').update(operation.query).digest('hex')).toBe(operation.hash);
      expect(manifest[`sha256:${operation.hash}`]).toBe(operation.query);
    }
    expect((await fetch(`${origin}/dashboard/assets/router.ts`)).status).toBe(404);
    expect((await fetch(`${origin}/dashboard/assets/dashboard.js`)).headers.get('content-type')).toMatch(/javascript/);
  });

  it('shows every indicator the API computes for 2023 with the API’s numbers, the district comparison, the trend and what is not carried', async () => {
    const expected = await report({});
    await page.goto(`${origin}/dashboard#token=${encodeURIComponent(token)}`);
    await shownReport(expected.key);
    // The token leaves the address bar at once.
    expect(page.url()).toBe(`${origin}/dashboard`);

    const values = await expectTilesToShow(expected);
    expect(values.length).toBeGreaterThan(15);
    const rate = values.find((v) => v.id === 'SCHOOL_REFERRALS_OPENED')!;
    const rateTile = page.locator('[data-indicator="SCHOOL_REFERRALS_OPENED"]');
    await expect(rateTile.locator('.tile-unit').textContent()).resolves.toBe('%');
    expect(rate.targetDirection).toBe('AT_LEAST');
    await expect(rateTile.locator('.tile-target').textContent()).resolves.toBe(`Target ≥ ${english(rate.target!)}%`);
    await expect(rateTile.locator('.tile-reported').textContent()).resolves.toBe(`2023 reported: ${rate.reported2023}`);
    if (!rate.suppressed) await expect(rateTile.locator('[data-field="standing"]').textContent()).resolves.toMatch(/^Target (not )?met$/);
    const reReports = values.find((v) => v.id === 'PROTECTIVE_RE_REPORT_RATE')!;
    expect(reReports.targetDirection).toBe('AT_MOST');
    await expect(page.locator('[data-indicator="PROTECTIVE_RE_REPORT_RATE"] .tile-target').textContent()).resolves.toBe(`Target ≤ ${english(reReports.target!)}%`);
    await expect(page.locator('[data-indicator="VULNERABLE_FAMILY_SERVICES"] [data-field="standing"]').textContent()).resolves.toBe('No target');

    // The district comparison: one bar per district of the charted indicator's breakdown, suppressed ones marked.
    const expectBarsOf = async (value: Value) => {
      const bars = await page.$$eval('#district-chart g.bar', (nodes) => Object.fromEntries(nodes.map((n) => [n.getAttribute('data-district'), { value: n.getAttribute('data-value'), suppressed: n.getAttribute('data-suppressed') }])));
      expect(Object.keys(bars).length).toBeGreaterThanOrEqual(29);
      for (const cell of value.byDistrict) expect(bars[cell.district!]).toEqual({ value: cell.suppressed ? '' : attribute(cell.value), suppressed: String(cell.suppressed) });
    };
    const charted = values.find((v) => v.id === 'VULNERABLE_FAMILY_SERVICES')!;
    await expect(page.locator('#chart-indicator').inputValue()).resolves.toBe(charted.id);
    await expectBarsOf(charted);
    expect(await page.locator('#district-chart g.bar[data-suppressed="true"]').count()).toBe(charted.byDistrict.filter((c) => c.suppressed).length);

    const trend = (await api('DashboardTrend', { fromYear: 2023, toYear: 2023, granularity: 'MONTH', district: null })).indicatorTrend as Record<string, unknown>[];
    const points = await page.$$eval('#trend-chart g.trend-point', (nodes) => nodes.map((n) => n.getAttribute('data-value')));
    expect(points).toEqual(trend.map((r) => {
      const v = valuesOf(r).find((x) => x.id === charted.id)!;
      return v.suppressed ? '' : attribute(v.value);
    }));

    await page.click('#granularity button[data-granularity="QUARTER"]');
    const quarters = (await api('DashboardTrend', { fromYear: 2023, toYear: 2023, granularity: 'QUARTER', district: null })).indicatorTrend as Record<string, unknown>[];
    await page.waitForFunction(() => document.querySelectorAll('#trend-chart g.trend-point').length === 4 && document.body.dataset.state === 'ready');
    expect(await page.$$eval('#trend-chart g.trend-point', (nodes) => nodes.map((n) => n.getAttribute('data-value')))).toEqual(quarters.map((r) => {
      const v = valuesOf(r).find((x) => x.id === charted.id)!;
      return v.suppressed ? '' : attribute(v.value);
    }));
    await page.click('#granularity button[data-granularity="MONTH"]');
    await page.waitForFunction(() => document.querySelectorAll('#trend-chart g.trend-point').length === 12 && document.body.dataset.state === 'ready');

    // A tile's button charts its indicator, with its target drawn.
    await page.click('[data-indicator="SCHOOL_REFERRALS_OPENED"] button.tile-chart');
    await expect(page.locator('#chart-indicator').inputValue()).resolves.toBe('SCHOOL_REFERRALS_OPENED');
    await expect(page.locator('[data-indicator="SCHOOL_REFERRALS_OPENED"] button.tile-chart').getAttribute('aria-pressed')).resolves.toBe('true');
    // The redraw keeps keyboard focus on the button pressed.
    await expect(page.evaluate(() => document.activeElement?.closest('[data-indicator]')?.getAttribute('data-indicator'))).resolves.toBe('SCHOOL_REFERRALS_OPENED');
    await expectBarsOf(rate);
    expect(await page.locator('#district-chart .target-line').count()).toBe(1);
    await page.selectOption('#chart-indicator', charted.id);

    const catalogue = (await api('DashboardCatalogue', {})).indicatorCatalogue as { id: string; owner: string | null }[];
    const notCarried = await page.$$eval('#not-carried-list li', (nodes) => nodes.map((n) => n.getAttribute('data-indicator')));
    expect(notCarried).toEqual(catalogue.filter((i) => i.owner === null).map((i) => i.id));

    await page.screenshot({ path: path.join(RESULTS, 'dashboard.png'), fullPage: true });
  });

  it('follows the district and period filters to the API’s numbers for that district and period', async () => {
    const cityWide = valuesOf(await report({}));
    const services = cityWide.find((v) => v.id === 'VULNERABLE_FAMILY_SERVICES')!;
    const busiest = services.byDistrict.filter((c) => !c.suppressed && c.district !== 'UNKNOWN').sort((a, b) => b.numerator! - a.numerator!)[0]!;

    const inDistrict = await report({ district: busiest.district });
    await page.selectOption('#filter-district', busiest.district!);
    await shownReport(inDistrict.key);
    const districtValues = await expectTilesToShow(inDistrict);
    const districtServices = districtValues.find((v) => v.id === 'VULNERABLE_FAMILY_SERVICES')!;
    expect(districtServices.numerator).toBe(busiest.numerator);
    expect(districtServices.numerator).toBeLessThan(services.numerator!);
    await expect(page.locator(`#district-chart g.bar.selected`).getAttribute('data-district')).resolves.toBe(busiest.district);

    const quarter = await report({ district: busiest.district, quarter: 2 });
    await page.selectOption('#filter-period', 'Q2');
    await shownReport(quarter.key);
    const quarterValues = await expectTilesToShow(quarter);
    expect(quarterValues.find((v) => v.id === 'VULNERABLE_FAMILY_SERVICES')!.numerator).toBeLessThanOrEqual(districtServices.numerator!);

    const month = await report({ district: busiest.district, month: 3 });
    await page.selectOption('#filter-period', 'M3');
    await shownReport(month.key);
    await expectTilesToShow(month);

    await page.selectOption('#filter-period', 'year');
    await page.selectOption('#filter-district', '');
    await shownReport((await report({})).key);
  });

  it('switches to Chinese: labels from labelZh, district names in Chinese, UI words in Chinese', async () => {
    const values = valuesOf(await report({}));
    const districts = (await api('DashboardCatalogue', {})).districts as { code: string; nameZh: string }[];
    await page.click('#language button[data-lang="zh"]');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-Hant-TW');
    await expect(page.locator('h1').textContent()).resolves.toBe('社會安全網績效指標');
    const labels = Object.fromEntries(Object.entries(await tiles()).map(([id, tile]) => [id, tile.label]));
    expect(labels).toEqual(Object.fromEntries(values.map((v) => [v.id, v.labelZh])));
    expect(labels.VULNERABLE_FAMILY_SERVICES).toBe('脆弱家庭服務件數');
    const options = await page.$$eval('#filter-district option', (nodes) => nodes.map((n) => n.textContent));
    expect(options).toEqual(['全市(所有行政區)', ...districts.map((d) => d.nameZh)]);
    const rate = values.find((v) => v.id === 'SCHOOL_REFERRALS_OPENED')!;
    await expect(page.locator('[data-indicator="SCHOOL_REFERRALS_OPENED"] .tile-target').textContent()).resolves.toBe(`目標 ≥ ${rate.target}%`);
    await page.screenshot({ path: path.join(RESULTS, 'dashboard-zh.png'), fullPage: true });
    await page.click('#language button[data-lang="en"]');
    await expect(page.locator('h1').textContent()).resolves.toBe('Safety net indicators');
  });

  it('serves its own Chinese web font from the npm package, cached for long, and the page loads it', async () => {
    const csp = (await fetch(`${origin}/dashboard`)).headers.get('content-security-policy')!;
    expect(csp).toContain("font-src 'self'");
    const css = await (await fetch(`${origin}/dashboard/assets/dashboard.css`)).text();
    const files = [...css.matchAll(/url\("?(\/dashboard\/fonts\/[^")]+)"?\)/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const response = await fetch(`${origin}${file}`);
      expect({ file, status: response.status, type: response.headers.get('content-type') }).toEqual({ file, status: 200, type: 'font/woff2' });
      expect(Number(/max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1])).toBeGreaterThanOrEqual(30 * 24 * 3600);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    }
    expect((await fetch(`${origin}/dashboard/fonts/noto-sans-tc-100-400-normal.woff2`)).status).toBe(404);

    await page.click('#language button[data-lang="zh"]');
    try {
      const loaded = await page.evaluate(async () => {
        await document.fonts.load('16px "Noto Sans TC"', '社會安全網');
        await document.fonts.ready;
        return {
          check: document.fonts.check('16px "Noto Sans TC"', '社會安全網'),
          faces: [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Noto Sans TC').map((f) => `${f.weight}:${f.status}`),
        };
      });
      expect(loaded.check).toBe(true);
      expect(loaded.faces).toContain('400:loaded');
      // Which font the browser drew the heading and the reasons with (DevTools protocol, no pixels): the served one, for every character.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument');
      for (const selector of ['h1', '#demo-banner', 'article.tile .tile-label', '#not-carried-list li .not-carried-reason']) {
        const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        const text = await page.locator(selector).first().textContent();
        const ideographs = (text ?? '').match(/[\u3400-\u9fff]/g)?.length ?? 0;
        // The file names its family "Noto Sans TC Thin" inside; isCustomFont says it is the web font, not one of the
        // machine's. Latin letters and ASCII punctuation stay with the system font.
        const served = fonts.filter((f) => f.isCustomFont && f.familyName.startsWith('Noto Sans TC')).reduce((sum, f) => sum + f.glyphCount, 0);
        expect({ selector, ideographs: ideographs > 0, drawnByServedFont: served >= ideographs }).toEqual({ selector, ideographs: true, drawnByServedFont: true });
      }
      await cdp.detach();
    } finally {
      await page.click('#language button[data-lang="en"]');
    }
  });

  it('shows nothing English in Chinese: reasons, reported figures, units, notes, tooltips, buttons', async () => {
    await page.click('#language button[data-lang="zh"]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hant-TW');
    let english: string[];
    try {
      english = await page.evaluate(() => {
        // The language switch names English in English, and the token command is a command.
        const allowed = /^(English|ANALYST|HTTP|npm run -s token -- --unit SOCIAL --role ANALYST --sub dashboard)$/;
        const seen: string[] = [];
        const visible = (node: Element) => !node.closest('[hidden]');
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement!;
          if (!visible(parent) || parent.closest('code')) continue;
          seen.push(node.textContent ?? '');
        }
        for (const node of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
          if (!visible(node)) continue;
          for (const name of ['title', 'aria-label', 'placeholder']) seen.push(node.getAttribute(name) ?? '');
        }
        seen.push(document.title);
        return seen.flatMap((text) => (text.match(/[A-Za-z][A-Za-z_-]+/g) ?? []).filter((word) => !allowed.test(word)));
      });
    } finally {
      await page.click('#language button[data-lang="en"]');
    }
    expect(english).toEqual([]);
  });

  it('says it shows a demo city, and that the reported figures of the real city are not comparable with it', async () => {
    const banner = page.locator('#demo-banner');
    await expect(banner.isVisible()).resolves.toBe(true);
    await expect(banner.textContent()).resolves.toMatch(/^Demo data \(a simulated city, not real cases\)/);
    const reported = page.locator('[data-indicator="VULNERABLE_FAMILY_SERVICES"] .tile-reported');
    await expect(reported.textContent()).resolves.toMatch(/^2023 reported: 28,960.*0\.5% .*not comparable/);
    await page.click('#language button[data-lang="zh"]');
    try {
      await expect(banner.textContent()).resolves.toContain('示範資料 (模擬城市, 非真實個案)');
      await expect(reported.textContent()).resolves.toMatch(/^112年度填報:\s?28,960.*0\.5%.*無法/);
    } finally {
      await page.click('#language button[data-lang="en"]');
    }
  });

  it('in a district, sets a count beside its share of the city and a rate beside the city’s rate, never beside the city-wide count', async () => {
    const cityWide = valuesOf(await report({}));
    const services = cityWide.find((v) => v.id === 'VULNERABLE_FAMILY_SERVICES')!;
    const busiest = services.byDistrict.filter((c) => !c.suppressed && c.district !== 'UNKNOWN').sort((a, b) => b.numerator! - a.numerator!)[0]!;
    const inDistrict = await report({ district: busiest.district });
    await page.selectOption('#filter-district', busiest.district!);
    await shownReport(inDistrict.key);
    const tile = page.locator('[data-indicator="VULNERABLE_FAMILY_SERVICES"]');
    await expect(tile.locator('.tile-reported').count()).resolves.toBe(0);
    const share = Math.round((busiest.value! / services.value!) * 1000) / 10;
    await expect(tile.locator('.tile-comparison').textContent()).resolves.toBe(`${english(share)}% of the city’s ${english(services.value!)}`);
    // A rate: beside the city's rate when both are shown, else beside nothing.
    for (const rate of cityWide.filter((v) => v.unit === 'PERCENT')) {
      const here = valuesOf(inDistrict).find((v) => v.id === rate.id)!;
      const comparison = page.locator(`[data-indicator="${rate.id}"] .tile-comparison`);
      if (!rate.suppressed && rate.value !== null && !here.suppressed && here.value !== null) await expect(comparison.textContent()).resolves.toBe(`City: ${english(rate.value)}%`);
      else await expect(comparison.count()).resolves.toBe(0);
    }
    const shownText = await page.locator('#groups').textContent();
    expect(shownText).not.toContain(services.reported2023);
    await page.selectOption('#filter-district', '');
    await shownReport((await report({})).key);
  });

  it('offers only the years in which the hub has data', async () => {
    const thisYear = Math.max(new Date().getFullYear(), 2023);
    const trend = (await api('DashboardTrend', { fromYear: 2018, toYear: thisYear, granularity: 'YEAR', district: null })).indicatorTrend as (Record<string, unknown> & { year: number })[];
    const withData = trend.filter((r) => valuesOf(r).some((v) => !v.suppressed && (v.value ?? 0) > 0)).map((r) => r.year).sort((a, b) => b - a);
    expect(withData).toContain(2023);
    expect(withData.length).toBeLessThan(thisYear - 2018 + 1);
    await page.waitForFunction((count) => document.querySelectorAll('#filter-year option').length === count, withData.length);
    const years = await page.$$eval('#filter-year option', (nodes) => nodes.map((n) => Number((n as HTMLOptionElement).value)));
    expect(years).toEqual(withData);
  });

  it('asks for a new token when the hub refuses the one in the link, and opens with the pasted one', async () => {
    const expired = await hub.auth.token(ANALYST, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const other = await page.context().newPage();
    try {
      await other.goto(`${origin}/dashboard#token=${encodeURIComponent(expired)}`);
      await other.waitForSelector('body[data-state="token"]');
      await expect(other.locator('#token-reason').textContent()).resolves.toBe('The token was refused or has expired. Paste a new one.');
      await expect(other.locator('#dashboard').isHidden()).resolves.toBe(true);
      await other.fill('#token-input', token);
      await other.click('#token-form button[type="submit"]');
      await other.waitForSelector(`body[data-state="ready"][data-report-key="${(await report({})).key}"]`);
      expect(await other.locator('article.tile').count()).toBeGreaterThan(15);
    } finally {
      await other.close();
    }
  });

  it('gives the same ANALYST token no person: neither an ad-hoc query nor a manifest operation returns person data', async () => {
    const manifest = JSON.parse(await readFile('src/client/persisted-documents.json', 'utf8')) as Record<string, string>;
    const familiesKey = Object.keys(manifest).find((key) => /query FamiliesByCase\b/.test(manifest[key]!))!;
    // Without a purpose the person-level operation is refused before it runs; with one, the policy refuses the field.
    for (const [purpose, refusal] of [[null, 'BAD_USER_INPUT'], ['CASE_WORK', 'FORBIDDEN']] as const) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose-of-use': purpose } : {}) };
      const adHoc = (await (await hub.post({ query: 'query ($id: ID!) { person(id: $id) { name nationalId birthDate } }', variables: { id: gid('Person', 1) } }, headers)).json()) as GraphQLResponse;
      expect(adHoc.data?.person ?? null).toBeNull();
      expect(adHoc.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
      // A reviewed operation of the case-work client passes the allow-list; the policy still refuses the analyst.
      const families = (await (await hub.post({
        query: manifest[familiesKey], variables: { first: 5 }, operationName: 'FamiliesByCase',
        extensions: { persistedQuery: { version: 1, sha256Hash: familiesKey.replace(/^sha256:/, '') } },
      }, headers)).json()) as GraphQLResponse;
      expect(families.data?.families ?? null).toBeNull();
      expect(families.errors?.map((e) => e.extensions?.code)).toEqual([refusal]);
    }
  });

  it('asked for nothing outside the hub and logged no error in the browser', () => {
    expect(hubRequests).toBeGreaterThan(10); // the interception saw the page's traffic, so its silence means something
    expect(foreignRequests).toEqual([]);
    expect(browserProblems).toEqual([]);
  });
});
