// Targeting flow 4: allocation. With stage 3–6 the allocated places (or euros) add up to
// exactly the total — in the table, its sum and the downloaded CSV — also with a minimum per
// district and a need threshold; euros to the cent.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  TEST_TIMEOUT, afterRedraw, allocationTable, assertClean, chooseAnalysis, dortmund, downloadAllocationCsv,
  hundredths, launchBrowser, openApp, parseUiNumber, poll, screenshot, setNumber, showDetails, showRanking,
  waitForMap,
} from './lib.mjs';

const HEADER = 'key,name,need_score,estimated_children,weight,allocated,unit';

/** RFC 4180 lines (fields may be quoted) of a CSV text whose lines end with CRLF. */
function parseCsv(text) {
  assert.ok(text.endsWith('\r\n'), 'the CSV ends with CRLF');
  const lines = text.slice(0, -2).split('\r\n');
  for (const l of lines) assert.ok(!l.includes('\n') && !l.includes('\r'), `a line with a bare CR/LF: ${JSON.stringify(l)}`);
  return lines.map((line) => {
    const fields = [];
    let i = 0;
    for (;;) {
      if (line[i] === '"') {
        let v = '';
        i++;
        for (;;) {
          const j = line.indexOf('"', i);
          assert.ok(j >= 0, `unterminated quote in ${line}`);
          v += line.slice(i, j);
          if (line[j + 1] === '"') { v += '"'; i = j + 2; } else { i = j + 1; break; }
        }
        fields.push(v);
      } else {
        const j = line.indexOf(',', i);
        fields.push(j < 0 ? line.slice(i) : line.slice(i, j));
        i = j < 0 ? line.length : j;
      }
      if (i >= line.length) break;
      assert.equal(line[i], ',', `field separator in ${line}`);
      i++;
      if (i === line.length) { fields.push(''); break; }
    }
    return fields;
  });
}

/**
 * Download and check the CSV's shape: header, one row per district, TOTAL last.
 * Returns {rows: [{key, name, need, allocated, unit}], total, unit}.
 */
async function allocationCsv(page, unit) {
  const { name, text } = await downloadAllocationCsv(page);
  assert.match(name, /\.csv$/, `download file name ${name}`);
  const lines = parseCsv(text);
  assert.equal(lines[0].join(','), HEADER, 'CSV header');
  const body = lines.slice(1, -1);
  const last = lines[lines.length - 1];
  assert.equal(body.length, 170, 'one CSV row per district');
  for (const l of body) assert.equal(l.length, 7, `7 fields: ${l.join(',')}`);
  const d = dortmund();
  assert.deepEqual(body.map((l) => l[0]).sort(), [...d.keys].sort(), 'the CSV has every district key once');
  for (const l of body) {
    assert.equal(l[1], d.names[l[0]], `name of ${l[0]}`);
    assert.equal(l[6], unit, `unit of ${l[0]}`);
    assert.match(l[5], unit === 'euros' ? /^\d+\.\d\d$/ : /^\d+$/, `allocated of ${l[0]} (${unit}): ${l[5]}`);
  }
  assert.equal(last.length, 7, `TOTAL row: ${last.join(',')}`);
  assert.deepEqual(last.slice(0, 5), ['TOTAL', '', '', '', ''], `TOTAL row: ${last.join(',')}`);
  assert.equal(last[6], unit, 'unit of the TOTAL row');
  assert.match(last[5], unit === 'euros' ? /^\d+\.\d\d$/ : /^\d+$/, `TOTAL amount ${last[5]}`);
  const rows = body.map((l) => ({ key: l[0], name: l[1], need: l[2] === '' ? null : Number(l[2]), allocated: l[5], unit: l[6] }));
  return { rows, total: last[5], unit };
}

async function sumUnits(page) {
  return Number(await page.getAttribute('[data-testid=allocation-sum]', 'data-units'));
}

