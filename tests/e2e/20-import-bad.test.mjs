// Issue 4, bad input: every file of the bad-file corpus (tests/fixtures/bad/geo and
// tests/fixtures/bad/table) goes through the real file input. Each one must give a visible
// message (an error for the file, or a listed problem), never a page error or a blank page,
// and the map loaded before stays on screen. Markup in names stays text.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, TEST_TIMEOUT, TIMEOUT, drawCount, launchBrowser, openApp, poll, waitForMap } from './lib.mjs';

const BAD = path.join(REPO, 'tests', 'fixtures', 'bad');
/** Generators and notes beside the corpus are not corpus files. */
const NOT_CORPUS = /(^README|\.md$|\.py$|\.rs$|\.sh$)/;

function corpus() {
  const out = [];
  for (const dir of ['geo', 'table']) {
    const d = path.join(BAD, dir);
    for (const f of fs.readdirSync(d).sort()) {
      const p = path.join(d, f);
      if (NOT_CORPUS.test(f)) continue;
      if (fs.statSync(p).isDirectory()) {
        // A folder = one drop of several files (loose Shapefile parts).
        out.push({ name: `${dir}/${f}/`, files: fs.readdirSync(p).sort().map((g) => path.join(p, g)) });
      } else {
        out.push({ name: `${dir}/${f}`, files: [p] });
      }
    }
  }
  return out;
}

/** Everything the dialog says about the dropped files. */
async function messages(page) {
  return page.evaluate(() => {
    const texts = (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent.trim()).filter(Boolean);
    return [
      ...texts('[data-testid=import-file-roles] li.bad'),
      ...texts('[data-testid=import-problem]'),
      ...texts('[data-testid=import-cell-problems] summary'),
      ...texts('[data-testid=import-geometry-issues] summary'),
      ...texts('[data-testid=import-table-detected] li.warn'),
    ];
  });
}

describe('the bad-file corpus', { timeout: 40 * TEST_TIMEOUT }, () => {
  let browser;
  let app;
  const files = corpus();
  before(async () => {
    browser = await launchBrowser();
    app = await openApp(browser);
    await waitForMap(app.page);
    await app.page.click('[data-testid=import-open]');
    await app.page.waitForSelector('[data-testid=import-dialog]');
  });
  after(async () => {
    await browser?.close();
  });

  it('has at least 50 files', () => {
    assert.ok(files.length >= 50, `${files.length} corpus entries`);
  });

  it('gives every bad file a message and keeps the map', { timeout: 30 * TEST_TIMEOUT }, async () => {
    const { page } = app;
    const silent = [];
    const draws = await drawCount(page);
    for (const entry of files) {
      if (await page.locator('[data-testid=import-clear]').count()) await page.click('[data-testid=import-clear]');
      await page.setInputFiles('[data-testid=import-files]', entry.files);
      // The analysis (or the failure) has arrived when the file roles or a problem show.
      await poll(
        async () => (await page.locator('[data-testid=import-file-roles], [data-testid=import-problem]').count()) > 0
          && (await page.locator('[data-testid=import-progress]').count()) === 0,
        { timeout: TIMEOUT, message: `the analysis of ${entry.name}` },
      );
      const said = await messages(page);
      if (said.length === 0) silent.push(entry.name);
      for (const m of said) assert.ok(m.length >= 10, `${entry.name}: a message in words, got "${m}"`);
      // Markup from a file never becomes markup on the page.
      const injected = await page.evaluate(() => document.querySelectorAll('.import-dialog script, .import-dialog img, .import-dialog iframe').length);
      assert.equal(injected, 0, `${entry.name}: markup from the file was rendered`);
      assert.deepEqual(app.errors, [], `${entry.name}: page errors`);
    }
    assert.deepEqual(silent, [], 'bad files without any message');
    // The map loaded before is still there and still the default dataset.
    assert.equal(await page.getAttribute('[data-testid=app]', 'data-state'), 'ready');
    assert.equal(await page.inputValue('[data-testid=dataset-select]'), 'dortmund');
    assert.ok((await drawCount(page)) >= draws);
  });

  it('says it in English too', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await page.click('[data-testid=import-close]');
    await page.click('[data-testid=lang-en]');
    await page.click('[data-testid=import-open]');
    const empty = files.find((f) => /empty/.test(f.name) && f.files.length === 1);
    assert.ok(empty, 'the corpus has an empty file');
    await page.setInputFiles('[data-testid=import-files]', empty.files);
    await page.waitForSelector('[data-testid=import-file-roles] li.bad');
    const text = await page.textContent('[data-testid=import-file-roles] li.bad');
    assert.match(text, /empty/i);
    assert.doesNotMatch(text, /leer/);
    await waitForMap(page);
  });
});
