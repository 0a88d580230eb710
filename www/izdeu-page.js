// izdeu search page: loads the wasm module and the index, exposes window.izdeu and
// renders results as the reader types. A classic script, so the page also works
// opened from disk (file://), where fetch() and module scripts are blocked.
(function () {
  'use strict';

  var fromDisk = location.protocol === 'file:';

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error('could not load ' + src)); };
      document.head.appendChild(script);
    });
  }

  function decodeBase64(text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function fetchBytes(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error('could not fetch ' + url + ': HTTP ' + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) { return new Uint8Array(buffer); });
  }

  // Over http: the .wasm and .idx files (streamed, cached, compressed by the server).
  // From disk: the same bytes inlined as base64 in classic scripts.
  function loadWasm() {
    if (fromDisk) {
      return loadScript('izdeu-wasm.js').then(function () {
        return wasm_bindgen({ module_or_path: decodeBase64(window.IZDEU_WASM) });
      });
    }
    return wasm_bindgen({ module_or_path: 'pkg/izdeu_bg.wasm' });
  }

  function loadIndex() {
    if (fromDisk) {
      return loadScript('izdeu-index.js').then(function () { return decodeBase64(window.IZDEU_INDEX); });
    }
    return fetchBytes('izdeu.idx');
  }

  var engine = Promise.all([loadWasm(), loadIndex()]).then(function (loaded) {
    return new wasm_bindgen.Engine(loaded[1]);
  });

  window.izdeu = {
    ready: engine.then(function () { return true; }),
    // Resolves to hits {doc, page, start, end, title, url, score, snippet}, best first.
    search: function (query, options) {
      var limit = (options && options.limit) || 10;
      return engine.then(function (e) { return e.search(String(query), limit); });
    }
  };

  var input = document.getElementById('izdeu-query');
  var status = document.getElementById('izdeu-status');
  var results = document.getElementById('izdeu-results');
  if (!input) return;
  // Enter searches as typing does; the form never navigates.
  document.getElementById('izdeu-form').addEventListener('submit', function (event) { event.preventDefault(); });

  function showError(message) {
    status.textContent = 'Search is unavailable: ' + message;
    status.className = 'izdeu-status izdeu-error';
    status.setAttribute('role', 'alert');
  }

  function render(hits, query, millis) {
    results.textContent = '';
    hits.forEach(function (hit) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = hit.url;
      link.textContent = hit.title;
      var page = document.createElement('span');
      page.className = 'izdeu-page-number';
      page.textContent = ' · page ' + hit.page;
      link.appendChild(page);
      var snippet = document.createElement('p');
      snippet.className = 'izdeu-snippet';
      // The snippet is escaped by the engine; its only markup is <mark>.
      snippet.innerHTML = hit.snippet;
      item.appendChild(link);
      item.appendChild(snippet);
      results.appendChild(item);
    });
    status.className = 'izdeu-status';
    status.textContent = query.trim() === '' ? '' :
      (hits.length === 0 ? 'No results' : hits.length + (hits.length === 1 ? ' result' : ' results')) +
      ' · ' + millis.toFixed(1) + ' ms';
  }

  var latest = 0;
  function run() {
    var query = input.value;
    var ticket = ++latest;
    var started = performance.now();
    window.izdeu.search(query, { limit: 10 }).then(function (hits) {
      if (ticket === latest) render(hits, query, performance.now() - started);
    }, function (error) { showError(error.message || String(error)); });
    var url = new URL(location.href);
    if (query) url.searchParams.set('q', query); else url.searchParams.delete('q');
    if (!fromDisk) history.replaceState(null, '', url);
  }

  engine.then(function (e) {
    input.disabled = false;
    status.textContent = e.documentCount() + ' documents, ' + e.unitCount() + ' pages. Type to search.';
    var initial = new URLSearchParams(location.search).get('q');
    if (initial) { input.value = initial; run(); }
    input.focus();
    input.addEventListener('input', run);
  }, function (error) { showError(error.message || String(error)); });
})();
