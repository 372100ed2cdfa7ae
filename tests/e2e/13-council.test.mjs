// Council and website (issue 5): permalinks restore every element of the view, Back and
// Forward work, unusable parameters give a notice; the embed mode inside a sandboxed iframe
// of another origin; the share dialog; PNG/SVG/CSV exports through the real UI.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  launchBrowser, openApp, assertClean, screenshot, BASE_URL, TIMEOUT, TEST_TIMEOUT, CANVAS,
} from './lib.mjs';

const HOST_BASE_URL = process.env.HOST_BASE_URL;

/** Everything of the view a link must restore, read through the UI. */
async function viewOf(page) {
  return page.evaluate(() => {
    const val = (id) => document.querySelector(`[data-testid=${id}]`)?.value ?? null;
    const checked = [...document.querySelectorAll('input[type=checkbox][data-testid^=layer-]')]
      .filter((c) => c.checked).map((c) => c.dataset.testid).sort();
    const weights = [...document.querySelectorAll('[data-testid=need-row]')].map((r) => [
      r.dataset.indicator,
      r.querySelector('input[type=checkbox]').checked,
      r.querySelector('input[type=number]').value,
      r.querySelector('select').value,
    ]);
    const keys = ['054', '710', '326', '001', '251'];
    return {
      lang: document.documentElement.lang,
      analysis: val('analysis-select'),
      method: val('method-select'),
      classes: val('classes-select'),
      palette: val('palette-select'),
      year: val('year-select'),
      stage: val('stage-select'),
      normalisation: val('normalisation-select'),
      supply: val('supply-category'),
      selected: document.querySelector('[data-testid=details-name]')?.textContent ?? null,
      layers: checked,
      weights,
      fills: keys.map((k) => window.__atlas.fillOf(k)),
      viewport: window.__atlas.viewport(),
    };
  });
}

