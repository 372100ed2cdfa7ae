// Page side of the import worker (public/import-worker.js). One worker at a time, created on
// first use and replaced after a failure, so a crash in one import never poisons the next.
let worker = null;
let nextId = 1;

function getWorker() {
  if (!worker) {
    worker = new Worker(new URL('import-worker.js', document.baseURI), { type: 'module' });
  }
  return worker;
}

/// Send one request; resolves with the worker's JSON result string, calls
/// `onProgress(stage, done, total, file)` on the way, rejects with a message on failure.
export function import_request(cmd, files, request, onProgress) {
  const w = getWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (event) => {
      const m = event.data;
      if (!m || m.id !== id) return;
      if (m.progress) {
        const p = m.progress;
        onProgress(p.stage, p.done, p.total, p.file || '');
        return;
      }
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      if (m.ok) {
        resolve(m.result);
      } else {
        import_reset();
        reject(m.error);
      }
    };
    const onError = (event) => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      import_reset();
      reject(String(event.message || 'worker failed to start'));
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    w.postMessage({ id, cmd, files: files ? Array.from(files) : null, request });
  });
}

/// Drop the worker and everything it holds (memory is returned when an import ends).
export function import_reset() {
  if (worker) {
    worker.terminate();
    worker = null;
  }
}
