// Security and reliability of the page in headless Chromium:
// - a corpus of XSS payloads (in file names, titles, text, ids, links), built with the
//   release CLI into a temporary copy of www/, searched with and without a strict CSP:
//   no dialog, no injected global, no markup but <mark>, no CSP violation;
// - the page under `Content-Security-Policy: default-src 'self'; script-src 'self'
//   'wasm-unsafe-eval'`;
// - damaged, foreign, stale and crafted indexes: a clear message on the page and a
//   rejected promise, never a hang;
// - wasm memory and the JS heap over 10,000 searches (a bound on growth, not on time).
// The search box is the <izdeu-search> widget (izdeu.js): its parts are in an open shadow
// root, which Playwright's selectors pierce and page scripts reach through `shadowRoot`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, serve, WWW } from './harness.mjs';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const IZDEU = join(ROOT, 'target/release/izdeu');
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const MARKER = 'шабуылсөз';

// Everything a page might do that it must not: dialogs, CSP violations, console errors,
// uncaught exceptions, and the global the payloads set.
async function watchedPage(browser, url) {
  const page = await browser.newPage();
  const events = { dialogs: [], errors: [], violations: [] };
  page.on('dialog', (d) => { events.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('console', (m) => { if (m.type() === 'error') events.errors.push(m.text()); });
  page.on('pageerror', (e) => events.errors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) events.errors.push(`HTTP ${r.status()} for ${r.url()}`); });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
    });
  });
  await page.goto(url);
  return { page, events };
}

async function assertNothingRan(page, events, { csp }) {
  // Give an injected handler (an <img> that fails to load) time to fire.
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined', 'an injected script ran');
  assert.deepEqual(events.dialogs, [], 'a dialog opened');
  if (csp) assert.deepEqual(await page.evaluate(() => window.__violations), [], 'CSP violations');
  assert.deepEqual(events.errors, []);
}

// The payloads: in file names, titles, text, ids and links of the three formats.
const PAYLOADS = [
  '<script>window.__xss=1</script>', '<img src=x onerror="window.__xss=1;alert(1)">', '"><svg onload=window.__xss=1>',
  "'><iframe src=javascript:window.__xss=1>", 'javascript:window.__xss=1', '<a href="javascript:window.__xss=1">сілтеме</a>',
  '&lt;script&gt;window.__xss=1&lt;/script&gt;', '&#60;img src=x onerror=window.__xss=1&#62;', '</mark><b onmouseover=window.__xss=1>',
  '<style>@import "javascript:window.__xss=1"</style>', '{{constructor.constructor("window.__xss=1")()}}', '${window.__xss=1}',
];

async function writeXssCorpus(dir) {
  const text = PAYLOADS.join(' ');
  const files = {
    '<img src=x onerror=window.__xss=1>.txt': ` Заң ${MARKER} <script>window.__xss=1</script>\n${text}\n Екінші бет ${MARKER} ${text}\n`,
    '"><svg onload=alert(1)>.md': `# <img src=x onerror=window.__xss=1> ${MARKER}\n\n${text}\n\n[сілтеме](javascript:window.__xss=1)\n\n## <script>window.__xss=1</script>\n\n${MARKER} ${text}\n`,
    "javascript:window.__xss=1.html": `<html><head><title>&lt;img src=x onerror=window.__xss=1&gt; ${MARKER}</title>` +
      `<script>window.__xss=1</script></head><body onload="window.__xss=1"><main>` +
      `<h1 id="x&quot; onmouseover=&quot;window.__xss=1">${MARKER} бірінші</h1><p>${text.replace(/</g, '&lt;')}</p>` +
      `<h2 id="javascript:window.__xss=1">Екінші</h2><p><a href="javascript:window.__xss=1">${MARKER}</a> ${text}</p>` +
      `<img src=x onerror="window.__xss=1"></main></body></html>`,
    'plain.txt': ` Қарапайым құжат\n${MARKER} құқықтық мемлекет ${PAYLOADS[0]}\n`,
  };
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
}

