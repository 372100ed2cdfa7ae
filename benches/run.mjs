// Benchmark runner (see BENCHMARKS.md): one headless Chromium, the app and its peers on the
// same data, each page following the protocol of src/bench.rs / peers/common.js.
//
//   node run.mjs --base http://127.0.0.1:PORT/ --dist DIR [--runs 3] [--data a,b] [--out results]
//
// Per run and contender a fresh browser context (no cache, no shared heap). Memory after
// the protocol: CDP HeapProfiler.collectGarbage, then Runtime.getHeapUsage: usedSize (JS
// heap) + backingStorageSize (ArrayBuffer backing stores) + the app's wasm memory
// (`wasm_memory_bytes` in window.__bench: a WebAssembly.Memory is not in backingStorageSize).
// GPU memory (MapLibre's buffers) is not visible to either and not counted.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const base = arg('--base');
const dist = arg('--dist');
const runs = Number(arg('--runs', '3'));
const out = arg('--out', 'results');
const timeoutMs = Number(arg('--timeout', '120000'));
// `dortmund`: the app's default dataset (its own format, so the app only): the
// "first render ≤ 300 ms after the data has arrived" figure.
const datasets = arg('--data', 'dortmund,synthetic-1000,synthetic-10000,synthetic-50000,germany').split(',');
const only = arg('--only', '');
const here = path.dirname(new URL(import.meta.url).pathname);

const CONTENDERS = [
  { id: 'app', label: 'Chancenatlas', url: (d, wh) => (d === 'dortmund' ? `${base}?bench=1&lang=en` : `${base}?data=bench-data/${d}.geojson&bench=1&indicator=a&indicator2=b&lang=en`) },
  { id: 'leaflet-canvas', label: 'Leaflet 1.9 canvas', url: (d, wh) => `${base}peers/leaflet.html?data=/bench-data/${d}.geojson&renderer=canvas&${wh}` },
  { id: 'leaflet-svg', label: 'Leaflet 1.9 SVG', url: (d, wh) => `${base}peers/leaflet.html?data=/bench-data/${d}.geojson&renderer=svg&${wh}` },
  { id: 'maplibre', label: 'MapLibre GL JS', url: (d, wh) => `${base}peers/maplibre.html?data=/bench-data/${d}.geojson&${wh}` },
].filter((c) => !only || only.split(',').includes(c.id));

const gz = (files) => files.reduce((s, f) => s + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
const nm = path.join(here, 'node_modules');
const bundles = {
  // What every page load fetches: the main wasm module and all the JS it imports (the
  // wasm-bindgen glue, its snippets, the split loader). The lazily loaded chunks (pkg/split_*,
  // pkg/chunk_*: import dialog, targeting, ranking, profile) are fetched only when opened.
  app: gz([
    path.join(dist, 'pkg/chancenatlas_bg.wasm'),
    path.join(dist, 'pkg/chancenatlas.js'),
    path.join(dist, 'pkg/__wasm_split.js'),
    path.join(dist, 'boot.js'),
    ...fs.readdirSync(path.join(dist, 'pkg/snippets'), { recursive: true })
      .filter((f) => f.endsWith('.js'))
      .map((f) => path.join(dist, 'pkg/snippets', f)),
  ]),
  'leaflet-canvas': gz([path.join(nm, 'leaflet/dist/leaflet.js')]),
  'leaflet-svg': gz([path.join(nm, 'leaflet/dist/leaflet.js')]),
  maplibre: gz([path.join(nm, 'maplibre-gl/dist/maplibre-gl.js')]),
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  // WebGL for MapLibre in headless Chromium without a GPU: the SwiftShader fallback, which
  // Chromium 156 only permits with this flag. Not `--use-angle=swiftshader`: that moves
  // canvas 2D onto SwiftShader as well and made every canvas page 5–10× slower (BENCHMARKS.md).
  args: ['--enable-unsafe-swiftshader'],
});

async function once(c, d, wh) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const cdp = await context.newCDPSession(page);
  try {
    await page.goto(c.url(d, wh));
    await page.waitForFunction(() => window.__benchDone === true, null, { timeout: timeoutMs, polling: 100 });
    const r = await page.evaluate(() => {
      const m = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
      const canvas = document.querySelector('[data-testid=map-canvas]');
      return {
        bench: window.__bench ?? null,
        error: window.__benchError ?? null,
        marks: { fetched: m('atlas:fetched'), parsed: m('atlas:parsed'), prepared: m('atlas:prepared') },
        size: canvas ? [canvas.clientWidth, canvas.clientHeight] : null,
      };
    });
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    // JS heap + ArrayBuffer backing stores; the wasm memory is reported by the app itself.
    r.memory = heap.usedSize + (heap.backingStorageSize ?? 0) + (r.bench?.wasm_memory_bytes ?? 0);
    r.heap = heap;
    if (errors.length) r.pageErrors = errors;
    return r;
  } catch (e) {
    return { error: String(e).split('\n')[0] };
  } finally {
    await context.close();
  }
}

