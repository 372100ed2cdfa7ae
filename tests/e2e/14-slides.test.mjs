// Slides and presentation mode: views saved as slides (title, note, permalink query) that
// survive a reload (localStorage), reorder by mouse and keyboard, a presentation with the
// clicker's keys (PageUp/PageDown, arrows, Space, Home/End, Escape) in a high-contrast
// layout, one slide on another dataset, and export/import of the slides file with checks.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  launchBrowser, openApp, assertClean, screenshot, poll, frames, TEST_TIMEOUT, CANVAS,
} from './lib.mjs';

const SLIDES = [
  { indicator: 'children_under_15_SGB_II_pct', title: 'Kinderarmut 2024', note: 'Jedes dritte Kind im Norden.' },
  { indicator: 'transfer_payment_pct', title: 'Transferleistungen', note: 'Gleiches Muster wie bei Kindern.' },
  { indicator: 'unemployed_pct', title: 'Arbeitslosigkeit', note: '' },
];

const INDICATOR = '[data-testid=indicator-select]';

async function slideTitles(page) {
  return page.$$eval('ol[data-testid=slide-list] li[data-testid=slide-item] [data-testid=slide-item-title]',
    (els) => els.map((e) => e.textContent.trim()));
}

async function waitForTitles(page, want, message) {
  await poll(async () => JSON.stringify(await slideTitles(page)) === JSON.stringify(want),
    { message: `${message}: slide list ${JSON.stringify(want)}` });
}

/** Choose the indicator, type title and note, save; waits until the list has grown. */
async function addSlide(page, { indicator, title, note }) {
  const n = (await slideTitles(page)).length;
  await page.selectOption(INDICATOR, indicator);
  await page.waitForFunction(([sel, v]) => document.querySelector(sel).value === v, [INDICATOR, indicator]);
  await frames(page, 2);
  await page.fill('[data-testid=slide-title]', title);
  await page.fill('[data-testid=slide-note]', note);
  await page.click('[data-testid=slide-add]');
  await poll(async () => (await slideTitles(page)).length === n + 1, { message: `slide ${title} added` });
  assert.equal(await page.inputValue('[data-testid=slide-title]'), '', 'the title field is emptied after saving');
}

async function addAll(page) {
  for (const s of SLIDES) await addSlide(page, s);
  await waitForTitles(page, SLIDES.map((s) => s.title), 'three slides saved');
}

async function reload(page) {
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('[data-testid=app][data-state=ready]');
  await page.waitForSelector('[data-testid=slides]');
  await frames(page, 2);
}

/** What the presentation shows now. */
async function shown(page) {
  return page.evaluate(() => {
    const q = (s) => document.querySelector(s);
    return {
      overlay: !!q('[data-testid=slide-overlay]'),
      title: q('[data-testid=slide-overlay-title]')?.textContent.trim() ?? null,
      counter: q('[data-testid=slide-counter]')?.textContent.trim() ?? null,
      live: q('[data-testid=slide-live]')?.textContent.trim() ?? null,
      presenting: q('[data-testid=app]').classList.contains('presenting'),
      indicator: q('[data-testid=indicator-select]')?.value ?? null,
      legend: q('[data-testid=legend] .legend-title')?.textContent.trim() ?? null,
    };
  });
}

async function expectSlide(page, k, n, what) {
  const want = SLIDES[k - 1];
  const st = await poll(async () => {
    const st = await shown(page);
    return st.counter === `${k} / ${n}` && st.indicator === want.indicator && st.title === want.title ? st : null;
  }, { message: `${what}: slide ${k} (${want.indicator})` });
  assert.ok(st.presenting, `${what}: the app root has class presenting`);
  assert.equal(st.live, `Folie ${k} von ${n}: ${want.title}`, `${what}: live region`);
  return st;
}

async function download(page, testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
  const path = await d.path();
  assert.ok(path, `download failed: ${await d.failure()}`);
  return { name: d.suggestedFilename(), text: fs.readFileSync(path, 'utf8') };
}

async function importFile(page, name, text) {
  await page.setInputFiles('input[type=file][data-testid=slides-import]', {
    name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8'),
  });
}

async function messageText(page) {
  return (await page.locator('[data-testid=slides-message]').textContent().catch(() => '')) ?? '';
}

