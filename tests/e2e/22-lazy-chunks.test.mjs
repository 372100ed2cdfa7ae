// The panels most visits never open are separate wasm chunks (src/lazy_views.rs, split by
// `cargo xtask`): a page load does not fetch them; opening one fetches its chunk from the
// app's own origin and the panel works. Correctness only; the sizes are in BENCHMARKS.md.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_TIMEOUT, assertClean, launchBrowser, openApp, poll, waitForMap } from './lib.mjs';

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
});
