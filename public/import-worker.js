// The import worker: reads the files a planner dropped and runs the import (the `importer`
// wasm module, built from the pure core) off the page's main thread, so a 50 MB GeoJSON
// never freezes the map. Files are read here, in the browser; nothing is sent anywhere.
//
// Protocol (one request at a time, answered with the same `id`):
//   {id, cmd: 'analyze', files: [File]}  → progress messages, then {id, ok, result: JSON}
//   {id, cmd: 'join'|'build', request: JSON string} → {id, ok, result: JSON}
// `result` is the JSON of a Rust `Result` ({"Ok": …} or {"Err": ImportError}).
// A wasm trap (a bug) answers {id, ok: false, error}; the page then starts a fresh worker.
import init, * as importer from './importer/importer.js';

const ready = init({ module_or_path: new URL('./importer/importer_bg.wasm', import.meta.url) });

function progress(id, stage, done, total, file) {
  self.postMessage({ id, progress: { stage, done, total, file } });
}

self.onmessage = async (event) => {
  const { id, cmd, files, request } = event.data;
  try {
    await ready;
    let result;
    if (cmd === 'analyze') {
      importer.reset();
      const total = files.reduce((sum, f) => sum + f.size, 0);
      let done = 0;
      for (const file of files) {
        progress(id, 'read', done, total, file.name);
        const bytes = new Uint8Array(await file.arrayBuffer());
        importer.add_file(file.name, bytes);
        done += file.size;
      }
      progress(id, 'parse', total, total, '');
      result = importer.analyze();
    } else if (cmd === 'join') {
      progress(id, 'join', 0, 1, '');
      result = importer.join(request);
    } else if (cmd === 'build') {
      progress(id, 'build', 0, 1, '');
      result = importer.build(request);
    } else {
      throw new Error('unknown command ' + cmd);
    }
    self.postMessage({ id, ok: true, result });
  } catch (e) {
    self.postMessage({ id, ok: false, error: String(e && e.message || e) });
  }
};