describe('slides and presentation', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  it('saves slides, reorders them by mouse and keyboard, and keeps them over a reload', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser);
    const { page } = app;
    assert.equal(await page.locator('li[data-testid=slide-item]').count(), 0, 'no slides in a fresh browser');
    assert.ok(await page.isDisabled('[data-testid=slides-present]'), 'nothing to present yet');
    await addAll(page);
    // The query of each slide is the permalink of its view.
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('chancenatlas.slides.v1')));
    assert.equal(stored.slides.length, 3);
    stored.slides.forEach((s, i) => {
      assert.match(s.query, new RegExp(`^\\?.*indicator=${SLIDES[i].indicator}(&|$)`), `slide ${i + 1} query`);
      assert.equal(s.note, SLIDES[i].note);
    });

    // Move the third up with the mouse; the focus stays on its button.
    await page.click('li[data-testid=slide-item]:nth-child(3) [data-testid=slide-up]');
    const [a, b, c] = SLIDES.map((s) => s.title);
    await waitForTitles(page, [a, c, b], 'third moved up');
    const focused = async () => page.evaluate(() => {
      const el = document.activeElement;
      return `${el?.closest('li')?.querySelector('[data-testid=slide-item-title]')?.textContent.trim()}/${el?.dataset.testid}`;
    });
    await poll(async () => (await focused()) === `${c}/slide-up`, { message: 'focus on the moved slide\'s up button' });
    // Keyboard: Enter moves it up again, Tab to its down button and Enter moves it back.
    await page.keyboard.press('Enter');
    await waitForTitles(page, [c, a, b], 'moved up by keyboard');
    await poll(async () => (await focused()) === `${c}/slide-up`, { message: 'focus stays on the up button' });
    await page.keyboard.press('Tab');
    assert.equal(await focused(), `${c}/slide-down`);
    await page.keyboard.press('Enter');
    await waitForTitles(page, [a, c, b], 'moved down by keyboard');

    await reload(page);
    await waitForTitles(page, [a, c, b], 'after a reload');
    assertClean(app);
    await app.context.close();
  });

  it('presents full screen in high contrast and steps with the clicker keys', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser);
    const { page } = app;
    await addAll(page);
    // Start the presentation from another view: slide 1 must be applied.
    await page.selectOption(INDICATOR, 'share_0_6_pct');
    const normalSize = await page.$eval('[data-testid=legend] .legend-title', (e) => parseFloat(getComputedStyle(e).fontSize));

    await page.click('[data-testid=slides-present]');
    await page.waitForSelector('[data-testid=slide-overlay][role=region][aria-label]');
    const first = await expectSlide(page, 1, 3, 'present');
    assert.match(first.legend, /Kinder/, 'legend title of slide 1');
    const layout = await page.evaluate(() => {
      const vis = (s) => { const e = document.querySelector(s); return !!e && e.getClientRects().length > 0; };
      const big = (s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);
      return {
        header: vis('header.top'), panel: vis('.explorer > .panel'), controls: vis('[data-testid=indicator-select]'),
        editor: vis('[data-testid=slide-add]'), legend: vis('[data-testid=legend]'), map: vis('canvas[data-testid=map-canvas]'),
        legendTitle: big('[data-testid=legend] .legend-title'), slideTitle: big('[data-testid=slide-overlay-title]'),
        bg: getComputedStyle(document.querySelector('.sidebar')).backgroundColor,
        fg: getComputedStyle(document.querySelector('[data-testid=slide-overlay-title]')).color,
      };
    });
    assert.deepEqual(
      { header: layout.header, panel: layout.panel, controls: layout.controls, editor: layout.editor, legend: layout.legend, map: layout.map },
      { header: false, panel: false, controls: false, editor: false, legend: true, map: true },
      'presentation layout: only map, legend and slide',
    );
    assert.ok(layout.legendTitle >= 1.6 * normalSize, `legend title ${layout.legendTitle}px vs ${normalSize}px`);
    assert.ok(layout.slideTitle >= 1.6 * 15, `slide title ${layout.slideTitle}px`);
    assert.equal(layout.bg, 'rgb(0, 0, 0)');
    assert.equal(layout.fg, 'rgb(255, 255, 255)');
    assert.equal(await page.getAttribute(CANVAS, 'data-drawn'), '170');

    await page.keyboard.press('PageDown');
    const second = await expectSlide(page, 2, 3, 'PageDown');
    assert.notEqual(second.legend, first.legend, 'the legend follows the slide');
    await page.keyboard.press('ArrowRight');
    await expectSlide(page, 3, 3, 'ArrowRight');
    await page.keyboard.press('ArrowRight');
    await frames(page, 3);
    await expectSlide(page, 3, 3, 'ArrowRight at the end stays');
    await screenshot(page, 'presenting');
    await page.keyboard.press('PageUp');
    await expectSlide(page, 2, 3, 'PageUp');
    await page.keyboard.press('Home');
    await expectSlide(page, 1, 3, 'Home');
    await page.keyboard.press('End');
    await expectSlide(page, 3, 3, 'End');
    await page.keyboard.press(' ');
    await frames(page, 2);
    await expectSlide(page, 3, 3, 'Space at the end stays');
    // The on-screen buttons.
    await page.click('[data-testid=slide-prev]');
    await expectSlide(page, 2, 3, 'prev button');
    await page.click('[data-testid=slide-next]');
    await expectSlide(page, 3, 3, 'next button');

    await page.keyboard.press('Escape');
    await poll(async () => {
      const st = await shown(page);
      return !st.overlay && !st.presenting;
    }, { message: 'Escape leaves the presentation' });
    assert.ok(await page.isVisible('header.top'), 'the header is back');
    assert.ok(await page.isVisible('[data-testid=slide-add]'), 'the slides editor is back');
    assert.equal(await page.inputValue(INDICATOR), SLIDES[2].indicator, 'the last slide\'s view stays');

    // The exit button too.
    await page.click('[data-testid=slides-present]');
    await expectSlide(page, 1, 3, 'present again');
    await page.click('[data-testid=slide-exit]');
    await poll(async () => !(await shown(page)).presenting, { message: 'exit button leaves the presentation' });
    assertClean(app);
    await app.context.close();
  });

  it('a slide on another dataset switches the dataset while presenting', { timeout: 2 * TEST_TIMEOUT }, async () => {
    const app = await openApp(browser);
    const { page } = app;
    await addSlide(page, { ...SLIDES[0] });
    await page.selectOption('select[data-testid=dataset-select]', 'nrw-kreise');
    await poll(async () => {
      const st = await page.evaluate((sel) => ({
        drawn: document.querySelector(sel)?.getAttribute('data-drawn'),
        busy: document.querySelector('[data-testid=dataset-select]')?.getAttribute('aria-busy'),
        w: innerWidth, h: innerHeight, fs: !!document.fullscreenElement,
      }), CANVAS);
      if (st.drawn === '53' && st.busy !== 'true') return true;
      throw new Error(JSON.stringify(st));
    }, { message: 'the NRW Kreise on screen' });
    await page.fill('[data-testid=slide-title]', 'NRW');
    await page.click('[data-testid=slide-add]');
    await waitForTitles(page, [SLIDES[0].title, 'NRW'], 'two slides on two datasets');

    await page.click('[data-testid=slides-present]');
    const ds = async () => page.evaluate((sel) => ({
      select: document.querySelector('[data-testid=dataset-select]')?.value,
      drawn: document.querySelector(sel)?.getAttribute('data-drawn'),
      counter: document.querySelector('[data-testid=slide-counter]')?.textContent.trim(),
    }), CANVAS);
    await poll(async () => { const d = await ds(); return d.select === 'dortmund' && d.drawn === '170' && d.counter === '1 / 2'; },
      { message: 'slide 1 switches back to Dortmund' });
    await page.keyboard.press('PageDown');
    await poll(async () => { const d = await ds(); return d.select === 'nrw-kreise' && d.drawn === '53' && d.counter === '2 / 2'; },
      { message: 'slide 2 switches to the NRW Kreise' });
    assert.ok((await shown(page)).presenting, 'still presenting after the switch');
    await page.keyboard.press('Escape');
    await poll(async () => !(await shown(page)).presenting, { message: 'Escape' });
    assertClean(app);
    await app.context.close();
  });

  it('exports the slides file and imports it again; broken files are refused', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser);
    const { page } = app;
    await addAll(page);
    const file = await download(page, 'slides-export');
    assert.equal(file.name, 'chancenatlas-folien.json');
    const json = JSON.parse(file.text);
    assert.deepEqual(json.slides.map((s) => s.title), SLIDES.map((s) => s.title));

    await page.evaluate(() => localStorage.clear());
    await reload(page);
    assert.equal(await page.locator('li[data-testid=slide-item]').count(), 0, 'no slides after clearing the storage');

    await importFile(page, 'chancenatlas-folien.json', file.text);
    await waitForTitles(page, SLIDES.map((s) => s.title), 'imported');
    assert.match(await messageText(page), /3 Folien importiert/);

    await importFile(page, 'x.json', '{"x":1}');
    await poll(async () => /keine Chancenatlas-Folien/.test(await messageText(page)), { message: 'wrong shape message' });
    assert.equal(await page.getAttribute('[data-testid=slides-message]', 'role'), 'alert');
    await importFile(page, 'broken.json', 'not json');
    await poll(async () => /kein gültiges JSON/.test(await messageText(page)), { message: 'not JSON message' });
    await waitForTitles(page, SLIDES.map((s) => s.title), 'existing slides kept after broken files');

    // English messages.
    await page.click('[data-testid=lang-en]');
    assert.match(await messageText(page), /not valid JSON/);

    // The imported slides were saved.
    await reload(page);
    await waitForTitles(page, SLIDES.map((s) => s.title), 'imported slides after a reload');
    assertClean(app);
    await app.context.close();
  });
});
