// Imported datasets live in this browser only: IndexedDB database `chancenatlas`, object
// store `datasets`, one record per import: {id, name, created, folder: {manifest_json,
// boundaries_geojson, indicators_csv, services_geojson}, settings}. Records are stored and
// returned as JSON strings so that the Rust side owns the format (atlas_core::import::stored).
const DB = 'chancenatlas';
const STORE = 'datasets';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(String(req.error));
  });
}

function run(mode, body) {
  return open().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = body(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(result.value); };
    tx.onerror = () => { db.close(); reject(String(tx.error)); };
    tx.onabort = () => { db.close(); reject(String(tx.error || 'aborted')); };
  }));
}

/// Store (or replace) a record given as a JSON string with an `id` field.
export function idb_put(json) {
  const record = JSON.parse(json);
  return run('readwrite', (store) => { store.put(record); return {}; });
}

/// All records as a JSON array of {id, name, created} (no payloads: the list stays cheap).
export function idb_list() {
  return run('readonly', (store) => {
    const out = {};
    const req = store.getAll();
    req.onsuccess = () => {
      out.value = JSON.stringify(req.result.map((r) => ({ id: r.id, name: r.name, created: r.created })));
    };
    return out;
  });
}

/// One whole record as a JSON string, or null.
export function idb_get(id) {
  return run('readonly', (store) => {
    const out = { value: null };
    const req = store.get(id);
    req.onsuccess = () => { out.value = req.result ? JSON.stringify(req.result) : null; };
    return out;
  });
}

export function idb_delete(id) {
  return run('readwrite', (store) => { store.delete(id); return {}; });
}

export function idb_rename(id, name) {
  return run('readwrite', (store) => {
    const req = store.get(id);
    req.onsuccess = () => {
      if (req.result) { req.result.name = name; store.put(req.result); }
    };
    return {};
  });
}
