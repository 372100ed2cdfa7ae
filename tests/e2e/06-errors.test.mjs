// Flow 9: a broken or missing dataset shows an error that names the file and the feature
// and field (or the HTTP status), in German by default; never a blank page.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  TEST_TIMEOUT, assertClean, launchBrowser, openApp, poll, screenshot,
} from './lib.mjs';

const ERROR = '[data-testid=error]';

async function errorText(page) {
  await page.waitForSelector(ERROR, { state: 'visible' });
  assert.equal(await page.getAttribute(ERROR, 'role'), 'alert');
  return (await page.innerText(ERROR)).replace(/\s+/g, ' ');
}

/** Switch the UI language and return the error text once it changed. */
async function errorIn(page, lang, previous) {
  await page.click(`[data-testid=lang-${lang}]`);
  await poll(async () => (await page.getAttribute('html', 'lang')) === lang, { message: `<html lang=${lang}>` });
  return poll(async () => {
    const t = await errorText(page);
    return t !== previous ? t : false;
  }, { timeout: 5000, message: `the error message in ${lang}` });
}

describe('dataset errors', { timeout: 5 * TEST_TIMEOUT }, () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('a boundaries feature without a name: file, feature 3 and field, in German', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser, 'dataset=__fixtures/broken-boundaries', { expectError: true });
    const { page } = app;
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    const de = await errorText(page);
    assert.match(de, /boundaries\.geojson/, de);
    // The feature without `name` is index 3 (the fourth feature of the file).
    assert.match(de, /Feature\D{0,6}3\b/i, `feature number in: ${de}`);
    assert.match(de, /\bname\b/, `the missing field in: ${de}`);
    assert.match(de, /\b(fehlt|nicht|Fehler|Eigenschaft|Daten)\b/, `German wording in: ${de}`);
    assert.equal(await page.$('canvas[data-testid=map-canvas]'), null, 'no map for a broken dataset');
    await screenshot(page, 'error');

    const en = await errorIn(page, 'en', de);
    assert.match(en, /boundaries\.geojson/, en);
    assert.match(en, /feature\D{0,6}3\b/i, en);
    assert.match(en, /\bname\b/, en);
    assert.match(en, /\b(missing|not|error|property)\b/i, `English wording in: ${en}`);
    assertClean(app);
    await app.context.close();
  });

  it('a missing dataset folder: dataset.json and HTTP 404, in German', { timeout: TEST_TIMEOUT }, async () => {
    // The browser itself logs the failed fetch; that one message is expected.
    const app = await openApp(browser, 'dataset=__fixtures/missing', {
      expectError: true,
      allowConsoleErrors: [{ text: /Failed to load resource:.*\b404\b/, url: /__fixtures\/missing\/dataset\.json$/ }],
    });
    const { page } = app;
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    const de = await errorText(page);
    assert.match(de, /dataset\.json/, de);
    assert.match(de, /\b404\b/, de);
    assert.match(de, /\b(nicht|gefunden|Fehler|Server|Daten)\b/, `German wording in: ${de}`);
    assert.ok(app.requests.some((u) => u.endsWith('__fixtures/missing/dataset.json')), 'fetched <folder>/dataset.json');
    const en = await errorIn(page, 'en', de);
    assert.match(en, /dataset\.json/, en);
    assert.match(en, /\b404\b/, en);
    assertClean(app);
    await app.context.close();
  });

  it('a dataset parameter pointing to another site is refused without a request', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser, `dataset=${encodeURIComponent('https://example.org/data')}`, { expectError: true });
    const text = await errorText(app.page);
    assert.ok(text.trim().length > 0, 'an error message, not a blank page');
    assertClean(app); // includes: no request to example.org
    await app.context.close();
  });
});
