// Printable outputs: the one-page district profile (`?profile=<key>`, A4 portrait, same
// figures as the details panel, a map inset, services, sources and date) in both languages,
// a clear message for an unknown key, and the print layout of the map (no controls, the map
// full width with legend and sources).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BASE_URL, TEST_TIMEOUT, TIMEOUT, assertClean, cspRecordingPage, dortmund, frames, launchBrowser, openApp, poll, screenshot, waitForMap,
} from './lib.mjs';

const CSP_BASE_URL = process.env.CSP_BASE_URL;

const KEY = '054';
const NAME = 'Nordmarkt-Ost';
const CHILD = 'children_under_15_SGB_II_pct';

/** The explorer's details panel of `key`: indicator rows (cell texts) and service counts. */
async function explorerDetails(page, key) {
  await page.click('[data-testid=tab-table]');
  await page.waitForSelector('[data-testid=district-table] tr[data-key]');
  await page.click(`[data-testid=district-table] tr[data-key="${key}"]`);
  await page.click('[data-testid=tab-details]');
  await page.waitForSelector('[data-testid=details-name]');
  await poll(async () => (await page.innerText('[data-testid=details-name]')).trim() === dortmund().names[key],
    { timeout: 5000, message: `details of ${key}` });
  return page.evaluate(() => ({
    rows: Object.fromEntries([...document.querySelectorAll('[data-testid=details-indicator]')].map((tr) => [
      tr.getAttribute('data-indicator'), [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
    ])),
    services: Object.fromEntries([...document.querySelectorAll('[data-testid=service-count]')].map((li) => [
      li.getAttribute('data-category'), li.getAttribute('data-count'),
    ])),
  }));
}

/** The profile's indicator rows (cell texts by data-col) and service counts. */
async function profileOf(page) {
  await page.waitForSelector('[data-testid=profile] [data-testid=profile-indicators] tr[data-indicator]');
  return page.evaluate(() => ({
    name: document.querySelector('[data-testid=profile-name]')?.textContent.trim(),
    rows: Object.fromEntries([...document.querySelectorAll('[data-testid=profile-indicators] tr[data-indicator]')].map((tr) => [
      tr.getAttribute('data-indicator'),
      Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.col, td.textContent.trim()])),
    ])),
    services: Object.fromEntries([...document.querySelectorAll('[data-testid=profile-services] [data-testid=profile-service]')].map((li) => [
      li.getAttribute('data-category'), li.getAttribute('data-count'),
    ])),
  }));
}

/** Pixels of the profile's map inset: [painted (non-transparent), dark (the district)]. */
async function insetPixels(page) {
  return page.$eval('canvas[data-testid=profile-map]', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0) painted += 1;
      if (d[i + 3] > 200 && d[i] < 160 && d[i + 1] < 80 && d[i + 2] < 40) dark += 1;
    }
    return { painted, dark, total: d.length / 4 };
  });
}

