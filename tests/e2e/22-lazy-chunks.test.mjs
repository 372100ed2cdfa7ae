// The panels most visits never open are separate wasm chunks (src/lazy_views.rs, split by
// `cargo xtask`): a page load does not fetch them; opening one fetches its chunk from the
// app's own origin and the panel works. Correctness only; the sizes are in BENCHMARKS.md.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_TIMEOUT, assertClean, launchBrowser, openApp, poll, screenshot, waitForMap } from './lib.mjs';

const chunks = (requests) => requests.filter((u) => /\/pkg\/(split_|chunk_)[^/]*\.wasm$/.test(new URL(u).pathname));

describe('lazily loaded panels', { timeout: 4 * TEST_TIMEOUT }, () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  it('fetches no chunk on load, and each panel\'s chunk when it is opened', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser, 'lang=en');
    const { page, requests } = app;
    await waitForMap(page);
    assert.deepEqual(chunks(requests), [], 'the map needs no chunk');

    await page.click('[data-testid=import-open]');
    await page.waitForSelector('[data-testid=import-dialog]');
    await poll(async () => chunks(requests).some((u) => u.includes('split_import_dialog')), { message: 'import chunk fetched' });
    assert.ok(chunks(requests).every((u) => !u.includes('split_ranking')), 'opening the import dialog fetches only its own chunk (and shared ones)');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=import-dialog]', { state: 'detached' });

    // A targeting analysis brings its controls and the ranking tab.
    await page.selectOption('[data-testid=analysis-select]', 'need');
    await page.waitForSelector('[data-testid=need-components] [data-testid=need-row]');
    await page.waitForSelector('[data-testid=need-ranking] tbody tr');
    const names = chunks(requests).map((u) => new URL(u).pathname.split('/').pop());
    for (const part of ['split_targeting_controls', 'split_ranking']) {
      assert.ok(names.some((n) => n.startsWith(part)), `${part} in ${names}`);
    }
    // Every chunk came from the app's own origin, once.
    assert.equal(new Set(names).size, names.length, `no chunk fetched twice: ${names}`);
    assertClean(app);
    await app.context.close();
  });

  it('says so when a chunk cannot be fetched, keeps the map, and retries on the next opening', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser, 'lang=de');
    const { page } = app;
    await waitForMap(page);
    // The network goes away after the page has loaded: the import chunk cannot be fetched.
    await page.route(/split_import_dialog[^/]*\.wasm$/, (route) => route.abort('internetdisconnected'));
    await page.click('[data-testid=import-open]');
    const message = await page.waitForSelector('[data-testid=panel-unavailable]');
    assert.match(await message.innerText(), /konnte nicht vom Server geladen werden/);
    await screenshot(page, '22-panel-unavailable');
    assert.equal(await page.getAttribute('[data-testid=app]', 'data-state'), 'ready', 'the map stays');
    assert.ok(await page.isVisible('canvas[data-testid=map-canvas]'));
    // Only the failed fetch was logged; nothing panicked.
    assert.ok(app.errors.length > 0 && app.errors.every((e) => !/panic|unreachable|RuntimeError/i.test(e)), app.errors.join('\n'));
    // The connection is back: close the message and open the dialog again.
    await page.unroute(/split_import_dialog[^/]*\.wasm$/);
    await page.click('[data-testid=panel-unavailable-close]');
    await page.click('[data-testid=import-open]');
    await page.waitForSelector('[data-testid=import-dialog]');
    assert.equal(await page.$('[data-testid=panel-unavailable]'), null);
    await app.context.close();
  });
});
