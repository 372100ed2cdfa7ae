// Targeting flow 2: priorities, need × supply. The bivariate legend has 9 distinct colours
// whose counts cover every district with data; the priority list puts high need / low
// supply first and each district's map fill is its cell's colour; the supply measure and
// category change the classes.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  TEST_TIMEOUT, afterRedraw, assertClean, bivariateCells, chooseAnalysis, dortmund, fillsOf,
  launchBrowser, openApp, poll, priorityList, screenshot, waitForMap,
} from './lib.mjs';

describe('priorities (need × supply)', { timeout: 8 * TEST_TIMEOUT }, () => {
  let browser;
  let app;
  let keys;
  before(async () => {
    browser = await launchBrowser();
    app = await openApp(browser);
    await waitForMap(app.page);
    keys = dortmund().keys;
    await afterRedraw(app.page, () => chooseAnalysis(app.page, 'priorities'));
  });
  after(async () => {
    await browser?.close();
  });

  async function noDataCount(page) {
    const v = await page.getAttribute('[data-testid=legend] [data-testid=legend-nodata]', 'data-count', { timeout: 500 }).catch(() => null);
    return v === null ? 0 : Number(v);
  }

  /** Everything a priorities view must satisfy; returns {cells, list}. */
  async function checkPriorities(page, what) {
    const cells = await bivariateCells(page);
    assert.equal(cells.length, 9, `${what}: 9 bivariate cells`);
    const pairs = cells.map((c) => `${c.need}/${c.supply}`).sort();
    assert.deepEqual(pairs, ['0/0', '0/1', '0/2', '1/0', '1/1', '1/2', '2/0', '2/1', '2/2'], `${what}: one cell per need × supply class`);
    for (const c of cells) {
      assert.match(c.color ?? '', /^#[0-9a-f]{6}$/i, `${what}: data-color of cell ${c.need}/${c.supply}`);
      assert.ok(Number.isInteger(c.count) && c.count >= 0, `${what}: data-count of cell ${c.need}/${c.supply} = ${c.count}`);
    }
    assert.equal(new Set(cells.map((c) => c.color.toLowerCase())).size, 9, `${what}: 9 distinct cell colours`);
    const noData = await noDataCount(page);
    const total = cells.reduce((s, c) => s + c.count, 0);
    assert.equal(total, 170 - noData, `${what}: cell counts add up to 170 − ${noData} without data`);

    const list = await priorityList(page);
    assert.equal(new Set(list.map((r) => r.key)).size, list.length, `${what}: no district twice in the list`);
    const classed = list.filter((r) => r.need !== null && r.supply !== null);
    assert.equal(classed.length, total, `${what}: list rows with both classes = legend total`);
    for (const r of classed) {
      assert.ok([0, 1, 2].includes(r.need) && [0, 1, 2].includes(r.supply), `${what}: classes of ${r.key}: ${r.need}/${r.supply}`);
    }
    // Rows with both classes come first; then need descending, supply ascending.
    assert.deepEqual(list.slice(0, classed.length).map((r) => r.key), classed.map((r) => r.key), `${what}: districts without classes come last`);
    for (let i = 1; i < classed.length; i++) {
      const [a, b] = [classed[i - 1], classed[i]];
      assert.ok(b.need < a.need || (b.need === a.need && b.supply >= a.supply),
        `${what}: row ${i + 1} ${b.key} (need ${b.need}, supply ${b.supply}) after ${a.key} (need ${a.need}, supply ${a.supply})`);
    }
    assert.equal(classed[0].need, 2, `${what}: the first priority row has high need`);
    const minSupply = Math.min(...classed.filter((r) => r.need === 2).map((r) => r.supply));
    assert.equal(classed[0].supply, minSupply, `${what}: the first row has the lowest supply class among high-need rows`);
    // The legend counts are the list's class counts.
    for (const c of cells) {
      const n = classed.filter((r) => r.need === c.need && r.supply === c.supply).length;
      assert.equal(c.count, n, `${what}: cell ${c.need}/${c.supply} counts ${c.count}, the list has ${n}`);
    }
    // The map fills are the cells' colours.
    const colour = Object.fromEntries(cells.map((c) => [`${c.need}/${c.supply}`, c.color.toLowerCase()]));
    const fills = await fillsOf(page, keys);
    for (const r of classed) {
      assert.equal(fills[r.key]?.toLowerCase(), colour[`${r.need}/${r.supply}`], `${what}: fillOf(${r.key}) is the colour of cell ${r.need}/${r.supply}`);
    }
    return { cells, list };
  }

  const signature = ({ cells, list }) => JSON.stringify([cells.map((c) => `${c.need}/${c.supply}:${c.count}`).sort(), list.map((r) => `${r.key}:${r.need}/${r.supply}`)]);

  async function changeAndCheck(page, testid, value, before, what) {
    await afterRedraw(page, () => page.selectOption(`[data-testid=${testid}]`, value));
    assert.equal(await page.inputValue(`[data-testid=${testid}]`), value, `${testid} took ${value}`);
    let now;
    await poll(async () => {
      now = { cells: await bivariateCells(page), list: await priorityList(page) };
      return signature(now) !== signature(before);
    }, { timeout: 10_000, message: `${what}: the priority list or legend counts to change` });
    const checked = await checkPriorities(page, what);
    const countsBefore = before.cells.map((c) => c.count).join(',');
    const countsAfter = checked.cells.map((c) => c.count).join(',');
    const orderBefore = before.list.map((r) => r.key).join(',');
    const orderAfter = checked.list.map((r) => r.key).join(',');
    assert.ok(countsBefore !== countsAfter || orderBefore !== orderAfter,
      `${what}: the legend counts (${countsBefore} → ${countsAfter}) or the list order changed`);
    return checked;
  }

  it('the bivariate legend, the list order and the map fills agree', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    assert.equal(await page.getAttribute('[data-testid=tab-ranking]', 'aria-selected'), 'true', 'the ranking tab shows the priorities');
    for (const id of ['supply-category', 'supply-radius', 'supply-measure']) {
      assert.ok(await page.isVisible(`[data-testid=${id}]`), `${id} visible in priorities mode`);
    }
    await checkPriorities(page, 'default');
    await screenshot(page, 'priorities');
    assertClean(app);
  });

  it('changing the supply measure changes the classes', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    const start = await page.inputValue('[data-testid=supply-measure]');
    let before = await checkPriorities(page, `measure ${start}`);
    const others = ['per_1000_children', 'coverage', 'per_km2', 'count'].filter((m) => m !== start);
    for (const m of others) {
      before = await changeAndCheck(page, 'supply-measure', m, before, `measure ${start} → ${m}`);
    }
    await changeAndCheck(page, 'supply-measure', start, before, `measure back to ${start}`);
    assertClean(app);
  });

  it('changing the supply category changes the classes', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    const options = await page.$$eval('[data-testid=supply-category] option', (os) => os.map((o) => o.value));
    for (const c of ['kita', 'grundschule', 'jugendzentrum']) assert.ok(options.includes(c), `supply category ${c} offered (${options.join(', ')})`);
    const start = await page.inputValue('[data-testid=supply-category]');
    let before = await checkPriorities(page, `category ${start}`);
    for (const c of ['kita', 'grundschule', 'jugendzentrum'].filter((x) => x !== start)) {
      before = await changeAndCheck(page, 'supply-category', c, before, `category → ${c}`);
      assert.match(await page.innerText('[data-testid=legend]'),
        new RegExp(await page.$eval(`[data-testid=supply-category] option[value="${c}"]`, (o) => o.textContent.trim())),
        `the legend names the category ${c}`);
    }
    assertClean(app);
  });

  it('changing the supply radius changes the coverage classes', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    if ((await page.inputValue('[data-testid=supply-measure]')) !== 'coverage') {
      await afterRedraw(page, () => page.selectOption('[data-testid=supply-measure]', 'coverage'));
    }
    const before = await checkPriorities(page, 'coverage');
    const radius = Number(await page.inputValue('[data-testid=supply-radius]'));
    assert.ok(radius > 0, `a default radius (${radius} m)`);
    await page.fill('[data-testid=supply-radius]', String(radius >= 1000 ? 300 : radius * 3));
    await page.dispatchEvent('[data-testid=supply-radius]', 'change');
    await poll(async () => signature({ cells: await bivariateCells(page), list: await priorityList(page) }) !== signature(before),
      { timeout: 10_000, message: 'the coverage classes to change with the radius' });
    await checkPriorities(page, 'coverage, other radius');
    assertClean(app);
  });
});