/** Pages of a PDF: `/Type /Page` objects (not `/Pages`). */
function pdfPages(bytes) {
  return (bytes.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/** "63,8" → 63.8 (German decimals, no grouping in these values). */
function de(text) {
  return Number(text.replace(/[^\d,.-]/g, '').replace(/\./g, '').replace(',', '.'));
}

describe('printable outputs', { timeout: 8 * TEST_TIMEOUT }, () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  it('the district profile shows the details figures, a map inset, services, and prints on one A4 page', { timeout: 2 * TEST_TIMEOUT }, async () => {
    // The explorer's figures for 054, and its link to the profile.
    const ex = await openApp(browser);
    await waitForMap(ex.page);
    const details = await explorerDetails(ex.page, KEY);
    const href = await ex.page.getAttribute('[data-testid=profile-open]', 'href');
    assert.match(href, /[?&]profile=054(&|$)/, `profile link ${href}`);
    assert.equal(await ex.page.getAttribute('[data-testid=profile-open]', 'target'), '_blank');
    const [tab] = await Promise.all([
      ex.context.waitForEvent('page'),
      ex.page.click('[data-testid=profile-open]'),
    ]);
    await tab.waitForSelector('[data-testid=profile-name]');
    assert.equal((await tab.innerText('[data-testid=profile-name]')).trim(), NAME, 'the link opens the profile of 054');
    assert.match(tab.url(), /[?&]profile=054(&|$)/, 'the profile keeps its URL');
    await tab.close();
    assertClean(ex);
    await ex.context.close();

    const app = await openApp(browser, `profile=${KEY}`);
    const { page } = app;
    const p = await profileOf(page);
    assert.equal(p.name, NAME);
    assert.match(await page.innerText('[data-testid=profile]'), /Dortmund/, 'dataset title in the header');
    assert.match(await page.innerText('[data-testid=profile]'), /054/, 'the key in the header');
    assert.match(await page.innerText('[data-testid=profile]'), /km²/, 'the area in the header');

    // Child poverty: the value, the median and the rank, as in the details panel and as
    // follows from the data.
    const child = p.rows[CHILD];
    assert.ok(child, `a row for ${CHILD}: ${Object.keys(p.rows)}`);
    assert.match(child.value, /63,8/);
    const [dValue, dMedian, dRank, dChange] = details.rows[CHILD];
    assert.deepEqual([child.value, child.median, child.rank, child.change], [dValue, dMedian, dRank, dChange],
      'the child-poverty row equals the explorer details of 054');
    const data = dortmund();
    const values = data.keys.map((k) => data.value(k, CHILD, 2024)).filter((v) => v !== null);
    const m = /^(\d+) \/ (\d+)$/.exec(child.rank);
    assert.ok(m, `rank "r / n": ${child.rank}`);
    assert.equal(Number(m[2]), values.length, 'n = districts with a value');
    assert.equal(Number(m[1]), values.filter((v) => v > 63.8).length + 1, 'rank 1 = highest share');
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
    assert.ok(Math.abs(de(child.median) - median) < 0.051, `median ${child.median} vs ${median}`);
    // Every indicator row equals the details panel.
    assert.deepEqual(Object.keys(p.rows).sort(), Object.keys(details.rows).sort(), 'one row per indicator');
    for (const [id, r] of Object.entries(p.rows)) {
      assert.deepEqual([r.value, r.median, r.rank, r.change], details.rows[id], `row ${id}`);
    }
    // Services: the same counts as the details panel.
    assert.deepEqual(p.services, details.services, 'service counts per category');
    assert.ok(Number(p.services.kita) > 0, 'Nordmarkt-Ost has a Kita');
    // Sources and date.
    assert.match(await page.innerText('[data-testid=profile-sources]'), /Stand: \d\d\.\d\d\.\d{4}/);
    assert.match(await page.innerText('[data-testid=profile-sources]'), /OpenStreetMap/);

    // The map inset: the city drawn, the district dark.
    const px = await poll(async () => {
      const r = await insetPixels(page);
      return r.painted > r.total * 0.2 && r.dark > 0 ? r : null;
    }, { timeout: 5000, message: 'the map inset drawn with the district highlighted' });
    assert.ok(px.dark < px.painted / 5, `only the district is dark: ${JSON.stringify(px)}`);
    const box = await page.locator('canvas[data-testid=profile-map]').boundingBox();
    assert.ok(box.width > 250 && box.width < 350, `inset about 8 cm wide: ${box.width}px`);
    await frames(page, 2);
    await screenshot(page, 'profile');

    // On paper: no print button, one A4 page.
    assert.ok(await page.isVisible('[data-testid=profile-print]'), 'a print button on screen');
    assert.equal((await page.innerText('[data-testid=profile-print]')).trim(), 'Drucken');
    await page.emulateMedia({ media: 'print' });
    await frames(page, 2);
    assert.equal(await page.isVisible('[data-testid=profile-print]'), false, 'print button hidden in print');
    assert.ok(await page.isVisible('[data-testid=profile-indicators]'));
    const pageSize = await page.getAttribute('link#page-size', 'href');
    assert.equal(pageSize, 'print-a4-portrait.css', 'the profile asks for A4 portrait');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.equal(pdfPages(pdf), 1, 'the profile fits on one A4 page');
    const cssPdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    assert.equal(pdfPages(cssPdf), 1, 'one page at the CSS page size too');
    // A4 portrait: the MediaBox is 595 × 842 pt.
    assert.match(cssPdf.toString('latin1'), /\/MediaBox\s*\[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/, 'A4 portrait MediaBox');
    assertClean(app);
    await app.context.close();
  });

  it('the map prints without controls: map full width, legend and sources', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser);
    const { page } = app;
    await waitForMap(page);
    await page.emulateMedia({ media: 'print' });
    await frames(page, 4);
    for (const sel of ['[data-testid=indicator-select]', '[data-testid=analysis-select]', '[data-testid=layer-kita]',
      'aside.panel', '[data-testid=tab-details]', '[data-testid=zoom-in]', '[data-testid=export-menu]',
      '[data-testid=lang-en]', '[data-testid=dataset-select]']) {
      assert.equal(await page.isVisible(sel), false, `${sel} hidden in print`);
    }
    const display = await page.$eval('aside.sidebar', (e) => getComputedStyle(e).display);
    assert.ok(display === 'none' || display === 'contents', `the sidebar has no box in print: ${display}`);
    assert.equal(await page.$eval('aside.panel', (e) => getComputedStyle(e).display), 'none');
    assert.ok(await page.isVisible('canvas[data-testid=map-canvas]'), 'the map');
    assert.ok(await page.isVisible('[data-testid=legend]'), 'the legend');
    assert.ok(await page.isVisible('[data-testid=attribution]'), 'the sources');
    const map = await page.locator('canvas[data-testid=map-canvas]').boundingBox();
    const legend = await page.locator('[data-testid=legend]').boundingBox();
    const vw = page.viewportSize().width;
    assert.ok(map.width > vw * 0.6, `map nearly full width: ${map.width} of ${vw}`);
    assert.ok(legend.x >= map.x + map.width - 1, 'legend beside the map');
    await screenshot(page, 'print-map');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    assert.equal(pdfPages(pdf), 1, 'the map prints on one page');
    assert.match(pdf.toString('latin1'), /\/MediaBox\s*\[0 0 84[12](\.\d+)? 59[45](\.\d+)?\]/, 'A4 landscape MediaBox');
    assertClean(app);
    await app.context.close();
  });

  it('the export menu prints the map on A4 or A3 landscape', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser);
    const { page } = app;
    await page.evaluate(() => { window.__printed = []; window.print = () => window.__printed.push(document.getElementById('page-size')?.getAttribute('href')); });
    await page.click('[data-testid=export-menu] summary');
    await page.click('[data-testid=print-a3]');
    await page.waitForFunction(() => window.__printed.length === 1);
    await page.click('[data-testid=print-a4]');
    await page.waitForFunction(() => window.__printed.length === 2);
    assert.deepEqual(await page.evaluate(() => window.__printed), ['print-a3.css', 'print-a4.css']);
    // The sheet really is loaded from the app's own origin and says what it should.
    const css = await (await page.request.get(`${BASE_URL}print-a3.css`)).text();
    assert.match(css, /size:\s*A3 landscape/);
    assertClean(app);
    await app.context.close();
  });

  it('the profile in English', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser, `lang=en&profile=${KEY}`);
    const { page } = app;
    const p = await profileOf(page);
    assert.equal(p.name, NAME);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    const heads = await page.$$eval('[data-testid=profile-indicators] thead th', (ths) => ths.map((t) => t.textContent.trim()));
    assert.equal(heads[0], 'Indicator');
    assert.equal(heads[2], 'Median of all areas');
    assert.equal(heads[3], 'Rank');
    assert.match(p.rows[CHILD].value, /63\.8/, 'English decimals');
    const text = await page.innerText('[data-testid=profile]');
    assert.match(text, /Indicators/);
    assert.match(text, /Services in the area/);
    assert.match(text, /As of \d{4}-\d\d-\d\d/);
    assert.doesNotMatch(text, /Stand:|Indikatoren|Angebote im Gebiet/);
    assert.equal((await page.innerText('[data-testid=profile-print]')).trim(), 'Print');
    assertClean(app);
    await app.context.close();
  });

  it('an unknown key gives a clear message, in both languages', { timeout: TEST_TIMEOUT }, async () => {
    for (const [query, want] of [['profile=999', /Schlüssel „999“ gibt es/], ['lang=en&profile=999', /no area with the key “999”/]]) {
      const app = await openApp(browser, query);
      const { page } = app;
      await page.waitForSelector('[data-testid=profile-error]');
      assert.match(await page.innerText('[data-testid=profile-error]'), want);
      assert.equal(await page.$('[data-testid=profile]'), null, 'no profile');
      assert.equal(await page.getAttribute('[data-testid=profile-error]', 'role'), 'alert');
      assertClean(app);
      await app.context.close();
    }
  });
  it('the profile works under the strict CSP (page-size sheet, inset, styles)', {
    timeout: TEST_TIMEOUT, skip: !CSP_BASE_URL && 'CSP_BASE_URL not set (run through cargo xtask test)',
  }, async () => {
    const { context, page, errors } = await cspRecordingPage(browser);
    const base = CSP_BASE_URL.endsWith('/') ? CSP_BASE_URL : `${CSP_BASE_URL}/`;
    const response = await page.goto(`${base}?profile=${KEY}`);
    assert.doesNotMatch(response.headers()['content-security-policy'] || '', /unsafe-inline/);
    await page.waitForSelector('[data-testid=profile-name]');
    await poll(async () => (await insetPixels(page)).dark > 0, { timeout: 5000, message: 'the inset drawn' });
    await page.emulateMedia({ media: 'print' });
    await frames(page, 2);
    assert.equal(await page.isVisible('[data-testid=profile-print]'), false);
    assert.equal(pdfPages(await page.pdf({ preferCSSPageSize: true })), 1);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'CSP violations');
    assert.deepEqual(errors, [], 'page errors');
    await context.close();
  });
});
