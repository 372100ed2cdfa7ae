// Shared helpers of the browser tests: one headless Chromium per test file (Debian's, driven
// through playwright-core; never a downloaded browser), the app opened at BASE_URL, and
// small readers for the contract hooks (data-testid attributes, `window.__atlas`).
//
// Run through `cargo xtask test`, which serves the release build and sets BASE_URL and
// CHROMIUM_PATH. By hand: serve the app (`cargo xtask serve`, fixtures are not served
// there) and `BASE_URL=http://127.0.0.1:8080/ node --test --test-concurrency=1 *.test.mjs`.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.join(HERE, 'artifacts');
export const REPO = path.resolve(HERE, '..', '..');

/** The served app, always with a trailing slash. */
export const BASE_URL = (() => {
  const b = process.env.BASE_URL || 'http://127.0.0.1:8080/';
  return b.endsWith('/') ? b : `${b}/`;
})();

/** Generous: 2 cores, a release wasm that loads in 1–2 s, other test files before us. */
export const TIMEOUT = 30_000;
/** Per-test timeout for node:test (`it(name, { timeout: TEST_TIMEOUT }, fn)`). */
export const TEST_TIMEOUT = 90_000;

export const CANVAS = 'canvas[data-testid=map-canvas]';

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: TIMEOUT,
  });
}

/**
 * Open the app at `${BASE_URL}?${query}` in a fresh context and wait until
 * `[data-testid=app]` reaches `data-state=ready` (or `error` with `{expectError: true}`).
 *
 * `errors` collects uncaught page errors and console errors; `requests` every request URL.
 * `allowConsoleErrors`: [{text: RegExp, url: RegExp}] console errors that the browser itself
 * logs for an expected failure (e.g. "Failed to load resource: … 404" for a missing file);
 * only these exact messages are let through, each one is still listed in `allowed`.
 */
export async function openApp(browser, query = '', options = {}) {
  const {
    expectError = false,
    allowConsoleErrors = [],
    viewport = { width: 1280, height: 800 },
  } = options;
  const context = await browser.newContext({ viewport, locale: 'de-DE' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  const allowed = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.stack || e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location()?.url || '';
    const text = m.text();
    if (allowConsoleErrors.some((a) => a.text.test(text) && (!a.url || a.url.test(url)))) {
      allowed.push(`${text} (${url})`);
    } else {
      errors.push(`console.error: ${text}${url ? ` (${url})` : ''}`);
    }
  });
  page.on('request', (r) => requests.push(r.url()));

  const url = query ? `${BASE_URL}?${query}` : BASE_URL;
  await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
  const want = expectError ? 'error' : 'ready';
  try {
    await page.waitForSelector(
      '[data-testid=app][data-state=ready], [data-testid=app][data-state=error]',
      { timeout: TIMEOUT },
    );
  } catch (e) {
    const state = await page
      .evaluate(() => document.querySelector('[data-testid=app]')?.getAttribute('data-state') ?? 'no [data-testid=app]')
      .catch(() => '?');
    throw new Error(
      `app at ${url} did not become ready or error (state: ${state}); page errors: ${JSON.stringify(errors)}`,
      { cause: e },
    );
  }
  const state = await page.getAttribute('[data-testid=app]', 'data-state');
  if (state !== want) {
    const message = await page
      .evaluate(() => document.querySelector('[data-testid=error]')?.innerText ?? '')
      .catch(() => '');
    throw new Error(
      `app at ${url}: expected data-state=${want}, got ${state}${message ? `: ${message}` : ''}; page errors: ${JSON.stringify(errors)}`,
    );
  }
  return { page, context, errors, allowed, requests };
}

/** Save a PNG of the viewport to tests/e2e/artifacts/<name>.png; returns the path. */
export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  assert.ok(fs.statSync(file).size > 1000, `screenshot ${file} is (nearly) empty`);
  return file;
}

/** Fail on any request to another origin than `base` (data: and blob: URLs are fine). */
export function assertSameOrigin(requests, base = BASE_URL) {
  const origin = new URL(base).origin;
  const foreign = requests.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false;
    try {
      return new URL(u).origin !== origin;
    } catch {
      return true;
    }
  });
  assert.deepEqual(foreign, [], `requests to other origins than ${origin}`);
}

/** Every test ends with this: no page or console errors, only same-origin requests. */
export function assertClean(app) {
  assert.deepEqual(app.errors, [], 'page errors or console errors');
  assertSameOrigin(app.requests);
}

