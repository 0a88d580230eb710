// ./build.sh bench: izdeu against MiniSearch, FlexSearch, lunr, Fuse.js and Pagefind, on
// the same units (our corpus' pages) and the same queries (tests/data/dev-queries.jsonl),
// in one headless Chromium session (Debian's chromium, driven by playwright-core), then on
// synthetic corpora of 10 MB and 100 MB made from our text.
//
//   node tests/bench/run.mjs            (after ./build.sh: needs target/release/izdeu and www/pkg)
//
// Writes tests/bench/results.md (printed too), tests/bench/latency.svg and
// target/bench/results.json. Everything it builds goes under target/bench/ (with the
// compressed variants of every file served, kept by content for the next run).
//
// Environment: BENCH_SIZES=1.4,10,100 (which corpora; BENCH_SIZES=1.4 for a quick run),
// BENCH_WHOLE_S=8 and BENCH_KEYS_S=16 (time bounds per engine and corpus for whole queries
// and for keystrokes), BENCH_COLD_S=90 (time bound per corpus for izdeu's queries from a
// cold page, one fresh page each, and for loading the chunks of the whole queries its first
// pass did not reach), BENCH_PEERS_100MB=1 (try the JS peers at 100 MB whatever the 10 MB
// figures say).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { fileSizes, forget, keepCompressedIn, prepare, serve, BROTLI_11_LIMIT, BROTLI_9_LIMIT } from './server.mjs';
import { generate } from './gen-corpus.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const OUT = join(ROOT, 'target/bench');
const NODE_MODULES = join(HERE, 'node_modules');
const IZDEU = join(ROOT, 'target/release/izdeu');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const LIMIT = 10;

const WHOLE_BUDGET_MS = Number(process.env.BENCH_WHOLE_S || 8) * 1000;
const KEYS_BUDGET_MS = Number(process.env.BENCH_KEYS_S || 16) * 1000;
const COLD_BUDGET_MS = Number(process.env.BENCH_COLD_S || 90) * 1000;
const BUILD_TIMEOUT_MS = 240_000;
const LOAD_TIMEOUT_MS = 90_000;
const MEMORY_AFTER = 1000;

const SIZES = [
  { key: '1.4MB', label: '1.4 MB (our corpus)', mb: 1.4, corpus: join(ROOT, 'corpus') },
  { key: '10MB', label: '10 MB (synthetic)', mb: 10, generate: 10 },
  { key: '100MB', label: '100 MB (synthetic)', mb: 100, generate: 100 },
].filter((s) => (process.env.BENCH_SIZES || '1.4,10,100').split(',').map(Number).includes(s.mb));

const ENGINES = ['izdeu', 'minisearch', 'flexsearch', 'lunr', 'fuse', 'pagefind'];
const VERSIONS = {
  izdeu: 'izdeu (this repo)',
  minisearch: `MiniSearch ${pkgVersion('minisearch')}`,
  flexsearch: `FlexSearch ${pkgVersion('flexsearch')}`,
  lunr: `lunr ${pkgVersion('lunr')} + lunr-languages ${pkgVersion('lunr-languages')}`,
  fuse: `Fuse.js ${pkgVersion('fuse.js')}`,
  pagefind: `Pagefind ${pkgVersion('pagefind')}`,
};
const COLORS = { izdeu: '#d62728', minisearch: '#1f77b4', flexsearch: '#2ca02c', lunr: '#9467bd', fuse: '#8c564b', pagefind: '#ff7f0e' };

// Library files each peer page loads (copied next to the page).
const LIBS = {
  minisearch: { 'lib/minisearch.js': 'minisearch/dist/es/index.js' },
  flexsearch: { 'lib/flexsearch.js': 'flexsearch/dist/flexsearch.bundle.module.min.mjs' },
  lunr: {
    'lib/lunr.min.js': 'lunr/lunr.min.js',
    'lib/lunr.stemmer.support.min.js': 'lunr-languages/min/lunr.stemmer.support.min.js',
    'lib/lunr.ru.min.js': 'lunr-languages/min/lunr.ru.min.js',
    'lib/lunr.multi.min.js': 'lunr-languages/min/lunr.multi.min.js',
  },
  fuse: { 'lib/fuse.js': 'fuse.js/dist/fuse.min.mjs' },
  pagefind: {},
};

// What `izdeu build` writes for a corpus (the rest of www/ is the page, copied as it is):
// never copied from www/, so no index of ./build.sh's corpus (nor a stale chunk) mixes in.
const BUILT_BY_IZDEU = /^(izdeu\.idx|izdeu-index\.js|izdeu-wasm\.js|izdeu-manifest\.js|offline\.html|izdeu-index\/.*)$/;

// What the page served over http never loads: the whole index (the fallback when no
// worker can run; the worker reads the chunked index instead), the base64 copies for a
// page opened from disk, and the one-file offline page.
const NOT_LOADED_OVER_HTTP = /^(izdeu\.idx|izdeu-index\.js|izdeu-wasm\.js|offline\.html)$/;
// The chunked index the worker reads: meta.idx (the directory) and every chunk.
const CHUNKED_INDEX_FILE = /^izdeu-index\//;
const IZDEU_WORKER = /\/izdeu-worker\.js$/;
// A chunk's kind, from the first letter of its name (t3-1a2b3c4d.bin, x12.0-1a2b3c4d.bin).
const CHUNK_KINDS = { t: 'dictionary', p: 'postings', x: 'texts' };
const chunkKind = (path) => CHUNK_KINDS[(/\/izdeu-index\/([a-z])\d+(?:\.\d+)?-[0-9a-f]+\.bin$/.exec(path) || [])[1]] || 'other';

