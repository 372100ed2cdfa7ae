// Flow 2: Nordmarkt-Ost (054) has the highest 2024 share of children under 15 on SGB II,
// 63.8 %: the tooltip and the table show it in German and, after switching, in English.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  TEST_TIMEOUT, assertClean, districtPoint, dortmund, frames, launchBrowser, openApp, poll, showTable, waitForMap,
} from './lib.mjs';

const KEY = '054';
const NAME = 'Nordmarkt-Ost';
const TOOLTIP = '[data-testid=tooltip]';

/** Move the pointer onto the district's point (from outside, so that a move is seen). */
async function hover(page, key) {
  const p = await districtPoint(page, key);
  await page.mouse.move(p.x - 30, p.y - 30);
  await page.mouse.move(p.x, p.y, { steps: 3 });
  await page.waitForSelector(TOOLTIP, { state: 'visible' });
  return poll(async () => {
    const t = await page.innerText(TOOLTIP).catch(() => '');
    return t.includes(NAME) ? t : false;
  }, { timeout: 5000, message: `tooltip naming ${NAME}` });
}

describe('Nordmarkt-Ost tooltip and table', { timeout: 4 * TEST_TIMEOUT }, () => {
  let browser;
  let app;
  before(async () => {
    browser = await launchBrowser();
    app = await openApp(browser);
    await waitForMap(app.page);
    // The test's premise, from the committed data: 63.8 %, the highest of 170.
    const d = dortmund();
    assert.equal(d.names[KEY], NAME);
    assert.equal(d.value(KEY, 'children_under_15_SGB_II_pct', 2024), 63.8);
  });
  after(async () => {
    await browser?.close();
  });

  it('hovering shows name, value in German format and rank', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    assert.equal(await page.inputValue('[data-testid=indicator-select]'), 'children_under_15_SGB_II_pct', 'default indicator');
    const text = await hover(page, KEY);
    assert.match(await page.getAttribute(TOOLTIP, 'role'), /^tooltip$/);
    assert.ok(text.includes(NAME), text);
    assert.match(text, /63,8\s*%/, `German value with unit in ${JSON.stringify(text)}`);
    assert.doesNotMatch(text, /63\.8/);
    assert.match(text, /Rang 1 von 170/, text);
    assertClean(app);
  });

  it('the table row 054 shows 63,8', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await showTable(page);
    const row = await page.innerText(`[data-testid=district-table] tr[data-key="${KEY}"]`);
    assert.ok(row.includes(NAME), row);
    assert.match(row, /63,8/, row);
    assertClean(app);
  });

  it('in English the table and the tooltip show 63.8', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await page.click('[data-testid=lang-en]');
    await poll(async () => (await page.getAttribute('html', 'lang')) === 'en', { message: '<html lang=en>' });
    await frames(page);
    const row = await poll(async () => {
      const t = await page.innerText(`[data-testid=district-table] tr[data-key="${KEY}"]`);
      return /63\.8/.test(t) ? t : false;
    }, { timeout: 5000, message: 'table row 054 in English (63.8)' });
    assert.doesNotMatch(row, /63,8/);

    const text = await hover(page, KEY);
    assert.match(text, /63\.8\s*%/, `English value in ${JSON.stringify(text)}`);
    assert.doesNotMatch(text, /63,8/);
    assert.match(text, /rank 1 of 170/i, text);

    // And back to German.
    await page.click('[data-testid=lang-de]');
    await poll(async () => (await page.getAttribute('html', 'lang')) === 'de', { message: '<html lang=de>' });
    assertClean(app);
  });
});
