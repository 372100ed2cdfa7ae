// The NRW overview: the state view of 396 municipalities and 53 Kreise (dataset switch, URL,
// reload, Back/Forward), the 18 model municipalities of "Kein Kind zurücklassen!" (list,
// outline on the map, badge), the drill-down to Dortmund and back, the school layers with the
// social-index filter, and the Kreise view opened directly.
//
// Expectations come from the committed data (data/nrw-*/{dataset.json, boundaries.geojson,
// indicators.csv, services.geojson}), not from the app.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CANVAS, REPO, TEST_TIMEOUT, afterRedraw, assertClean, canvasAttr, districtPoint, frames,
  launchBrowser, legendOf, legendTotal, openApp, parseUiNumber, poll, screenshot, setNumber,
  showDetails, showTable,
} from './lib.mjs';

const DORTMUND_GEMEINDE = '05913000';
const DORTMUND_KREIS = '05913';
const MODEL_NAMES = [
  'Arnsberg', 'Bielefeld', 'Dormagen', 'Dortmund', 'Duisburg', 'Düsseldorf', 'Gelsenkirchen',
  'Gladbeck', 'Hamm', 'Kreis Düren', 'Kreis Unna', 'Kreis Warendorf', 'Moers', 'Mönchengladbach',
  'Münster', 'Oberhausen', 'Witten', 'Wuppertal',
];
const INDICATORS = ['gs_sozialindex_mittel', 'gs_sozialindex_7_9_pct', 'startchancen_schulen'];
const SCHOOL_LAYERS = ['grundschule', 'weiterfuehrende_schule', 'foerderschule', 'berufskolleg'];
const HIGHLIGHT = '#5e3c99';

// ---------------------------------------------------------------------------------------
// The committed data.

const cache = new Map();
/**
 * data/<id>: {manifest, keys, names: {key: name}, value(key, indicator) → number|null,
 * services: [{category, value|null}]}
 */
function nrw(id) {
  if (cache.has(id)) return cache.get(id);
  const dir = path.join(REPO, 'data', id);
  const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
  const manifest = JSON.parse(read('dataset.json'));
  const boundaries = JSON.parse(read('boundaries.geojson'));
  const keys = boundaries.features.map((f) => String(f.properties.key));
  const names = Object.fromEntries(boundaries.features.map((f) => [String(f.properties.key), f.properties.name]));
  const [head, ...lines] = read('indicators.csv').trim().split(/\r?\n/);
  const cols = head.split(',');
  const rows = new Map(lines.map((line) => {
    const cells = line.split(',');
    return [cells[0], Object.fromEntries(cols.map((c, i) => [c, cells[i]]))];
  }));
  const value = (key, indicator) => {
    const cell = rows.get(key)?.[indicator];
    return cell === undefined || cell.trim() === '' ? null : Number(cell);
  };
  const services = JSON.parse(read('services.geojson')).features.map((f) => ({
    category: f.properties.category,
    value: f.properties.value ?? null,
  }));
  const d = { manifest, keys, names, value, services };
  cache.set(id, d);
  return d;
}

/** Number of services in `categories` whose value lies in [lo, hi] (no filter: all of them). */
function schools(id, categories, range = null) {
  return nrw(id).services.filter((s) => categories.includes(s.category)
    && (range === null || (s.value !== null && s.value >= range[0] && s.value <= range[1]))).length;
}

// ---------------------------------------------------------------------------------------
// Page readers.

/** What the page shows of the dataset: URL parameter, select value, busy flag, drawn count. */
async function datasetState(page) {
  return page.evaluate((sel) => {
    const select = document.querySelector('[data-testid=dataset-select]');
    return {
      url: new URL(location.href).searchParams.get('dataset'),
      select: select?.value ?? null,
      busy: select?.getAttribute('aria-busy') ?? null,
      drawn: document.querySelector(sel)?.getAttribute('data-drawn') ?? null,
    };
  }, CANVAS);
}

/**
 * Wait until dataset `id` is on screen: the URL names it, no switch is under way and the map
 * has drawn `n` districts. Then the dataset select must show it too (unless `checkSelect` is
 * false: the caller checks it later). Returns the select's value.
 */
