// Targeting flow 3: prevention-chain stages. Choosing a stage sets the need components,
// the visible service layers, the supply category and the child cohort (the denominator of
// the supply per 1,000 children) — as `targeting.stages` of the dataset defines them.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  TEST_TIMEOUT, afterRedraw, assertClean, canvasAttr, chooseAnalysis, launchBrowser, needRanking, openApp,
  parseUiNumber, poll, screenshot, selectOnMap, showDetails, stageOf, waitForMap,
} from './lib.mjs';

const KEY = '054';

describe('prevention-chain stages', { timeout: 8 * TEST_TIMEOUT }, () => {
  let browser;
  let app;
  before(async () => {
    browser = await launchBrowser();
    app = await openApp(browser);
    await waitForMap(app.page);
    await afterRedraw(app.page, () => chooseAnalysis(app.page, 'need'));
  });
  after(async () => {
    await browser?.close();
  });

  /** {id: {enabled, weight, direction}} of the need rows. */
  async function components(page) {
    return page.$$eval('[data-testid=need-row]', (rows) => Object.fromEntries(rows.map((r) => {
      const id = r.getAttribute('data-indicator');
      const q = (sel) => r.querySelector(`[data-testid="${sel}-${id}"]`);
      return [id, { enabled: q('need-enable')?.checked ?? null, weight: Number(q('need-weight')?.value), direction: q('need-direction')?.value ?? null }];
    })));
  }

  /** Service layer checkboxes: {category: checked}. */
  async function layers(page) {
    return page.$$eval('input[data-testid^=layer-]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-testid').slice('layer-'.length), e.checked])));
  }

  async function chooseStage(page, id) {
    await afterRedraw(page, () => page.selectOption('[data-testid=stage-select]', id));
    assert.equal(await page.inputValue('[data-testid=stage-select]'), id, `stage-select took ${id}`);
    await poll(async () => {
      const c = await components(page);
      return stageOf(id).need_index.every((x) => c[x.indicator]?.enabled);
    }, { timeout: 5000, message: `the need components of stage ${id}` });
  }

  /** Check the controls against the stage's definition in dataset.json. */
  async function checkStageControls(page, id) {
    const stage = stageOf(id);
    const comp = await components(page);
    const want = Object.fromEntries(stage.need_index.map((c) => [c.indicator, c]));
    for (const [ind, c] of Object.entries(comp)) {
      assert.equal(c.enabled, ind in want, `stage ${id}: need-enable-${ind} ${ind in want ? 'checked' : 'unchecked'}`);
      if (ind in want) {
        assert.equal(c.weight, want[ind].weight, `stage ${id}: weight of ${ind}`);
        if (want[ind].direction) {
          assert.equal(c.direction, want[ind].direction === 'lower_is_more_need' ? 'lower' : 'higher', `stage ${id}: direction of ${ind}`);
        }
      }
    }
    for (const c of stage.need_index) assert.ok(c.indicator in comp, `stage ${id}: a need row for ${c.indicator}`);
    const l = await layers(page);
    assert.ok(Object.keys(l).length >= stage.service_categories.length, `layer checkboxes: ${JSON.stringify(l)}`);
    const checked = Object.entries(l).filter(([, on]) => on).map(([c]) => c).sort();
    assert.deepEqual(checked, [...stage.service_categories].sort(), `stage ${id}: exactly its service layers are checked`);
    assert.equal(await page.inputValue('[data-testid=supply-category]'), stage.service_categories[0], `stage ${id}: supply category`);
    return { comp, layers: l };
  }

  /** The cohort explanation of the selected district: {summary, formula, children}. */
  async function cohort(page) {
    await showDetails(page);
    await page.waitForSelector('details[data-testid=explain-children]');
    const summary = (await page.innerText('details[data-testid=explain-children] summary')).trim();
    const formula = (await page.textContent('details[data-testid=explain-children] [data-testid=children-formula]')).trim();
    // "… = 1.234": the estimated children are the formula's result.
    const m = /=\s*([\d.,]+)\s*$/.exec(formula);
    assert.ok(m, `children-formula ends in a number: ${JSON.stringify(formula)}`);
    const children = parseUiNumber(m[1]);
    assert.ok(children > 0, `estimated children of ${KEY}: ${m[1]}`);
    assert.match(summary.replace(/\./g, ''), new RegExp(`${m[1].replace(/\./g, '')}`), `the summary names the formula's result ${m[1]}: ${summary}`);
    return { summary, formula, children };
  }

  it('the stage select offers all ages and the dataset\'s stages', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    const values = await page.$$eval('[data-testid=stage-select] option', (os) => os.map((o) => o.value));
    assert.deepEqual(values, ['', '0-3', '3-6', '6-10', '10-15', '15+']);
    assert.equal(await page.inputValue('[data-testid=stage-select]'), '', 'all ages by default');
    assertClean(app);
  });

  it('3–6 and 6–10 set components, layers, supply category and the child cohort', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    const rankingDefault = await needRanking(page);

    await chooseStage(page, '3-6');
    const s36 = await checkStageControls(page, '3-6');
    // The contract's values, stated literally as well.
    assert.equal(s36.comp.children_under_15_SGB_II_pct.weight, 2);
    assert.deepEqual(Object.entries(s36.comp).filter(([, c]) => c.enabled).map(([id]) => id).sort(),
      ['children_under_15_SGB_II_pct', 'households_with_children_pct', 'transfer_payment_pct']);
    assert.deepEqual(Object.entries(s36.layers).filter(([, on]) => on).map(([c]) => c).sort(), ['bibliothek', 'kita', 'spielplatz']);
    assert.equal(await page.inputValue('[data-testid=supply-category]'), 'kita');
    const services36 = await canvasAttr(page, 'data-services-drawn');
    const ranking36 = await needRanking(page);
    assert.notDeepEqual(ranking36.map((r) => `${r.key}:${r.scoreText}`), rankingDefault.map((r) => `${r.key}:${r.scoreText}`),
      'stage 3–6 changes the need ranking');

    await selectOnMap(page, KEY);
    const c36 = await cohort(page);
    assert.match(c36.summary, /3–5/, `stage 3–6: the cohort is children 3–5: ${c36.summary}`);
    assert.ok(c36.summary.includes(stageOf('3-6').cohort.label.de), `summary names the cohort label of dataset.json: ${c36.summary}`);
    assert.ok(await page.isVisible('[data-testid=explain-supply] [data-testid=per-1000-formula]') ||
      (await page.$('[data-testid=explain-supply] [data-testid=per-1000-formula]')) !== null, 'the per-1,000 formula is there');
    const per1000 = (await page.textContent('[data-testid=per-1000-formula]')).trim();
    assert.ok(per1000.includes(c36.formula.match(/=\s*([\d.,]+)\s*$/)[1]), `per-1000-formula divides by the cohort ${c36.children}: ${per1000}`);
    await screenshot(page, 'stage-3-6');

    await chooseStage(page, '6-10');
    const s610 = await checkStageControls(page, '6-10');
    assert.deepEqual(Object.entries(s610.comp).filter(([, c]) => c.enabled).map(([id]) => id).sort(),
      ['children_under_15_SGB_II_pct', 'secondary_school_recommendation_pct', 'transfer_payment_pct']);
    assert.equal(s610.comp.secondary_school_recommendation_pct.direction, 'lower');
    assert.deepEqual(Object.entries(s610.layers).filter(([, on]) => on).map(([c]) => c).sort(), ['bibliothek', 'foerderschule', 'grundschule', 'spielplatz']);
    assert.equal(await page.inputValue('[data-testid=supply-category]'), 'grundschule');
    // Checkbox states differ between the two stages.
    const diff = Object.keys(s36.comp).filter((id) => s36.comp[id].enabled !== s610.comp[id].enabled);
    assert.deepEqual(diff.sort(), ['households_with_children_pct', 'secondary_school_recommendation_pct'], 'need checkboxes that differ between 3–6 and 6–10');
    const services610 = await canvasAttr(page, 'data-services-drawn');
    assert.notEqual(services610, services36, `other layers draw another number of symbols (${services36} vs ${services610})`);

    const c610 = await poll(async () => {
      const c = await cohort(page);
      return /6–9/.test(c.summary) ? c : null;
    }, { timeout: 5000, message: 'the cohort summary of stage 6–10 (children 6–9)' });
    assert.ok(c610.summary.includes(stageOf('6-10').cohort.label.de), `summary names the 6–10 cohort label: ${c610.summary}`);
    assert.notEqual(c610.children, c36.children, `estimated children of ${KEY} differ between 3–6 (${c36.children}) and 6–10 (${c610.children})`);
    assert.notEqual(c610.formula, c36.formula, 'the children formula differs');
    // Both are estimates from the same density × area: their ratio is that of share × fraction.
    const shareFraction = (id) => stageOf(id).cohort.shares.map((s) => `${s.indicator}×${s.fraction}`).join('+');
    assert.notEqual(shareFraction('3-6'), shareFraction('6-10'), 'premise: the stages define different cohorts');
    const per1000b = (await page.textContent('[data-testid=per-1000-formula]')).trim();
    assert.ok(per1000b.includes(c610.formula.match(/=\s*([\d.,]+)\s*$/)[1]), `per-1000-formula divides by the 6–9 cohort: ${per1000b}`);
    assertClean(app);
  });

  it('all ages again restores the default components and cohort', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = app;
    await afterRedraw(page, () => page.selectOption('[data-testid=stage-select]', ''));
    await poll(async () => (await components(page)).unemployed_under_25_pct?.enabled === true, { timeout: 5000, message: 'the default components again' });
    const comp = await components(page);
    assert.deepEqual(Object.entries(comp).filter(([, c]) => c.enabled).map(([id]) => id).sort(), [
      'children_under_15_SGB_II_pct', 'households_with_children_pct', 'secondary_school_recommendation_pct',
      'transfer_payment_pct', 'unemployed_under_25_pct',
    ]);
    for (const [id, c] of Object.entries(comp)) if (c.enabled) assert.equal(c.weight, 1, `default weight of ${id}`);
    const c = await cohort(page);
    assert.doesNotMatch(c.summary, /3–5|6–9/, `the all-ages cohort: ${c.summary}`);
    assertClean(app);
  });
});
