// Issue 4, "bring your own data", through the real file input: the Dortmund boundaries as a
// zipped Shapefile in EPSG:25832 plus a German-Excel CSV of the 2024 indicators (both made
// from the committed real data, see tests/fixtures/import/README.md) import, join after the
// safe fixes and render the same map as the default dataset; a reload keeps the import; no
// request ever carries the files' content; the stored import can be renamed, exported as a
// dataset folder and deleted.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BASE_URL, REPO, TEST_TIMEOUT, TIMEOUT, assertClean, dortmund, fillsOf, launchBrowser, openApp, poll,
  screenshot, viewportOf, waitForMap,
} from './lib.mjs';

const FIXTURES = path.join(REPO, 'tests', 'fixtures', 'import');
const SHP_ZIP = path.join(FIXTURES, 'dortmund-25832-shp.zip');
const EXCEL_CSV = path.join(FIXTURES, 'dortmund-indikatoren-excel.csv');
const IND = 'children_under_15_SGB_II_pct';

/** Open the dialog and hand both files to the file input. */
async function importFiles(page, files) {
  await page.click('[data-testid=import-open]');
  await page.waitForSelector('[data-testid=import-dialog]');
  await page.setInputFiles('[data-testid=import-files]', files);
}

/** The join summary's three numbers: matched, areas without a row, rows without an area. */
async function joinSummary(page) {
  const text = await page.textContent('[data-testid=import-join-summary]');
  const n = text.match(/\d+/g).map(Number);
  return { matched: n[0], districtsWithout: n[1], rowsWithout: n[2], text };
}

