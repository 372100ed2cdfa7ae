// Optional background map: off unless the deployment's catalogue configures an XYZ tile
// template; then tiles come from exactly that host, are drawn under translucent fills, can
// be switched off, and their attribution is shown. The deployment's catalogue is replaced
// in the browser (page.route) and the "tile server" of another origin is answered by the
// test itself: no request leaves this machine.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { launchBrowser, openApp, assertClean, BASE_URL, TIMEOUT, TEST_TIMEOUT, CANVAS } from './lib.mjs';

const TILE_HOST = 'http://127.0.0.1:9/'; // never contacted: routed by the test

/** A 256×256 PNG of one colour. */
function solidPng(r, g, b) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0); ihdr.writeUInt32BE(256, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  const raw = Buffer.alloc(256 * (1 + 256 * 3));
  for (let y = 0; y < 256; y++) {
    raw[y * 769] = 0;
    for (let x = 0; x < 256; x++) raw.set([r, g, b], y * 769 + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The colour of one page pixel, from a 1×1 screenshot (the canvas itself is tainted by
 * the other origin's tiles, as on a real deployment, so getImageData is not allowed). */
async function pagePixel(page, x, y) {
  const buf = await page.screenshot({ clip: { x, y, width: 1, height: 1 } });
  let off = 8;
  const idat = [];
  let colorType = 2;
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.subarray(off + 4, off + 8).toString('latin1');
    if (type === 'IHDR') colorType = buf[off + 8 + 9];
    if (type === 'IDAT') idat.push(buf.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  assert.ok(colorType === 2 || colorType === 6, `colour type ${colorType}`);
  return [raw[1], raw[2], raw[3]]; // filter byte, then R G B
}

describe('optional basemap', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  it('is off by default: no toggle, no tile requests', { timeout: TEST_TIMEOUT }, async () => {
    const app = await openApp(browser);
    assert.equal(await app.page.locator('[data-testid=basemap-toggle]').count(), 0);
    assert.equal(await app.page.getAttribute(CANVAS, 'data-tiles-drawn'), '0');
    assertClean(app);
    await app.context.close();
  });

  it('when configured, draws tiles from that host only, can be switched off, credits them', { timeout: TEST_TIMEOUT }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const requests = [];
    const errors = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    const catalog = await (await page.request.get(`${BASE_URL}data/catalog.json`)).json();
    catalog.basemap = { url: `${TILE_HOST}tiles/{z}/{x}/{y}.png`, attribution: 'Testkacheln © Test', max_zoom: 14 };
    await page.route(`${BASE_URL}data/catalog.json`, (route) => route.fulfill({ json: catalog }));
    const png = solidPng(20, 200, 20);
    await page.route(`${TILE_HOST}tiles/**`, (route) => route.fulfill({ body: png, contentType: 'image/png' }));
    await page.goto(BASE_URL);
    await page.waitForSelector('[data-testid=app][data-state=ready]');
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.dataset.tilesDrawn) > 0, CANVAS);
    const tiles = requests.filter((u) => u.startsWith(TILE_HOST));
    assert.ok(tiles.length > 0 && tiles.every((u) => /tiles\/\d+\/\d+\/\d+\.png$/.test(u)), tiles.join(' '));
    const foreign = requests.filter((u) => !u.startsWith(BASE_URL) && !u.startsWith(TILE_HOST) && !u.startsWith('data:'));
    assert.deepEqual(foreign, []);
    assert.match(await page.locator('[data-testid=basemap-attribution]').innerText(), /Testkacheln/);
    // A corner of the map outside the city shows the green tile.
    const box = await page.locator(CANVAS).boundingBox();
    const at = [Math.round(box.x + 3), Math.round(box.y + box.height - 3)];
    assert.deepEqual(await pagePixel(page, ...at), [20, 200, 20]);
    await page.uncheck('[data-testid=basemap-toggle]');
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.tilesDrawn === '0', CANVAS);
    assert.notDeepEqual(await pagePixel(page, ...at), [20, 200, 20]);
    assert.equal(await page.locator('[data-testid=basemap-attribution]').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
