// `?data=URL`: any GeoJSON FeatureCollection coloured by a numeric property, with legend,
// table and errors in German/English; `?bench=1`: the benchmark protocol ends with
// window.__benchDone and finite numbers (correctness only: timings are not asserted here,
// they belong to `cargo xtask bench`).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_TIMEOUT, assertClean, launchBrowser, openApp, poll } from './lib.mjs';

const FIXTURE = '__fixtures/adhoc/small.geojson';
const NOT_FOUND = [{ text: /Failed to load resource.*404/ }];

async function legendCounts(page) {
  return page.$$eval('[data-testid=legend-class]', (els) => els.map((e) => Number(e.dataset.count)));
}

describe('?data= GeoJSON by URL', { timeout: 8 * TEST_TIMEOUT }, () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('colours by the first numeric property; legend and table reflect it', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser, `data=${FIXTURE}&lang=en`);
    const { page } = app;
    const legend = (await page.innerText('[data-testid=legend]')).replace(/\s+/g, ' ');
    assert.match(legend, /pop/);
    // A linked file has no year: none is invented in the legend, the table or the controls.
    assert.doesNotMatch(legend, /2000/);
    assert.equal(await page.isVisible('[data-testid=year-select]'), false, 'no year select');
    // Its properties have no unit: the legend title (also the default slide title) shows no
    // empty "()".
    assert.doesNotMatch(legend, /\(\s*\)/);
    const slideTitle = await page.getAttribute('[data-testid=slide-title]', 'placeholder');
    assert.equal(slideTitle, 'pop');
    const counts = await legendCounts(page);
    assert.equal(counts.reduce((a, b) => a + b, 0), 4, `legend counts ${counts}`);
    await page.click('[data-testid=tab-table]');
    const table = await page.innerText('[data-testid=district-table]');
    for (const name of ['Testgebiet A', 'Testgebiet D']) assert.ok(table.includes(name), name);
    assert.ok(table.includes('40'), 'the largest pop value is listed');
    assert.doesNotMatch(table, /2000/);
    // The dataset select names the file, not the first catalogue entry.
    const shown = await page.$eval('[data-testid=dataset-select]', (s) => s.options[s.selectedIndex]?.text ?? '');
    assert.match(shown, /small\.geojson/);
    // The permalink keeps the data URL.
    await poll(async () => new URL(page.url()).searchParams.get('data') === FIXTURE, { message: 'data= kept in the URL' });
    assertClean(app);
  });

  it('?indicator= picks another numeric property; a missing value counts as no data', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser, `data=${FIXTURE}&indicator=rate&lang=en`);
    const { page } = app;
    assert.match(await page.innerText('[data-testid=legend]'), /rate/);
    const counts = await legendCounts(page);
    assert.equal(counts.reduce((a, b) => a + b, 0), 3);
    assert.equal(await page.getAttribute('[data-testid=legend-nodata]', 'data-count'), '1');
    assertClean(app);
  });

  it('a missing file, a projected file and a bad URL: clear messages, German and English', { timeout: TEST_TIMEOUT }, async () => {
    const missing = await openApp(browser, 'data=__fixtures/adhoc/none.geojson', { expectError: true, allowConsoleErrors: NOT_FOUND });
    assert.match(await missing.page.innerText('[data-testid=error]'), /HTTP-Status 404/);
    await missing.context.close();
    const projected = await openApp(browser, 'data=__fixtures/adhoc/projected.geojson&lang=en', { expectError: true });
    assert.match(await projected.page.innerText('[data-testid=error]'), /not WGS84/);
    await projected.context.close();
    const bad = await openApp(browser, 'data=javascript:alert(1)', { expectError: true });
    assert.match(await bad.page.innerText('[data-testid=error]'), /keine http\(s\)-Adresse/);
    assert.deepEqual(bad.requests.filter((u) => u.startsWith('javascript:')), []);
    await bad.context.close();
  });

  it('?bench=1 runs the protocol and reports finite numbers', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser, `data=${FIXTURE}&bench=1&indicator2=rate`);
    const { page } = app;
    await page.waitForFunction(() => window.__benchDone === true, null, { timeout: 30_000 });
    const b = await page.evaluate(() => window.__bench);
    for (const k of ['load_ms', 'first_render_ms', 'recolor_ms', 'pan_ms']) {
      assert.ok(Number.isFinite(b[k]) && b[k] >= 0, `${k} = ${b[k]}`);
    }
    const measures = await page.evaluate(() => performance.getEntriesByType('measure').map((m) => m.name));
    for (const m of ['atlas:load', 'atlas:first-render', 'atlas:recolor', 'atlas:pan']) assert.ok(measures.includes(m), m);
    // The recolour switched to the second property.
    assert.match(await page.innerText('[data-testid=legend]'), /rate/);
    assertClean(app);
  });
});