/** A copy of the built page (not its index) with `corpus` indexed into it. */
async function siteFor(corpus, out) {
  await mkdir(out, { recursive: true });
  for (const entry of await readdir(WWW, { withFileTypes: true })) {
    if (entry.name === 'docs' || /^izdeu(\.idx|-index|-index\.js|-manifest\.js)$/.test(entry.name)) continue;
    await cp(join(WWW, entry.name), join(out, entry.name), { recursive: true });
  }
  execFileSync(IZDEU, ['build', corpus, '--out', out], { stdio: 'pipe' });
  return out;
}

// IEEE CRC-32, as the index header holds it.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function withFixedHeader(bytes) {
  const out = Buffer.from(bytes);
  out.writeBigUInt64LE(BigInt(out.length - 32), 16);
  out.writeUInt32LE(crc32(out.subarray(32)), 24);
  return out;
}
// The manifest for a chunked index's directory `meta` (the page over http reads it).
const manifestFor = (meta) =>
  `window.IZDEU_MANIFEST = {"format": 1, "bytes": 0, "checksum": 0, "chunked": {"bytes": ${meta.length}, "checksum": ${meta.readUInt32LE(24)}}};\n`;

let browser;
let temp;
let xssSite;
let servers = [];
before(async () => {
  browser = await launch();
  temp = await mkdtemp(join(tmpdir(), 'izdeu-security-'));
  await writeXssCorpus(join(temp, 'xss-corpus'));
  xssSite = await siteFor(join(temp, 'xss-corpus'), join(temp, 'xss-site'));
});
after(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});
async function server(root, headers) {
  const s = await serve(root, headers);
  servers.push(s);
  return s;
}

async function searchOnPage(page, query) {
  await page.waitForSelector('#izdeu-query:not([disabled])', { timeout: 20000 });
  await page.fill('#izdeu-query', query);
  await page.waitForFunction((q) => {
    const root = document.querySelector('izdeu-search').shadowRoot;
    return root.getElementById('izdeu-query').value === q && /result/i.test(root.getElementById('izdeu-status').textContent);
  }, query);
}

// What the results may hold: no element that loads or runs anything, no event handler or
// style attribute, links only to http(s) pages, snippets of text and <mark> only.
async function assertResultsAreInert(page) {
  const report = await page.evaluate(() => {
    const root = document.querySelector('izdeu-search').shadowRoot;
    const results = root.getElementById('izdeu-results');
    const bad = [];
    const active = ['SCRIPT', 'IMG', 'SVG', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'STYLE', 'LINK', 'META', 'BASE', 'FORM',
      'INPUT', 'BUTTON', 'VIDEO', 'AUDIO', 'SOURCE', 'TEMPLATE', 'SLOT'];
    for (const el of results.querySelectorAll('*')) {
      if (active.includes(el.tagName.toUpperCase())) bad.push('element ' + el.tagName);
      for (const attr of el.attributes) {
        if (/^on|^style$|^src|^formaction$|^srcdoc$/i.test(attr.name)) bad.push(`attribute ${attr.name} on ${el.tagName}`);
      }
      if (el.tagName === 'A' && el.hasAttribute('href') && !/^https?:$/.test(new URL(el.href).protocol)) bad.push('link ' + el.href);
    }
    for (const snippet of results.querySelectorAll('.izdeu-snippet')) {
      for (const el of snippet.querySelectorAll('*')) {
        if (el.tagName !== 'MARK' || el.attributes.length > 0 || el.children.length > 0) bad.push('in a snippet: ' + el.outerHTML);
      }
    }
    return { bad, items: results.querySelectorAll('li').length, text: results.textContent };
  });
  assert.deepEqual(report.bad, []);
  return report;
}

