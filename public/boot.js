// Loads the wasm app. Kept as a file (not inline) so that a strict CSP needs no 'unsafe-inline'.
import init from './pkg/chancenatlas.js';

// `?data=URL` (src/data_url.rs): start downloading the GeoJSON while the wasm compiles; the
// app takes the bytes from here instead of fetching again. Only http(s) and relative URLs,
// the same rule the app applies (it checks again and reports anything else).
const data = new URLSearchParams(location.search).get('data');
if (data && (/^https?:\/\//i.test(data) || !/^[^/?#]*:/.test(data)) && !data.startsWith('//')) {
  window.__atlasData = {
    url: data,
    bytes: fetch(data).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject({ status: r.status }))),
  };
}

init({ module_or_path: new URL('./pkg/chancenatlas_bg.wasm', import.meta.url) }).catch((error) => {
  // The app itself reports data errors; this only fires when the wasm cannot start at all.
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = 'Chancenatlas konnte nicht starten / could not start: ' + error;
  document.body.append(p);
});