const log = (...args) => console.error('[bench]', ...args);

function pkgVersion(name) {
  return JSON.parse(readFileSync(join(NODE_MODULES, name, 'package.json'), 'utf8')).version;
}

// ---------------------------------------------------------------- queries

const QUERIES = readFileSync(join(ROOT, 'tests/data/dev-queries.jsonl'), 'utf8')
  .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).query);
const FIRST_QUERY = QUERIES[0];

function shuffled(list, seed) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = list.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// One order for every engine: an engine stopped by its time bound has measured the same
// leading queries as the others.
const ORDER = shuffled(QUERIES, 7);
const KEYSTROKES = ORDER.flatMap((q) => {
  const chars = [...q];
  return chars.map((_, i) => chars.slice(0, i + 1).join(''));
});

// ---------------------------------------------------------------- processes

/** Runs a command under /usr/bin/time -v (peak memory) in its own process group, with a timeout. */
function runTimed(cmd, args, { cwd = ROOT, timeoutMs = BUILD_TIMEOUT_MS } = {}) {
  return new Promise((done) => {
    const argv = TIME ? [TIME, '-v', cmd, ...args] : [cmd, ...args];
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      done({
        ok: code === 0 && !timedOut, code, timedOut, stdout, stderr,
        wallMs: performance.now() - started, peakRssMb: rss ? Number(rss[1]) / 1024 : null,
      });
    });
  });
}

function lastJsonLine(text) {
  const line = text.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  return line ? JSON.parse(line) : null;
}

// ---------------------------------------------------------------- building the sites

function listFiles(dir, base = dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, base, out);
    else out.push(relative(base, path));
  }
  return out;
}

function peerPage(engine) {
  const classic = engine === 'lunr'
    ? Object.keys(LIBS.lunr).map((f) => `<script src="${f}"></script>\n`).join('') : '';
  return `<!doctype html>
<html lang="kk">
<head>
<meta charset="utf-8">
<title>${VERSIONS[engine]} — izdeu benchmark</title>
<link rel="icon" href="data:,">
</head>
<body>
<main>
<h1>${VERSIONS[engine]}</h1>
<p id="status">Loading…</p>
<ol id="results"></ol>
</main>
${classic}<script type="module" src="engine.js"></script>
</body>
</html>
`;
}

/** What the page needs for search: the files it loads, all index chunks included. */
function neededFiles(engine, dir) {
  if (engine === 'izdeu') {
    // Candidates: less the readable documents and what the http page never loads. What
    // the page needs is then what it requested in the whole session, and every file of
    // the chunked index, fetched yet or not (see measure()).
    return listFiles(dir).filter((f) => !f.startsWith('docs/') && !NOT_LOADED_OVER_HTTP.test(f));
  }
  const files = listFiles(dir).filter((f) => !f.startsWith('units/'));
  if (engine !== 'pagefind') return files;
  // Pagefind's bundle, less its UI kits, the highlighter and the unused "unknown" language.
  return files.filter((f) => !/pagefind\/(pagefind-(ui|modular-ui|component-ui|highlight)\.|wasm\.unknown\.|playground\/)/.test(f));
}

function sizesOf(dir, files) {
  const total = { raw: 0, gzip: 0, br: 0, files: 0, brMinQuality: 11 };
  for (const f of files) {
    const s = fileSizes(join(dir, f));
    total.raw += s.raw;
    total.gzip += s.gzip;
    total.br += s.br;
    total.files += 1;
    if (s.brQuality != null) total.brMinQuality = Math.min(total.brMinQuality, s.brQuality);
  }
  return total;
}

async function buildSite(size, corpus, site, notes, previous) {
  const results = {};
  rmSync(site, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });

  // izdeu: the committed page and the wasm from www/, the index built here.
  const izdir = join(site, 'izdeu');
  mkdirSync(join(izdir, 'pkg'), { recursive: true });
  for (const f of listFiles(join(ROOT, 'www'))) {
    if (f.startsWith('docs/') || BUILT_BY_IZDEU.test(f)) continue;
    cpSync(join(ROOT, 'www', f), join(izdir, f));
  }
  log(`${size.key}: izdeu build`);
  const iz = await runTimed(IZDEU, ['build', corpus, '--out', izdir]);
  const unitsLine = /indexed (\d+) documents, (\d+) units, (\d+) distinct terms/.exec(iz.stdout + iz.stderr);
  results.izdeu = iz.ok
    ? { ok: true, buildS: iz.wallMs / 1000, peakRssMb: iz.peakRssMb, units: unitsLine ? Number(unitsLine[2]) : null, documents: unitsLine ? Number(unitsLine[1]) : null, terms: unitsLine ? Number(unitsLine[3]) : null }
    : { ok: false, why: iz.timedOut ? `build exceeded ${BUILD_TIMEOUT_MS / 1000} s` : `build failed: ${iz.stderr.slice(-300)}` };

  for (const engine of ENGINES.slice(1)) {
    const skip = skipReason(engine, size, previous);
    if (skip) { results[engine] = { ok: false, why: skip }; continue; }
    const dir = join(site, engine);
    mkdirSync(join(dir, 'lib'), { recursive: true });
    for (const f of ['common.js', 'settings.js']) cpSync(join(HERE, 'pages', f), join(dir, f));
    cpSync(join(HERE, 'pages', `${engine}.js`), join(dir, 'engine.js'));
    for (const [to, from] of Object.entries(LIBS[engine])) cpSync(join(NODE_MODULES, from), join(dir, to));
    writeFileSync(join(dir, 'index.html'), peerPage(engine));
    log(`${size.key}: ${engine} build`);
    if (engine === 'pagefind') {
      const html = await runTimed(process.execPath, [join(HERE, 'build-peers.mjs'), 'pagefind-html', corpus, dir]);
      if (!html.ok) { results[engine] = { ok: false, why: `writing HTML pages failed: ${html.stderr.slice(-300)}` }; continue; }
      const pf = await runTimed(join(NODE_MODULES, '.bin/pagefind'),
        ['--site', dir, '--force-language', 'ru', '--glob', 'units/**/*.html', '--quiet']);
      results[engine] = pf.ok
        ? { ok: true, buildS: pf.wallMs / 1000, peakRssMb: pf.peakRssMb, units: lastJsonLine(html.stdout).units }
        : { ok: false, why: pf.timedOut ? `pagefind exceeded ${BUILD_TIMEOUT_MS / 1000} s` : `pagefind failed: ${(pf.stdout + pf.stderr).slice(-300)}` };
      if (pf.ok) rmSync(join(dir, 'lib'), { recursive: true, force: true });
    } else {
      const run = await runTimed(process.execPath, ['--max-old-space-size=12288', join(HERE, 'build-peers.mjs'), engine, corpus, dir]);
      const out = run.ok ? lastJsonLine(run.stdout) : null;
      results[engine] = out
        ? { ok: true, buildS: out.buildMs / 1000, peakRssMb: run.peakRssMb, units: out.units }
        : { ok: false, why: run.timedOut ? `index build exceeded ${BUILD_TIMEOUT_MS / 1000} s` : `index build failed: ${run.stderr.slice(-300)}` };
    }
  }
  const unitCounts = new Set(Object.values(results).filter((r) => r.ok && r.units != null).map((r) => r.units));
  if (unitCounts.size > 1) notes.push(`${size.label}: unit counts differ between izdeu and the JS splitter: ${[...unitCounts].join(', ')}.`);
  return results;
}

