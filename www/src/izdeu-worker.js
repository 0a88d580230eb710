// izdeu's search engine in a Web Worker (started by izdeu.js over http): opening a large
// index and searching it never block the page's typing.
//
// Messages in:  {type: 'open', glue, wasm, meta, chunks}  the glue script's URL, the
//                    wasm bytes, the chunked index's directory (meta.idx) and the URL of
//                    its folder: a query fetches the chunks it needs from there
//               {type: 'query', id, query, options} → {id, result: {hits, total, facets}}
//               {type: 'search', id, query, limit}  → {id, result: hits}
//               {type: 'units', id, path}           → {id, result: [{page, anchor, text}]}
//               {type: 'prefetch'}  once the first results have shown: see prefetch()
// Messages out: {type: 'opened', info} or {type: 'failed', message}; {id, error} when a
//               query fails.
'use strict';

var engine = null;
var chunkFolder = '';
// Chunk file name → the promise of its fetch and addition: each chunk is fetched once.
var chunks = {};

self.onmessage = function (event) {
  var m = event.data;
  if (m.type === 'prefetch') {
    prefetch();
    return;
  }
  if (m.type === 'open') {
    open(m).then(function (info) {
      self.postMessage({ type: 'opened', info: info });
    }, function (error) {
      self.postMessage({ type: 'failed', message: String(error && error.message || error) });
    });
    return;
  }
  answer(function () {
    if (!engine) throw new Error('the index is not open');
    return m.type === 'search' ? engine.search(m.query, m.limit)
      : m.type === 'units' ? engine.units(m.path)
      : engine.query(m.query, m.options);
  }, 0).then(function (result) {
    self.postMessage({ id: m.id, result: result });
  }, function (error) {
    self.postMessage({ id: m.id, error: String(error && error.message || error) });
  });
};

// Asks the engine; while it answers {missing: [file…]} (a chunked index), fetches those
// chunks, adds them and asks again. A query needs at most five rounds: the dictionary
// shards of its words as typed, those of their other readings (only for a word not in
// the dictionary as typed), those of the forms of the terms such a word sounds like,
// postings, texts.
function answer(ask, rounds) {
  return new Promise(function (resolve) { resolve(ask()); }).then(function (result) {
    var missing = result && !Array.isArray(result) && result.missing;
    if (!missing) return result;
    if (rounds >= 5) throw new Error('the index keeps asking for chunks it was given: ' + missing.join(', '));
    return Promise.all(missing.map(fetchChunk)).then(function () { return answer(ask, rounds + 1); });
  });
}

// Once the first results have shown (the page says so: their bytes come first), a small
// chunked index is fetched whole in the background (six requests at a time, as many as a
// browser opens to one HTTP/1.1 host: over HTTP/2 they share one connection), so that
// typing on reads nothing from the network. A large one is read query by query.
var PREFETCH_BYTES = 4 * 1024 * 1024;
var prefetching = false;
function prefetch() {
  if (prefetching || !engine) return;
  prefetching = true;
  var files = engine.chunkFiles();
  if (files.bytes > PREFETCH_BYTES) return;
  var next = 0;
  function lane() {
    if (next >= files.names.length) return Promise.resolve();
    return fetchChunk(files.names[next++]).catch(function () {}).then(lane);
  }
  for (var i = 0; i < 6; i++) lane();
}

function fetchChunk(name) {
  if (!chunks[name]) {
    var url = chunkFolder + name;
    chunks[name] = fetch(url).then(function (response) {
      if (!response.ok) {
        throw new Error('could not fetch ' + url + ': HTTP ' + response.status +
          ' (upload the whole output folder of one `izdeu build`)');
      }
      return response.arrayBuffer();
    }).then(function (buffer) {
      engine.addChunk(name, new Uint8Array(buffer));
    });
    // A failed fetch is tried again by the next query.
    chunks[name].catch(function () { delete chunks[name]; });
  }
  return chunks[name];
}

// A term dictionary damaged on purpose (both checksums recomputed) traps inside the
// engine while it opens; say so as the engine says it of any other corrupt index.
function openEngine(m) {
  chunkFolder = m.chunks;
  return wasm_bindgen.Engine.chunked(new Uint8Array(m.meta));
}

function open(m) {
  return new Promise(function (resolve) {
    // Declares the global `wasm_bindgen` (the no-modules glue).
    importScripts(m.glue);
    resolve(wasm_bindgen({ module_or_path: m.wasm }));
  }).then(function () {
    engine = openEngine(m);
    return {
      documents: engine.documents(),
      units: engine.unitCount(),
      checksum: engine.checksum(),
      byteLength: engine.byteLength()
    };
  });
}
