// izdeu search widget. Embed it with one classic script and one element:
//
//   <script src="https://example.edu/search/izdeu.js"></script>
//   <izdeu-search></izdeu-search>
//
// Attributes of <izdeu-search> (all optional):
//   index        URL of the folder `izdeu build` wrote (default: the folder izdeu.js came from)
//   placeholder  text shown in the empty search box
//   label        the search box's label (default: "Search the documents", in the UI language)
//   results      how many results to show, and to add with More results (default 10)
//   lang         interface language: kk, ru or en (default: the page's lang)
//   theme        light, dark or auto (default auto: follows prefers-color-scheme)
//   param        the page URL parameter that holds the query (default "q"; "" for none)
//   autofocus    focus the search box once the index is loaded
// Colours and the font come from CSS custom properties set anywhere on the page:
// --izdeu-accent, --izdeu-fg, --izdeu-muted, --izdeu-bg, --izdeu-border, --izdeu-mark,
// --izdeu-active, --izdeu-font, --izdeu-font-size (default: the reader's default size,
// whatever the page's), --izdeu-radius.
//
// A classic script, not a module: a page opened from disk (file://) may not fetch or load
// modules, so from disk the wasm and the index come as base64 in classic scripts beside
// izdeu.js (izdeu-wasm.js, izdeu-index.js). Over http the engine runs in a Web Worker
// (izdeu-worker.js), so searching a large index never blocks typing.
(function () {
  'use strict';
  if (!window.customElements || window.customElements.get('izdeu-search')) return;

  var script = document.currentScript;
  // Where the assets are: the folder this script was loaded from.
  var SCRIPT_BASE = folderOf(script && script.src ? script.src : location.href);
  // offline.html inlines everything: the wasm and the documents (gzip, base-122), from
  // which the engine rebuilds the index, and izdeu-offline.js, which unpacks them and
  // shows a result's document in the widget.
  var OFFLINE = window.IZDEU_OFFLINE || null;
  // The engine reads at most 512 characters of a query: a longer string is cut here,
  // before it is copied into the module's memory (which never shrinks).
  var MAX_QUERY_LENGTH = 2048;
  var MAX_RESULTS = 100;
  var sharedSheet = null;

  // ---------------------------------------------------------------------------------------
  // Interface strings
  // ---------------------------------------------------------------------------------------

  function ruPlural(n, one, few, many) {
    var m10 = n % 10, m100 = n % 100;
    if (m10 === 1 && m100 !== 11) return one;
    if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
    return many;
  }

  var STRINGS = {
    en: {
      label: 'Search the documents',
      placeholder: 'Search…',
      loading: 'Loading the index…',
      preparing: 'Preparing the search…',
      ready: function (d, u) { return d + (d === 1 ? ' document, ' : ' documents, ') + u + (u === 1 ? ' page' : ' pages') + '. Type to search; words in "quotes" are found as a phrase.'; },
      results: function (n) { return n === 0 ? 'No results' : n + (n === 1 ? ' result' : ' results'); },
      unavailable: 'Search is unavailable: ',
      listbox: 'Results', more: 'More results',
      page: 'page', section: 'section', contents: 'Contents',
      filters: 'Filter the results', language: 'Language', document: 'Document',
      allDocuments: 'All documents',
      langs: { kk: 'Kazakh', ru: 'Russian', en: 'English', und: 'Other' },
      hint: 'Press / to search; arrow keys choose a result, Enter opens it, Escape clears.'
    },
    ru: {
      label: 'Поиск по документам',
      placeholder: 'Поиск…',
      loading: 'Загрузка индекса…',
      preparing: 'Подготовка поиска…',
      ready: function (d, u) { return 'Документов: ' + d + ', страниц: ' + u + '. Начните вводить запрос; слова в «кавычках» ищутся как фраза.'; },
      results: function (n) {
        return n === 0 ? 'Ничего не найдено' : n + ' ' + ruPlural(n, 'результат', 'результата', 'результатов');
      },
      unavailable: 'Поиск недоступен: ',
      listbox: 'Результаты', more: 'Ещё результаты',
      page: 'стр.', section: 'раздел', contents: 'Содержание',
      filters: 'Уточнить результаты', language: 'Язык', document: 'Документ',
      allDocuments: 'Все документы',
      langs: { kk: 'Казахский', ru: 'Русский', en: 'Английский', und: 'Другой' },
      hint: 'Нажмите /, чтобы искать; стрелки выбирают результат, Enter открывает, Escape очищает.'
    },
    kk: {
      label: 'Құжаттардан іздеу',
      placeholder: 'Іздеу…',
      loading: 'Индекс жүктелуде…',
      preparing: 'Іздеу дайындалуда…',
      ready: function (d, u) { return 'Құжаттар: ' + d + ', беттер: ' + u + '. Іздеу үшін теріңіз; «тырнақшадағы» сөздер тіркес ретінде ізделеді.'; },
      results: function (n) { return n === 0 ? 'Ештеңе табылмады' : n + ' нәтиже'; },
      unavailable: 'Іздеу қолжетімсіз: ',
      listbox: 'Нәтижелер', more: 'Тағы нәтижелер',
      page: 'бет', section: 'бөлім', contents: 'Мазмұны',
      filters: 'Нәтижелерді сүзу', language: 'Тіл', document: 'Құжат',
      allDocuments: 'Барлық құжаттар',
      langs: { kk: 'Қазақша', ru: 'Орысша', en: 'Ағылшынша', und: 'Басқа' },
      hint: 'Іздеу үшін / басыңыз; нәтижені көрсеткі пернелермен таңдап, Enter арқылы ашыңыз, Escape тазалайды.'
    }
  };

  function uiLanguage(element) {
    var holder = element.closest('[lang]');
    var lang = (holder && holder.getAttribute('lang')) || document.documentElement.lang || '';
    lang = lang.toLowerCase().split('-')[0];
    return STRINGS[lang] ? lang : 'en';
  }

  // ---------------------------------------------------------------------------------------
  // Loading the engine
  // ---------------------------------------------------------------------------------------

  function folderOf(url) {
    var u = new URL(url, location.href);
    u.search = '';
    u.hash = '';
    return new URL('.', u).href;
  }

  // Classic scripts are loaded one after another: those that set a global
  // (IZDEU_INDEX, IZDEU_MANIFEST) are read before the next one runs.
  var scriptQueue = Promise.resolve();
  function loadScript(src, read) {
    var loaded = scriptQueue.then(function () {
      return new Promise(function (resolve, reject) {
        var element = document.createElement('script');
        element.src = src;
        element.onload = function () { resolve(read ? read() : undefined); };
        element.onerror = function () { reject(new Error('could not load ' + src)); };
        document.head.appendChild(element);
      });
    });
    scriptQueue = loaded.catch(function () {});
    return loaded;
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

  // `izdeu build` writes the size and checksum of the index beside it (izdeu-manifest.js):
  // a page served a stale or mixed-up copy (an old cache, half an upload) says so instead
  // of searching it.
  function loadManifest(base, fromDisk) {
    if (fromDisk) return loadScript(base + 'izdeu-manifest.js', function () { return window.IZDEU_MANIFEST; });
    return fetch(base + 'izdeu-manifest.js', { cache: 'no-cache' }).then(function (response) {
      if (!response.ok) throw new Error('could not load ' + base + 'izdeu-manifest.js: HTTP ' + response.status);
      return response.text();
    }).then(function (text) {
      var json = /\{.*\}/.exec(text);
      return json ? JSON.parse(json[0]) : null;
    });
  }

  function hex(n) { return ('0000000' + (n >>> 0).toString(16)).slice(-8); }

  function checkIndex(info, expected, files) {
    if (expected && expected.bytes === info.byteLength && expected.checksum === info.checksum) return;
    throw new Error('the index loaded (' + info.byteLength + ' bytes, checksum ' + hex(info.checksum) +
      ') is not the one this page was built with (' +
      (expected ? expected.bytes + ' bytes, checksum ' + hex(expected.checksum) : 'izdeu-manifest.js says nothing') +
      '): a stale copy from a cache? Reload the page; if that does not help, upload ' +
      (files || 'izdeu.idx, izdeu-index.js') + ' and izdeu-manifest.js from the same `izdeu build`');
  }

  function describe(e) {
    return {
      documents: e.documents(),
      units: e.unitCount(),
      checksum: e.checksum(),
      byteLength: e.byteLength()
    };
  }

  function errorOf(error) {
    return error instanceof Error ? error : new Error(String(error && error.message || error));
  }

  // The engine on the main thread reads a whole index: pkg/whole/, whose wasm-bindgen glue
  // declares the global `wasm_bindgen` (once per page). The worker's engine, pkg/, reads
  // only the chunked index.
  function loadGlue(base) {
    if (typeof wasm_bindgen !== 'undefined') return Promise.resolve();
    return loadScript(base + 'pkg/whole/izdeu.js');
  }

  // offline.html rebuilds its index on the page, which takes a moment: the widgets of that
  // index say so meanwhile. Per index folder: the callbacks waiting, or true once begun.
  var preparing = {};
  function announcePreparing(base) {
    var waiting = preparing[base];
    preparing[base] = true;
    if (Array.isArray(waiting)) waiting.forEach(function (callback) { callback(); });
  }
  function whenPreparing(base, callback) {
    if (preparing[base] === true) callback();
    else (preparing[base] = preparing[base] || []).push(callback);
  }

  // Resolves once the browser has had a chance to show what changed (a hidden tab runs no
  // animation frames: then after a short wait).
  function nextPaint() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () { setTimeout(resolve, 0); });
      setTimeout(resolve, 100);
    });
  }

  function damagedOffline(what) {
    return new Error('offline.html is damaged: ' + what);
  }

  // The engine from index bytes, or for offline.html rebuilt from its documents.
  function openEngine(bytes, offline) {
    try {
      return offline ? wasm_bindgen.Engine.rebuild(bytes) : new wasm_bindgen.Engine(bytes);
    } catch (error) {
      if (offline) throw damagedOffline(errorOf(error).message);
      // A term dictionary damaged on purpose (both checksums recomputed) traps while
      // the engine opens it: report it as the engine reports any corrupt index.
      if (error instanceof WebAssembly.RuntimeError) {
        throw new Error('index is corrupt (TERMS section: malformed fst); rebuild it with `izdeu build`');
      }
      throw error;
    }
  }

  // The engine on the main thread: from disk (where workers cannot load), offline.html,
  // or where a worker cannot start.
  function mainThreadEngine(base, fromDisk) {
    var wasm, index, manifest;
    var offline = !!OFFLINE && base === SCRIPT_BASE;
    if (offline) {
      // izdeu-offline.js, inlined in offline.html after the payloads, unpacks them.
      wasm = OFFLINE.unpack(OFFLINE.wasm, 'its engine');
      index = OFFLINE.unpack(OFFLINE.documents, 'its documents');
      // Nothing else is loaded, so nothing can be stale; the documents carry a checksum.
      // The rebuilt index searches as the built one, but its dictionary's bytes differ:
      // the fst builder's node cache hashes by the pointer width (64 bits there, 32 here).
      manifest = Promise.resolve(null);
    } else if (fromDisk) {
      wasm = loadScript(base + 'izdeu-wasm.js', function () { return decodeBase64(window.IZDEU_WASM); });
      index = loadScript(base + 'izdeu-index.js', function () { return decodeBase64(window.IZDEU_INDEX); });
      manifest = loadManifest(base, true);
    } else {
      wasm = Promise.resolve(base + 'pkg/whole/izdeu_bg.wasm');
      index = fetchBytes(base + 'izdeu.idx');
      manifest = loadManifest(base, false);
    }
    return Promise.all([loadGlue(base), wasm, index, manifest]).then(function (loaded) {
      return wasm_bindgen({ module_or_path: loaded[1] }).then(function () {
        if (!offline) return openEngine(loaded[2], false);
        announcePreparing(base);
        return nextPaint().then(function () {
          var started = performance.now();
          var e = openEngine(loaded[2], true);
          console.debug('izdeu: index rebuilt from the documents of offline.html in ' + Math.round(performance.now() - started) + ' ms');
          return e;
        });
      }).then(function (e) {
        var info = describe(e);
        if (!offline) {
          try { checkIndex(info, loaded[3]); } catch (error) { e.free(); throw error; }
        }
        return {
          info: info,
          worker: false,
          query: function (query, options) {
            return new Promise(function (resolve) { resolve(e.query(query, options)); });
          },
          search: function (query, limit) {
            return new Promise(function (resolve) { resolve(e.search(query, limit)); });
          },
          units: function (path) {
            return new Promise(function (resolve) { resolve(e.units(path)); });
          }
        };
      });
    });
  }

  // A worker from izdeu-worker.js beside izdeu.js; from another origin (a CDN) a worker
  // script cannot be loaded directly, but a blob worker may import it.
  function startWorker(base) {
    try {
      return new Worker(base + 'izdeu-worker.js');
    } catch (error) {
      var source = 'importScripts(' + JSON.stringify(base + 'izdeu-worker.js') + ');';
      return new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    }
  }

  // The engine in a Web Worker. The bytes are fetched here (so the page's cache and
  // network rules apply) and handed over without copying. Resolves to null when no
  // worker can run, and the caller falls back to the main thread.
  function workerEngine(base) {
    var worker;
    try { worker = startWorker(base); } catch (error) { return Promise.resolve(null); }
    var pending = {};
    var nextId = 1;
    var opened = new Promise(function (resolve, reject) {
      worker.onmessage = function (event) {
        var m = event.data;
        if (m.type === 'opened') resolve(m.info);
        else if (m.type === 'failed') reject(new Error(m.message));
        else if (pending[m.id]) {
          var p = pending[m.id];
          delete pending[m.id];
          if (m.error !== undefined) p.reject(new Error(m.error)); else p.resolve(m.result);
        }
      };
      // Before it opened the index: the worker script did not load or run (blocked by a
      // content security policy…), and the engine runs on the page instead. After: the
      // queries waiting for it fail, not hang.
      worker.onerror = function (event) {
        event.preventDefault();
        resolve(null);
        Object.keys(pending).forEach(function (id) {
          pending[id].reject(new Error('the search worker failed: ' + (event.message || 'unknown error')));
          delete pending[id];
        });
      };
    });
    // The chunked index: its directory now, the chunks a query needs when it needs them.
    var chunks = base + 'izdeu-index/';
    return Promise.all([fetchBytes(base + 'pkg/izdeu_bg.wasm'), fetchBytes(chunks + 'meta.idx'), loadManifest(base, false)])
      .then(function (loaded) {
        worker.postMessage({ type: 'open', glue: base + 'pkg/izdeu.js', wasm: loaded[0], meta: loaded[1], chunks: chunks },
          [loaded[0].buffer, loaded[1].buffer]);
        return opened.then(function (info) {
          if (info === null) { worker.terminate(); return null; }
          try { checkIndex(info, loaded[2] && loaded[2].chunked, 'izdeu-index/'); } catch (error) { worker.terminate(); throw error; }
          // Once the first answer has had a chance to show, the worker may fetch a small
          // index whole: its bytes never delay the first results.
          var prefetchAsked = false;
          function answered(result) {
            if (!prefetchAsked) {
              prefetchAsked = true;
              nextPaint().then(function () { worker.postMessage({ type: 'prefetch' }); });
            }
            return result;
          }
          function call(message) {
            return new Promise(function (resolve, reject) {
              message.id = nextId++;
              pending[message.id] = { resolve: resolve, reject: reject };
              worker.postMessage(message);
            }).then(answered);
          }
          return {
            info: info,
            worker: true,
            query: function (query, options) { return call({ type: 'query', query: query, options: options }); },
            search: function (query, limit) { return call({ type: 'search', query: query, limit: limit }); },
            units: function (path) { return call({ type: 'units', path: path }); }
          };
        });
      });
  }

  var engines = {};
  // One engine per index folder, shared by every widget and window.izdeu.
  function engineFor(base) {
    if (!engines[base]) {
      var fromDisk = new URL(base).protocol === 'file:';
      var useWorker = !fromDisk && !(OFFLINE && base === SCRIPT_BASE) && typeof Worker !== 'undefined';
      engines[base] = (useWorker ? workerEngine(base) : Promise.resolve(null)).then(function (engine) {
        return engine || mainThreadEngine(base, fromDisk);
      }).catch(function (error) { throw errorOf(error); });
    }
    return engines[base];
  }

  function cut(query) { return String(query).slice(0, MAX_QUERY_LENGTH); }

  // The page's API: the index beside izdeu.js (or the first widget's).
  function defaultEngine() {
    var first = document.querySelector('izdeu-search');
    return engineFor(first ? indexBaseOf(first) : SCRIPT_BASE);
  }
  var api = {
    // Resolves to hits {doc, page, kind, start, end, title, url, score, snippet}, best first.
    search: function (query, options) {
      var limit = (options && options.limit) || 10;
      return defaultEngine().then(function (e) { return e.search(cut(query), limit); });
    },
    // Resolves to {hits, total, facets: {langs, docs}}; options {limit, langs, docs}.
    query: function (query, options) {
      return defaultEngine().then(function (e) { return e.query(cut(query), options || {}); });
    },
    engineFor: engineFor
  };
  Object.defineProperty(api, 'ready', {
    enumerable: true,
    get: function () { return defaultEngine().then(function () { return true; }); }
  });
  window.izdeu = api;

  // ---------------------------------------------------------------------------------------
  // The element
  // ---------------------------------------------------------------------------------------

  // Scoped styles: nothing here reaches the page, and the page's rules reach inside only
  // through inheritance, which `all: initial` on the root stops. Themes come in through
  // custom properties, which do cross the shadow boundary.
  var CSS = [
    ':host { display: block; }',
    ':host([hidden]) { display: none; }',
    '.root { all: initial; display: block; box-sizing: border-box;',
    '  --fg: var(--izdeu-fg, #1d232b); --muted: var(--izdeu-muted, #5b6573); --bg: var(--izdeu-bg, #ffffff);',
    '  --accent: var(--izdeu-accent, #0b5cad); --mark: var(--izdeu-mark, #ffe58a); --border: var(--izdeu-border, #c3cad4);',
    '  --active: var(--izdeu-active, rgba(11, 92, 173, .09)); --radius: var(--izdeu-radius, .5em);',
    '  color: var(--fg); font-family: var(--izdeu-font, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif);',
    '  font-size: var(--izdeu-font-size, medium); line-height: 1.5; text-align: start; color-scheme: light; }',
    '@media (prefers-color-scheme: dark) { :host(:not([theme=light])) .root {',
    '  --fg: var(--izdeu-fg, #e6e9ee); --muted: var(--izdeu-muted, #a4adba); --bg: var(--izdeu-bg, #15191f);',
    '  --accent: var(--izdeu-accent, #7ab8ff); --mark: var(--izdeu-mark, #6b5a12); --border: var(--izdeu-border, #4a5462);',
    '  --active: var(--izdeu-active, rgba(122, 184, 255, .14)); color-scheme: dark; } }',
    ':host([theme=dark]) .root { --fg: var(--izdeu-fg, #e6e9ee); --muted: var(--izdeu-muted, #a4adba); --bg: var(--izdeu-bg, #15191f);',
    '  --accent: var(--izdeu-accent, #7ab8ff); --mark: var(--izdeu-mark, #6b5a12); --border: var(--izdeu-border, #4a5462);',
    '  --active: var(--izdeu-active, rgba(122, 184, 255, .14)); color-scheme: dark; }',
    '*, *::before, *::after { box-sizing: border-box; }',
    '[hidden] { display: none !important; }',
    'label.label { display: block; color: var(--muted); font-size: .9em; margin: 0 0 .25em; }',
    '.field { position: relative; }',
    'input { display: block; width: 100%; margin: 0; font: inherit; font-size: 1.05em; line-height: 1.4; color: var(--fg);',
    '  background: var(--bg); border: 1px solid var(--border); border-radius: var(--radius);',
    '  padding: .6em 2.6em .6em .8em; min-height: 2.75em; -webkit-appearance: none; appearance: none; }',
    'input::placeholder { color: var(--muted); opacity: 1; }',
    'input:focus { outline: 3px solid var(--accent); outline-offset: 1px; }',
    'input:disabled { opacity: .7; }',
    'input::-webkit-search-cancel-button { -webkit-appearance: none; }',
    'kbd { position: absolute; right: .6em; top: 50%; transform: translateY(-50%); font: inherit; font-size: .8em;',
    '  color: var(--muted); border: 1px solid var(--border); border-radius: .3em; padding: 0 .45em; pointer-events: none; }',
    'input:focus + kbd { display: none; }',
    '.status { margin: .4em 0; min-height: 1.5em; color: var(--muted); font-size: .9em; }',
    '.status.izdeu-error { color: #b00020; font-weight: 600; }',
    '@media (prefers-color-scheme: dark) { :host(:not([theme=light])) .status.izdeu-error { color: #ff8a80; } }',
    ':host([theme=dark]) .status.izdeu-error { color: #ff8a80; }',
    '.filters { display: flex; flex-wrap: wrap; gap: .4em .9em; align-items: center; margin: .5em 0 0; font-size: .9em; }',
    '.filters .group { display: flex; flex-wrap: wrap; gap: .35em; align-items: center; border: 0; margin: 0; padding: 0;',
    '  min-width: 0; max-width: 100%; }',
    '.filters label.group { flex: 1 1 14em; flex-wrap: nowrap; }',
    '.filters .name { color: var(--muted); margin-right: .15em; }',
    '.chip, .more { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 999px;',
    '  padding: .2em .75em; min-height: 2.2em; cursor: pointer; }',
    '.chip[aria-pressed=true] { background: var(--accent); border-color: var(--accent); color: var(--bg); }',
    '.more { display: block; margin: .6em auto 0; color: var(--accent); }',
    '.chip:focus-visible, .more:focus-visible, select:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }',
    'select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: var(--radius);',
    '  padding: .25em .5em; min-height: 2.2em; flex: 1 1 auto; width: 100%; min-width: 0; max-width: 28em; }',
    '.results { list-style: none; margin: .25em 0 0; padding: 0; }',
    '.results li { display: block; margin: 0; padding: 0; border-bottom: 1px solid var(--border); }',
    '.results a { display: block; padding: .65em .6em; margin: 0; color: var(--fg); text-decoration: none;',
    '  border-radius: var(--radius); outline-offset: -3px; }',
    '.results a:hover .title { text-decoration: underline; }',
    '.results a[aria-selected=true] { background: var(--active); outline: 3px solid var(--accent); }',
    '.title { color: var(--accent); font-weight: 600; overflow-wrap: anywhere; }',
    '.izdeu-page-number { color: var(--muted); font-weight: normal; font-size: .9em; }',
    '.izdeu-snippet { display: block; margin: .2em 0 0; overflow-wrap: anywhere; color: var(--fg); }',
    'mark { background: var(--mark); color: inherit; border-radius: 2px; padding: 0 1px; }',
    '.hint, .same-title .title { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }',
    // A page of the same article as the result above it: its title is read out, not shown.
    '.results a.same-title { padding-inline-start: 1.6em; } .same-title .separator { display: none; }',
    // On a phone a long title (the same on every page of a document) would fill the
    // screen: two lines of it, the page number on a line of its own.
    '@media (max-width: 30em) { .results a { padding: .6em .4em; } .filters { gap: .35em .6em; }',
    '  .title { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; line-clamp: 2; overflow: hidden; }',
    '  .izdeu-page-number { display: block; } .separator { display: none; } }',
    '@media (forced-colors: active) { .results a[aria-selected=true] { outline: 3px solid Highlight; } }'
  ].join('\n');

  class IzdeuSearch extends HTMLElement {}

  // The folder the widget's index is in: its `index` attribute, or izdeu.js's folder.
  function indexBaseOf(element) {
    var index = element.getAttribute('index');
    if (!index) return SCRIPT_BASE;
    var url = new URL(index, document.baseURI);
    if (!/\/$/.test(url.pathname)) url.pathname += '/';
    return url.href;
  }

  Object.defineProperty(IzdeuSearch.prototype, 'indexBase', {
    get: function () { return indexBaseOf(this); }
  });

  IzdeuSearch.prototype.connectedCallback = function () {
    if (this._built) return;
    this._built = true;
    var self = this;
    var t = this._t = STRINGS[uiLanguage(this)];
    this._lang = uiLanguage(this);
    this._seq = 0;
    this._wanted = null;
    this._busy = false;
    this._active = -1;
    this._filters = { langs: [], docs: [] };

    var root = this.shadowRoot || this.attachShadow({ mode: 'open' });
    root.innerHTML = '';
    // A constructed stylesheet where the browser has them: a <style> element is blocked by
    // a strict Content-Security-Policy (style-src without 'unsafe-inline').
    if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
      if (!sharedSheet) {
        sharedSheet = new CSSStyleSheet();
        sharedSheet.replaceSync(CSS);
      }
      root.adoptedStyleSheets = [sharedSheet];
    } else {
      var style = document.createElement('style');
      style.textContent = CSS;
      root.appendChild(style);
    }
    var box = el('div', 'root');
    box.setAttribute('lang', this._lang);
    box.setAttribute('part', 'root');
    root.appendChild(box);

    // Ids stay inside the shadow root, so they are the same in every widget.
    var form = el('form');
    form.id = 'izdeu-form';
    form.setAttribute('role', 'search');
    form.addEventListener('submit', function (event) { event.preventDefault(); });
    var label = el('label', 'label', this.getAttribute('label') || t.label);
    label.htmlFor = 'izdeu-query';
    var field = el('div', 'field');
    var input = this._input = document.createElement('input');
    input.id = 'izdeu-query';
    input.type = 'search';
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', 'izdeu-results');
    input.setAttribute('aria-describedby', 'izdeu-hint');
    input.setAttribute('aria-keyshortcuts', '/ Control+K');
    input.setAttribute('enterkeyhint', 'search');
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.placeholder = this.getAttribute('placeholder') || t.placeholder;
    input.disabled = true;
    var kbd = el('kbd', null, '/');
    kbd.setAttribute('aria-hidden', 'true');
    field.appendChild(input);
    field.appendChild(kbd);
    var hint = el('span', 'hint', t.hint);
    hint.id = 'izdeu-hint';
    form.appendChild(label);
    form.appendChild(field);
    form.appendChild(hint);
    box.appendChild(form);

    var filters = this._filtersBox = el('div', 'filters');
    filters.setAttribute('role', 'group');
    filters.setAttribute('aria-label', t.filters);
    filters.hidden = true;
    box.appendChild(filters);

    var status = this._status = el('p', 'status');
    status.id = 'izdeu-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    status.textContent = t.loading;
    box.appendChild(status);

    var list = this._list = el('ul', 'results');
    list.id = 'izdeu-results';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', t.listbox);
    list.hidden = true;
    box.appendChild(list);

    // Below the results while there are more to show: as many again each time.
    var more = this._more = el('button', 'more', t.more);
    more.type = 'button';
    more.hidden = true;
    more.addEventListener('click', function () { self._schedule(true); });
    box.appendChild(more);

    // offline.html shows a result's document in the widget (izdeu-offline.js).
    this._reader = OFFLINE && this.indexBase === SCRIPT_BASE ? OFFLINE.reader(this, box, el) : null;
    input.addEventListener('input', function () { if (self._reader) self._reader.close(); self._schedule(); });
    input.addEventListener('keydown', function (event) { self._onKey(event); });

    whenPreparing(this.indexBase, function () { if (input.disabled) status.textContent = t.preparing; });
    this._engine = engineFor(this.indexBase);
    this._engine.then(function (engine) {
      self._docs = {};
      engine.info.documents.forEach(function (d) { self._docs[d.path] = d.title; });
      input.disabled = false;
      status.textContent = t.ready(engine.info.documents.length, engine.info.units);
      var param = self._param();
      var initial = param ? new URLSearchParams(location.search).get(param) : null;
      if (initial) { input.value = initial; self._schedule(); }
      if (self.hasAttribute('autofocus')) input.focus();
      if (self._reader) self._reader.open();
    }, function (error) { self._showError(error); });
  };

  // The words a result leads to, to highlight there: each word the snippet marks
  // wherever it stands, alone; a word that says little (of one or two letters, or left
  // unmarked elsewhere in the snippet: the engine marks в, of, the only beside a word that
  // says more) only with the marked words beside it, as one phrase, its words joined by _
  // (which no word holds).
  function wordsToHighlight(snippet) {
    var probe = document.createElement('template');
    probe.innerHTML = snippet;
    var runs = [[]];
    var unmarked = Object.create(null);
    probe.content.childNodes.forEach(function (node) {
      var text = node.textContent;
      if (node.nodeName === 'MARK') {
        runs[runs.length - 1].push(text.replace(/\u00ad/g, '').replace(/-\s+/g, '').replace(/\s+/g, ' ').trim());
      } else if (/\S/.test(text)) {
        (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).forEach(function (word) { unmarked[word] = true; });
        runs.push([]);
      }
    });
    var words = [];
    var add = function (entry) { if (entry && words.indexOf(entry) < 0) words.push(entry); };
    runs.forEach(function (run) {
      var little = run.map(function (word) { return word.length <= 2 || unmarked[word.toLowerCase()] === true; });
      if (run.length > 1 && little.indexOf(true) >= 0) add(run.join('_'));
      run.forEach(function (word, k) { if (!little[k] || run.length === 1) add(word); });
    });
    return words;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  IzdeuSearch.prototype._param = function () {
    var p = this.getAttribute('param');
    return p === null ? 'q' : p;
  };

  IzdeuSearch.prototype.focus = function () { this._input.focus(); };

  IzdeuSearch.prototype._limit = function () {
    var n = parseInt(this.getAttribute('results'), 10);
    return n > 0 ? Math.min(n, MAX_RESULTS) : 10;
  };

  IzdeuSearch.prototype._showError = function (error) {
    var message = errorOf(error).message;
    this._status.textContent = this._t.unavailable + message;
    this._status.className = 'status izdeu-error';
    this._status.setAttribute('role', 'alert');
  };

  // Searches for what the box holds, and with `more` for as many results again as it
  // shows (else as many as the widget shows at first). At most one query is in flight:
  // keystrokes typed meanwhile collapse into one next query, and the answer to an older
  // query is never shown once a newer one was asked.
  IzdeuSearch.prototype._schedule = function (more) {
    var query = this._input.value;
    var param = this._param();
    if (param && location.protocol !== 'file:') {
      var url = new URL(location.href);
      if (query) url.searchParams.set(param, query); else url.searchParams.delete(param);
      history.replaceState(history.state, '', url);
    }
    var shown = this._options().length;
    this._wanted = {
      seq: ++this._seq,
      query: query,
      options: { limit: more ? Math.min(shown + this._limit(), MAX_RESULTS) : this._limit(), langs: this._filters.langs.slice(), docs: this._filters.docs.slice() },
      started: performance.now(),
      more: more ? shown : 0
    };
    // Nothing to search yet: spaces, or the quote that opens a phrase.
    if (!/[\p{L}\p{N}]/u.test(query)) {
      this._wanted = null;
      this._list.removeAttribute('aria-busy');
      this._render(null);
      return;
    }
    // Until the answer to this query is shown, the results are not yet the ones asked for.
    this._list.setAttribute('aria-busy', 'true');
    if (!this._busy) this._pump();
  };

  IzdeuSearch.prototype._pump = function () {
    var self = this;
    var job = this._wanted;
    if (!job) return;
    this._wanted = null;
    this._busy = true;
    this._engine.then(function (engine) {
      return engine.query(cut(job.query), job.options);
    }).then(function (results) {
      self._busy = false;
      if (job.seq === self._seq) {
        self._render(results, job);
        self._list.removeAttribute('aria-busy');
      }
      self._pump();
    }, function (error) {
      self._busy = false;
      self._list.removeAttribute('aria-busy');
      self._showError(error);
    });
  };

  IzdeuSearch.prototype._render = function (results, job) {
    var t = this._t;
    var list = this._list;
    list.textContent = '';
    this._setActive(-1);
    this._status.className = 'status';
    this._status.setAttribute('role', 'status');
    if (!results) {
      this._status.textContent = '';
      list.hidden = true;
      this._more.hidden = true;
      this._filtersBox.hidden = true;
      this._input.setAttribute('aria-expanded', 'false');
      return;
    }
    var self = this;
    results.hits.forEach(function (hit, i) {
      var item = el('li');
      item.setAttribute('role', 'presentation');
      var link = el('a');
      link.id = 'izdeu-option-' + i;
      link.setAttribute('role', 'option');
      link.setAttribute('aria-selected', 'false');
      link.tabIndex = -1;
      var href = self._href(hit);
      if (href !== null) link.href = href;
      var before = results.hits[i - 1];
      if (before && before.doc === hit.doc && before.title === hit.title) link.className = 'same-title';
      link.appendChild(el('span', 'title', hit.title));
      var where = el('span', 'izdeu-page-number');
      where.appendChild(el('span', 'separator', ' · '));
      where.appendChild(document.createTextNode((hit.kind === 'section' ? t.section : t.page) + ' ' + hit.page));
      link.appendChild(where);
      var snippet = el('span', 'izdeu-snippet');
      // The snippet is escaped by the engine; its only markup is <mark>.
      snippet.innerHTML = hit.snippet;
      link.appendChild(snippet);
      item.appendChild(link);
      list.appendChild(item);
    });
    var n = results.hits.length;
    list.hidden = n === 0;
    this._more.hidden = n >= Math.min(results.total, MAX_RESULTS);
    this._input.setAttribute('aria-expanded', n > 0 ? 'true' : 'false');
    // The first of the results asked for with More takes the focus, for the keyboard and
    // for a screen reader to go on from (the rest stay where they were).
    var first = this._options()[job.more];
    if (job.more && first) first.focus();
    this._renderFilters(results.facets);
    // The count is announced (a polite live region); the timing is only shown.
    this._status.textContent = '';
    this._status.appendChild(el('span', null, t.results(results.total)));
    var timing = el('span', null, ' · ' + (performance.now() - job.started).toFixed(1) + ' ms');
    timing.setAttribute('aria-hidden', 'true');
    this._status.appendChild(timing);
  };

  // A result links to its page (relative to the index folder), with the words to
  // highlight there: the snippet's marked words as they stand in the text. Pages this
  // build did not write (a site's own HTML) also get a Text Fragment where the browser
  // supports them.
  IzdeuSearch.prototype._href = function (hit) {
    var base = this.indexBase;
    var target;
    try { target = new URL(hit.url, base); } catch (error) { return null; }
    // An index is data: a crafted one must not turn a result into a javascript: link.
    var protocol = target.protocol;
    if (!(protocol === 'http:' || protocol === 'https:' || protocol === location.protocol)) return null;
    var marks = wordsToHighlight(hit.snippet);
    // offline.html carries no reader pages: it shows the document itself.
    if (this._reader && !/\.html?$/i.test(hit.doc)) return this._reader.link(hit, marks);
    var url = hit.url;
    var hash = '';
    var at = url.indexOf('#');
    if (at >= 0) { hash = url.slice(at); url = url.slice(0, at); }
    if (marks.length) {
      url += (url.indexOf('?') >= 0 ? '&' : '?') + 'izdeu-hl=' + encodeURIComponent(marks.join(' ')).replace(/%20/g, '+');
    }
    if (/\.html?$/i.test(hit.doc) && marks.length && document.fragmentDirective !== undefined) {
      hash = (hash || '#') + ':~:text=' + encodeURIComponent(marks[0].replace(/_/g, ' ')).replace(/-/g, '%2D');
    }
    url += hash;
    // Relative links stay relative when the index is beside the page.
    return base === folderOf(location.href) ? url : new URL(url, base).href;
  };

  IzdeuSearch.prototype._renderFilters = function (facets) {
    var self = this;
    var t = this._t;
    var box = this._filtersBox;
    var hadFocus = box.contains(this.shadowRoot.activeElement) ? this.shadowRoot.activeElement.dataset.key : null;
    box.textContent = '';
    var langs = Object.keys(facets.langs).filter(function (l) { return facets.langs[l] > 0; });
    this._filters.langs.forEach(function (l) { if (langs.indexOf(l) < 0) langs.push(l); });
    var order = ['kk', 'ru', 'en', 'und'];
    langs.sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
    var docs = Object.keys(facets.docs);
    var show = langs.length > 1 || this._filters.langs.length > 0 || docs.length > 1 || this._filters.docs.length > 0;
    box.hidden = !show;
    if (!show) return;

    var group = el('div', 'group');
    group.setAttribute('role', 'group');
    var name = el('span', 'name', t.language);
    name.id = 'izdeu-lang-label';
    group.setAttribute('aria-labelledby', 'izdeu-lang-label');
    group.appendChild(name);
    langs.forEach(function (lang) {
      var on = self._filters.langs.indexOf(lang) >= 0;
      var chip = el('button', 'chip', (t.langs[lang] || lang) + ' (' + (facets.langs[lang] || 0) + ')');
      chip.type = 'button';
      chip.dataset.key = 'lang-' + lang;
      chip.setAttribute('aria-pressed', on ? 'true' : 'false');
      chip.addEventListener('click', function () {
        var list = self._filters.langs;
        var at = list.indexOf(lang);
        if (at >= 0) list.splice(at, 1); else list.push(lang);
        self._schedule();
      });
      group.appendChild(chip);
    });
    box.appendChild(group);

    var label = el('label', 'group');
    label.appendChild(el('span', 'name', t.document));
    var select = el('select');
    select.dataset.key = 'docs';
    var total = docs.reduce(function (sum, d) { return sum + facets.docs[d]; }, 0);
    var all = el('option', null, t.allDocuments + ' (' + total + ')');
    all.value = '';
    select.appendChild(all);
    docs.sort(function (a, b) { return facets.docs[b] - facets.docs[a] || (a < b ? -1 : 1); });
    docs = docs.slice(0, 100);
    this._filters.docs.forEach(function (d) { if (docs.indexOf(d) < 0) docs.push(d); });
    docs.forEach(function (path) {
      var option = el('option', null, (self._docs[path] || path) + ' (' + (facets.docs[path] || 0) + ')');
      option.value = path;
      option.selected = self._filters.docs.indexOf(path) >= 0;
      select.appendChild(option);
    });
    select.addEventListener('change', function () {
      self._filters.docs = select.value ? [select.value] : [];
      self._schedule();
    });
    label.appendChild(select);
    box.appendChild(label);
    if (hadFocus) {
      var again = box.querySelector('[data-key="' + hadFocus + '"]');
      if (again) again.focus();
    }
  };

  IzdeuSearch.prototype._options = function () {
    return this._list.querySelectorAll('[role=option]');
  };

  IzdeuSearch.prototype._setActive = function (index) {
    var options = this._options();
    if (this._active >= 0 && options[this._active]) options[this._active].setAttribute('aria-selected', 'false');
    this._active = index;
    if (index >= 0 && options[index]) {
      options[index].setAttribute('aria-selected', 'true');
      this._input.setAttribute('aria-activedescendant', options[index].id);
      options[index].scrollIntoView({ block: 'nearest' });
    } else {
      this._input.removeAttribute('aria-activedescendant');
    }
  };

  IzdeuSearch.prototype._onKey = function (event) {
    if (event.isComposing) return;
    var options = this._options();
    var n = options.length;
    switch (event.key) {
      case 'ArrowDown':
        if (!n) return;
        this._setActive(this._active + 1 >= n ? 0 : this._active + 1);
        break;
      case 'ArrowUp':
        if (!n) return;
        this._setActive(this._active <= 0 ? n - 1 : this._active - 1);
        break;
      case 'Enter':
        if (this._active >= 0 && options[this._active]) options[this._active].click();
        break;
      case 'Escape':
        if (this._input.value === '' && this._filters.langs.length === 0 && this._filters.docs.length === 0) return;
        this._input.value = '';
        this._filters = { langs: [], docs: [] };
        this._schedule();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  customElements.define('izdeu-search', IzdeuSearch);

  // `/` (outside text fields) or Ctrl+K / ⌘K focuses the first search box on the page.
  document.addEventListener('keydown', function (event) {
    if (event.defaultPrevented || event.isComposing) return;
    var slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey;
    var k = (event.key === 'k' || event.key === 'K') && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
    if (!slash && !k) return;
    var widget = document.querySelector('izdeu-search');
    if (!widget || !widget._input || widget._input.disabled) return;
    if (slash && isEditable(deepActiveElement())) return;
    event.preventDefault();
    widget._input.focus();
    widget._input.select();
  });

  function deepActiveElement() {
    var active = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
    return active;
  }

  function isEditable(node) {
    if (!node) return false;
    if (node.isContentEditable) return true;
    var tag = node.tagName;
    if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
    if (tag !== 'INPUT') return false;
    return !/^(button|checkbox|radio|submit|reset|file|image|color|range)$/i.test(node.type);
  }
})();