async function waitForDataset(page, id, n, what = `dataset ${id}`, { checkSelect = true } = {}) {
  const st = await poll(async () => {
    const st = await datasetState(page);
    if (st.url === id && st.busy !== 'true' && st.drawn === String(n)) return st;
    throw new Error(JSON.stringify(st));
  }, { message: `${what}: ?dataset=${id}, ${n} districts drawn, no switch under way` });
  await frames(page, 2);
  if (checkSelect) {
    assert.equal(st.select, id, `${what}: the dataset select shows ${id} (the dataset on screen)`);
  }
  return st.select;
}

async function tableKeys(page) {
  await showTable(page);
  return page.$$eval('[data-testid=district-table] tr[data-key]', (rows) => rows.map((r) => r.getAttribute('data-key')));
}

async function detailsName(page) {
  return (await page.innerText('[data-testid=details-name]').catch(() => '')).trim();
}

async function waitForDetails(page, name) {
  await poll(async () => (await page.getAttribute('[data-testid=tab-details]', 'aria-selected')) === 'true',
    { timeout: 5000, message: 'tab-details selected' });
  let last;
  await poll(async () => (last = await detailsName(page)) === name,
    { timeout: 5000, message: `details-name ${name} (shown: ${JSON.stringify(last)})` });
}

/** Click district `key` at its map point; wait for its details. */
async function clickDistrict(page, key, name) {
  const p = await districtPoint(page, key);
  await afterRedraw(page, () => page.mouse.click(p.x, p.y));
  await waitForDetails(page, name);
}

function member(page, name) {
  return page.locator('section[data-testid=highlight-list] button[data-testid=highlight-member]', {
    hasText: new RegExp(`^\\s*${name}\\s*$`),
  });
}

async function highlightMembers(page) {
  return page.$$eval('section[data-testid=highlight-list] button[data-testid=highlight-member]',
    (bs) => bs.map((b) => ({ name: b.textContent.trim(), keys: b.getAttribute('data-keys') })));
}

/**
 * The whole canvas: stores its PNG data URL on window under `name` and counts the pixels
 * within `tol` of colour `hex`. Returns {w, h, count}.
 */
async function canvasShot(page, name, hex, tol = 12) {
  return page.evaluate(({ sel, name, hex, tol }) => {
    const c = document.querySelector(sel);
    window.__nrwShots = window.__nrwShots || {};
    window.__nrwShots[name] = c.toDataURL('image/png');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    let count = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 200 && Math.abs(d[i] - r) <= tol && Math.abs(d[i + 1] - g) <= tol && Math.abs(d[i + 2] - b) <= tol) count++;
    }
    return { w: c.width, h: c.height, count };
  }, { sel: CANVAS, name, hex, tol });
}

async function sameShot(page, a, b) {
  return page.evaluate(([a, b]) => window.__nrwShots[a] === window.__nrwShots[b], [a, b]);
}

/** Set the social-index filter (the app reacts on `change`). */
async function setRange(page, lo, hi) {
  await setNumber(page, 'service-value-min', lo);
  await setNumber(page, 'service-value-max', hi);
}

async function expectServices(page, n, what) {
  let last;
  await poll(async () => (last = await canvasAttr(page, 'data-services-drawn')) === n,
    { timeout: 10_000, message: `${what}: data-services-drawn = ${n} (shown: ${last})` });
  await frames(page, 2);
}

// ---------------------------------------------------------------------------------------

