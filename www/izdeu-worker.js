// izdeu's search engine in a Web Worker (started by izdeu.js over http): opening a large
// index and searching it never block the page's typing.
//
// Messages in:  {type: 'open', glue, wasm, index}  the glue script's URL, the wasm and
//                                                  index bytes
//               {type: 'query', id, query, options} → {id, result: {hits, total, facets}}
//               {type: 'search', id, query, limit}  → {id, result: hits}
//               {type: 'units', id, path}           → {id, result: [{page, anchor, text}]}
// Messages out: {type: 'opened', info} or {type: 'failed', message}; {id, error} when a
//               query fails.
'use strict';

var engine = null;

self.onmessage = function (event) {
  var m = event.data;
  if (m.type === 'open') {
    open(m).then(function (info) {
      self.postMessage({ type: 'opened', info: info });
    }, function (error) {
      self.postMessage({ type: 'failed', message: String(error && error.message || error) });
    });
    return;
  }
  try {
    if (!engine) throw new Error('the index is not open');
    var result = m.type === 'search' ? engine.search(m.query, m.limit)
      : m.type === 'units' ? engine.units(m.path)
      : engine.query(m.query, m.options);
    self.postMessage({ id: m.id, result: result });
  } catch (error) {
    self.postMessage({ id: m.id, error: String(error && error.message || error) });
  }
};

// A term dictionary damaged on purpose (both checksums recomputed) traps inside the
// engine while it opens; say so as the engine says it of any other corrupt index.
function openEngine(bytes) {
  try {
    return new wasm_bindgen.Engine(bytes);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      throw new Error('index is corrupt (TERMS section: malformed fst); rebuild it with `izdeu build`');
    }
    throw error;
  }
}

function open(m) {
  return new Promise(function (resolve) {
    // Declares the global `wasm_bindgen` (the no-modules glue).
    importScripts(m.glue);
    resolve(wasm_bindgen({ module_or_path: m.wasm }));
  }).then(function () {
    engine = openEngine(new Uint8Array(m.index));
    return {
      documents: engine.documents(),
      units: engine.unitCount(),
      checksum: engine.checksum(),
      byteLength: engine.byteLength()
    };
  });
}
