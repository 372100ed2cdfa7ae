// The app under the strict Content-Security-Policy the README gives website admins
// (`default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; …`), served by `cargo xtask
// test` on a second port (CSP_BASE_URL). Every `securitypolicyviolation` event is recorded
// from before the first script runs; a flow through the main features must raise none.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, TEST_TIMEOUT, screenshot, cspRecordingPage } from './lib.mjs';

const CSP_BASE_URL = process.env.CSP_BASE_URL;

describe('strict Content-Security-Policy', { skip: !CSP_BASE_URL && 'CSP_BASE_URL not set (run through cargo xtask test)' }, () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  it('loads, draws and works with no CSP violation', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, errors } = await cspRecordingPage(browser);
    const response = await page.goto(CSP_BASE_URL);
    // The policy really is in force on this server.
    const policy = response.headers()['content-security-policy'] || '';
    assert.match(policy, /default-src 'self'/);
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(policy, /unsafe-inline/);
    await page.waitForSelector('[data-testid=app][data-state=ready]');
    await page.waitForFunction(() => document.querySelector('canvas[data-testid=map-canvas]')?.dataset.drawn === '170');

    // Hover (tooltip positioned via style), change indicator, legend swatches, table, details.
    const pt = await page.evaluate(() => window.__atlas.screenPoint('054'));
    const box = await page.locator('canvas[data-testid=map-canvas]').boundingBox();
    await page.mouse.move(box.x + pt[0], box.y + pt[1]);
    await page.waitForSelector('[data-testid=tooltip]');
    await page.mouse.click(box.x + pt[0], box.y + pt[1]);
    await page.waitForSelector('[data-testid=details-name]');
    await page.selectOption('[data-testid=indicator-select]', 'transfer_payment_pct');
    await page.click('[data-testid=tab-table]');
    await page.waitForSelector('[data-testid=district-table] tr[data-key="054"]');
    await page.selectOption('[data-testid=analysis-select]', 'priorities');
    await page.waitForSelector('[data-testid=bivariate-legend]');
    // Swatch colours are set through the CSSOM and must actually apply under the policy.
    const bg = await page.locator('[data-testid=bivariate-cell]').first().evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'bivariate cell colour was blocked');
    await page.selectOption('[data-testid=dataset-select]', 'nrw-gemeinden');
    await page.waitForFunction(() => document.querySelector('canvas[data-testid=map-canvas]')?.dataset.drawn === '396');
    await screenshot(page, 'csp');

    const violations = await page.evaluate(() => window.__cspViolations);
    assert.deepEqual(violations, [], 'CSP violations');
    assert.deepEqual(errors, [], 'page errors');
    await context.close();
  });
});
