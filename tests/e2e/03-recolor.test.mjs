// Flows 3 and 4: switching indicator, year, classification, number of classes and the view
// (value / change 2018→2024) recolours the map (fillOf and canvas pixels) and rewrites the
// legend; every recolouring is marked `atlas:recolor`.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  TEST_TIMEOUT, assertClean, assertRecolored, canvasAttr, choose, dortmund, launchBrowser, legendOf,
  legendTotal, mapSnapshot, markCount, openApp, parseUiNumbers, screenshot, waitForMap,
} from './lib.mjs';

const IND = 'children_under_15_SGB_II_pct';

describe('recolouring', { timeout: 10 * TEST_TIMEOUT }, () => {
  let browser;
  let app;
  let keys;
  before(async () => {
    browser = await launchBrowser();
    app = await openApp(browser);
    await waitForMap(app.page);
    keys = dortmund().keys;
  });
  after(async () => {
    await browser?.close();
  });

  /** Bring the controls to a known state (each sub-test starts from it). */
  async function reset(page) {
    const want = [
      ['view-mode', 'value'],
      ['indicator-select', IND],
      ['year-select', '2024'],
      ['method-select', 'quantile'],
      ['classes-select', '5'],
    ];
    for (const [id, v] of want) {
      if ((await page.inputValue(`[data-testid=${id}]`)) !== v) await choose(page, id, v);
    }
  }

  const ranges = (legend) => legend.classes.map((c) => c.text);
  const counts = (legend) => legend.classes.map((c) => c.count);

  it('switching the indicator recolours map and legend and marks atlas:recolor', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await reset(page);
    const marks = await markCount(page, 'atlas:recolor');
    const before = await mapSnapshot(page, keys);
    const legendBefore = await legendOf(page);

    await choose(page, 'indicator-select', 'share_0_6_pct');
    const after = await mapSnapshot(page, keys);
    assertRecolored(before, after, { min: 10, what: 'indicator switch' });
    const legendAfter = await legendOf(page);
    assert.notDeepEqual(ranges(legendAfter), ranges(legendBefore), 'legend class ranges changed');
    assert.equal(legendAfter.classes.length, 5);
    assert.equal(legendTotal(legendAfter), 170);
    assert.ok((await markCount(page, 'atlas:recolor')) > marks, 'an atlas:recolor mark after the indicator switch');
    assert.equal(await canvasAttr(page, 'data-drawn'), 170);
    assertClean(app);
  });

  it('switching the year recolours map and legend', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await reset(page);
    const marks = await markCount(page, 'atlas:recolor');
    const before = await mapSnapshot(page, keys);
    const legendBefore = await legendOf(page);

    await choose(page, 'year-select', '2018');
    const after = await mapSnapshot(page, keys);
    assertRecolored(before, after, { min: 10, what: 'year switch' });
    const legendAfter = await legendOf(page);
    assert.notDeepEqual(ranges(legendAfter), ranges(legendBefore), 'legend class ranges changed with the year');
    assert.equal(legendTotal(legendAfter), 170);
    assert.ok((await markCount(page, 'atlas:recolor')) > marks, 'an atlas:recolor mark after the year switch');
    assertClean(app);
  });

  it('switching the classification method recolours map and legend', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await reset(page);
    const before = await mapSnapshot(page, keys);
    const legendBefore = await legendOf(page);

    await choose(page, 'method-select', 'equal_interval');
    const after = await mapSnapshot(page, keys);
    assertRecolored(before, after, { min: 3, what: 'quantile → equal intervals' });
    const legendAfter = await legendOf(page);
    assert.equal(legendAfter.classes.length, 5);
    assert.notDeepEqual(counts(legendAfter), counts(legendBefore), 'legend data-counts changed with the method');
    assert.equal(legendTotal(legendAfter), 170);
    for (const method of ['natural_breaks', 'std_dev']) {
      await choose(page, 'method-select', method);
      const l = await legendOf(page);
      assert.ok(l.classes.length >= 2, `${method}: legend has classes`);
      assert.equal(legendTotal(l), 170, `${method}: legend counts add up to 170`);
    }
    assertClean(app);
  });

  it('changing the number of classes changes the legend and the fills', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await reset(page);
    const before = await mapSnapshot(page, keys);
    await choose(page, 'classes-select', '7');
    const after = await mapSnapshot(page, keys);
    assertRecolored(before, after, { min: 10, what: '5 → 7 classes' });
    const legend = await legendOf(page);
    assert.equal(legend.classes.length, 7, '7 legend classes');
    assert.equal(new Set(legend.classes.map((c) => c.color)).size, 7, '7 distinct class colours');
    assert.equal(legendTotal(legend), 170);
    await choose(page, 'classes-select', '3');
    assert.equal((await legendOf(page)).classes.length, 3, '3 legend classes');
    assertClean(app);
  });

  it('an indicator with a missing value shows a no-data class; one without 2024 data causes no error', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await reset(page);
    // Only published for 2018; from 2024 the app must cope (switch the year or show no data).
    await choose(page, 'indicator-select', 'secondary_school_recommendation_pct');
    const l2024 = await legendOf(page);
    assert.ok(l2024, 'legend present');
    assert.equal(await page.getAttribute('[data-testid=app]', 'data-state'), 'ready');
    assert.equal(await canvasAttr(page, 'data-drawn'), 170);

    if ((await page.inputValue('[data-testid=year-select]')) !== '2018') await choose(page, 'year-select', '2018');
    const legend = await legendOf(page);
    // 169 of 170 have a value in the source; Zechenplatz (615) 2018 is withheld by
    // small-number protection and counted apart as "geschützt".
    assert.equal(legend.noData, 1, 'legend-nodata data-count = 1');
    assert.equal(legend.suppressed, 1, 'legend-suppressed data-count = 1');
    assert.equal(legend.classes.reduce((s, c) => s + c.count, 0), 168);
    assertClean(app);
  });

  it('change view: a diverging legend with negative classes and other fills', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await reset(page);
    // Transfer payments fell 2018→2024 in most districts (down to −13.9 pp), by the data.
    const d = dortmund();
    const changes = d.keys.map((k) => d.value(k, 'transfer_payment_pct', 2024) - d.value(k, 'transfer_payment_pct', 2018));
    const minChange = Math.min(...changes);
    assert.ok(minChange < 0, 'premise: some district fell');

    await choose(page, 'indicator-select', 'transfer_payment_pct');
    const before = await mapSnapshot(page, keys);
    const legendValue = await legendOf(page);
    const marks = await markCount(page, 'atlas:recolor');

    await choose(page, 'view-mode', 'change');
    const after = await mapSnapshot(page, keys);
    assertRecolored(before, after, { min: 10, what: 'value → change view' });
    const legend = await legendOf(page);
    assert.ok(legend.classes.length >= 2, 'change legend has classes');
    assert.equal(legendTotal(legend), 170);
    const numbers = legend.classes.flatMap((c) => parseUiNumbers(c.text));
    assert.ok(numbers.some((n) => n < 0), `change legend has negative values: ${JSON.stringify(ranges(legend))}`);
    // The lowest class starts at (or below) the largest fall, −13.9 pp.
    assert.ok(Math.min(...numbers) <= minChange + 0.05,
      `lowest change class bound ${Math.min(...numbers)} does not reach the largest fall ${minChange.toFixed(1)}: ${JSON.stringify(ranges(legend))}`);
    assert.notDeepEqual(
      new Set(legend.classes.map((c) => c.color)),
      new Set(legendValue.classes.map((c) => c.color)),
      'the change view uses another (diverging) palette',
    );
    assert.ok((await markCount(page, 'atlas:recolor')) > marks, 'an atlas:recolor mark after the view switch');
    await screenshot(page, 'change-view');
    assertClean(app);
  });
});
