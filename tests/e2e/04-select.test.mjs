// Flows 5–7: selecting a district on the map shows its details and service counts; the
// service layer checkboxes hide and show their symbols; a table row selects its district
// and the table sorts by value.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  TEST_TIMEOUT, afterRedraw, assertClean, canvasAttr, districtPoint, dortmund, launchBrowser, openApp,
  parseUiNumber, poll, screenshot, showDetails, showTable, waitForMap,
} from './lib.mjs';

const KEY = '054';
const NAME = 'Nordmarkt-Ost';
const CONTRACT_INDICATORS = [
  'children_under_15_SGB_II_pct', 'transfer_payment_pct', 'unemployed_pct', 'unemployed_under_25_pct',
  'secondary_school_recommendation_pct', 'share_0_6_pct', 'share_6_18_pct', 'households_with_children_pct',
];

async function detailsName(page) {
  return (await page.innerText('[data-testid=details-name]')).trim();
}

describe('selection, layers and table', { timeout: 8 * TEST_TIMEOUT }, () => {
  let browser;
  let app;
  before(async () => {
    browser = await launchBrowser();
    app = await openApp(browser);
    await waitForMap(app.page);
  });
  after(async () => {
    await browser?.close();
  });

  it('clicking a district on the map shows its details and service counts', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    const p = await districtPoint(page, KEY);
    await afterRedraw(page, () => page.mouse.click(p.x, p.y));
    await showDetails(page);
    await poll(async () => (await detailsName(page).catch(() => '')) === NAME, { timeout: 5000, message: `details-name ${NAME}` });

    const indicators = await page.$$eval('[data-testid=details] [data-testid=details-indicator]',
      (rows) => rows.map((r) => ({ id: r.getAttribute('data-indicator'), text: r.textContent })));
    const ids = indicators.map((r) => r.id);
    for (const id of CONTRACT_INDICATORS) assert.ok(ids.includes(id), `details row for ${id} (rows: ${ids.join(', ')})`);
    assert.equal(new Set(ids).size, ids.length, 'one row per indicator');
    const child = indicators.find((r) => r.id === 'children_under_15_SGB_II_pct');
    assert.match(child.text, /63,8/, `value of Nordmarkt-Ost in its details row: ${child.text}`);

    const services = await page.$$eval('[data-testid=details-services] [data-testid=service-count]',
      (els) => els.map((e) => ({ category: e.getAttribute('data-category'), count: e.getAttribute('data-count') })));
    assert.ok(services.length >= 2, `service counts per category: ${JSON.stringify(services)}`);
    for (const s of services) assert.match(s.count ?? '', /^\d+$/, `data-count of ${s.category} is a whole number`);
    const kita = services.find((s) => s.category === 'kita');
    assert.ok(kita, 'a Kita count');
    assert.ok(Number.isInteger(Number(kita.count)), `Kita count ${kita.count}`);
    const total = services.reduce((sum, s) => sum + Number(s.count), 0);
    assert.ok(total > 0, `Nordmarkt-Ost has services: ${JSON.stringify(services)}`);
    await screenshot(page, 'details');
    assertClean(app);
  });

  it('toggling a service layer hides and shows its symbols', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    const kita = '[data-testid=layer-kita]';
    assert.equal(await page.getAttribute(kita, 'type'), 'checkbox');
    assert.ok(await page.isChecked(kita), 'Kita layer on by default');
    assert.ok(await page.isChecked('[data-testid=layer-grundschule]'), 'Grundschule layer on by default');
    const shown = await canvasAttr(page, 'data-services-drawn');
    assert.ok(shown > 0, `service symbols drawn by default: ${shown}`);

    await afterRedraw(page, () => page.uncheck(kita));
    const hidden = await canvasAttr(page, 'data-services-drawn');
    assert.ok(hidden < shown, `unchecking Kita: ${shown} → ${hidden} symbols`);
    assert.ok(hidden > 0, 'Grundschule symbols still drawn');

    await afterRedraw(page, () => page.check(kita));
    assert.equal(await canvasAttr(page, 'data-services-drawn'), shown, 'checking Kita again restores the count');
    assertClean(app);
  });

  it('clicking a table row selects its district', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    // Start from another selection so that the row click must change it.
    await showTable(page);
    await page.click('[data-testid=district-table] tr[data-key="710"]');
    await showDetails(page);
    await poll(async () => (await detailsName(page).catch(() => '')) !== NAME, { timeout: 5000, message: 'another district selected' });

    await showTable(page);
    await page.locator(`[data-testid=district-table] tr[data-key="${KEY}"]`).scrollIntoViewIfNeeded();
    await page.click(`[data-testid=district-table] tr[data-key="${KEY}"] td >> nth=0`);
    await showDetails(page);
    await poll(async () => (await detailsName(page).catch(() => '')) === NAME, { timeout: 5000, message: `details-name ${NAME}` });

    await showTable(page);
    const selected = await page.$$eval('[data-testid=district-table] tr[aria-selected=true]', (rows) => rows.map((r) => r.getAttribute('data-key')));
    assert.deepEqual(selected, [KEY], 'exactly row 054 is aria-selected');
    assertClean(app);
  });

  it('sorting by value descending puts the highest value first', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await showTable(page);
    const table = '[data-testid=district-table]';
    const button = `${table} button[data-sort=value]`;
    const sortState = () => page.$eval(button, (b) => b.closest('th, [role=columnheader]')?.getAttribute('aria-sort'));
    for (let i = 0; i < 3 && (await sortState()) !== 'descending'; i++) await page.click(button);
    assert.equal(await sortState(), 'descending', 'the value column header has aria-sort=descending');

    // The value cell of each row: the cell in the column of the value header.
    const rows = await page.$eval(table, (t, sel) => {
      const th = t.querySelector(sel).closest('th, td');
      const col = [...th.parentElement.children].indexOf(th);
      return [...t.querySelectorAll('tr[data-key]')].map((r) => ({ key: r.getAttribute('data-key'), text: r.children[col]?.textContent ?? '' }));
    }, 'button[data-sort=value]');
    assert.equal(rows.length, 170);
    const values = rows.map((r) => parseUiNumber(r.text, 'de'));
    const numeric = values.filter((v) => Number.isFinite(v));
    assert.equal(numeric.length, 170, 'every district has a 2024 value of the default indicator');
    assert.equal(values[0], Math.max(...numeric), `first row ${rows[0].key} (${rows[0].text}) has the highest value`);
    for (let i = 1; i < values.length; i++) {
      assert.ok(values[i] <= values[i - 1], `row ${i} (${rows[i].key}: ${rows[i].text}) is above row ${i - 1} (${rows[i - 1].text})`);
    }
    const d = dortmund();
    const top = Math.max(...d.keys.map((k) => d.value(k, 'children_under_15_SGB_II_pct', 2024)));
    assert.equal(values[0], top, 'the highest value is the highest in the data (cross-check)');

    // And ascending: the lowest first.
    await page.click(button);
    assert.equal(await sortState(), 'ascending');
    const firstAsc = await page.$eval(`${table} tr[data-key]`, (r) => r.getAttribute('data-key'));
    const minKey = rows[values.lastIndexOf(Math.min(...numeric))]?.key;
    const ascFirstValue = values[rows.findIndex((r) => r.key === firstAsc)];
    assert.equal(ascFirstValue, Math.min(...numeric), `ascending: first row ${firstAsc} has the lowest value (e.g. ${minKey})`);
    assertClean(app);
  });
});
