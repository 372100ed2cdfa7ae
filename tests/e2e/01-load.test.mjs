// Flow 1: the default load draws and lists all 170 districts, marks the first render and
// shows the attribution.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CANVAS, TEST_TIMEOUT, assertClean, canvasAttr, canvasPixel, districtPoint, dortmund, fillsOf,
  launchBrowser, legendOf, legendTotal, markCount, openApp, pixelIs, screenshot, showTable, waitForMap,
} from './lib.mjs';

describe('load', { timeout: 4 * TEST_TIMEOUT }, () => {
  let browser;
  let app;
  before(async () => {
    browser = await launchBrowser();
    app = await openApp(browser);
    await waitForMap(app.page);
  });
  after(async () => {
    await browser?.close();
  });

  it('draws all 170 districts and marks the first render once', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    assert.equal(await page.getAttribute('html', 'lang'), 'de', 'German by default');
    assert.equal(await canvasAttr(page, 'data-drawn'), 170);
    assert.equal(await page.getAttribute(CANVAS, 'tabindex'), '0');
    assert.equal(await markCount(page, 'atlas:first-render'), 1, 'exactly one atlas:first-render mark');

    // The canvas is really painted: the pixel at a district's point has its fill colour.
    const keys = ['054', '710', '326', '620', '140', '511', '735', '417', '071', '001'];
    const fills = await fillsOf(page, keys);
    let painted = 0;
    for (const key of keys) {
      assert.match(fills[key] ?? '', /^#[0-9a-f]{6}$/i, `fillOf(${key})`);
      const p = await districtPoint(page, key);
      if (pixelIs(await canvasPixel(page, p.x, p.y), fills[key])) painted++;
    }
    // A service symbol or outline may cover a point; most must show the district's fill.
    assert.ok(painted >= keys.length / 2, `only ${painted} of ${keys.length} district points show their fill colour`);

    // Default legend: 5 classes, every district counted once.
    const legend = await legendOf(page);
    assert.ok(legend, 'legend present');
    assert.equal(legend.classes.length, 5, 'default 5 classes');
    assert.equal(legendTotal(legend), 170, 'legend counts add up to 170');
    assert.equal(await page.inputValue('[data-testid=year-select]'), '2024');
    assert.equal(await page.inputValue('[data-testid=classes-select]'), '5');
    await screenshot(page, 'map-default');
    assertClean(app);
  });

  it('lists all 170 districts in the table', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await showTable(page);
    const keys = await page.$$eval('[data-testid=district-table] tr[data-key]', (rows) => rows.map((r) => r.getAttribute('data-key')));
    assert.equal(keys.length, 170);
    assert.equal(new Set(keys).size, 170, 'keys are unique');
    assert.deepEqual([...keys].sort(), [...dortmund().keys].sort(), 'the keys of the dataset');
    assert.ok(keys.includes('054'));
    assertClean(app);
  });

  it('shows the attribution', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    const attribution = page.locator('[data-testid=attribution]');
    await attribution.scrollIntoViewIfNeeded();
    assert.ok(await attribution.isVisible(), 'attribution visible');
    const text = await attribution.innerText();
    assert.match(text, /Stadt Dortmund/);
    assert.match(text, /OpenStreetMap/);
    assertClean(app);
  });
});