describe('NRW overview', { timeout: 10 * TEST_TIMEOUT }, () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('switches to the 396 municipalities and the 53 Kreise; the URL names the dataset and a reload restores it', { timeout: 2 * TEST_TIMEOUT }, async () => {
    const gem = nrw('nrw-gemeinden');
    const kreise = nrw('nrw-kreise');
    assert.equal(gem.keys.length, 396, 'committed data: 396 municipalities');
    assert.equal(kreise.keys.length, 53, 'committed data: 53 Kreise');

    const app = await openApp(browser);
    const { page } = app;
    try {
      await waitForDataset(page, 'dortmund', 170, 'default dataset');
      const options = await page.$$eval('select[data-testid=dataset-select] option', (os) => os.map((o) => o.value));
      assert.deepEqual([...options].sort(), ['dortmund', 'nrw-gemeinden', 'nrw-kreise'], 'the catalogue ids as options');

      // Municipalities.
      await page.selectOption('select[data-testid=dataset-select]', 'nrw-gemeinden');
      await waitForDataset(page, 'nrw-gemeinden', 396);
      assert.equal(await canvasAttr(page, 'data-drawn'), 396);
      const gemKeys = await tableKeys(page);
      assert.equal(gemKeys.length, 396, 'the table lists 396 municipalities');
      assert.deepEqual([...gemKeys].sort(), [...gem.keys].sort(), 'the table keys are the AGS of boundaries.geojson');
      assert.equal(await page.inputValue('select[data-testid=indicator-select]'), 'gs_sozialindex_mittel', 'default indicator');
      await screenshot(page, 'nrw-gemeinden');

      // Kreise, with the old dataset on screen while the new one loads (its files held back).
      let release;
      const gate = new Promise((r) => { release = r; });
      let held = 0;
      await page.route('**/data/nrw-kreise/**', async (route) => {
        held++;
        await gate;
        await route.continue();
      });
      try {
        await page.selectOption('select[data-testid=dataset-select]', 'nrw-kreise');
        await poll(() => held > 0, { timeout: 10_000, message: 'a request for data/nrw-kreise/' });
        await frames(page, 3);
        const during = await datasetState(page);
        assert.equal(during.busy, 'true', `dataset select aria-busy while switching: ${JSON.stringify(during)}`);
        assert.equal(during.drawn, '396', 'the municipalities stay drawn while the Kreise load');
        assert.equal(during.url, 'nrw-gemeinden', 'the URL changes only once the Kreise are there');
        assert.equal((await tableKeys(page)).length, 396, 'the table keeps the municipalities while the Kreise load');
      } finally {
        release();
      }
      await waitForDataset(page, 'nrw-kreise', 53);
      await page.unroute('**/data/nrw-kreise/**');
      const kreisKeys = await tableKeys(page);
      assert.equal(kreisKeys.length, 53, 'the table lists 53 Kreise');
      assert.deepEqual([...kreisKeys].sort(), [...kreise.keys].sort(), 'the table keys are the Kreis keys of boundaries.geojson');

      // Reload of that URL restores it.
      const url = page.url();
      assert.equal(new URL(url).searchParams.get('dataset'), 'nrw-kreise');
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector('[data-testid=app][data-state=ready]');
      await waitForDataset(page, 'nrw-kreise', 53, 'reload');
      assert.equal((await tableKeys(page)).length, 53, 'reload: 53 table rows');
      assertClean(app);
    } finally {
      await app.context.close();
    }
  });

  it('Back and Forward switch the dataset, and the dataset select follows', { timeout: 2 * TEST_TIMEOUT }, async () => {
    const app = await openApp(browser);
    const { page } = app;
    try {
      await waitForDataset(page, 'dortmund', 170, 'default dataset');
      await page.selectOption('select[data-testid=dataset-select]', 'nrw-gemeinden');
      await waitForDataset(page, 'nrw-gemeinden', 396);
      await page.selectOption('select[data-testid=dataset-select]', 'nrw-kreise');
      await waitForDataset(page, 'nrw-kreise', 53);

      // The map, URL and table first; what the select shows is checked at the end, so that a
      // stale select does not hide whether the rest of the history works.
      const shown = [];
      await page.goBack();
      shown.push(['Back', 'nrw-gemeinden', await waitForDataset(page, 'nrw-gemeinden', 396, 'Back', { checkSelect: false })]);
      assert.equal((await tableKeys(page)).length, 396, 'Back: 396 table rows');
      await page.goBack();
      shown.push(['Back again', 'dortmund', await waitForDataset(page, 'dortmund', 170, 'Back again', { checkSelect: false })]);
      assert.equal((await tableKeys(page)).length, 170, 'Back again: 170 table rows');
      await page.goForward();
      shown.push(['Forward', 'nrw-gemeinden', await waitForDataset(page, 'nrw-gemeinden', 396, 'Forward', { checkSelect: false })]);
      await page.goForward();
      shown.push(['Forward again', 'nrw-kreise', await waitForDataset(page, 'nrw-kreise', 53, 'Forward again', { checkSelect: false })]);
      assert.equal((await tableKeys(page)).length, 53, 'Forward again: 53 table rows');

      assert.deepEqual(
        shown.map(([step, , select]) => `${step}: ${select}`),
        shown.map(([step, want]) => `${step}: ${want}`),
        'after Back/Forward the dataset select shows the dataset on screen',
      );
      assertClean(app);
    } finally {
      await app.context.close();
    }
  });

  it('lists and outlines the 18 model municipalities', { timeout: 2 * TEST_TIMEOUT }, async () => {
    const gem = nrw('nrw-gemeinden');
    const app = await openApp(browser, 'dataset=nrw-gemeinden');
    const { page } = app;
    try {
      await waitForDataset(page, 'nrw-gemeinden', 396);
      assert.ok(await page.isVisible('section[data-testid=highlight-list]'), 'highlight list shown');
      const members = await highlightMembers(page);
      assert.equal(members.length, 18, '18 member buttons');
      assert.deepEqual(members.map((m) => m.name), MODEL_NAMES, 'the 18 names');
      assert.deepEqual(
        members.map((m) => ({ name: m.name, keys: m.keys })),
        gem.manifest.highlight.members.map((m) => ({ name: m.name, keys: m.keys.join(' ') })),
        'data-keys are the keys of dataset.json highlight.members',
      );
      const unna = members.find((m) => m.name === 'Kreis Unna');
      assert.equal(unna.keys.split(' ').length, 10, 'Kreis Unna: 10 municipalities');
      for (const m of members) {
        for (const k of m.keys.split(' ')) assert.ok(gem.names[k], `${m.name}: key ${k} is a municipality`);
      }

      // The outline: the canvas changes with the toggle, and the violet pixels go with it.
      const toggle = 'input[data-testid=highlight-toggle]';
      assert.equal(await page.getAttribute(toggle, 'type'), 'checkbox');
      assert.ok(await page.isChecked(toggle), 'highlight on by default');
      const on = await canvasShot(page, 'on', HIGHLIGHT);
      const drawsBefore = await canvasAttr(page, 'data-draw-count');
      await afterRedraw(page, () => page.uncheck(toggle));
      assert.ok(await canvasAttr(page, 'data-draw-count') > drawsBefore, 'the map redraws when the highlight is switched off');
      assert.equal(await page.isChecked(toggle), false);
      const off = await canvasShot(page, 'off', HIGHLIGHT);
      assert.equal(await sameShot(page, 'on', 'off'), false, 'the canvas differs with the highlight on and off');
      assert.ok(on.count >= 300 && on.count > 3 * off.count,
        `violet (${HIGHLIGHT}) outline pixels: ${on.count} with the highlight, ${off.count} without`);
      await afterRedraw(page, () => page.check(toggle));
      const again = await canvasShot(page, 'again', HIGHLIGHT);
      assert.equal(again.count, on.count, 'switching the highlight on again restores the outline');
      assert.ok(await sameShot(page, 'on', 'again'), 'switching the highlight on again restores the same picture');

      // A member button selects its (first) district; the details carry the badge.
      await afterRedraw(page, () => member(page, 'Kreis Unna').click());
      const unnaFirst = gem.manifest.highlight.members.find((m) => m.name === 'Kreis Unna').keys[0];
      await waitForDetails(page, gem.names[unnaFirst]);
      const badge = page.locator('[data-testid=details] [data-testid=highlight-badge]');
      assert.equal(await badge.count(), 1, `badge for ${gem.names[unnaFirst]}`);
      assert.match(await badge.innerText(), /Kreis Unna/);
      assert.equal(await page.locator('[data-testid=details] button[data-testid=drilldown]').count(), 0,
        'no drill-down for a municipality without a finer dataset');

      await afterRedraw(page, () => member(page, 'Münster').click());
      await waitForDetails(page, gem.names['05515000']);
      assert.equal(await badge.count(), 1, 'badge for Münster');

      // A municipality that is not a model municipality has no badge (Köln).
      const koeln = '05315000';
      assert.ok(!members.some((m) => m.keys.split(' ').includes(koeln)), 'Köln is no member');
      await clickDistrict(page, koeln, gem.names[koeln]);
      assert.equal(await badge.count(), 0, 'no badge for Köln');
      assertClean(app);
    } finally {
      await app.context.close();
    }
  });

  it('drills down to Dortmund and back (button and browser Back)', { timeout: 3 * TEST_TIMEOUT }, async () => {
    const gem = nrw('nrw-gemeinden');
    const kreise = nrw('nrw-kreise');
    assert.deepEqual(gem.manifest.drilldown.map((d) => [d.key, d.dataset]), [[DORTMUND_GEMEINDE, 'dortmund']]);
    assert.deepEqual(kreise.manifest.drilldown.map((d) => [d.key, d.dataset]), [[DORTMUND_KREIS, 'dortmund']]);

    const app = await openApp(browser, 'dataset=nrw-gemeinden');
    const { page } = app;
    const drilldown = '[data-testid=details] button[data-testid=drilldown]';
    const drillUp = 'button[data-testid=drill-up]';
    try {
      await waitForDataset(page, 'nrw-gemeinden', 396);
      assert.equal(await page.locator(drillUp).count(), 0, 'no way up from the state view');

      // Map click on Dortmund → drill-down button → the 170 sub-districts.
      await clickDistrict(page, DORTMUND_GEMEINDE, gem.names[DORTMUND_GEMEINDE]);
      assert.equal(await page.locator('[data-testid=details] [data-testid=highlight-badge]').count(), 1, 'Dortmund is a model municipality');
      assert.ok(await page.isVisible(drilldown), 'drill-down button in the details of Dortmund');
      await page.click(drilldown);
      await waitForDataset(page, 'dortmund', 170, 'drill-down');
      assert.equal((await tableKeys(page)).length, 170, 'the table lists the 170 sub-districts');
      assert.ok(await page.isVisible(drillUp), 'a way back up');
      await screenshot(page, 'drilldown');

      // The button back up.
      await page.click(drillUp);
      await waitForDataset(page, 'nrw-gemeinden', 396, 'drill-up');
      assert.equal((await tableKeys(page)).length, 396, 'drill-up: 396 table rows');
      assert.equal(await page.locator(drillUp).count(), 0, 'no way up from the state view');

      // Again via the highlight list, then browser Back.
      await afterRedraw(page, () => member(page, 'Dortmund').click());
      await waitForDetails(page, gem.names[DORTMUND_GEMEINDE]);
      await page.click(drilldown);
      await waitForDataset(page, 'dortmund', 170, 'drill-down from the highlight list');
      await page.goBack();
      await waitForDataset(page, 'nrw-gemeinden', 396, 'browser Back after the drill-down');
      assert.equal((await tableKeys(page)).length, 396, 'Back: 396 table rows');
      assertClean(app);
    } finally {
      await app.context.close();
    }

    // From the Kreise: Dortmund (05913) drills down too; the way up leads to the municipalities.
    const app2 = await openApp(browser, 'dataset=nrw-kreise');
    try {
      const p2 = app2.page;
      await waitForDataset(p2, 'nrw-kreise', 53);
      await clickDistrict(p2, DORTMUND_KREIS, kreise.names[DORTMUND_KREIS]);
      assert.ok(await p2.isVisible(drilldown), 'drill-down button for Dortmund in the Kreise view');
      await p2.click(drilldown);
      await waitForDataset(p2, 'dortmund', 170, 'drill-down from the Kreise');
      await p2.click(drillUp);
      await waitForDataset(p2, 'nrw-gemeinden', 396, 'drill-up from Dortmund');
      assertClean(app2);
    } finally {
      await app2.context.close();
    }
  });

  it('filters the schools by type and social index', { timeout: 2 * TEST_TIMEOUT }, async () => {
    const id = 'nrw-gemeinden';
    const app = await openApp(browser, `dataset=${id}`);
    const { page } = app;
    try {
      await waitForDataset(page, id, 396);
      for (const c of SCHOOL_LAYERS) {
        assert.equal(await page.getAttribute(`input[data-testid=layer-${c}]`, 'type'), 'checkbox', `layer-${c}`);
        assert.equal(await page.isChecked(`input[data-testid=layer-${c}]`), c === 'grundschule', `layer-${c} default`);
      }
      const gs = ['grundschule'];
      const all = schools(id, gs);
      assert.ok(all > 1000, `committed data: ${all} primary schools`);
      await expectServices(page, all, 'default: all primary schools');

      // Types: each layer adds exactly its schools.
      let on = [...gs];
      for (const c of SCHOOL_LAYERS.slice(1)) {
        on = [...on, c];
        await afterRedraw(page, () => page.check(`input[data-testid=layer-${c}]`));
        await expectServices(page, schools(id, on), `layers ${on.join(', ')}`);
      }
      for (const c of SCHOOL_LAYERS.slice(1)) await afterRedraw(page, () => page.uncheck(`input[data-testid=layer-${c}]`));
      await expectServices(page, all, 'primary schools only again');

      // Social index.
      assert.equal(await page.getAttribute('input[data-testid=service-value-min]', 'min'), '1');
      assert.equal(await page.getAttribute('input[data-testid=service-value-max]', 'max'), '9');
      const high = schools(id, gs, [7, 9]);
      const low = schools(id, gs, [1, 6]);
      assert.ok(high > 0 && high < all, `committed data: ${high} of ${all} primary schools with index 7–9`);
      assert.ok(high + low < all, `committed data: some primary schools have no index (${high} + ${low} < ${all})`);
      await setRange(page, 7, 9);
      await expectServices(page, high, 'primary schools with index 7–9');
      await setRange(page, 1, 6);
      await expectServices(page, low, 'primary schools with index 1–6');
      await setRange(page, 1, 9);
      await expectServices(page, all, 'index 1–9: no filter, all primary schools');

      // The filter applies to every school type; types without an index vanish under it.
      await setRange(page, 7, 9);
      await afterRedraw(page, () => page.check('input[data-testid=layer-weiterfuehrende_schule]'));
      await expectServices(page, schools(id, [...gs, 'weiterfuehrende_schule'], [7, 9]), 'primary + secondary, index 7–9');
      await afterRedraw(page, () => page.check('input[data-testid=layer-foerderschule]'));
      await expectServices(page, schools(id, [...gs, 'weiterfuehrende_schule', 'foerderschule'], [7, 9]),
        'primary + secondary + special needs, index 7–9');
      await setRange(page, 1, 9);
      await expectServices(page, schools(id, [...gs, 'weiterfuehrende_schule', 'foerderschule']), 'the three types, no filter');
      assertClean(app);
    } finally {
      await app.context.close();
    }
  });

  it('opens the 53 Kreise directly, with values for every indicator', { timeout: 2 * TEST_TIMEOUT }, async () => {
    const id = 'nrw-kreise';
    const kreise = nrw(id);
    const app = await openApp(browser, `dataset=${id}`);
    const { page } = app;
    try {
      await waitForDataset(page, id, 53);
      const ids = await page.$$eval('select[data-testid=indicator-select] option', (os) => os.map((o) => o.value));
      assert.deepEqual([...ids].sort(), [...INDICATORS].sort(), 'the NRW indicators');
      assert.equal(await page.inputValue('select[data-testid=indicator-select]'), 'gs_sozialindex_mittel');

      for (const ind of INDICATORS) {
        if (ind !== 'gs_sozialindex_mittel') {
          await afterRedraw(page, () => page.selectOption('select[data-testid=indicator-select]', ind));
          assert.equal(await page.inputValue('select[data-testid=indicator-select]'), ind);
        }
        const legend = await legendOf(page);
        assert.ok(legend, `${ind}: legend`);
        assert.ok(legend.classes.length >= 2, `${ind}: ${legend.classes.length} legend classes`);
        assert.equal(legendTotal(legend), 53, `${ind}: legend classes + no data = 53`);
        const missing = kreise.keys.filter((k) => kreise.value(k, ind) === null).length;
        assert.equal(legend.noData, missing, `${ind}: no-data count as in indicators.csv`);
      }
      await afterRedraw(page, () => page.selectOption('select[data-testid=indicator-select]', 'gs_sozialindex_mittel'));

      // The table: one row per Kreis, values as in indicators.csv.
      await showTable(page);
      const rows = await page.$eval('[data-testid=district-table]', (t) => {
        const th = t.querySelector('button[data-sort=value]').closest('th, td');
        const col = [...th.parentElement.children].indexOf(th);
        return [...t.querySelectorAll('tr[data-key]')].map((r) => ({ key: r.getAttribute('data-key'), text: r.children[col]?.textContent ?? '' }));
      });
      assert.equal(rows.length, 53);
      assert.deepEqual(rows.map((r) => r.key).sort(), [...kreise.keys].sort());
      for (const r of rows) {
        const want = kreise.value(r.key, 'gs_sozialindex_mittel');
        const got = parseUiNumber(r.text, 'de');
        assert.ok(want !== null && Math.abs(got - want) < 0.006, `${r.key}: table shows ${r.text}, indicators.csv has ${want}`);
      }

      // The 18 model municipalities in the Kreise view: one Kreis key each.
      const members = await highlightMembers(page);
      assert.deepEqual(members.map((m) => m.name), MODEL_NAMES);
      assert.deepEqual(members.map((m) => m.keys), kreise.manifest.highlight.members.map((m) => m.keys.join(' ')));
      await showDetails(page);
      assertClean(app);
    } finally {
      await app.context.close();
    }
  });
});
