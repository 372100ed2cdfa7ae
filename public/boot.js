// Loads the wasm app. Kept as a file (not inline) so that a strict CSP needs no 'unsafe-inline'.
import init from './pkg/chancenatlas.js';

init({ module_or_path: new URL('./pkg/chancenatlas_bg.wasm', import.meta.url) }).catch((error) => {
  // The app itself reports data errors; this only fires when the wasm cannot start at all.
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = 'Chancenatlas konnte nicht starten / could not start: ' + error;
  document.body.append(p);
});