async function download(page, testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(path) };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('council and website', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  it('a permalink restores every element of the view, exactly', { timeout: TEST_TIMEOUT }, async () => {
    const a = await openApp(browser);
    const { page } = a;
    await page.selectOption('[data-testid=indicator-select]', 'transfer_payment_pct');
    await page.selectOption('[data-testid=year-select]', '2018');
    await page.selectOption('[data-testid=method-select]', 'natural_breaks');
    await page.selectOption('[data-testid=classes-select]', '7');
    await page.selectOption('[data-testid=palette-select]', 'Blues');
    await page.click('[data-testid=layer-jugendzentrum]');
    await page.click('[data-testid=lang-en]');
    await page.selectOption('[data-testid=analysis-select]', 'need');
    await page.selectOption('[data-testid=stage-select]', '6-10');
    await page.fill('[data-testid=need-weight-transfer_payment_pct]', '3');
    await page.press('[data-testid=need-weight-transfer_payment_pct]', 'Enter');
    await page.click('[data-testid=zoom-in]');
    await page.click('[data-testid=tab-table]');
    await page.click('[data-testid=district-table] tr[data-key="054"]');
    await page.waitForSelector('[data-testid=details-name]');
    await page.waitForTimeout(300);
    const url = page.url();
    const before = await viewOf(page);
    assert.equal(before.selected, 'Nordmarkt-Ost');
    assert.equal(before.lang, 'en');
    assert.match(url, /stage=6-10/);

    const b = await openApp(browser, url.split('?')[1]);
    await b.page.waitForSelector('[data-testid=details-name]');
    await b.page.waitForTimeout(300);
    const after_ = await viewOf(b.page);
    assert.equal(b.page.url(), url, 'the restored view writes the same link');
    const { viewport: v1, ...rest1 } = before;
    const { viewport: v2, ...rest2 } = after_;
    assert.deepEqual(rest2, rest1);
    assert.ok(Math.abs(v2.scale / v1.scale - 1) < 0.002, `scale ${v1.scale} vs ${v2.scale}`);
    // Centre within 0.5 m (the link keeps 6 decimals of lon/lat).
    assert.ok(Math.hypot(v2.cx - v1.cx, v2.cy - v1.cy) < 0.5, JSON.stringify([v1, v2]));
    assert.doesNotMatch(await b.page.content(), /data-testid="url-notice"/);
    assertClean(a);
    assertClean(b);
    await a.context.close();
    await b.context.close();
  });

  it('Back and Forward step through views; bad parameters give a notice, not a crash', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser);
    const { page } = app;
    await page.selectOption('[data-testid=indicator-select]', 'unemployed_pct');
    await page.waitForTimeout(200);
    await page.selectOption('[data-testid=indicator-select]', 'share_0_6_pct');
    await page.waitForTimeout(200);
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('[data-testid=indicator-select]').value === 'unemployed_pct');
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('[data-testid=indicator-select]').value === 'children_under_15_SGB_II_pct');
    await page.goForward();
    await page.waitForFunction(() => document.querySelector('[data-testid=indicator-select]').value === 'unemployed_pct');
    assertClean(app);
    await app.context.close();

    const bad = await openApp(browser, 'indicator=nope&classes=42&year=1999&sel=xyz&map=1,2&foo=%3Cscript%3E&lang=fr');
    const notice = await bad.page.locator('[data-testid=url-notice]').innerText();
    for (const p of ['indicator=nope', 'classes=42', 'year=1999', 'sel=xyz', 'foo=', 'lang=fr']) {
      assert.ok(notice.includes(p), `notice lists ${p}: ${notice}`);
    }
    // The script tag is shown as text, never run or parsed as markup.
    assert.equal(await bad.page.locator('[data-testid=url-notice] script').count(), 0);
    assert.equal(await bad.page.getAttribute(CANVAS, 'data-drawn'), '170');
    assert.equal(await bad.page.inputValue('[data-testid=indicator-select]'), 'children_under_15_SGB_II_pct');
    assertClean(bad);
    await bad.context.close();
  });

  it('share dialog gives the permalink and an iframe snippet', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser, 'indicator=unemployed_pct');
    const { page } = app;
    await page.click('[data-testid=share-open]');
    const permalink = await page.inputValue('[data-testid=share-permalink]');
    assert.equal(permalink, page.url());
    await page.fill('[data-testid=share-width]', '640');
    await page.press('[data-testid=share-width]', 'Enter');
    const snippet = await page.inputValue('[data-testid=share-snippet]');
    assert.match(snippet, /^<iframe src="[^"]*embed=1[^"]*" width="640" height="600" title="Chancenatlas – [^"]+"/);
    assert.ok(snippet.includes('indicator=unemployed_pct'));
    assertClean(app);
    await app.context.close();
  });

  it('embed mode works inside a sandboxed iframe of another origin, from 320 px', { timeout: TEST_TIMEOUT, skip: !HOST_BASE_URL && 'HOST_BASE_URL not set' }, async () => {
    assert.notEqual(new URL(HOST_BASE_URL).origin, new URL(BASE_URL).origin);
    const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = [];
    const requests = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(HOST_BASE_URL);
    const src = `${BASE_URL}?embed=1&indicator=transfer_payment_pct`;
    await page.evaluate(({ src }) => {
      for (const w of [800, 320]) {
        const f = document.createElement('iframe');
        f.src = src;
        f.width = String(w);
        f.height = '480';
        f.title = 'Chancenatlas';
        f.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-popups');
        f.id = `f${w}`;
        document.body.append(f);
      }
    }, { src });
    for (const id of ['f800', 'f320']) {
      const frame = page.frameLocator(`#${id}`);
      await frame.locator('[data-testid=app][data-state=ready]').waitFor();
      await frame.locator(`${CANVAS}[data-drawn="170"]`).waitFor();
      await frame.locator('[data-testid=legend]').waitFor();
      assert.match(await frame.locator('.embed-head h1').innerText(), /Dortmund.*(Transfer|transfer)/);
      assert.match(await frame.locator('[data-testid=attribution]').innerText(), /Stadt Dortmund/);
      const href = await frame.locator('[data-testid=open-full]').getAttribute('href');
      assert.ok(href.startsWith(BASE_URL) && !href.includes('embed=1') && href.includes('indicator=transfer_payment_pct'), href);
      // No side panels in the embed.
      assert.equal(await frame.locator('[data-testid=indicator-select]').count(), 0);
      assert.equal(await frame.locator('[data-testid=district-table]').count(), 0);
      // Nothing wider than the frame.
      const overflow = await frame.locator('body').evaluate((b) => b.scrollWidth - b.clientWidth);
      assert.ok(overflow <= 0, `${id}: ${overflow}px horizontal overflow`);
    }
    await screenshot(page, 'embed');
    assert.deepEqual(errors, []);
    const origins = new Set(requests.map((u) => new URL(u).origin));
    for (const o of origins) {
      assert.ok([new URL(BASE_URL).origin, new URL(HOST_BASE_URL).origin].includes(o), `request to ${o}`);
    }
    await context.close();
  });

  it('exports PNG at 1× and 4×, SVG with the legend as text, and the data as CSV', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser);
    const { page } = app;
    await page.click('[data-testid=export-menu] summary');
    const map = await page.locator(CANVAS).boundingBox();
    const one = pngSize((await download(page, 'export-png-1')).bytes);
    // Map + 260 px legend column; header 64 px, map, footer (2 sources + date).
    assert.equal(one.width, Math.round(map.width) + 260);
    assert.equal(one.height, 64 + Math.round(map.height) + 3 * 16 + 12);
    const four = pngSize((await download(page, 'export-png-4')).bytes);
    assert.deepEqual(four, { width: one.width * 4, height: one.height * 4 });
    const two = pngSize((await download(page, 'export-png-2')).bytes);
    assert.deepEqual(two, { width: one.width * 2, height: one.height * 2 });

    const svg = (await download(page, 'export-svg')).bytes.toString('utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Well-formed XML (what Inkscape needs), parsed by the browser's XML parser.
    const parseError = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return doc.querySelector('parsererror')?.textContent ?? null;
    }, svg);
    assert.equal(parseError, null);
    const legend = await page.locator('[data-testid=legend-class] .range').allInnerTexts();
    assert.equal(legend.length, 5);
    for (const range of legend) assert.ok(svg.includes(range), `SVG has legend text ${range}`);
    assert.ok(svg.includes('Stadt Dortmund'), 'sources in the SVG');
    assert.equal((svg.match(/<path /g) || []).length, 170);

    const csv = (await download(page, 'export-csv')).bytes.toString('utf8').trim().split('\r\n');
    assert.equal(csv.length, 171);
    assert.ok(csv.some((l) => l.startsWith('054,Nordmarkt-Ost,63.8,1,')), 'Nordmarkt-Ost row');
    assertClean(app);
    await app.context.close();
  });
});