for (const csp of [false, true]) {
  test(`XSS payloads in documents never run${csp ? ' (strict CSP)' : ' (no CSP)'}`, async () => {
    const { url } = await server(xssSite, csp ? { 'content-security-policy': CSP } : {});
    const { page, events } = await watchedPage(browser, url);
    await searchOnPage(page, MARKER);
    const report = await assertResultsAreInert(page);
    assert.ok(report.items >= 4, `${report.items} results`);
    // The payloads are shown as the text they are.
    assert.match(report.text, /<script>window\.__xss=1<\/script>/);
    assert.match(report.text, /onerror=/);
    // Queries made of payloads.
    for (const query of PAYLOADS.concat([MARKER + ' <script>', '"><img src=x onerror=window.__xss=1>'])) {
      const hits = await page.evaluate((q) => window.izdeu.search(q, { limit: 50 }), query);
      for (const hit of hits) {
        assert.doesNotMatch(hit.snippet.replace(/<\/?mark>/g, ''), /[<>"']/, hit.snippet);
        // A relative link (to a reader page, or to the site's own HTML page), nothing that
        // could end an attribute.
        assert.equal(new URL(hit.url, 'http://host/site/').protocol, 'http:', hit.url);
        assert.doesNotMatch(hit.url, /[<>"'`\s\\]/, hit.url);
      }
      await page.fill('#izdeu-query', query);
      await page.evaluate((q) => window.izdeu.search(q), query);
      await assertResultsAreInert(page);
    }
    // Every reader page a result links to. (An indexed .html file is linked as the site's
    // own page, which is the site's content, not izdeu's: not visited here.)
    await searchOnPage(page, MARKER);
    const links = await page.$$eval('#izdeu-results a', (as) => as.map((a) => a.href));
    const readerPages = links.filter((link) => new URL(link).pathname.startsWith('/docs/'));
    assert.ok(readerPages.length >= 3, `reader pages among ${links}`);
    for (const link of readerPages) {
      await page.goto(link);
      await page.waitForLoadState('load');
      const scripts = await page.$$eval('script', (s) => s.map((x) => x.getAttribute('src')));
      assert.ok(scripts.every((src) => src && /izdeu-reader\.js$/.test(src)), `scripts in ${link}: ${scripts}`);
      assert.equal(await page.$$eval('[onerror],[onload],[onmouseover],iframe,svg,img', (e) => e.length), 0, link);
      await assertNothingRan(page, events, { csp });
    }
    await page.close();
  });
}

test('the page and the engine work under a strict CSP', async () => {
  const { url } = await server(WWW, { 'content-security-policy': CSP });
  const { page, events } = await watchedPage(browser, url + '?q=' + encodeURIComponent('кибербезопасность'));
  await page.waitForSelector('#izdeu-results li mark', { timeout: 20000 });
  await searchOnPage(page, 'құқықтық мемлекет');
  assert.ok((await page.$$('#izdeu-results li')).length > 0);
  const hits = await page.evaluate(() => window.izdeu.search('жасанды интеллект', { limit: 3 }));
  assert.equal(hits.length, 3);
  await assertNothingRan(page, events, { csp: true });
  await page.close();
});

test('damaged, foreign and empty indexes give a clear message and a rejected promise', async () => {
  const { url } = await server(WWW, { 'content-security-policy': CSP });
  // Over http the page reads the chunked index, beginning with its directory.
  const good = await readFile(join(WWW, 'izdeu-index/meta.idx'));
  const flipped = Buffer.from(good);
  flipped[good.length >> 1] ^= 0x10;
  const otherVersion = Buffer.from(good);
  otherVersion.writeUInt32LE(99, 8);
  const cases = [
    ['empty', Buffer.alloc(0), /shorter than the 32-byte header/],
    ['truncated', good.subarray(0, good.length >> 1), /truncated/],
    ['a flipped bit', flipped, /checksum/],
    ['another version', otherVersion, /version 99 is not supported/],
    ['a PNG', Buffer.from('89504e470d0a1a0a0000000d4948445200000010000000100806000000', 'hex'), /not an izdeu index/],
    ['HTML (a 404 page served as 200)', Buffer.from('<!doctype html><title>Not found</title>'), /not an izdeu index/],
  ];
  for (const [what, body, message] of cases) {
    const page = await browser.newPage();
    await page.route('**/izdeu-index/meta.idx', (route) => route.fulfill({ status: 200, body }));
    await page.goto(url);
    await page.waitForSelector('.izdeu-error', { timeout: 20000 });
    const status = await page.textContent('#izdeu-status');
    assert.match(status, message, what);
    assert.match(status, /izdeu build|izdeu\.idx/, `${what}: the message says how to fix it`);
    await assert.rejects(page.evaluate(() => window.izdeu.search('заң')), message, what);
    assert.equal(await page.isDisabled('#izdeu-query'), true, what);
    await page.close();
  }
});

/** CRC-32C (Castagnoli), masked as the fst crate stores it in an fst's last four bytes. */
function fstChecksum(bytes) {
  let crc = ~0 >>> 0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  crc = ~crc >>> 0;
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

test('a term dictionary damaged on purpose, both checksums recomputed, gives a clear message', async () => {
  // Such an fst makes the engine trap while it opens (the fst crate panics on it): find one
  // with the CLI, which reports it as "malformed fst", then serve it to the page.
  const good = await readFile(join(WWW, 'izdeu.idx'));
  const sectionAt = (k) => 32 + k * 20;
  const count = good.readUInt32LE(12);
  let terms;
  for (let k = 0; k < count; k++) {
    if (good.readUInt32LE(sectionAt(k)) === 5) {
      const start = 32 + Number(good.readBigUInt64LE(sectionAt(k) + 4));
      terms = [start, start + Number(good.readBigUInt64LE(sectionAt(k) + 12))];
    }
  }
  const craft = (at) => {
    const bytes = Buffer.from(good);
    bytes[at] ^= 0xff;
    bytes.writeUInt32LE(fstChecksum(bytes.subarray(terms[0], terms[1] - 4)), terms[1] - 4);
    return withFixedHeader(bytes);
  };
  const file = join(temp, 'crafted-fst.idx');
  let crafted;
  for (let at = terms[0] + 16; at < terms[1] - 20 && !crafted; at += 997) {
    const candidate = craft(at);
    await writeFile(file, candidate);
    try {
      execFileSync(IZDEU, ['search', file, 'заң'], { stdio: 'pipe' });
    } catch (error) {
      if (String(error.stderr).includes('malformed fst')) crafted = candidate;
    }
  }
  assert.ok(crafted, 'no damaged node found that the fst crate trips on');
  const { url } = await server(WWW, { 'content-security-policy': CSP });
  const page = await browser.newPage();
  // No worker (as where a policy blocks it): the page opens the whole index itself. Over
  // http with a worker, each chunk is checked against the CRC-32 the directory lists.
  await page.route('**/izdeu-worker.js', (route) => route.fulfill({ status: 404, body: '' }));
  await page.route('**/izdeu.idx', (route) => route.fulfill({ status: 200, body: crafted }));
  await page.goto(url);
  await page.waitForSelector('.izdeu-error', { timeout: 20000 });
  assert.match(await page.textContent('#izdeu-status'), /index is corrupt \(TERMS section: malformed fst\); rebuild it with `izdeu build`/);
  await assert.rejects(page.evaluate(() => window.izdeu.search('заң')), /malformed fst/);
  await page.close();
});

test('an index that is not the one the page was built with is refused', async () => {
  const { url } = await server(WWW, { 'content-security-policy': CSP });
  // A sound index of another corpus, served beside this site's manifest: a stale cache.
  const other = await readFile(join(xssSite, 'izdeu-index/meta.idx'));
  const page = await browser.newPage();
  await page.route('**/izdeu-index/meta.idx', (route) => route.fulfill({ status: 200, body: other }));
  await page.goto(url);
  await page.waitForSelector('.izdeu-error', { timeout: 20000 });
  const status = await page.textContent('#izdeu-status');
  assert.match(status, /is not the one this page was built with/);
  assert.match(status, new RegExp(`${other.length} bytes`));
  await assert.rejects(page.evaluate(() => window.izdeu.search('заң')), /is not the one this page was built with/);
  await page.close();
});

test('a crafted index cannot turn a result into a javascript: link', async () => {
  // The directory of the XSS corpus's chunked index with one document's url rewritten in
  // place (same length, so the varint before it holds) and the checksum and manifest to
  // match.
  const bytes = Buffer.from(await readFile(join(xssSite, 'izdeu-index/meta.idx')));
  const url = Buffer.from('docs/plain.txt.html');
  const at = bytes.indexOf(url);
  assert.ok(at > 0);
  Buffer.from('javascript:__xss=1;'.padEnd(url.length, ' ')).copy(bytes, at);
  const crafted = withFixedHeader(bytes);
  const { url: site } = await server(xssSite, { 'content-security-policy': CSP });
  for (const csp of [true]) {
    const { page, events } = await watchedPage(browser, site);
    await page.route('**/izdeu-index/meta.idx', (route) => route.fulfill({ status: 200, body: crafted }));
    await page.route('**/izdeu-manifest.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: manifestFor(crafted) }));
    await page.reload();
    await searchOnPage(page, 'қарапайым');
    const hits = await page.evaluate(() => window.izdeu.search('қарапайым', { limit: 5 }));
    assert.ok(hits.some((h) => h.url.startsWith('javascript:')), 'the crafted url came through the engine');
    await assertResultsAreInert(page);
    const link = await page.$('#izdeu-results li a:not([href])');
    assert.ok(link, 'the crafted link has no href');
    await link.click();
    await assertNothingRan(page, events, { csp });
    await page.close();
  }
});

// Over http the engine runs in a Web Worker (its wasm memory is read there); opened from
// disk it runs on the page. Either way: 10,000 searches after a warm-up of 500, then the
// wasm memory may not have grown (it never shrinks) and the page's heap, after a garbage
// collection, may have grown by at most 2 MB.
for (const mode of ['http', 'file://']) {
  test(`wasm memory and the JS heap stay flat over 10,000 searches (${mode})`, async () => {
    const url = mode === 'http' ? (await server(WWW, { 'content-security-policy': CSP })).url : pathToFileURL(join(WWW, 'index.html')).href;
    const { page, events } = await watchedPage(browser, url);
    await page.waitForSelector('#izdeu-query:not([disabled])', { timeout: 20000 });
    const cdp = await page.context().newCDPSession(page);
    const engineScope = () => (mode === 'http' ? page.workers()[0] : page);
    if (mode === 'http') assert.equal(page.workers().length, 1, 'the engine runs in a worker');
    const measure = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const wasm = await engineScope().evaluate(async () => (await wasm_bindgen()).memory.buffer.byteLength);
      return { heap: heap.usedSize, wasm };
    };
    const run = (count) => page.evaluate(async (count) => {
      const queries = ['заң', 'құқықтық мемлекет', 'закон о данных ', 'кибербезопасность', 'цифрландру техноло', 'pfrjy',
        'artificial intelligence', 'мемлекат ', 'а', 'з', 'жасанды интеллект құқық субъектісі', '😀 <script>',
        'ис-\nпользования', 'сот'.repeat(50), 'x'.repeat(10000), Array(1000).fill('заң').join(' ')];
      let hits = 0;
      for (let i = 0; i < count; i++) {
        const q = queries[i % queries.length] + (i % 7 === 0 ? String(i % 100) : '');
        hits += (await window.izdeu.search(q, { limit: 10 })).length;
      }
      return hits;
    }, count);
    await run(1);
    if (mode === 'http') {
      // The index, fetched whole in the background after the first results, is in the
      // engine (`chunks`, the worker's map of chunk name → its fetch and addition).
      const files = (await readdir(join(WWW, 'izdeu-index'))).filter((name) => name !== 'meta.idx').length;
      const added = await engineScope().evaluate(async (files) => {
        const deadline = Date.now() + 60000;
        while (Object.keys(chunks).length < files && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        await Promise.all(Object.values(chunks));
        return Object.keys(chunks).length;
      }, files);
      assert.equal(added, files, 'the background fetch of the index ended');
    }
    await run(500); // warm-up: the allocator reaches its working size
    const before = await measure();
    const hits = await run(10000);
    const afterwards = await measure();
    console.log(`memory over 10,000 searches (${mode}, ${hits} hits): wasm ${before.wasm} -> ${afterwards.wasm} bytes, ` +
      `page JS heap ${before.heap} -> ${afterwards.heap} bytes`);
    assert.ok(hits > 10000);
    assert.ok(afterwards.wasm - before.wasm <= 1 << 20, `wasm memory grew by ${afterwards.wasm - before.wasm} bytes`);
    assert.ok(afterwards.heap - before.heap <= 2 << 20, `the JS heap grew by ${afterwards.heap - before.heap} bytes`);
    await assertNothingRan(page, events, { csp: mode === 'http' });
    await page.close();
  });
}
