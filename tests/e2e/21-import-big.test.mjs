// Issue 4: drag and drop onto the drop zone, and a 50 MB GeoJSON that imports without
// freezing the page (the import runs in a Web Worker) and with a progress bar.
//
// The big file is SYNTHETIC (benches/gen.mjs: deterministic non-overlapping polygons of ~60
// vertices, labelled synthetic in its properties) and is generated at test time into
// tests/e2e/artifacts; it is never committed.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { synthetic } from '../../benches/gen.mjs';
import { ARTIFACTS, REPO, TEST_TIMEOUT, assertClean, launchBrowser, openApp, poll, waitForMap } from './lib.mjs';

const N = 40_000;

describe('importing big files and by drag and drop', { timeout: 8 * TEST_TIMEOUT }, () => {
  let browser;
  let app;
  let bigFile;
  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    bigFile = path.join(ARTIFACTS, `synthetic-${N}.geojson`);
    if (!fs.existsSync(bigFile)) fs.writeFileSync(bigFile, JSON.stringify(synthetic(N)));
    browser = await launchBrowser();
    app = await openApp(browser);
    await waitForMap(app.page);
  });
  after(async () => {
    await browser?.close();
  });

  it('takes files dropped on the drop zone', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await page.click('[data-testid=import-open]');
    const text = fs.readFileSync(path.join(REPO, 'data', 'dortmund', 'boundaries.geojson'), 'utf8');
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'grenzen.geojson', { type: 'application/geo+json' }));
      return dt;
    }, text);
    await page.dispatchEvent('[data-testid=import-dropzone]', 'dragover', { dataTransfer });
    await page.dispatchEvent('[data-testid=import-dropzone]', 'drop', { dataTransfer });
    await page.waitForSelector('[data-testid=import-boundaries]');
    assert.match(await page.textContent('[data-testid=import-boundaries]'), /grenzen\.geojson: 170/);
    assert.match(await page.textContent('[data-testid=import-crs-detected]'), /EPSG:4326/);
    await page.click('[data-testid=import-clear]');
  });

  it('imports a 50 MB GeoJSON in a worker, with a progress bar, while the page keeps drawing', { timeout: 4 * TEST_TIMEOUT }, async () => {
    const { page } = app;
    const size = fs.statSync(bigFile).size;
    assert.ok(size > 50e6, `the file has ${size} bytes`);
    // Count animation frames: a page whose main thread is blocked by parsing draws none.
    await page.evaluate(() => {
      window.__frames = 0;
      const tick = () => { window.__frames += 1; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    });
    const framesBefore = await page.evaluate(() => window.__frames);
    await page.setInputFiles('[data-testid=import-files]', bigFile);
    await page.waitForSelector('[data-testid=import-progress] progress', { timeout: 10_000 });
    let sawProgress = false;
    await poll(async () => {
      if (await page.locator('[data-testid=import-progress]').count()) sawProgress = true;
      return (await page.locator('[data-testid=import-boundaries]').count()) > 0
        || (await page.locator('[data-testid=import-problem]').count()) > 0;
    }, { timeout: 3 * TEST_TIMEOUT, message: 'the analysis of the big file' });
    assert.ok(sawProgress, 'a progress bar was shown');
    assert.equal(await page.locator('[data-testid=import-problem]').count(), 0, 'no problem reported');
    const text = await page.textContent('[data-testid=import-boundaries]');
    assert.match(text, new RegExp(`${N}`), `all ${N} polygons read: ${text.slice(0, 200)}`);
    const frames = (await page.evaluate(() => window.__frames)) - framesBefore;
    assert.ok(frames >= 10, `the page kept drawing during the import (${frames} animation frames)`);
    // The map loaded before is untouched.
    assert.equal(await page.inputValue('[data-testid=dataset-select]'), 'dortmund');
    await page.click('[data-testid=import-close]');
    assertClean(app);
  });
});
