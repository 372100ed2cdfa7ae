// The benchmark protocol for the peer pages (the same as the app's `?bench=1`, see
// src/bench.rs and BENCHMARKS.md): load → first render → recolour → 10 pans of 100 px,
// each a performance.measure ended when the frame is on screen, results in window.__bench.
export const params = new URLSearchParams(location.search);
export const dataUrl = params.get('data');
export const ind1 = params.get('indicator') || 'a';
export const ind2 = params.get('indicator2') || 'b';
export const PANS = [[100, 0], [0, 100], [-100, 0], [0, -100]];
// YlOrRd, 5 classes (the app's default palette and class count); grey = no value.
const COLORS = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];
export const NO_DATA = '#cccccc';

export function sizeMap(el) {
  el.style.width = `${Number(params.get('w')) || 800}px`;
  el.style.height = `${Number(params.get('h')) || 600}px`;
}

/** Quantile class breaks (5 classes) of property `name`, as the app's default. */
export function breaks(features, name) {
  const v = features.map((f) => f.properties[name]).filter((x) => typeof x === 'number' && isFinite(x));
  v.sort((a, b) => a - b);
  const out = [];
  for (let k = 1; k < COLORS.length; k++) out.push(v[Math.min(v.length - 1, Math.floor((k * v.length) / COLORS.length))]);
  return out;
}

export function colorOf(value, br) {
  if (typeof value !== 'number' || !isFinite(value)) return NO_DATA;
  let k = 0;
  while (k < br.length && value >= br[k]) k++;
  return COLORS[k];
}

/** A MapLibre `step` expression equal to colorOf. */
export function stepExpression(name, br) {
  const e = ['step', ['to-number', ['get', name], -1e300], NO_DATA, -1e299, COLORS[0]];
  br.forEach((b, i) => e.push(b, COLORS[i + 1]));
  return e;
}

export const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
export const twoFrames = async () => { await frame(); await frame(); };

export function measure(name, start, end) {
  performance.measure(name, { start, end });
}

export async function runPans(pan, drawn) {
  let total = 0;
  const start = performance.now();
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    pan(...PANS[i % 4]);
    await drawn();
    total += performance.now() - t;
  }
  const mean = total / 10;
  measure('atlas:pan', start, start + mean);
  return mean;
}

export function done(b) {
  window.__bench = b;
  window.__benchDone = true;
}

export function fail(e) {
  window.__benchError = String(e && e.stack || e);
  window.__benchDone = true;
}