const results = {};
let wh = 'w=800&h=600';
for (const d of datasets) {
  results[d] = {};
  for (let run = 0; run < runs; run++) {
    for (const c of d === 'dortmund' ? CONTENDERS.filter((c) => c.id === 'app') : CONTENDERS) {
      const r = await once(c, d, wh);
      if (c.id === 'app' && r.size) wh = `w=${r.size[0]}&h=${r.size[1]}`;
      (results[d][c.id] ??= []).push(r);
      const b = r.bench;
      console.log(`${d} run ${run + 1} ${c.id}: ` + (b ? `load ${b.load_ms.toFixed(0)} first ${b.first_render_ms.toFixed(0)} recolor ${b.recolor_ms.toFixed(0)} pan ${b.pan_ms.toFixed(1)} mem ${(r.memory / 1e6).toFixed(1)} MB` : `FAILED ${r.error}`));
    }
  }
}
await browser.close();

// Medians and the table.
const contendersOf = (d) => (d === 'dortmund' ? CONTENDERS.filter((c) => c.id === 'app') : CONTENDERS);
const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const FIGURES = [
  ['load_ms', 'load (ms)', (r) => r.bench?.load_ms],
  ['first_render_ms', 'first render (ms)', (r) => r.bench?.first_render_ms],
  ['interactive_ms', 'load to interactive (ms)', (r) => r.bench && r.bench.load_ms + r.bench.first_render_ms],
  ['recolor_ms', 'recolour (ms)', (r) => r.bench?.recolor_ms],
  ['pan_ms', 'pan, mean of 10 × 100 px (ms)', (r) => r.bench?.pan_ms],
  ['memory_mb', 'memory: JS heap + ArrayBuffers after GC (MB)', (r) => r.bench && r.memory / 1e6],
];
const fmt = (x) => (x == null ? 'failed/timeout' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratio = (a, b) => (a == null || b == null ? '–' : (a / b).toFixed(2));
const summary = {};
let md = `Medians of ${runs} runs, one headless Chromium (${browser.version?.() ?? 'Debian chromium'}), viewport 1280×800, map area ${wh.replace('w=', '').replace('&h=', '×')} px; app/peer < 1 means the app is ahead.\n`;
for (const d of datasets) {
  summary[d] = {};
  const CS = contendersOf(d);
  const peers = CS.filter((c) => c.id !== 'app');
  const cols = [...CS.map((c) => c.label), ...peers.map((c) => `app / ${c.label}`)];
  md += `\n#### ${d}\n\n| figure | ${cols.join(' | ')} |\n|---|${cols.map(() => '---:').join('|')}|\n`;
  const rows = [...FIGURES, ['bundle_kb', 'bundle, gzip (KB)', null]];
  for (const [key, label, get] of rows) {
    const vals = CS.map((c) => (get ? median((results[d][c.id] ?? []).map(get)) : bundles[c.id] / 1024));
    CS.forEach((c, i) => ((summary[d][c.id] ??= {})[key] = vals[i]));
    const app = vals[CS.findIndex((c) => c.id === 'app')];
    const ratios = CS.map((c, i) => (c.id === 'app' ? null : ratio(app, vals[i]))).filter((x) => x !== null);
    md += `| ${label} | ${[...vals.map(fmt), ...ratios].join(' | ')} |\n`;
  }
  const appRuns = results[d].app ?? [];
  const phase = (f) => median(appRuns.map(f));
  const fetch = phase((r) => r.marks?.fetched), parsed = phase((r) => r.marks?.parsed), prepared = phase((r) => r.marks?.prepared);
  if (fetch != null) {
    md += `\nApp, where the time goes (medians, ms since navigation start): data fetched ${fmt(fetch)}, parsed ${fmt(parsed)} (parse ${fmt(parsed - fetch)}), projected and indexed ${fmt(prepared)} (prepare ${fmt(prepared - parsed)}), first frame on screen ${fmt(summary[d].app.interactive_ms)} (draw incl. path building ${fmt(summary[d].app.interactive_ms - prepared)}).\n`;
  }
}
fs.writeFileSync(path.join(here, `${out}.json`), JSON.stringify({ date: new Date().toISOString(), runs, bundles, summary, results }, null, 1));
fs.writeFileSync(path.join(here, `${out}.md`), md);
console.log(md);