/** Retry `fn` (sync or async) until it returns a truthy value; returns that value. */
export async function poll(fn, { timeout = TIMEOUT, interval = 50, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Let the page run `n` animation frames (the map draws in the next frame after a change). */
export async function frames(page, n = 2) {
  await page.evaluate(
    (n) =>
      new Promise((resolve) => {
        const step = (k) => (k <= 0 ? resolve() : requestAnimationFrame(() => step(k - 1)));
        step(n);
      }),
    n,
  );
}

/** `data-draw-count` of the map canvas as a number (NaN when missing). */
export async function drawCount(page) {
  return Number(await page.getAttribute(CANVAS, 'data-draw-count'));
}

/** Numeric attribute of the map canvas. */
export async function canvasAttr(page, name) {
  const v = await page.getAttribute(CANVAS, name);
  assert.ok(v !== null, `${CANVAS} has no ${name} attribute`);
  return Number(v);
}

/**
 * Run `action`, then wait until the map has drawn at least one new frame after it, plus
 * one more frame so that everything caused by the change has landed.
 */
export async function afterRedraw(page, action) {
  const before = await drawCount(page);
  await action();
  await poll(async () => (await drawCount(page)) > before, { message: 'a new map frame (data-draw-count)' });
  await frames(page, 2);
}

/** Wait until the map has drawn its first frame. */
export async function waitForMap(page) {
  await poll(async () => (await drawCount(page)) >= 1, { message: 'the first map frame (data-draw-count >= 1)' });
  await frames(page, 2);
}

/**
 * Viewport (client) coordinates of district `key`'s screen point: `window.__atlas.screenPoint`
 * (CSS px from the canvas's top-left) plus the canvas's bounding box. These are the
 * coordinates `page.mouse` takes. Asserts the point lies on the canvas.
 */
export async function districtPoint(page, key) {
  return (await districtPoints(page, [key]))[key];
}

/** `districtPoint` for several keys in one round trip: {key: {x, y}}. */
export async function districtPoints(page, keys) {
  await page.locator(CANVAS).scrollIntoViewIfNeeded();
  const r = await page.evaluate(
    ({ keys, sel }) => {
      const c = document.querySelector(sel);
      if (!c) return null;
      const b = c.getBoundingClientRect();
      const box = { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
      return keys.map((key) => {
        const p = window.__atlas?.screenPoint(key);
        return { key, p: p ?? null, x: p ? b.left + p[0] : NaN, y: p ? b.top + p[1] : NaN, box };
      });
    },
    { keys, sel: CANVAS },
  );
  assert.ok(r, 'no map canvas');
  const out = {};
  for (const { key, p, x, y, box } of r) {
    assert.ok(Array.isArray(p) && p.length === 2 && p.every(Number.isFinite),
      `window.__atlas.screenPoint(${JSON.stringify(key)}) gave ${JSON.stringify(p)}`);
    assert.ok(x >= box.left && x < box.right && y >= box.top && y < box.bottom,
      `district ${key} point (${x}, ${y}) lies outside the canvas ${JSON.stringify(box)}`);
    out[key] = { x, y };
  }
  return out;
}

/**
 * The colour of the map canvas's pixel under viewport point (x, y), read with getImageData.
 * The backing store may be larger than the CSS box (devicePixelRatio): scale by the
 * canvas's own width/clientWidth ratio. Returns {r, g, b, a, hex}.
 */
export async function canvasPixel(page, x, y) {
  return (await canvasPixels(page, [{ x, y }]))[0];
}

/** `canvasPixel` for several points in one round trip. */
export async function canvasPixels(page, points) {
  return page.evaluate(
    ({ points, sel }) => {
      const c = document.querySelector(sel);
      const b = c.getBoundingClientRect();
      const sx = c.width / c.clientWidth;
      const sy = c.height / c.clientHeight;
      const ctx = c.getContext('2d');
      return points.map(({ x, y }) => {
        const px = Math.floor((x - b.left - c.clientLeft) * sx);
        const py = Math.floor((y - b.top - c.clientTop) * sy);
        const d = ctx.getImageData(px, py, 1, 1).data;
        const hex = `#${[d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
        return { r: d[0], g: d[1], b: d[2], a: d[3], hex };
      });
    },
    { points, sel: CANVAS },
  );
}

/**
 * What the map shows for `keys`: the fill each district is drawn with (`fillOf`) and the
 * canvas pixel at its point. {key: {fill, pixel}}
 */
export async function mapSnapshot(page, keys) {
  const fills = await fillsOf(page, keys);
  const points = await districtPoints(page, keys);
  const pixels = await canvasPixels(page, keys.map((k) => points[k]));
  return Object.fromEntries(keys.map((k, i) => [k, { fill: fills[k], pixel: pixels[i] }]));
}

/**
 * Assert that the map was recoloured between two snapshots: at least `min` districts have a
 * new fill, and on the canvas at least one district's pixel went from its old fill colour to
 * its new one (a point may be covered by a symbol, so not every one is checked).
 * Returns the keys whose fill changed.
 */
export function assertRecolored(before, after, { min = 5, what = 'the change' } = {}) {
  const keys = Object.keys(before);
  for (const k of keys) assert.match(after[k].fill ?? '', /^#[0-9a-f]{6}$/i, `fillOf(${k}) after ${what}`);
  const changed = keys.filter((k) => before[k].fill.toLowerCase() !== after[k].fill.toLowerCase());
  assert.ok(changed.length >= min, `${what}: only ${changed.length} of ${keys.length} districts changed fill (want >= ${min})`);
  const onCanvas = changed.filter((k) => pixelIs(before[k].pixel, before[k].fill) && pixelIs(after[k].pixel, after[k].fill));
  assert.ok(onCanvas.length >= 1,
    `${what}: no district's canvas pixel changed from its old to its new fill (checked ${changed.length}; ` +
    `e.g. ${changed.slice(0, 3).map((k) => `${k}: ${before[k].fill}->${after[k].fill}, pixel ${before[k].pixel.hex}->${after[k].pixel.hex}`).join('; ')})`);
  return changed;
}

/** `window.__atlas.fillOf(key)` for each key: {key: '#rrggbb'}. */
export async function fillsOf(page, keys) {
  return page.evaluate((keys) => Object.fromEntries(keys.map((k) => [k, window.__atlas.fillOf(k)])), keys);
}

export async function viewportOf(page) {
  return page.evaluate(() => window.__atlas.viewport());
}

export function hexToRgb(hex) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  assert.ok(m, `not a #rrggbb colour: ${hex}`);
  return { r: parseInt(m[1], 16), g: parseInt(m[2], 16), b: parseInt(m[3], 16) };
}

/** Does pixel `px` ({r,g,b,a}) show colour `hex` (opaque, within `tol` per channel)? */
export function pixelIs(px, hex, tol = 3) {
  const c = hexToRgb(hex);
  return px.a === 255 && Math.abs(px.r - c.r) <= tol && Math.abs(px.g - c.g) <= tol && Math.abs(px.b - c.b) <= tol;
}

/**
 * Parse a number as the UI prints it: German `1.234,5`, English `1,234.5`, with a typographic
 * minus (U+2212) or a plus sign. Returns NaN when there is no number.
 */
export function parseUiNumber(text, lang = 'de') {
  const m = /[+\-\u2212]?\d[\d.,]*/.exec(String(text).replace(/\u00a0|\u202f/g, ' '));
  if (!m) return NaN;
  let t = m[0].replace('\u2212', '-').replace(/[.,]$/, '');
  t = lang === 'de' ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  return Number(t);
}

/** All numbers in a text (e.g. a legend range `−13,9 – +2,1`), as the UI prints them. */
export function parseUiNumbers(text, lang = 'de') {
  const s = String(text).replace(/\u00a0|\u202f/g, ' ');
  return [...s.matchAll(/[+\-\u2212]?\d[\d.,]*\d|[+\-\u2212]?\d/g)].map((m) => parseUiNumber(m[0], lang));
}

/** The legend as data: classes [{text, count, color}] and the no-data count (0 if none). */
export async function legendOf(page) {
  return page.evaluate(() => {
    const legend = document.querySelector('[data-testid=legend]');
    if (!legend) return null;
    // The text of each child element separately: spans sit side by side without spaces, and
    // "−13,9 – +2,1" next to "34 Gebiete" must not read as one number.
    const parts = (el) => (el.children.length ? [...el.children].map((c) => c.textContent.trim()) : [el.textContent.trim()]);
    const classes = [...legend.querySelectorAll('[data-testid=legend-class]')].map((li) => ({
      text: parts(li).filter(Boolean).join(' | '),
      count: Number(li.getAttribute('data-count')),
      color: li.getAttribute('data-color'),
    }));
    const nd = legend.querySelector('[data-testid=legend-nodata]');
    // Values withheld by small-number protection are counted apart from "no data".
    const sp = legend.querySelector('[data-testid=legend-suppressed]');
    return {
      classes,
      noData: nd ? Number(nd.getAttribute('data-count')) : 0,
      suppressed: sp ? Number(sp.getAttribute('data-count')) : 0,
      text: legend.textContent,
    };
  });
}

export function legendTotal(legend) {
  return legend.classes.reduce((s, c) => s + c.count, 0) + legend.noData + (legend.suppressed || 0);
}

/** Show the right panel's table tab and wait for its rows. */
export async function showTable(page) {
  await page.click('[data-testid=tab-table]');
  await page.waitForSelector('[data-testid=district-table] tr[data-key]');
}

/** Show the right panel's details tab. */
export async function showDetails(page) {
  await page.click('[data-testid=tab-details]');
}

/** Choose `value` in the `<select>` with data-testid `testid` and wait for the map to redraw. */
export async function choose(page, testid, value) {
  await afterRedraw(page, () => page.selectOption(`[data-testid=${testid}]`, value));
  assert.equal(await page.inputValue(`[data-testid=${testid}]`), value, `${testid} did not take the value ${value}`);
}

/** Performance marks named `name`, counted. */
export async function markCount(page, name) {
  return page.evaluate((n) => performance.getEntriesByName(n).length, name);
}

// ---------------------------------------------------------------------------------------
// The committed dataset (the served build copies data/ as it is), for expectations that
// follow from the data rather than from the app.

let repoData;
/** {keys, names: {key: name}, value(key, indicator, year) → number|null} */
export function dortmund() {
  if (repoData) return repoData;
  const dir = path.join(REPO, 'data', 'dortmund');
  const boundaries = JSON.parse(fs.readFileSync(path.join(dir, 'boundaries.geojson'), 'utf8'));
  const keys = boundaries.features.map((f) => String(f.properties.key));
  const names = Object.fromEntries(boundaries.features.map((f) => [String(f.properties.key), f.properties.name]));
  const [head, ...lines] = fs.readFileSync(path.join(dir, 'indicators.csv'), 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  const rows = new Map();
  for (const line of lines) {
    const cells = line.split(',');
    rows.set(`${cells[0]}/${cells[1]}`, Object.fromEntries(cols.map((c, i) => [c, cells[i]])));
  }
  const value = (key, indicator, year) => {
    const cell = rows.get(`${key}/${year}`)?.[indicator];
    return cell === undefined || cell.trim() === '' ? null : Number(cell);
  };
  repoData = { keys, names, value };
  return repoData;
}

// ---------------------------------------------------------------------------------------
// Targeting (need index, priorities, stages, allocation): readers and setters for the
// targeting contract hooks.

let repoTargeting;
/** `targeting` of the committed data/dortmund/dataset.json (stages, default need index). */
export function dortmundTargeting() {
  if (repoTargeting) return repoTargeting;
  const file = path.join(REPO, 'data', 'dortmund', 'dataset.json');
  repoTargeting = JSON.parse(fs.readFileSync(file, 'utf8')).targeting;
  assert.ok(repoTargeting, `${file} has no targeting section`);
  return repoTargeting;
}

/** The stage `id` of the committed dataset's targeting.stages. */
export function stageOf(id) {
  const s = dortmundTargeting().stages.find((x) => x.id === id);
  assert.ok(s, `dataset.json targeting.stages has no stage ${id}`);
  return s;
}

/**
 * Choose analysis `value` (indicator | need | priorities | allocation). For anything but
 * `indicator`, wait until the ranking tab is shown and its content for that analysis is there.
 */
export async function chooseAnalysis(page, value) {
  await page.selectOption('[data-testid=analysis-select]', value);
  assert.equal(await page.inputValue('[data-testid=analysis-select]'), value, `analysis-select did not take ${value}`);
  const table = { need: 'need-ranking', priorities: 'priority-list', allocation: 'allocation-table' }[value];
  if (table) {
    await poll(async () => (await page.getAttribute('[data-testid=tab-ranking]', 'aria-selected')) === 'true',
      { message: `tab-ranking selected after choosing the ${value} analysis` });
    await page.waitForSelector(`table[data-testid=${table}]`);
  }
  await frames(page, 3);
}

/** Show the right panel's ranking tab (need ranking / priorities / allocation). */
export async function showRanking(page) {
  await page.click('[data-testid=tab-ranking]');
  await poll(async () => (await page.getAttribute('[data-testid=tab-ranking]', 'aria-selected')) === 'true',
    { message: 'tab-ranking selected' });
}

/** Set a number input the app reads on `change` (fill, then dispatch change), let it settle. */
export async function setNumber(page, testid, value) {
  const sel = `[data-testid=${testid}]`;
  await page.fill(sel, String(value));
  await page.dispatchEvent(sel, 'change');
  await frames(page, 3);
}

/** The need ranking table as data: [{key, rank, scoreText, score, topN, topShare}] in row order. */
export async function needRanking(page) {
  await page.waitForSelector('table[data-testid=need-ranking] tr[data-key]');
  const rows = await page.$$eval('table[data-testid=need-ranking] tr[data-key]', (trs) => trs.map((tr) => ({
    key: tr.getAttribute('data-key'),
    rankText: tr.querySelector('td')?.textContent.trim() ?? '',
    scoreText: tr.querySelector('td[data-col=score]')?.textContent.trim() ?? '',
    topNText: tr.querySelector('td[data-col=top-n]')?.textContent.trim() ?? '',
    topShareText: tr.querySelector('td[data-col=top-share]')?.textContent.trim() ?? '',
  })));
  return rows.map((r, i) => ({
    ...r,
    position: i + 1,
    score: parseUiNumber(r.scoreText),
    topN: parseUiNumber(r.topNText),
    topShare: parseUiNumber(r.topShareText),
  }));
}

/** Poll until the need ranking differs from `before` (by the serialised `pick` of its rows). */
export async function needRankingChanged(page, before, pick = (r) => `${r.key}:${r.scoreText}`, message = 'the need ranking to change') {
  const was = before.map(pick).join('|');
  let now;
  await poll(async () => {
    now = await needRanking(page);
    return now.map(pick).join('|') !== was;
  }, { timeout: 10_000, message });
  return now;
}

/** The bivariate legend's cells: [{need, supply, count, color}]. */
export async function bivariateCells(page) {
  return page.$$eval('[data-testid=legend] table[data-testid=bivariate-legend] td[data-testid=bivariate-cell]', (tds) => tds.map((td) => ({
    need: Number(td.getAttribute('data-need')),
    supply: Number(td.getAttribute('data-supply')),
    count: Number(td.getAttribute('data-count')),
    color: td.getAttribute('data-color'),
  })));
}

/** The priority list as data: [{key, need, supply}] in row order (need/supply null when absent). */
export async function priorityList(page) {
  await page.waitForSelector('table[data-testid=priority-list] tr[data-key]');
  return page.$$eval('table[data-testid=priority-list] tr[data-key]', (trs) => trs.map((tr) => {
    const n = tr.getAttribute('data-need');
    const s = tr.getAttribute('data-supply');
    return { key: tr.getAttribute('data-key'), need: n === null || n === '' ? null : Number(n), supply: s === null || s === '' ? null : Number(s) };
  }));
}

/** The allocation table: rows [{key, units}] and the sum's data-units. */
export async function allocationTable(page) {
  await page.waitForSelector('table[data-testid=allocation-table]');
  return page.evaluate(() => {
    const t = document.querySelector('table[data-testid=allocation-table]');
    const rows = [...t.querySelectorAll('tr[data-key]')].map((tr) => ({ key: tr.getAttribute('data-key'), units: tr.getAttribute('data-units') }));
    const sum = t.querySelector('[data-testid=allocation-sum]') ?? document.querySelector('[data-testid=allocation-sum]');
    return { rows, sum: sum?.getAttribute('data-units') ?? null, sumText: sum?.textContent ?? '' };
  });
}

/**
 * Click `button[data-testid=allocation-download]` and read the downloaded file.
 * Returns {name, text}.
 */
export async function downloadAllocationCsv(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: TIMEOUT }),
    page.click('button[data-testid=allocation-download]'),
  ]);
  const file = await download.path();
  assert.ok(file, `download failed: ${await download.failure()}`);
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

/** Exact decimal sum of CSV amounts like `12` or `12.34` as integer hundredths (no float error). */
export function hundredths(text) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(text).trim());
  assert.ok(m, `not a plain decimal with at most 2 places: ${JSON.stringify(text)}`);
  const v = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -v : v;
}

/**
 * Select district `key` by a click on its map point and show the details tab. Waits until
 * the details name is the district's name.
 */
export async function selectOnMap(page, key) {
  const p = await districtPoint(page, key);
  await afterRedraw(page, () => page.mouse.click(p.x, p.y));
  await poll(async () => (await page.getAttribute('[data-testid=tab-details]', 'aria-selected')) === 'true',
    { timeout: 5000, message: 'tab-details selected after a map click' });
  const name = dortmund().names[key];
  await poll(async () => (await page.innerText('[data-testid=details-name]').catch(() => '')).trim() === name,
    { timeout: 5000, message: `details-name ${name}` });
}

/**
 * A fresh page that records every Content-Security-Policy violation (from before the first
 * script runs) into `window.__cspViolations`, and page errors into `errors`.
 */
export async function cspRecordingPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}