/**
 * At 100 MB the JS peers are tried only when their 10 MB figures say it ends in time:
 * index build and first results each under 3 s at 10 MB, under 15 MB to load, and no
 * query cut by the time bound (all of it about ×10 at 100 MB).
 */
function skipReason(engine, size, previous) {
  if (size.mb < 100 || process.env.BENCH_PEERS_100MB === '1' || engine === 'pagefind') return null;
  const at10 = previous && previous['10MB'] && previous['10MB'][engine];
  if (!at10) return 'not tried: no 10 MB figures to go by (run with BENCH_SIZES including 10)';
  if (!at10.ok) return `not tried: it did not complete at 10 MB (${at10.why})`;
  const reasons = [];
  if (at10.buildS > 3) reasons.push(`index build ${at10.buildS.toFixed(1)} s`);
  if (at10.firstMs > 3000) reasons.push(`first results ${(at10.firstMs / 1000).toFixed(1)} s`);
  if (at10.need && at10.need.raw > 15e6) reasons.push(`${mb(at10.need.raw)} to load`);
  if (at10.whole && at10.whole.truncated) reasons.push('whole queries cut by the time bound');
  if (!reasons.length) return null;
  return `not tried (the bench's time bound): at 10 MB ${reasons.join(', ')}; ~10× that at 100 MB`;
}

// ---------------------------------------------------------------- measuring in the browser

