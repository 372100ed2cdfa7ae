// Targeting flow 1 and 5: the need index. Its ranking follows the weights, the
// normalisation and the enabled components (and so do the map's fills); the rank stability
// columns are plausible percentages; the explanation's formula ends in the ranking's score.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  TEST_TIMEOUT, afterRedraw, assertClean, assertRecolored, chooseAnalysis, dortmund, dortmundTargeting,
  fillsOf, launchBrowser, legendOf, legendTotal, mapSnapshot, needRanking, needRankingChanged, openApp,
  parseUiNumber, parseUiNumbers, poll, screenshot, selectOnMap, setNumber, showDetails, showRanking, waitForMap,
} from './lib.mjs';

const KEY = '054';

describe('need index', { timeout: 10 * TEST_TIMEOUT }, () => {
  let browser;
  let app;
  let keys;
  before(async () => {
    browser = await launchBrowser();
    app = await openApp(browser);
    await waitForMap(app.page);
    keys = dortmund().keys;
    await afterRedraw(app.page, () => chooseAnalysis(app.page, 'need'));
  });
  after(async () => {
    await browser?.close();
  });

  /** The need components as the sidebar shows them: {id: {enabled, weight, direction}}. */
  async function components(page) {
    return page.$$eval('[data-testid=need-row]', (rows) => Object.fromEntries(rows.map((r) => {
      const id = r.getAttribute('data-indicator');
      const q = (sel) => r.querySelector(`[data-testid="${sel}-${id}"]`);
      return [id, { enabled: q('need-enable')?.checked ?? null, weight: q('need-weight')?.value ?? null, direction: q('need-direction')?.value ?? null }];
    })));
  }

  /** Stability needs 1,000 draws: wait until every row shows a percentage in both columns. */
  async function rankingWithStability(page) {
    return poll(async () => {
      const r = await needRanking(page);
      return r.length > 0 && r.every((x) => /%/.test(x.topNText) && /%/.test(x.topShareText)) ? r : null;
    }, { message: 'rank stability percentages in every need-ranking row' });
  }

  it('the default need index: components, a ranking in score order, map classes by the index', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    // The controls show the default components of the dataset (no stage chosen).
    assert.equal(await page.inputValue('[data-testid=stage-select]'), '', 'no stage by default');
    assert.equal(await page.inputValue('[data-testid=normalisation-select]'), 'z_score', 'z-scores by default');
    const comp = await components(page);
    const defaults = dortmundTargeting().need_index;
    const enabled = Object.entries(comp).filter(([, c]) => c.enabled).map(([id]) => id).sort();
    assert.deepEqual(enabled, defaults.map((c) => c.indicator).sort(), 'enabled need components = targeting.need_index');
    assert.deepEqual(enabled, [
      'children_under_15_SGB_II_pct', 'households_with_children_pct', 'secondary_school_recommendation_pct',
      'transfer_payment_pct', 'unemployed_under_25_pct',
    ], 'the contract\'s default components');
    for (const c of defaults) {
      assert.equal(Number(comp[c.indicator].weight), c.weight, `weight of ${c.indicator}`);
    }
    assert.equal(comp.secondary_school_recommendation_pct.direction, 'lower', 'Gymnasium recommendation: lower = more need');
    for (const id of ['children_under_15_SGB_II_pct', 'transfer_payment_pct', 'unemployed_under_25_pct', 'households_with_children_pct']) {
      assert.equal(comp[id].direction, 'higher', `${id}: higher = more need`);
    }

    // The ranking: one row per district, scores descending, ranks 1, 2, 3 … by position.
    const rows = await needRanking(page);
    assert.equal(rows.length, 170, 'one need-ranking row per district');
    assert.equal(new Set(rows.map((r) => r.key)).size, 170, 'no district twice');
    const scored = rows.filter((r) => Number.isFinite(r.score));
    assert.ok(scored.length >= 160, `most districts have a score (${scored.length})`);
    assert.deepEqual(rows.slice(0, scored.length).map((r) => r.key), scored.map((r) => r.key), 'districts without score come last');
    for (const r of scored) assert.match(r.scoreText, /^[\u2212-]?\d+,\d\d$/, `score ${r.key} in German format with 2 decimals: ${r.scoreText}`);
    for (let i = 1; i < scored.length; i++) {
      assert.ok(scored[i].score <= scored[i - 1].score, `row ${i + 1} (${scored[i].key} ${scored[i].scoreText}) above row ${i} (${scored[i - 1].scoreText})`);
    }
    // Ranks 1, 2, 3 … by position; equal scores share a rank (1, 2, 2, 4 …).
    scored.forEach((r, i) => {
      if (Number(r.rankText) === r.position) return;
      assert.ok(i > 0 && Number(r.rankText) === Number(scored[i - 1].rankText) && r.scoreText === scored[i - 1].scoreText,
        `rank cell of ${r.key} at position ${r.position} is ${r.rankText}: neither its position nor a tie with ${scored[i - 1]?.key} (${scored[i - 1]?.rankText}, ${scored[i - 1]?.scoreText} vs ${r.scoreText})`);
    });

    // The map: every district's fill is a legend class colour, the class follows the score.
    const legend = await legendOf(page);
    assert.ok(legend && legend.classes.length >= 2, 'the legend shows classes of the index');
    assert.equal(legendTotal(legend), 170, 'legend counts add up to 170');
    const colours = legend.classes.map((c) => c.color.toLowerCase());
    const fills = await fillsOf(page, scored.map((r) => r.key));
    const cls = scored.map((r) => colours.indexOf(fills[r.key].toLowerCase()));
    scored.forEach((r, i) => assert.ok(cls[i] >= 0, `fill of ${r.key} (${fills[r.key]}) is a legend colour ${JSON.stringify(colours)}`));
    const up = cls.every((c, i) => i === 0 || c >= cls[i - 1]);
    const down = cls.every((c, i) => i === 0 || c <= cls[i - 1]);
    assert.ok(up || down, `legend class of the fill is monotonic in the score (classes in rank order: ${cls.join(',')})`);
    assert.ok(new Set(cls).size >= 2, 'the map shows more than one class');
    await screenshot(page, 'need');
    assertClean(app);
  });

  it('raising a weight reorders the ranking and recolours the map', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await showRanking(page);
    const before = await needRanking(page);
    const mapBefore = await mapSnapshot(page, keys);
    await afterRedraw(page, () => setNumber(page, 'need-weight-unemployed_under_25_pct', 5));
    assert.equal(Number(await page.inputValue('[data-testid=need-weight-unemployed_under_25_pct]')), 5);
    const after = await needRankingChanged(page, before, (r) => r.key, 'the need-ranking order to change after weight 5');
    assert.notDeepEqual(after.map((r) => r.key), before.map((r) => r.key), 'ranking order changed');
    assertRecolored(mapBefore, await mapSnapshot(page, keys), { min: 3, what: 'unemployed_under_25_pct weight 1 → 5' });

    // Back to 1: the original ranking again (the weight is all that changed).
    await afterRedraw(page, () => setNumber(page, 'need-weight-unemployed_under_25_pct', 1));
    const restored = await needRankingChanged(page, after, (r) => r.key, 'the ranking after weight back to 1');
    assert.deepEqual(restored.map((r) => `${r.key}:${r.scoreText}`), before.map((r) => `${r.key}:${r.scoreText}`), 'weight 1 again restores the ranking');
    assertClean(app);
  });

  it('switching the normalisation changes the scores', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await showRanking(page);
    const before = await needRanking(page);
    const mapBefore = await mapSnapshot(page, keys);
    await afterRedraw(page, () => page.selectOption('[data-testid=normalisation-select]', 'percentile_rank'));
    assert.equal(await page.inputValue('[data-testid=normalisation-select]'), 'percentile_rank');
    const after = await needRankingChanged(page, before, (r) => `${r.key}:${r.scoreText}`, 'scores to change with percentile ranks');
    const scoreOf = (rows) => Object.fromEntries(rows.map((r) => [r.key, r.scoreText]));
    const b = scoreOf(before);
    const a = scoreOf(after);
    const changed = Object.keys(b).filter((k) => b[k] !== a[k]);
    assert.ok(changed.length >= 100, `percentile ranks change most scores (${changed.length} of 170 changed)`);
    assert.equal(after.length, 170);
    const fillsAfter = await fillsOf(page, keys);
    assert.ok(keys.every((k) => /^#[0-9a-f]{6}$/i.test(fillsAfter[k])), 'every district still has a fill');
    await afterRedraw(page, () => page.selectOption('[data-testid=normalisation-select]', 'z_score'));
    const back = await needRankingChanged(page, after, (r) => `${r.key}:${r.scoreText}`, 'scores back with z-scores');
    assert.deepEqual(back.map((r) => `${r.key}:${r.scoreText}`), before.map((r) => `${r.key}:${r.scoreText}`), 'z-scores again restore the ranking');
    assert.deepEqual(await fillsOf(page, keys), Object.fromEntries(keys.map((k) => [k, mapBefore[k].fill])), 'and the fills');
    assertClean(app);
  });

  it('disabling a component changes the scores', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await showRanking(page);
    const before = await needRanking(page);
    const box = '[data-testid=need-enable-transfer_payment_pct]';
    assert.ok(await page.isChecked(box), 'transfer payments enabled by default');
    await afterRedraw(page, () => page.uncheck(box));
    assert.equal(await page.isChecked(box), false);
    const after = await needRankingChanged(page, before, (r) => `${r.key}:${r.scoreText}`, 'scores to change without transfer payments');
    const b = Object.fromEntries(before.map((r) => [r.key, r.scoreText]));
    const changed = after.filter((r) => b[r.key] !== r.scoreText);
    assert.ok(changed.length >= 100, `disabling a component changes most scores (${changed.length} changed)`);
    await afterRedraw(page, () => page.check(box));
    const back = await needRankingChanged(page, after, (r) => `${r.key}:${r.scoreText}`, 'scores back with transfer payments');
    assert.deepEqual(back.map((r) => `${r.key}:${r.scoreText}`), before.map((r) => `${r.key}:${r.scoreText}`), 're-enabling restores the ranking');
    assertClean(app);
  });

  it('rank stability: percentages 0–100, consistent with the top-10 / top-20 % definition', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await showRanking(page);
    const rows = await rankingWithStability(page);
    for (const r of rows) {
      for (const [col, text, v] of [['top-n', r.topNText, r.topN], ['top-share', r.topShareText, r.topShare]]) {
        assert.match(text, /^\d{1,3}\s?%$/, `${col} of ${r.key} is a whole percentage: ${JSON.stringify(text)}`);
        assert.ok(v >= 0 && v <= 100, `${col} of ${r.key} = ${v} lies in 0–100`);
      }
      // The top 10 lie within the top 20 % (34 of 170): never more often in the former.
      assert.ok(r.topShare >= r.topN, `${r.key}: in top 20 % (${r.topShare} %) at least as often as in top 10 (${r.topN} %)`);
    }
    assert.equal(rows[0].topN, 100, `the first-ranked district ${rows[0].key} stays in the top 10 in every draw`);
    assert.equal(rows[0].topShare, 100, `the first-ranked district ${rows[0].key} stays in the top 20 %`);
    for (const r of rows.filter((x) => x.position > 30)) {
      assert.equal(r.topN, 0, `rank ${r.position} (${r.key}) is never in the top 10: ${r.topNText}`);
    }
    // Every draw has exactly 10 districts in its top 10: the percentages add up to 1,000 %
    // (each printed value rounded by at most 0.5).
    const nonzero = rows.filter((r) => r.topN > 0).length;
    const sumN = rows.reduce((s, r) => s + r.topN, 0);
    assert.ok(Math.abs(sumN - 1000) <= 0.5 * nonzero + 1e-9, `top-10 percentages add up to ${sumN} %, want 1000 % ± ${0.5 * nonzero}`);
    assert.ok(nonzero >= 10, `at least 10 districts reach the top 10 (${nonzero})`);
    // The top 20 % of the scored districts: between 33 and 35 districts per draw.
    const nzShare = rows.filter((r) => r.topShare > 0).length;
    const sumShare = rows.reduce((s, r) => s + r.topShare, 0);
    assert.ok(sumShare >= 3300 - 0.5 * nzShare && sumShare <= 3500 + 0.5 * nzShare,
      `top-20 % percentages add up to ${sumShare} % (≈ 34 districts × 100 %)`);
    assertClean(app);
  });

  it('the explanation of the need index ends in the ranking score (map click and ranking row)', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await showRanking(page);
    const rows = await needRanking(page);
    const scoreText = Object.fromEntries(rows.map((r) => [r.key, r.scoreText]));

    /** Read the need formula and check its arithmetic; returns its final number's text. */
    async function formula(key) {
      await page.waitForSelector('details[data-testid=explain-need] [data-testid=need-formula]');
      const text = (await page.innerText('details[data-testid=explain-need] [data-testid=need-formula]')).replace(/\s+/g, ' ').trim();
      const m = /^Index = \((.+)\) \/ ([\d.,]+) = (\S+)$/.exec(text);
      assert.ok(m, `need-formula of ${key} has the form "Index = (w×n + …) / Σw = score": ${JSON.stringify(text)}`);
      const terms = m[1].split(' + ').map((t) => {
        const [w, n] = t.split('×');
        return { w: parseUiNumber(w), n: parseUiNumber(n) };
      });
      assert.ok(terms.length >= 1 && terms.every((t) => Number.isFinite(t.w) && Number.isFinite(t.n)), `terms of ${text}`);
      const sumW = parseUiNumber(m[2]);
      assert.ok(Math.abs(terms.reduce((s, t) => s + t.w, 0) - sumW) < 1e-6, `Σw ${m[2]} is the sum of the weights in ${text}`);
      const value = terms.reduce((s, t) => s + t.w * t.n, 0) / sumW;
      // Each n is printed with 2 decimals: the printed result is within 0.005 + rounding.
      assert.ok(Math.abs(value - parseUiNumber(m[3])) <= 0.011, `(Σ w×n)/Σw = ${value.toFixed(4)} matches the printed ${m[3]} in ${text}`);
      return m[3];
    }

    // By a map click on Nordmarkt-Ost.
    await selectOnMap(page, KEY);
    assert.equal(await formula(KEY), scoreText[KEY], `the formula of ${KEY} ends in its ranking score`);
    assert.match(await page.innerText('details[data-testid=explain-need] summary'), new RegExp(scoreText[KEY].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      'the summary names the score as well');

    // By a click on a ranking row (the first- and the 20th-ranked district).
    for (const r of [rows[0], rows[19]]) {
      await showRanking(page);
      await page.locator(`table[data-testid=need-ranking] tr[data-key="${r.key}"]`).scrollIntoViewIfNeeded();
      await page.click(`table[data-testid=need-ranking] tr[data-key="${r.key}"] td >> nth=0`);
      await showDetails(page);
      const name = dortmund().names[r.key];
      await poll(async () => (await page.innerText('[data-testid=details-name]').catch(() => '')).trim() === name,
        { timeout: 5000, message: `details-name ${name} after clicking its ranking row` });
      assert.equal(await formula(r.key), r.scoreText, `the formula of ${r.key} (rank ${r.position}) ends in its ranking score`);
      const numbers = parseUiNumbers(await page.innerText('details[data-testid=explain-need] summary'));
      assert.ok(numbers.includes(r.position), `the summary names rank ${r.position}`);
    }
    await screenshot(page, 'explain-need');
    assertClean(app);
  });
});
