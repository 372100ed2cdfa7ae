// Flow 8: the map is operable by keyboard (arrow keys pan, + and - zoom) and by the zoom
// buttons; `window.__atlas.viewport()` follows.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CANVAS, TEST_TIMEOUT, afterRedraw, assertClean, canvasAttr, choose, launchBrowser, openApp, poll, viewportOf, waitForMap,
} from './lib.mjs';

const close = (a, b, rel = 1e-6) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-9);

describe('keyboard and zoom buttons', { timeout: 4 * TEST_TIMEOUT }, () => {
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

  it('arrow keys pan and +/- zoom the focused map', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    const v0 = await viewportOf(page);
    assert.ok(v0 && [v0.cx, v0.cy, v0.scale].every(Number.isFinite), `viewport() = ${JSON.stringify(v0)}`);
    assert.ok(v0.scale > 0);

    await page.focus(CANVAS);
    assert.ok(await page.$eval(CANVAS, (c) => document.activeElement === c), 'the canvas takes focus');

    await afterRedraw(page, () => page.keyboard.press('ArrowRight'));
    const v1 = await viewportOf(page);
    assert.ok(!close(v1.cx, v0.cx), `ArrowRight moves the centre horizontally: ${JSON.stringify(v0)} → ${JSON.stringify(v1)}`);
    assert.ok(close(v1.scale, v0.scale), 'panning keeps the scale');

    await afterRedraw(page, () => page.keyboard.press('ArrowDown'));
    const v2 = await viewportOf(page);
    assert.ok(!close(v2.cy, v1.cy), `ArrowDown moves the centre vertically: ${JSON.stringify(v1)} → ${JSON.stringify(v2)}`);

    await afterRedraw(page, () => page.keyboard.press('+'));
    const v3 = await viewportOf(page);
    assert.ok(v3.scale > v2.scale, `+ zooms in: ${v2.scale} → ${v3.scale}`);

    await afterRedraw(page, () => page.keyboard.press('-'));
    const v4 = await viewportOf(page);
    assert.ok(v4.scale < v3.scale, `- zooms out: ${v3.scale} → ${v4.scale}`);
    assertClean(app);
  });

  it('a long pan writes the address at a bounded pace and ends on the last view', { timeout: TEST_TIMEOUT }, async () => {
    // Browsers limit history updates (Safari throws after 100 in 30 s): 40 quick pans must
    // not each write the address, yet the address must follow to the final view.
    const { page } = app;
    await page.focus(CANVAS);
    await page.evaluate(() => {
      window.__historyWrites = 0;
      for (const m of ['replaceState', 'pushState']) {
        const original = history[m].bind(history);
        history[m] = (...args) => { window.__historyWrites += 1; return original(...args); };
      }
    });
    const mapParam = () => page.evaluate(() => new URLSearchParams(location.search).get('map'));
    const start = await mapParam();
    for (let i = 0; i < 40; i++) await page.keyboard.press(i % 2 ? 'ArrowDown' : 'ArrowRight');
    const moved = await viewportOf(page);
    await poll(async () => (await mapParam()) !== start, { message: 'the address follows the pan' });
    await page.waitForTimeout(700); // longer than the write interval: the last view is written
    const writes = await page.evaluate(() => window.__historyWrites);
    assert.ok(writes >= 1 && writes <= 15, `40 pans → ${writes} address writes`);
    // The address names the final view: opening it shows the same centre.
    const url = page.url();
    const again = await openApp(browser, new URL(url).search.slice(1));
    await waitForMap(again.page);
    const restored = await viewportOf(again.page);
    // Within 2 screen pixels (the permalink rounds the centre's lon/lat).
    const px = (a, b) => Math.abs(a - b) * moved.scale;
    assert.ok(px(restored.cx, moved.cx) < 2 && px(restored.cy, moved.cy) < 2,
      `restored ${JSON.stringify(restored)} vs panned ${JSON.stringify(moved)}`);
    await again.page.close();
    assertClean(app);
  });

  it('Back right after a pan keeps the entry it goes to (a pending address is dropped)', { timeout: TEST_TIMEOUT }, async () => {
    const fresh = await openApp(browser);
    const { page } = fresh;
    await waitForMap(page);
    const before = await page.evaluate(() => location.search);
    await choose(page, 'indicator-select', 'share_0_6_pct'); // a new history entry
    await poll(async () => (await page.evaluate(() => location.search)).includes('share_0_6_pct'), { message: 'indicator in the address' });
    await page.focus(CANVAS);
    await page.keyboard.press('ArrowRight'); // its address is still pending…
    await page.goBack(); // …when the user goes back
    await page.waitForTimeout(700); // past the write interval
    const indicator = (q) => new URLSearchParams(q).get('indicator');
    const search = await page.evaluate(() => location.search);
    assert.equal(indicator(search), indicator(before), `the entry gone back to keeps its address: ${search}`);
    assert.notEqual(await page.inputValue('[data-testid=indicator-select]'), 'share_0_6_pct', 'and its view');
    await page.goForward();
    await poll(async () => (await page.inputValue('[data-testid=indicator-select]')) === 'share_0_6_pct', { message: 'forward again' });
    assertClean(fresh);
    await page.close();
  });

  it('zoom buttons change the scale; reset shows the whole city again', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await afterRedraw(page, () => page.click('[data-testid=zoom-reset]'));
    const v0 = await viewportOf(page);
    assert.equal(await canvasAttr(page, 'data-drawn'), 170, 'the whole city after reset');

    await afterRedraw(page, () => page.click('[data-testid=zoom-in]'));
    const v1 = await viewportOf(page);
    assert.ok(v1.scale > v0.scale, `zoom-in: ${v0.scale} → ${v1.scale}`);
    await afterRedraw(page, () => page.click('[data-testid=zoom-in]'));
    await afterRedraw(page, () => page.click('[data-testid=zoom-in]'));
    const v3 = await viewportOf(page);
    assert.ok(v3.scale > v1.scale);
    const drawnZoomed = await canvasAttr(page, 'data-drawn');
    assert.ok(drawnZoomed > 0, `zoomed in, districts are drawn (${drawnZoomed})`);

    await afterRedraw(page, () => page.click('[data-testid=zoom-out]'));
    const v4 = await viewportOf(page);
    assert.ok(v4.scale < v3.scale, `zoom-out: ${v3.scale} → ${v4.scale}`);

    await afterRedraw(page, () => page.click('[data-testid=zoom-reset]'));
    const v5 = await viewportOf(page);
    assert.ok(close(v5.scale, v0.scale, 1e-6) && close(v5.cx, v0.cx, 1e-6) && close(v5.cy, v0.cy, 1e-6),
      `zoom-reset returns to the fitted view: ${JSON.stringify(v0)} vs ${JSON.stringify(v5)}`);
    assert.equal(await canvasAttr(page, 'data-drawn'), 170);
    assertClean(app);
  });
});