describe('import own data', { timeout: 12 * TEST_TIMEOUT }, () => {
  let browser;
  let app;
  let reference;
  const requests = [];
  before(async () => {
    browser = await launchBrowser();
    // The reference: the default dataset, same indicator and year, services hidden.
    const ref = await openApp(browser, `indicator=${IND}&year=2024&layers=`);
    await waitForMap(ref.page);
    reference = {
      fills: await fillsOf(ref.page, dortmund().keys),
      viewport: await viewportOf(ref.page),
    };
    await ref.context.close();
    app = await openApp(browser);
    await waitForMap(app.page);
    app.page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postDataBuffer() }));
  });
  after(async () => {
    await browser?.close();
  });

  it('detects the coordinate system and the German table format', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await importFiles(page, [SHP_ZIP, EXCEL_CSV]);
    await page.waitForSelector('[data-testid=import-crs-detected]', { timeout: TIMEOUT });
    const crs = await page.textContent('[data-testid=import-crs-detected]');
    assert.match(crs, /EPSG:25832/, 'the .prj names ETRS89 / UTM 32N');
    assert.match(crs, /\.prj/, 'and says where it was read from');
    assert.equal(await page.inputValue('[data-testid=import-crs]'), '25832');
    const boundaries = await page.textContent('[data-testid=import-boundaries]');
    assert.match(boundaries, /170/, '170 areas read from the Shapefile');
    const detected = await page.textContent('[data-testid=import-table-detected]');
    assert.match(detected, /Windows-1252/);
    assert.match(detected, /Semikolon/);
    assert.match(detected, /Dezimalkomma/);
    assert.match(detected, /Titelzeilen übersprungen/);
    assert.match(detected, /Summenzeile/, 'the city total row is taken out and said');
    await screenshot(page, 'import-analysis');
  });

  it('lets the planner override the coordinate system, and says when it does not fit', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await page.selectOption('[data-testid=import-crs]', '4326');
    await page.click('[data-testid=import-join]');
    await page.waitForSelector('[data-testid=import-out-of-range]');
    assert.match(await page.textContent('[data-testid=import-out-of-range]'), /Koordinatensystem passt nicht/);
    await page.selectOption('[data-testid=import-crs]', '25832');
  });

  it('reports the near misses and joins all 170 after the safe fixes', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await page.click('[data-testid=import-join]');
    await page.waitForSelector('[data-testid=import-out-of-range]', { state: 'detached' });
    await page.waitForSelector('[data-testid=import-join-summary]');
    const first = await joinSummary(page);
    assert.ok(first.matched < 170, `the fixture has keys that need fixing (${first.text})`);
    assert.ok(first.rowsWithout > 0, 'rows without an area are listed');
    const near = await page.locator('[data-testid=import-near-misses] li').count();
    assert.ok(near >= first.rowsWithout, `every unmatched row has a near miss (${near})`);
    await page.click('[data-testid=import-fix-safe]');
    await poll(async () => (await joinSummary(page)).matched === 170, { message: '170 matched after the safe fixes' });
    const fixed = await joinSummary(page);
    assert.equal(fixed.districtsWithout, 0);
    assert.equal(fixed.rowsWithout, 0);
    await screenshot(page, 'import-join');
  });

  it('creates the same map as the default dataset', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    assert.ok((await page.locator('[data-testid=import-indicator-row]').count()) >= 5, 'indicator columns offered');
    await page.fill('[data-testid=import-title]', 'Dortmund (Import-Test)');
    await page.click('[data-testid=import-create]');
    await page.waitForSelector('[data-testid=import-dialog]', { state: 'detached', timeout: TIMEOUT });
    await poll(async () => (await page.inputValue('[data-testid=dataset-select]')).startsWith('local:'),
      { message: 'the imported dataset selected' });
    await waitForMap(page);
    const fills = await fillsOf(page, dortmund().keys);
    const differ = dortmund().keys.filter((k) => fills[k] !== reference.fills[k]);
    assert.deepEqual(differ, [], 'every district has the same colour as in the default dataset');
    const vp = await viewportOf(page);
    // Same bounds within the reprojection error (< 1 m) → the same fitted view.
    assert.ok(Math.abs(vp.scale / reference.viewport.scale - 1) < 1e-3, `scale ${vp.scale} vs ${reference.viewport.scale}`);
    const title = await page.textContent('.dataset-title');
    assert.match(title, /Import-Test/);
    await screenshot(page, 'import-map');
  });

  it('keeps the import after a reload', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    const url = page.url();
    assert.match(url, /dataset=local%3A|dataset=local:/, `the permalink names the import (${url})`);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('[data-testid=app][data-state=ready]');
    await waitForMap(page);
    const fills = await fillsOf(page, dortmund().keys);
    const differ = dortmund().keys.filter((k) => fills[k] !== reference.fills[k]);
    assert.deepEqual(differ, [], 'the same map after the reload');
  });

  it('never sends the imported content anywhere', { timeout: TEST_TIMEOUT }, async () => {
    const origin = new URL(BASE_URL).origin;
    assert.ok(requests.length > 0, 'requests were recorded');
    for (const r of requests) {
      if (r.url.startsWith('blob:') || r.url.startsWith('data:')) continue;
      assert.equal(new URL(r.url).origin, origin, `request to another origin: ${r.url}`);
      assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
      assert.equal(r.body, null, `a request with a body: ${r.url}`);
      assert.doesNotMatch(r.url, /\?.*(Hörde|H%C3%B6rde|Kinder|SGB)/, `file content in a URL: ${r.url}`);
    }
    // Only the app's own static files were asked for.
    const paths = [...new Set(requests.filter((r) => r.url.startsWith(origin)).map((r) => new URL(r.url).pathname))];
    for (const p of paths) {
      assert.match(p, /^\/($|index\.html|import-worker\.js|importer\/|pkg\/|data\/|style|print|boot\.js|favicon)/, `unexpected request ${p}`);
    }
  });

  it('renames, exports as a dataset folder and deletes the stored import', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await page.click('[data-testid=import-open]');
    await page.waitForSelector('[data-testid=stored-dataset]');
    await page.fill('[data-testid=stored-name]', 'Dortmund umbenannt');
    await page.click('[data-testid=stored-rename]');
    await poll(async () => (await page.locator('[data-testid=dataset-select] option', { hasText: 'Dortmund umbenannt' }).count()) === 1,
      { message: 'the new name in the dataset switch' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=stored-export]'),
    ]);
    assert.equal(download.suggestedFilename(), 'dortmund-umbenannt.zip');
    const zipPath = await download.path();
    const zip = fs.readFileSync(zipPath);
    assert.equal(zip.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
    const names = zip.toString('latin1');
    for (const f of ['dortmund-umbenannt/dataset.json', 'dortmund-umbenannt/boundaries.geojson', 'dortmund-umbenannt/indicators.csv']) {
      assert.ok(names.includes(f), `${f} in the archive`);
    }

    await page.click('[data-testid=stored-delete]');
    await page.click('[data-testid=stored-delete-confirm]');
    await poll(async () => (await page.locator('[data-testid=stored-dataset]').count()) === 0, { message: 'the stored import deleted' });
    assert.equal(await page.locator('[data-testid=dataset-select] option', { hasText: 'Dortmund umbenannt' }).count(), 0);
  });

  it('is a keyboard dialog: focus moves in, Escape closes and returns focus', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await page.click('[data-testid=import-close]');
    await page.waitForSelector('[data-testid=import-dialog]', { state: 'detached' });
    await page.focus('[data-testid=import-open]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=import-dialog]');
    await page.waitForFunction(() => document.activeElement?.closest('[role=dialog]') != null);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=import-dialog]', { state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'import-open');
  });

  it('imports services from a point GeoJSON with their categories', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    const services = path.join(REPO, 'data', 'dortmund', 'services.geojson');
    await importFiles(page, [path.join(REPO, 'data', 'dortmund', 'boundaries.geojson'), EXCEL_CSV, services]);
    await page.waitForSelector('[data-testid=import-services]');
    assert.match(await page.textContent('[data-testid=import-services]'), /services\.geojson: \d{3,}/);
    const options = await page.locator('[data-testid=import-category-field] option').allTextContents();
    const category = options.findIndex((o) => o.startsWith('category'));
    assert.ok(category > 0, `a category field is offered: ${options}`);
    await page.selectOption('[data-testid=import-category-field]', { index: category });
    await page.click('[data-testid=import-join]');
    await page.click('[data-testid=import-fix-safe]');
    await poll(async () => (await joinSummary(page)).matched === 170, { message: '170 matched' });
    await page.click('[data-testid=import-create]');
    await page.waitForSelector('[data-testid=import-dialog]', { state: 'detached' });
    await page.waitForSelector('[data-testid=layer-kita]');
    await waitForMap(page);
    assertClean(app);
  });
});