const INIT_SCRIPT = () => {
  // First results: the first item put into a result list (<ol> or <ul>, in the document or
  // in a shadow root, as a web component renders), in ms since navigation start.
  const isList = (node) => node && (node.nodeName === 'OL' || node.nodeName === 'UL');
  const observer = new MutationObserver((records) => {
    if (window.__firstResultsAt) return;
    for (const r of records) {
      for (const node of r.addedNodes) {
        if ((node.nodeName === 'LI' && isList(node.parentNode)) ||
            (isList(node) && node.querySelector && node.querySelector('li'))) {
          window.__firstResultsAt = performance.now();
          observer.disconnect();
          return;
        }
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (...args) {
    const root = attachShadow.apply(this, args);
    if (!window.__firstResultsAt) observer.observe(root, { childList: true, subtree: true });
    return root;
  };
  performance.setResourceTimingBufferSize(100000);
  // Every wasm memory instantiated in the page.
  window.__wasmMemories = [];
  const note = (result) => {
    const instance = result && (result.instance || result);
    if (instance && instance.exports) {
      for (const value of Object.values(instance.exports)) {
        if (value instanceof WebAssembly.Memory) window.__wasmMemories.push(value);
      }
    }
    return result;
  };
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) { return instantiate.apply(this, args).then(note); };
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) WebAssembly.instantiateStreaming = function (...args) { return streaming.apply(this, args).then(note); };
};

/** Runs `queries` in the page one after another; each time covers search + snippets of the top 10. */
function timeQueries(page, queries, budgetMs) {
  return page.evaluate(async ({ queries, budgetMs, limit }) => {
    const api = window.bench || window.izdeu;
    const times = [];
    const started = performance.now();
    let hits = 0;
    for (const q of queries) {
      const t0 = performance.now();
      const found = await api.search(q, { limit });
      const t1 = performance.now();
      times.push(t1 - t0);
      hits += found.length;
      if (t1 - started > budgetMs) break;
    }
    return { times, hits };
  }, { queries, budgetMs, limit: LIMIT });
}

async function memory(page, context) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const measured = await page.evaluate(async () => {
    let total = null;
    try {
      if (performance.measureUserAgentSpecificMemory) total = (await performance.measureUserAgentSpecificMemory()).bytes;
    } catch { /* not available */ }
    const wasm = (window.__wasmMemories || []).reduce((s, m) => s + m.buffer.byteLength, 0);
    return { total, wasm };
  });
  // wasm in workers (Pagefind searches in one): its wasm-bindgen module is a global there.
  let workerWasm = 0;
  for (const worker of page.workers()) {
    workerWasm += await worker.evaluate(async () => {
      try { return typeof wasm_bindgen === 'function' ? (await wasm_bindgen()).memory.buffer.byteLength : 0; } catch { return 0; }
    }).catch(() => 0);
  }
  return {
    jsMb: (measured.total != null ? measured.total : heap.usedSize) / 1048576,
    jsMainHeapMb: heap.usedSize / 1048576,
    wasmMb: (measured.wasm + workerWasm) / 1048576,
  };
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function stats(times, total) {
  const sorted = times.slice().sort((a, b) => a - b);
  return { n: times.length, of: total, truncated: times.length < total, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] };
}

/** Files (relative to the site) that the page and its workers had received by `until` (page ms). */
async function received(page, until) {
  const timeline = () => ({
    origin: performance.timeOrigin,
    entries: [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .map((e) => [new URL(e.name).pathname, e.responseEnd, new URL(e.name).protocol]),
  });
  const timelines = [await page.evaluate(timeline)];
  for (const worker of page.workers()) timelines.push(await worker.evaluate(timeline).catch(() => ({ origin: 0, entries: [] })));
  const limit = timelines[0].origin + until;
  const files = new Set();
  for (const t of timelines) {
    for (const [path, end, protocol] of t.entries) {
      if (protocol.startsWith('http') && end > 0 && t.origin + end <= limit) files.add(decodeURIComponent(path).replace(/^\//, ''));
    }
  }
  return [...files];
}

async function measure(browser, server, site, engine, result) {
  const base = server.url;
  const dir = join(site, engine);
  const need = neededFiles(engine, dir);
  const compressing = performance.now();
  await prepare(need.map((f) => join(dir, f))); // the compressed variants, before timing anything
  log(`  compressed ${need.length} files in ${((performance.now() - compressing) / 1000).toFixed(0)} s`);
  result.need = sizesOf(dir, need);
  const context = await browser.newContext();
  await context.addInitScript(INIT_SCRIPT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  // A worker's timeline keeps 250 entries by default: izdeu's fetches one per chunk.
  page.on('worker', (w) => { w.evaluate(() => performance.setResourceTimingBufferSize(100000)).catch(() => {}); });
  // The server's log too: a worker's requests may be missing from the page's timelines.
  const logFrom = server.log.length;
  const navigatedAt = performance.now();
  const served = (until) => server.log.slice(logFrom)
    .filter((l) => l.status === 200 && l.at <= navigatedAt + until).map((l) => relative(site, l.file));
  try {
    await page.goto(`${base}${engine}/index.html?q=${encodeURIComponent(FIRST_QUERY)}`, { timeout: LOAD_TIMEOUT_MS });
    await page.waitForFunction(() => window.__firstResultsAt, null, { timeout: LOAD_TIMEOUT_MS, polling: 50 });
    result.firstMs = await page.evaluate(() => window.__firstResultsAt);
    // Files received by then, by the page and by its workers (Pagefind fetches in one).
    const firstFiles = [...new Set([...await received(page, result.firstMs), ...served(result.firstMs)])];
    result.firstFiles = firstFiles;
    result.first = sizesOf(site, firstFiles);
    await page.evaluate(() => (window.bench || window.izdeu).ready);

    const whole = await timeQueries(page, ORDER, WHOLE_BUDGET_MS);
    result.whole = stats(whole.times, ORDER.length);
    let done = whole.times.length;
    const keyTimes = [];
    const keysStarted = performance.now();
    let next = 0;
    // Keystrokes until MEMORY_AFTER queries in all, memory, then the rest of the keystrokes.
    while (next < KEYSTROKES.length) {
      const left = KEYS_BUDGET_MS - (performance.now() - keysStarted);
      if (left <= 0) break;
      const take = !result.memory && done < MEMORY_AFTER ? MEMORY_AFTER - done : KEYSTROKES.length - next;
      const batch = await timeQueries(page, KEYSTROKES.slice(next, next + take), left);
      keyTimes.push(...batch.times);
      next += batch.times.length;
      done += batch.times.length;
      if (!result.memory && done >= MEMORY_AFTER) result.memory = { ...(await memory(page, context)), after: done };
      if (batch.times.length < take) break; // stopped by the time bound
    }
    if (!result.memory) result.memory = { ...(await memory(page, context)), after: done };
    result.keys = stats(keyTimes, KEYSTROKES.length);
    if (engine === 'izdeu') {
      // The whole queries again, now that the first pass (and the keystrokes) fetched their
      // chunks: the time of a query that reads nothing from the network. Those the first
      // pass did not reach (time bound) are run once untimed before, so all are measured.
      const loading = await timeQueries(page, ORDER.slice(result.whole.n), COLD_BUDGET_MS);
      const again = ORDER.slice(0, result.whole.n + loading.times.length);
      const againFrom = server.log.length;
      const cached = await timeQueries(page, again, WHOLE_BUDGET_MS);
      result.wholeCached = stats(cached.times, ORDER.length);
      // Should be nothing; the report says so when it is not.
      result.wholeCached.fetched = transferred(server.log.slice(againFrom));
      // Everything requested in the session, and every chunk even if not fetched yet.
      const all = new Set([...await received(page, Infinity), ...served(Infinity)]);
      for (const f of need) if (CHUNKED_INDEX_FILE.test(f)) all.add(`${engine}/${f}`);
      result.need = sizesOf(site, [...all]);
      result.needFiles = [...all];
      result.loadedOverHttpButNotExpected = result.needFiles.filter((f) => NOT_LOADED_OVER_HTTP.test(f.slice(engine.length + 1)));
    }
    result.firstHitsOk = true;
  } catch (error) {
    result.ok = false;
    result.why = `in the page: ${String(error.message || error).split('\n')[0]}${errors.length ? ' — ' + errors[0] : ''}`;
  } finally {
    if (errors.length && result.ok) result.pageErrors = errors.slice(0, 3);
    await context.close();
  }
}

/** Body bytes (as served: brotli) and files of some server log entries. */
function transferred(entries) {
  const ok = entries.filter((l) => l.status === 200);
  return {
    bytes: ok.reduce((sum, l) => sum + l.bytes, 0), files: ok.length,
    failed: entries.filter((l) => l.status !== 200).map((l) => l.path),
  };
}

/** The worker running izdeu's engine in `page`, once the page's engine is ready. */
function izdeuWorker(page) {
  const worker = page.workers().find((w) => IZDEU_WORKER.test(w.url()));
  if (!worker) throw new Error('no izdeu-worker.js in the page: the engine did not run in a worker');
  return worker;
}

/**
 * izdeu only: what one whole query transfers from a cold page. Each query gets a fresh
 * page in a fresh context (empty cache), opened without a query and waited on until its
 * engine is ready (page, wasm and meta.idx loaded); then the worker's background prefetch
 * of a small index is switched off, so the server's responses during the query are the
 * chunks that query needs, and no more. Queries in the shared shuffled order, until
 * COLD_BUDGET_MS.
 */
async function measureCold(browser, server, result) {
  const perQuery = [];
  const started = performance.now();
  for (const query of ORDER) {
    if (performance.now() - started > COLD_BUDGET_MS) break;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}izdeu/index.html`, { timeout: LOAD_TIMEOUT_MS });
      await page.evaluate(() => window.izdeu.ready);
      // The worker's own switch (a global of izdeu-worker.js): no index is small enough.
      const prefetchBytes = await izdeuWorker(page).evaluate(() => {
        if (typeof PREFETCH_BYTES !== 'number') return null;
        const was = PREFETCH_BYTES;
        PREFETCH_BYTES = 0;
        return was;
      });
      if (prefetchBytes == null) throw new Error('izdeu-worker.js has no PREFETCH_BYTES to switch its prefetch off');
      result.prefetchBytes = prefetchBytes;
      const from = server.log.length;
      const ms = await page.evaluate(async ({ query, limit }) => {
        const t0 = performance.now();
        await window.izdeu.search(query, { limit });
        return performance.now() - t0;
      }, { query, limit: LIMIT });
      const entries = server.log.slice(from);
      const byKind = {};
      for (const l of entries) byKind[chunkKind(l.path)] = (byKind[chunkKind(l.path)] || 0) + l.bytes;
      perQuery.push({
        query, ms, ...transferred(entries), byKind,
        notChunks: entries.filter((l) => !/^\/izdeu\/izdeu-index\//.test(l.path)).map((l) => l.path),
      });
    } finally {
      await context.close();
    }
  }
  const bytes = perQuery.map((q) => q.bytes).sort((a, b) => a - b);
  const files = perQuery.map((q) => q.files).sort((a, b) => a - b);
  const most = perQuery.reduce((a, b) => (b.bytes > a.bytes ? b : a), perQuery[0]);
  result.cold = {
    n: perQuery.length, of: ORDER.length, truncated: perQuery.length < ORDER.length,
    bytesP50: percentile(bytes, 0.5), bytesMax: bytes[bytes.length - 1],
    filesP50: percentile(files, 0.5), filesMax: files[files.length - 1],
    msP50: percentile(perQuery.map((q) => q.ms).sort((a, b) => a - b), 0.5),
    kindP50: Object.fromEntries(Object.values(CHUNK_KINDS).map((kind) =>
      [kind, percentile(perQuery.map((q) => q.byKind[kind] || 0).sort((a, b) => a - b), 0.5)])),
    most: { query: most.query, bytes: most.bytes, files: most.files },
    failed: perQuery.flatMap((q) => q.failed),
    notChunks: [...new Set(perQuery.flatMap((q) => q.notChunks))],
    perQuery,
  };
}

// ---------------------------------------------------------------- report

const mb = (bytes) => bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(0)} KB`;
const ms = (v) => v == null ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
const ratio = (v, base) => (v == null || !base) ? '' : ` (×${(v / base) >= 10 ? (v / base).toFixed(0) : (v / base).toFixed(1)})`;
const times = (v, base) => (v == null || !base) ? '–' : `×${(v / base) >= 10 ? (v / base).toFixed(0) : (v / base).toFixed(1)}`;
const pair = (s, base, engine) => `${ms(s.p50)} / ${ms(s.p99)} ms` +
  (engine === 'izdeu' || !base ? '' : ` <br>${times(s.p50, base.p50)} / ${times(s.p99, base.p99)}`);
const bytes3 = (s) => `${mb(s.raw)} / ${mb(s.gzip)} / ${mb(s.br)}${s.brMinQuality < 11 ? `<sup>q${s.brMinQuality}</sup>` : ''}`;

function sizeSection(size, info, results) {
  const iz = results.izdeu && results.izdeu.ok ? results.izdeu : null;
  const lines = [];
  lines.push(`### ${size.label}: ${info}`, '');
  lines.push('| engine | to first results (raw / gzip / br) | all it needs for search (raw / gzip / br) | navigation → first results | whole query p50 / p99 | keystroke p50 / p99 | memory after 1,000 queries: JS / wasm | index build (peak RSS) |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const engine of ENGINES) {
    const r = results[engine];
    if (!r) continue;
    if (!r.ok) {
      lines.push(`| ${VERSIONS[engine]} | ${r.why} ||||||${r.buildS != null ? ` ${r.buildS.toFixed(1)} s` : ''} |`);
      continue;
    }
    const cut = (s) => s.truncated ? ` <br>*${s.n} of ${s.of} (time bound)*` : '';
    const mem = r.memory ? `${r.memory.jsMb.toFixed(1)} / ${r.memory.wasmMb.toFixed(1)} MB${r.memory.after < MEMORY_AFTER ? ` <br>*after ${r.memory.after}*` : ''}` : '–';
    lines.push(`| ${VERSIONS[engine]} | ${bytes3(r.first)} | ${bytes3(r.need)}${r.need.files > 12 ? ` <br>*${r.need.files} files*` : ''} | ${ms(r.firstMs)} ms${engine === 'izdeu' ? '' : ratio(r.firstMs, iz && iz.firstMs)} | ` +
      `${pair(r.whole, iz && iz.whole, engine)}${cut(r.whole)} | ` +
      `${pair(r.keys, iz && iz.keys, engine)}${cut(r.keys)} | ` +
      `${mem} | ${r.buildS.toFixed(2)} s${r.peakRssMb ? ` (${r.peakRssMb.toFixed(0)} MB)` : ''}${engine === 'izdeu' ? '' : ratio(r.buildS, iz && iz.buildS)} |`);
  }
  lines.push('');
  if (iz) lines.push(izdeuQueryNote(iz), '');
  return lines.join('\n');
}

/** The line under a table: izdeu's bytes per query from a cold page, and its cached pass. */
function izdeuQueryNote(iz) {
  const sentences = [];
  const c = iz.cold;
  if (c && c.n) {
    const sample = c.truncated ? `the first ${c.n} of ${c.of} queries (time bound)` : `${c.n} queries`;
    let text = `izdeu, per whole query from a cold page: **${mb(c.bytesP50)} p50, ${mb(c.bytesMax)} max** transferred ` +
      `(brotli, as served; ${c.filesP50} / ${c.filesMax} files; p50 by kind: ${Object.entries(c.kindP50).map(([k, b]) => `${k} ${mb(b)}`).join(', ')}; ` +
      `${ms(c.msP50)} ms p50 for such a query; ${sample}; most: «${c.most.query}»)`;
    if (c.failed.length) text += `; ${c.failed.length} failed requests (${c.failed.slice(0, 3).join(', ')})`;
    if (c.notChunks.length) text += `; besides chunks: ${c.notChunks.slice(0, 3).join(', ')}`;
    sentences.push(text);
  } else {
    sentences.push(`izdeu, per whole query from a cold page: not measured (${iz.coldWhy || 'no query ran'})`);
  }
  const w = iz.wholeCached;
  if (w && w.n) {
    let text = `Once its chunks are cached (the whole queries again, same page): **${ms(w.p50)} / ${ms(w.p99)} ms** p50 / p99` +
      (w.truncated ? ` (${w.n} of ${w.of}, time bound)` : '');
    if (w.fetched.files) text += `, yet it fetched ${mb(w.fetched.bytes)} in ${w.fetched.files} files`;
    sentences.push(text);
  }
  if (iz.loadedOverHttpButNotExpected && iz.loadedOverHttpButNotExpected.length) {
    sentences.push(`The page loaded ${iz.loadedOverHttpButNotExpected.join(', ')}, which it should not need over http`);
  }
  return sentences.map((t) => `${t}.`).join(' ');
}

function svgPlot(all) {
  const W = 760, H = 460, L = 70, R = 190, T = 40, B = 60;
  const points = [];
  for (const size of SIZES) {
    for (const engine of ENGINES) {
      const r = all[size.key] && all[size.key].results[engine];
      if (r && r.ok && r.keys && r.keys.n) points.push({ engine, mb: size.mb, p50: r.keys.p50, p99: r.keys.p99 });
    }
  }
  const values = points.flatMap((p) => [p.p50, p.p99]).filter((v) => v > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...values, 0.1))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...values, 1))));
  const xs = [1.4, 10, 100];
  const x = (v) => L + (Math.log10(v) - Math.log10(1)) / (Math.log10(200) - Math.log10(1)) * (W - L - R);
  const y = (v) => T + (1 - (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (H - T - B);
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${L}" y="22" font-size="14" font-weight="bold">Latency per keystroke (search + snippets of the top 10) vs corpus size</text>`);
  for (let v = lo; v <= hi * 1.001; v *= 10) {
    out.push(`<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v >= 1 ? v : v.toPrecision(1)} ms</text>`);
  }
  for (const v of xs) {
    out.push(`<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${T}" y2="${H - B}" stroke="#ddd"/>`);
    out.push(`<text x="${x(v).toFixed(1)}" y="${H - B + 18}" text-anchor="middle">${v} MB</text>`);
  }
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 15}" text-anchor="middle">corpus size (log scale)</text>`);
  out.push(`<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#333"/><line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#333"/>`);
  let legend = T + 10;
  for (const engine of ENGINES) {
    const mine = points.filter((p) => p.engine === engine).sort((a, b) => a.mb - b.mb);
    if (!mine.length) continue;
    for (const [key, dash] of [['p50', ''], ['p99', ' stroke-dasharray="5,4"']]) {
      const d = mine.map((p, i) => `${i ? 'L' : 'M'}${x(p.mb).toFixed(1)},${y(Math.max(p[key], lo)).toFixed(1)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${COLORS[engine]}" stroke-width="2"${dash}/>`);
      for (const p of mine) out.push(`<circle cx="${x(p.mb).toFixed(1)}" cy="${y(Math.max(p[key], lo)).toFixed(1)}" r="${key === 'p50' ? 3.5 : 2.5}" fill="${COLORS[engine]}"/>`);
    }
    out.push(`<line x1="${W - R + 15}" x2="${W - R + 40}" y1="${legend}" y2="${legend}" stroke="${COLORS[engine]}" stroke-width="2"/>`);
    out.push(`<text x="${W - R + 46}" y="${legend + 4}">${VERSIONS[engine].replace(/ \+ .*/, ' + langs').replace(' (this repo)', '')}</text>`);
    legend += 20;
  }
  out.push(`<line x1="${W - R + 15}" x2="${W - R + 40}" y1="${legend + 10}" y2="${legend + 10}" stroke="#555" stroke-width="2"/><text x="${W - R + 46}" y="${legend + 14}">p50</text>`);
  out.push(`<line x1="${W - R + 15}" x2="${W - R + 40}" y1="${legend + 30}" y2="${legend + 30}" stroke="#555" stroke-width="2" stroke-dasharray="5,4"/><text x="${W - R + 46}" y="${legend + 34}">p99</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- main

async function main() {
  const started = performance.now();
  if (!existsSync(IZDEU) || !existsSync(join(ROOT, 'www/pkg/izdeu_bg.wasm'))) {
    throw new Error('run ./build.sh first: target/release/izdeu and www/pkg/ are missing');
  }
  mkdirSync(OUT, { recursive: true });
  keepCompressedIn(join(OUT, 'compressed'));
  const notes = [];
  const all = {};
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--enable-blink-features=ForceEagerMeasureMemory'],
  });
  const chromiumVersion = browser.version();
  const previous = {};
  try {
    for (const size of SIZES) {
      let corpus = size.corpus;
      let info;
      if (size.generate) {
        corpus = join(OUT, `corpus-${size.key}`);
        log(`${size.key}: generating the corpus`);
        const g = generate(join(ROOT, 'corpus'), corpus, size.generate);
        info = `${g.documents} documents, ${g.pages} pages, ${g.words.toLocaleString('en')} words, ${g.distinctWords.toLocaleString('en')} distinct`;
      }
      const site = join(OUT, `site-${size.key}`);
      const results = await buildSite(size, corpus, site, notes, previous);
      if (!info) info = `${results.izdeu.documents} documents, ${results.izdeu.units} pages`;
      else info += `; izdeu: ${results.izdeu.units} units, ${results.izdeu.terms?.toLocaleString('en')} terms`;
      const server = await serve(site);
      try {
        for (const engine of ENGINES) {
          const r = results[engine];
          if (!r.ok) continue;
          log(`${size.key}: ${engine} in the browser`);
          await measure(browser, server, site, engine, r);
          if (!r.ok && /net::|Target closed|has been closed|crashed/.test(r.why)) {
            log(`${size.key}: ${engine} again after: ${r.why}`);
            r.ok = true;
            delete r.why;
            await measure(browser, server, site, engine, r);
          }
          if (r.ok) log(`  first results ${ms(r.firstMs)} ms; keystroke p50 ${ms(r.keys.p50)} p99 ${ms(r.keys.p99)} ms (${r.keys.n}/${r.keys.of})`);
          else log(`  ${r.why}`);
          if (engine === 'izdeu' && r.ok) {
            log(`${size.key}: izdeu, each query from a cold page`);
            try {
              await measureCold(browser, server, r);
              log(`  per query p50 ${mb(r.cold.bytesP50)}, max ${mb(r.cold.bytesMax)} (${r.cold.n}/${r.cold.of}); cached whole p50 ${ms(r.wholeCached.p50)} p99 ${ms(r.wholeCached.p99)} ms`);
            } catch (error) {
              r.coldWhy = String(error.message || error).split('\n')[0];
              log(`  ${r.coldWhy}`);
            }
          }
        }
      } finally {
        await server.close();
        forget(site);
      }
      previous[size.key] = results;
      all[size.key] = { info, results };
    }
  } finally {
    await browser.close();
  }

  const minutes = (performance.now() - started) / 60000;
  const md = [];
  md.push('# izdeu benchmark', '');
  md.push(`\`./build.sh bench\` (tests/bench/run.mjs), one headless Chromium ${chromiumVersion} session, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ran ${minutes.toFixed(1)} min. ` +
    `Units: the pages of each corpus as izdeu splits them. Queries: the ${QUERIES.length} of tests/data/dev-queries.jsonl, whole (${QUERIES.length}) and typed one keystroke at a time (${KEYSTROKES.length} prefixes). ` +
    'Times are from this run only: compare engines by the ratios to izdeu (×), not across machines.', '');
  for (const size of SIZES) if (all[size.key]) md.push(sizeSection(size, all[size.key].info, all[size.key].results));
  md.push('![latency per keystroke vs corpus size](latency.svg)', '');
  md.push('## What the columns mean', '');
  md.push(`- **to first results**: the bytes of every file the page and its workers had received when its first results showed (page opened at \`?q=${FIRST_QUERY}\`; for izdeu, meta.idx and the chunks that query fetched), as stored (raw), gzip -9 and brotli 11 (node's zlib; brotli 11 runs at ~0.3 MB/s, so files over ${BROTLI_11_LIMIT >> 20} MiB get brotli 9 and over ${BROTLI_9_LIMIT >> 20} MiB brotli 7, marked q9 / q7: ~10% / ~20% larger than brotli 11). The server sends brotli, as the browser asks.`);
  md.push('- **all it needs for search**: every file the page may load to search the whole corpus: the page and its scripts, the engine, the index (for izdeu meta.idx and every chunk in izdeu-index/, not izdeu.idx, which the page served over http does not load, nor what only a page opened from disk loads; all of Pagefind\'s chunks and fragments, its UI kits left out). Pagefind\'s index files are gzip-compressed by Pagefind and served as they are, so their three sizes are one.');
  md.push('- **navigation → first results**: from the start of navigation to the first result in the list (MutationObserver), over loopback, in a fresh browser context (empty cache). Files named by their content\'s hash (izdeu\'s chunks, Pagefind\'s index files) are served cacheable (`immutable`), the rest `no-store`.');
  md.push(`- **whole query / keystroke p50 / p99**: one \`search(query, {limit: ${LIMIT}})\` in the page, awaited, including the snippets (<mark>ed) of the ${LIMIT} results shown: izdeu's \`window.izdeu.search\`; for each peer the same call on its page (search, then a snippet per shown result). Keystrokes: every prefix of every query, typed one after another. performance.now() in a cross-origin-isolated page (5 µs resolution). An engine that reaches the time bound (${WHOLE_BUDGET_MS / 1000} s whole, ${KEYS_BUDGET_MS / 1000} s keystrokes) is measured on the first queries of one shuffled order shared by all.`);
  md.push(`- **izdeu per whole query from a cold page** (the line under each table): the bytes the server sent (brotli, as served, bodies only) while one whole query ran on a page that had loaded nothing of the index but its directory (and the time of that query): each query on a fresh page in a fresh context, opened without a query and waited on until its engine was ready, with the worker's background prefetch of a small index switched off; p50 and max over the queries, in the shared shuffled order until ${COLD_BUDGET_MS / 1000} s per corpus. Target at 100 MB: ≤ 300 KB per query.`);
  md.push(`- **izdeu once its chunks are cached**: the whole queries run again on the same page, after the keystrokes (those the first pass did not reach, by its time bound, are run once untimed just before), timed as above; nothing is left to fetch (the line says so if anything was). Target at 100 MB: ≤ 30 ms p99. The whole query and keystroke columns are the first pass, fetching included: what typing feels like (with an index small enough to prefetch, the first whole queries also wait behind that prefetch).`);
  md.push(`- **memory after 1,000 queries**: after ${MEMORY_AFTER} queries (whole, then keystrokes) and a forced GC: JS = performance.measureUserAgentSpecificMemory() (JS heaps of the page and its workers, DOM); wasm = the linear memory of every wasm instance (the page's and its workers': izdeu and Pagefind search in one).`);
  md.push('- **index build**: wall time of making the index from the corpus: `izdeu build` (it also writes docs/ and the base64 copy for file://) and the `pagefind` CLI over one HTML page per unit; for MiniSearch, FlexSearch, lunr and Fuse.js the time in node from the units in memory to the serialized index written (their documented way to ship a prebuilt index). Peak RSS from /usr/bin/time.');
  md.push('');
  md.push('## Setups', '');
  const prefetchBytes = Object.values(all).map((a) => a.results.izdeu && a.results.izdeu.prefetchBytes).find((b) => b != null);
  md.push('- izdeu: the page and wasm as `./build.sh` leaves them in www/ (index.html and its scripts), the index built for each corpus with `izdeu build`; `window.izdeu.search`. ' +
    'Over http the engine runs in a Web Worker that loads the chunked index\'s directory (izdeu-index/meta.idx) at start and, per query, only the chunks it needs (dictionary shards, postings, texts of the shown results)' +
    (prefetchBytes != null ? `; after the first results, an index whose chunks total ≤ ${(prefetchBytes / 1048576).toFixed(0)} MiB is fetched whole in the background.` : '.'));
  md.push('- MiniSearch: fields title (boost 2) and text, `fuzzy: 0.2, prefix: true`; index from `JSON.stringify`, loaded with `MiniSearch.loadJSON`; the unit text as a stored field; snippets mark the index terms each result matched.');
  md.push('- FlexSearch: `Document`, tokenize "forward" on title and text, `store`, search with `suggest`, `enrich`, `merge`; index from `export`/`import`; snippets mark words beginning with a query word. (Its own `highlight` option, measured once in node on the 1.4 MB corpus, costs about 3.6 ms per query, ~300× its search: the shared snippet is used instead, as for the other peers.)');
  md.push('- lunr: `lunr.multiLanguage("en", "ru")` (lunr-languages stemmer support, ru, multi); each query word as typed (through the pipeline), as a prefix (`word*`) and with one edit (`word~1`, 4+ letters); index from `JSON.stringify`, `lunr.Index.load`; docs.json holds the unit texts; snippets mark words beginning with a matched index term.');
  md.push('- Fuse.js: `useTokenSearch`, `ignoreLocation`, `includeMatches`, keys title (weight 2) and text; index from `Fuse.createIndex`, `Fuse.parseIndex`; snippets mark its match indices.');
  md.push('- Pagefind: one HTML page per unit (doc, page in `data-pagefind-meta`), `pagefind --force-language ru` (one index for the mixed-language corpus: Pagefind splits indexes by page language otherwise); `pagefind.search` then `data()` of the 10 shown results, its excerpts (`excerptLength: 30`) as snippets. It searches in a web worker.');
  md.push('- Each engine\'s time per query includes its `await`; izdeu\'s and Pagefind\'s (first pass) include fetching the index chunks (and Pagefind\'s fragments) they need, over loopback, from an empty cache.');
  if (notes.length) md.push('', '## Notes', '', ...notes.map((n) => `- ${n}`));
  md.push('');
  const text = md.join('\n');
  writeFileSync(join(HERE, 'results.md'), text);
  writeFileSync(join(HERE, 'latency.svg'), svgPlot(all));
  writeFileSync(join(OUT, 'results.json'), JSON.stringify(all, null, 1));
  console.log(text);
  log(`wrote tests/bench/results.md, tests/bench/latency.svg and target/bench/results.json in ${minutes.toFixed(1)} min`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
