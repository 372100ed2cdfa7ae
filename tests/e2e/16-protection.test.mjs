// Small-number protection: Dortmund's recipe withholds every value of a sub-district-year
// with fewer than 1,000 residents (estimated). In the published data that is Zechenplatz
// (615) in 2018. Its values must read "geschützt"/"suppressed" in the map tooltip, table,
// details, legend, exports and embed, and must not be in the served files at all.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, openApp, assertClean, BASE_URL, TEST_TIMEOUT, CANVAS, REPO } from './lib.mjs';

const KEY = '615';
/** The source values, when the raw data is beside the repo (CI has it): none may appear. */
function sourceValues() {
  const file = path.join(REPO, '..', 'shared', 'data', 'dortmund', 'do_data2018.geojson');
  if (!fs.existsSync(file)) return [];
  const f = JSON.parse(fs.readFileSync(file, 'utf8')).features.find((x) => x.properties.unbeznr === KEY);
  return Object.entries(f.properties)
    .filter(([k, v]) => typeof v === 'number' && /_(pct|abs)$/.test(k))
    .map(([, v]) => v);
}

function assertNoValue(text, where) {
  for (const v of sourceValues()) {
    for (const s of [v.toFixed(1).replace('.', ','), v.toFixed(1)]) {
      assert.ok(!text.includes(` ${s} `) && !text.includes(`,${s},`) && !text.includes(`\t${s}`),
        `${where} shows the withheld value ${s}: ${text.slice(0, 300)}`);
    }
  }
}

describe('small-number protection', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  it('the withheld row is empty in the served file', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser);
    const csv = await (await app.page.request.get(`${BASE_URL}data/dortmund/indicators.csv`)).text();
    const header = csv.split('\n')[0].split(',');
    assert.equal(header.at(-1), 'suppressed');
    const row = csv.split('\n').find((l) => l.startsWith(`${KEY},2018,`));
    assert.ok(row, 'row 615/2018 exists');
    const cells = row.split(',');
    assert.equal(cells.at(-1), '1');
    assert.ok(cells.slice(2, -1).every((c) => c === ''), `withheld cells are empty: ${row}`);
    assert.match(await app.page.locator('[data-testid=protection-rule]').innerText(), /1\.000/);
    assertClean(app);
    await app.context.close();
  });

  it('reads "geschützt" in tooltip, table, details, legend, change view and CSV export', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser, `year=2018&sel=${KEY}&layers=`); // no symbols over the district
    const { page } = app;
    await page.waitForSelector('[data-testid=details-name]');
    // Tooltip over the district.
    const [x, y] = await page.evaluate((k) => window.__atlas.screenPoint(k), KEY);
    const box = await page.locator(CANVAS).boundingBox();
    await page.mouse.move(box.x + x, box.y + y);
    const tip = await page.locator('[data-testid=tooltip]').innerText();
    assert.match(tip, /Zechenplatz/);
    assert.match(tip, /geschützt/);
    assert.doesNotMatch(tip, /Rang/);
    assertNoValue(tip, 'tooltip');
    // Details: every 2018 indicator row reads geschützt.
    // Details: the value cell of every indicator row reads geschützt (the other cells are
    // the city median and rank, which may by chance equal a withheld number).
    const values = await page.locator('[data-testid=details-indicator] td:first-of-type').allInnerTexts();
    assert.ok(values.length >= 10);
    for (const v of values) {
      assert.match(v, /geschützt/, v);
      assertNoValue(` ${v} `, 'details');
    }
    // Legend counts it apart from "no data".
    assert.equal(await page.getAttribute('[data-testid=legend-suppressed]', 'data-count'), '1');
    // Table.
    await page.click('[data-testid=tab-table]');
    const row = await page.locator(`[data-testid=district-table] tr[data-key="${KEY}"]`).innerText();
    assert.match(row, /geschützt/);
    const cell = await page.locator(`[data-testid=district-table] tr[data-key="${KEY}"] td[data-col=value]`).innerText();
    assert.equal(cell.trim(), 'geschützt');
    assertNoValue(` ${cell} `, 'table');
    // Change view 2018→2024 is withheld too.
    await page.selectOption('[data-testid=view-mode]', 'change');
    await page.waitForFunction((k) => document.querySelector(`[data-testid=district-table] tr[data-key="${k}"]`)?.innerText.includes('geschützt'), KEY);
    await page.selectOption('[data-testid=view-mode]', 'value');
    // CSV export.
    await page.click('[data-testid=export-menu] summary');
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    const csv = fs.readFileSync(await d.path(), 'utf8');
    const line = csv.split('\r\n').find((l) => l.startsWith(`${KEY},`));
    assert.match(line, /^615,Zechenplatz,geschützt,,,/);
    assertNoValue(csv.split('\r\n').filter((l) => l.startsWith(`${KEY},`)).join('\n'), 'CSV');
    // SVG export: the legend names the withheld class; the district is drawn, without a value.
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-svg]')]);
    const svg = fs.readFileSync(await svgDownload.path(), 'utf8');
    assert.match(svg, />geschützt \(1\)<\/text>/);
    // English.
    await page.click('[data-testid=lang-en]');
    assert.match(await page.locator(`[data-testid=district-table] tr[data-key="${KEY}"]`).innerText(), /suppressed/);
    // The link names the district and the view, never a value: every parameter is one of
    // the view-state parameters.
    const params = [...new URL(page.url()).searchParams.keys()];
    for (const p of params) assert.ok(!/value|wert/i.test(p), p);
    assertNoValue(decodeURIComponent(page.url()).replaceAll('&', ' '), 'URL');
    assertClean(app);
    await app.context.close();
  });

  it('the embed shows the protected district without its value', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser, 'embed=1&year=2018&layers=');
    const { page } = app;
    const [x, y] = await page.evaluate((k) => window.__atlas.screenPoint(k), KEY);
    const box = await page.locator(CANVAS).boundingBox();
    await page.mouse.move(box.x + x, box.y + y);
    const tip = await page.locator('[data-testid=tooltip]').innerText();
    assert.match(tip, /geschützt/);
    assertNoValue(tip, 'embed tooltip');
    assert.equal(await page.getAttribute('[data-testid=legend-suppressed]', 'data-count'), '1');
    assertClean(app);
    await app.context.close();
  });

  it('the printable profile reads "geschützt" too', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser, `profile=${KEY}&year=2018`);
    const { page } = app;
    await page.waitForSelector('[data-testid=profile-indicators]');
    const cells = await page.locator('[data-testid=profile-indicators] tbody tr td:first-of-type').allInnerTexts();
    assert.ok(cells.length >= 10, `${cells.length} rows`);
    for (const c of cells) {
      assert.match(c, /geschützt/, c);
      assertNoValue(` ${c} `, 'profile');
    }
    assertClean(app);
    await app.context.close();
  });
});
