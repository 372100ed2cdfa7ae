// Deterministic benchmark data (SYNTHETIC, not real areas). Usage:
//   node gen.mjs OUT_DIR [N ...]            default N = 1000 10000 50000
// writes OUT_DIR/synthetic-N.geojson and OUT_DIR/germany.geojson.
//
// Synthetic: N non-overlapping polygons over Germany's bounding box (lon 5.9–15.0,
// lat 47.3–55.0): a grid of cols × rows cells (the first N in row order) whose corner nodes
// are jittered by up to ±20 % of a cell, and whose edges carry 14 wiggled points each, so a
// polygon has 4 × 15 = 60 vertices (+ the closing one). Every node and edge point is a pure
// function of its grid position and the seed (integer hash, no sequential random stream),
// so neighbours share exactly the same edge points and the file is byte-identical on every
// machine. Properties: id, name, and two numeric ones `a` and `b` (smooth fields + noise).
//
// germany.geojson: the real 10,997 German municipalities (../shared/data/germany, © GeoBasis-DE
// / BKG 2021, dl-de/by-2-0) with the same synthetic `a` and `b` added (the source has no
// numeric property), keyed by AGS.
import fs from 'node:fs';
import path from 'node:path';

const SEED = 20261122;
const EDGE_POINTS = 14;
const LON0 = 5.9, LON1 = 15.0, LAT0 = 47.3, LAT1 = 55.0;

// 32-bit integer hash of a few integers (lowbias32), mapped to [0, 1).
function hash(...xs) {
  let h = SEED >>> 0;
  for (const x of xs) {
    h = Math.imul(h ^ (x >>> 0), 0x9e3779b1) >>> 0;
    h ^= h >>> 16; h = Math.imul(h, 0x7feb352d) >>> 0;
    h ^= h >>> 15; h = Math.imul(h, 0x846ca68b) >>> 0;
    h ^= h >>> 16;
  }
  return (h >>> 0) / 4294967296;
}

const r5 = (x) => Math.round(x * 1e5) / 1e5;

export function synthetic(n) {
  // Cells roughly square on the ground (a degree of longitude is ~0.64 of one of latitude here).
  const aspect = ((LON1 - LON0) * 0.64) / (LAT1 - LAT0);
  const cols = Math.max(1, Math.round(Math.sqrt(n * aspect)));
  const rows = Math.ceil(n / cols);
  const dx = (LON1 - LON0) / cols, dy = (LAT1 - LAT0) / rows;
  const node = (i, j) => [
    LON0 + (i + (hash(1, i, j) - 0.5) * 0.4) * dx,
    LAT0 + (j + (hash(2, i, j) - 0.5) * 0.4) * dy,
  ];
  // Points of the edge from node p to node q (exclusive of q), identical for both cells:
  // computed in a canonical direction, reversed when walked the other way.
  const edge = (p, q, kind, i, j) => {
    const a = node(...p), b = node(...q);
    const nx = -(b[1] - a[1]), ny = b[0] - a[0];
    const pts = [a];
    for (let k = 1; k <= EDGE_POINTS; k++) {
      const t = k / (EDGE_POINTS + 1);
      const o = (hash(3 + kind, i, j, k) - 0.5) * 0.08;
      pts.push([a[0] + (b[0] - a[0]) * t + nx * o, a[1] + (b[1] - a[1]) * t + ny * o]);
    }
    return pts;
  };
  // Horizontal edge (i,j)→(i+1,j) and vertical edge (i,j)→(i,j+1), canonical direction.
  const h = (i, j) => edge([i, j], [i + 1, j], 0, i, j);
  const v = (i, j) => edge([i, j], [i, j + 1], 1, i, j);
  const rev = (pts, end) => [end, ...pts.slice(1).reverse()];
  const features = [];
  for (let idx = 0; idx < n; idx++) {
    const i = idx % cols, j = Math.floor(idx / cols);
    // Counter-clockwise: bottom (→), right (↑), top (←), left (↓).
    const ring = [
      ...h(i, j),
      ...v(i + 1, j),
      ...rev(h(i, j + 1), node(i + 1, j + 1)),
      ...rev(v(i, j), node(i, j + 1)),
    ].map(([x, y]) => [r5(x), r5(y)]);
    ring.push(ring[0]);
    const cx = i / cols, cy = j / rows;
    features.push({
      type: 'Feature',
      properties: {
        id: String(idx + 1),
        name: `Synthetisch ${idx + 1}`,
        a: Math.round((50 + 30 * Math.sin(cx * 9) * Math.cos(cy * 7) + 20 * hash(7, idx)) * 100) / 100,
        b: Math.round((1000 * hash(8, idx) + 500 * cy) * 10) / 10,
      },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
  }
  return { type: 'FeatureCollection', name: `synthetic-${n}`, features };
}

export function germany(src) {
  const fc = JSON.parse(fs.readFileSync(src, 'utf8'));
  fc.features.forEach((f, idx) => {
    const ags = Number(f.properties.AGS) || idx;
    f.properties.a = Math.round((20 + 60 * hash(9, ags)) * 100) / 100;
    f.properties.b = Math.round(1000 * hash(10, ags) * 10) / 10;
  });
  return fc;
}

const write = (file, fc) => {
  // One feature per line keeps memory flat-ish and the file diffable.
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, `{"type":"FeatureCollection","name":${JSON.stringify(fc.name)},"features":[\n`);
  fc.features.forEach((f, i) => fs.writeSync(out, (i ? ',\n' : '') + JSON.stringify(f)));
  fs.writeSync(out, '\n]}\n');
  fs.closeSync(out);
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = process.argv[2] ?? 'data';
  const sizes = process.argv.slice(3).map(Number);
  fs.mkdirSync(outDir, { recursive: true });
  for (const n of sizes.length ? sizes : [1000, 10000, 50000]) {
    const file = path.join(outDir, `synthetic-${n}.geojson`);
    if (!fs.existsSync(file)) write(file, synthetic(n));
  }
  const g = path.join(outDir, 'germany.geojson');
  const src = new URL('../../shared/data/germany/VG5000_GEM_2021-01-01_wgs84.geojson', import.meta.url).pathname;
  if (!fs.existsSync(g)) write(g, { ...germany(src), name: 'germany-municipalities' });
  console.log(`bench data in ${outDir}`);
}
