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

const SHP_PARTS = /\.(shp|shx|dbf|prj|cpg)$/i;
/** Good boundaries to drop beside a bad table, so that join-level problems show too. */
const GOOD_BOUNDARIES = path.join(REPO, 'tests', 'fixtures', 'import', 'dortmund-25832-shp.zip');

/**
 * The corpus as drops: every file on its own, except loose Shapefile parts, which are
 * dropped together by name (x.shp + x.dbf + x.prj …), as a planner would. Table files are
 * dropped beside good boundaries.
 */
function corpus() {
  const out = [];
  for (const dir of ['geo', 'table']) {
    const d = path.join(BAD, dir);
    const names = fs.readdirSync(d).filter((f) => !NOT_CORPUS.test(f)).sort();
    const stems = new Map();
    for (const f of names) {
      const p = path.join(d, f);
      if (SHP_PARTS.test(f)) {
        const stem = f.replace(SHP_PARTS, '');
        if (!stems.has(stem)) stems.set(stem, []);
        stems.get(stem).push(p);
      } else {
        out.push({ name: `${dir}/${f}`, files: dir === 'table' ? [GOOD_BOUNDARIES, p] : [p], table: dir === 'table' });
      }
    }
    for (const [stem, files] of stems) out.push({ name: `${dir}/${stem}.{${files.map((f) => path.extname(f).slice(1)).join(',')}}`, files });
  }
  return out;
}

/** Files that are valid but hostile: their markup must show as text, not as markup. */
const HOSTILE = /(html|script)/;

/** Everything the dialog says about the dropped files. */
async function messages(page) {
  return page.evaluate(() => {
    const texts = (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent.trim()).filter(Boolean);
    return [
      ...texts('[data-testid=import-file-roles] li.bad'),
      ...texts('[data-testid=import-problem]'),
      ...texts('[data-testid=import-cell-problems] summary'),
      ...texts('[data-testid=import-geometry-issues] summary'),
      ...texts('.import-dialog .warn'),
      ...texts('[data-testid=import-near-misses] li'),
      ...texts('[data-testid=import-duplicates] li'),
      ...texts('[data-testid=import-unmatched-rows] li'),
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
      let said = await messages(page);
      // A table that reads cleanly may still be bad for the join (duplicate or misspelt
      // keys): join it to the good boundaries and read the join report.
      if (said.length === 0 && entry.table && (await page.locator('[data-testid=import-join]').count())) {
        await page.click('[data-testid=import-join]');
        await page.waitForSelector('[data-testid=import-join-summary], [data-testid=import-problem]');
        said = await messages(page);
      }
      if (HOSTILE.test(entry.name)) {
        // The markup from the file is on the page as literal text.
        const shown = await page.evaluate(() => document.querySelector('.import-dialog').textContent);
        assert.match(shown, /<(script|img|b|iframe)/i, `${entry.name}: the markup shows as text`);
      } else if (said.length === 0) {
        silent.push(entry.name);
      }
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
    const empty = files.find((f) => f.name === 'geo/empty.geojson');
    assert.ok(empty, 'the corpus has an empty file');
    await page.setInputFiles('[data-testid=import-files]', empty.files);
    await page.waitForSelector('[data-testid=import-file-roles] li.bad');
    const text = await page.textContent('[data-testid=import-file-roles] li.bad');
    assert.match(text, /empty/i);
    assert.doesNotMatch(text, /leer/);
    await waitForMap(page);
  });
});