describe('allocation', { timeout: 8 * TEST_TIMEOUT }, () => {
  let browser;
  let app;
  before(async () => {
    browser = await launchBrowser();
    app = await openApp(browser, '', { viewport: { width: 1280, height: 900 } });
    await waitForMap(app.page);
    const { page } = app;
    await afterRedraw(page, () => chooseAnalysis(page, 'need'));
    await afterRedraw(page, () => page.selectOption('[data-testid=stage-select]', '3-6'));
    assert.equal(await page.inputValue('[data-testid=stage-select]'), '3-6');
    await chooseAnalysis(page, 'allocation');
  });
  after(async () => {
    await browser?.close();
  });

  it('40 places: table, sum and CSV add up to exactly 40', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    assert.equal(await page.inputValue('[data-testid=alloc-unit]'), 'places', 'places by default');
    assert.equal(Number(await page.inputValue('[data-testid=alloc-total]')), 40, 'total 40 by default');
    await poll(async () => (await sumUnits(page)) === 40, { timeout: 5000, message: 'allocation-sum data-units 40' });
    assert.equal(parseUiNumber(await page.textContent('[data-testid=allocation-sum]')), 40, 'the sum cell reads 40');

    const table = await allocationTable(page);
    assert.ok(table.rows.length >= 1, 'eligible districts are listed');
    for (const r of table.rows) assert.match(r.units ?? '', /^\d+$/, `data-units of ${r.key}`);
    assert.equal(table.rows.reduce((s, r) => s + Number(r.units), 0), 40, 'table rows add up to 40 places');

    const csv = await allocationCsv(page, 'places');
    assert.equal(csv.rows.reduce((s, r) => s + Number(r.allocated), 0), 40, 'CSV allocated (without TOTAL) adds up to 40');
    assert.equal(csv.total, '40', 'TOTAL row says 40');
    // The table and the CSV agree district by district.
    const inCsv = Object.fromEntries(csv.rows.map((r) => [r.key, Number(r.allocated)]));
    for (const r of table.rows) assert.equal(inCsv[r.key], Number(r.units), `CSV and table agree for ${r.key}`);
    await screenshot(page, 'allocation');
    assertClean(app);
  });

  it('total 37, minimum 1, threshold 80: still exactly 37, every listed district ≥ 1', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    const before = await allocationTable(page);
    await setNumber(page, 'alloc-total', 37);
    await poll(async () => (await sumUnits(page)) === 37, { timeout: 5000, message: 'allocation-sum 37 after total 37' });
    await setNumber(page, 'alloc-minimum', 1);
    await setNumber(page, 'alloc-threshold', 80);
    assert.equal(Number(await page.inputValue('[data-testid=alloc-total]')), 37);
    assert.equal(Number(await page.inputValue('[data-testid=alloc-minimum]')), 1);
    assert.equal(Number(await page.inputValue('[data-testid=alloc-threshold]')), 80);
    const table = await poll(async () => {
      const t = await allocationTable(page);
      return t.rows.length !== before.rows.length || t.rows.some((r, i) => r.key !== before.rows[i]?.key) ? t : null;
    }, { timeout: 5000, message: 'the allocation table to change with threshold 80' });

    assert.equal(await sumUnits(page), 37, 'allocation-sum data-units 37');
    assert.equal(table.rows.reduce((s, r) => s + Number(r.units), 0), 37, 'table rows add up to 37');
    for (const r of table.rows) assert.ok(Number(r.units) >= 1, `${r.key} gets at least the minimum 1 (got ${r.units})`);
    // Threshold 80: only districts at or above the 80th need percentile — about a fifth.
    assert.ok(table.rows.length >= 25 && table.rows.length <= 40, `about 20 % of 170 districts eligible: ${table.rows.length}`);

    const csv = await allocationCsv(page, 'places');
    assert.equal(csv.rows.reduce((s, r) => s + Number(r.allocated), 0), 37, 'CSV allocated adds up to 37');
    assert.equal(csv.total, '37', 'TOTAL row says 37');
    const listed = new Set(table.rows.map((r) => r.key));
    for (const r of csv.rows) if (!listed.has(r.key)) assert.equal(r.allocated, '0', `${r.key} below the threshold gets nothing`);
    // The eligible districts are the ones with the highest need.
    const needOf = (rows) => rows.map((r) => r.need).filter((v) => v !== null);
    const minIn = Math.min(...needOf(csv.rows.filter((r) => listed.has(r.key))));
    const maxOut = Math.max(...needOf(csv.rows.filter((r) => !listed.has(r.key))));
    assert.ok(minIn >= maxOut, `every eligible district has at least the need of any other (min eligible ${minIn}, max other ${maxOut})`);

    // The explanation of a listed district's quota.
    const key = table.rows[0].key;
    await page.click(`table[data-testid=allocation-table] tr[data-key="${key}"] td >> nth=0`);
    await showDetails(page);
    await poll(async () => (await page.innerText('[data-testid=details-name]').catch(() => '')).trim() === dortmund().names[key],
      { timeout: 5000, message: `details of ${key}` });
    const summary = await page.innerText('details[data-testid=explain-allocation] summary');
    assert.equal(parseUiNumber(summary.split(':').pop()), Number(table.rows[0].units), `explain-allocation of ${key}: ${summary}`);
    await showRanking(page);
    assertClean(app);
  });

  it('1000.5 euros: the CSV adds up to 1000.50 to the cent', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await page.selectOption('[data-testid=alloc-unit]', 'euros');
    assert.equal(await page.inputValue('[data-testid=alloc-unit]'), 'euros');
    await setNumber(page, 'alloc-total', '1000.5');
    await poll(async () => (await sumUnits(page)) === 100050, { timeout: 5000, message: 'allocation-sum data-units 100050 (cents)' });
    const table = await allocationTable(page);
    assert.equal(table.rows.reduce((s, r) => s + Number(r.units), 0), 100050, 'table rows add up to 100,050 cents');
    assert.match(table.sumText, /1\.000,50/, `the sum cell shows 1.000,50 €: ${table.sumText}`);

    const csv = await allocationCsv(page, 'euros');
    assert.equal(csv.rows.reduce((s, r) => s + hundredths(r.allocated), 0), 100050, 'CSV allocated adds up to 1000.50');
    assert.equal(csv.total, '1000.50', 'TOTAL row says 1000.50');
    const inCsv = Object.fromEntries(csv.rows.map((r) => [r.key, hundredths(r.allocated)]));
    for (const r of table.rows) assert.equal(inCsv[r.key], Number(r.units), `CSV and table agree for ${r.key} (cents)`);

    // Back to the defaults of the contract: places, all districts eligible, 40 → 40.
    await page.selectOption('[data-testid=alloc-unit]', 'places');
    await setNumber(page, 'alloc-minimum', 0);
    await setNumber(page, 'alloc-threshold', 0);
    await setNumber(page, 'alloc-total', 40);
    await poll(async () => (await sumUnits(page)) === 40, { timeout: 5000, message: 'allocation-sum 40 again' });
    const csv40 = await allocationCsv(page, 'places');
    assert.equal(csv40.rows.reduce((s, r) => s + Number(r.allocated), 0), 40);
    assertClean(app);
  });
});
