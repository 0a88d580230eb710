// The search page as a visitor uses it: over http and opened from disk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { launch, serve, open, WWW } from './harness.mjs';

const IZDEU = fileURLToPath(new URL('../../target/release/izdeu', import.meta.url));

let browser;
let server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

// `expected`: one pattern per query word that some <mark> of the first result must match.
async function typeAndCheck(page, query, expected) {
  await page.waitForSelector('#izdeu-query:not([disabled])', { timeout: 20000 });
  await page.fill('#izdeu-query', '');
  await page.type('#izdeu-query', query, { delay: 5 });
  // The widget's parts live in its (open) shadow root; the list is aria-busy until the
  // answer to the last keystroke is shown.
  await page.waitForFunction((q) => {
    const root = document.querySelector('izdeu-search').shadowRoot;
    return root.getElementById('izdeu-query').value === q
      && root.getElementById('izdeu-results').getAttribute('aria-busy') !== 'true'
      && root.querySelectorAll('#izdeu-results li').length > 0;
  }, query);
  const first = await page.$eval('#izdeu-results li', (li) => ({
    href: li.querySelector('a').getAttribute('href'),
    title: li.querySelector('a').textContent,
    marks: [...li.querySelectorAll('mark')].map((m) => m.textContent.toLowerCase()),
  }));
  // The reader page, with the matched words to highlight there, at the unit's page.
  assert.match(first.href, /^docs\/[^?#]+\.html\?izdeu-hl=[^#]+#page-\d+$/);
  assert.ok(first.title.length > 3, `title: ${first.title}`);
  for (const pattern of expected) {
    assert.ok(first.marks.some((m) => pattern.test(m)), `marks ${JSON.stringify(first.marks)} lack ${pattern}`);
  }
  const status = await page.textContent('#izdeu-status');
  assert.match(status, /\d+ results? · [\d.]+ ms/);
}

for (const [name, url] of [['http', () => server.url], ['file://', () => pathToFileURL(join(WWW, 'index.html')).href]]) {
  test(`search as you type over ${name}`, async () => {
    const { page, errors } = await open(browser, url());
    // A typo ("цифрландру") and an unfinished last word ("техноло").
    // The typo and the unfinished word are both found, in whatever form the page has them.
    await typeAndCheck(page, 'цифрландру техноло', [/^цифрландыру/, /^техноло/]);
    await typeAndCheck(page, 'кибербезопасность', [/^кибербезопасность$/]);
    // A quoted phrase: only the pages where its words stand side by side, as the CLI finds them.
    const phrase = '"құқықтық мемлекет"';
    await typeAndCheck(page, phrase, [/^құқықтық$/, /^мемлекет$/]);
    const cli = JSON.parse(execFileSync(IZDEU, ['search', join(WWW, 'izdeu.idx'), phrase, '--json', '--limit', '100'], { encoding: 'utf8' }));
    assert.equal(await page.locator('#izdeu-results li').count(), cli.length);
    // The quote that opens a phrase, typed alone, is nothing to search yet: no "No results".
    await page.fill('#izdeu-query', '«');
    await page.waitForFunction(() => document.querySelector('izdeu-search').shadowRoot.getElementById('izdeu-results').getAttribute('aria-busy') !== 'true');
    assert.equal(await page.textContent('#izdeu-status'), '');
    assert.equal(await page.locator('#izdeu-results li').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test(`window.izdeu.search returns hits like the CLI over ${name}`, async () => {
    const { page, errors } = await open(browser, url());
    const hits = await page.evaluate(() => window.izdeu.search('жасанды интеллект', { limit: 3 }));
    assert.equal(hits.length, 3);
    for (const hit of hits) {
      assert.deepEqual(Object.keys(hit).sort(), ['doc', 'end', 'kind', 'page', 'score', 'snippet', 'start', 'title', 'url']);
      assert.ok(hit.end > hit.start && hit.page >= 1 && hit.kind === 'page');
      assert.match(hit.snippet, /<mark>жасанды<\/mark>/i);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('over http a query fetches only the chunks it needs and answers as the CLI does', async () => {
  const chunks = join(WWW, 'izdeu-index');
  const all = readdirSync(chunks).reduce((sum, name) => sum + statSync(join(chunks, name)).size, 0);
  const { page, errors } = await open(browser, server.url);
  const fetched = [];
  page.context().on('requestfinished', (request) => fetched.push(new URL(request.url()).pathname));
  const query = 'мақсатты адамдарды';
  const hits = await page.evaluate((q) => window.izdeu.search(q, { limit: 10 }), query);
  const cli = JSON.parse(execFileSync(IZDEU, ['search', join(WWW, 'izdeu.idx'), query, '--json', '--limit', '10'], { encoding: 'utf8' }));
  assert.deepEqual(hits.map((h) => [h.doc, h.page, h.snippet]), cli.map((h) => [h.doc, h.page, h.snippet]));
  assert.ok(!fetched.some((path) => path.endsWith('/izdeu.idx')), 'the whole index was fetched');
  const bytes = fetched.filter((path) => path.includes('/izdeu-index/'))
    .reduce((sum, path) => sum + statSync(join(WWW, decodeURIComponent(path))).size, 0);
  assert.ok(bytes > 0 && bytes * 8 < all, `the first query fetched ${bytes} of ${all} chunk bytes`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('over http the index is fetched whole in the background only once the first results show', async () => {
  const query = 'мақсатты адамдарды';
  // The chunk requests a page's worker began (by absolute time), and when the widget showed
  // its first result. Each page in its own context: nothing cached.
  async function run(prefetch) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript(() => {
      // A slow phone: each message from the worker waits 50 ms for the page's thread, as
      // rendering results there may take. The worker goes on meanwhile.
      const NativeWorker = window.Worker;
      window.Worker = function (...args) {
        const worker = new NativeWorker(...args);
        let handler = null;
        Object.defineProperty(worker, 'onmessage', { get: () => handler, set: (h) => { handler = h; } });
        worker.addEventListener('message', (event) => {
          const until = performance.now() + 50;
          while (performance.now() < until);
          if (handler) handler.call(worker, event);
        });
        return worker;
      };
      // The widget renders in its shadow root: watch that too.
      const observer = new MutationObserver(() => {
        const root = document.querySelector('izdeu-search')?.shadowRoot;
        if (!window.__shownAt && root?.querySelector('#izdeu-results li')) window.__shownAt = performance.timeOrigin + performance.now();
      });
      observer.observe(document, { childList: true, subtree: true });
      const attachShadow = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (...args) {
        const root = attachShadow.apply(this, args);
        observer.observe(root, { childList: true, subtree: true });
        return root;
      };
    });
    await page.goto(server.url);
    await page.evaluate(() => window.izdeu.ready);
    const worker = page.workers().find((w) => /izdeu-worker\.js/.test(w.url()));
    assert.ok(worker, 'the engine runs in a worker');
    // The worker's own switch (a global of izdeu-worker.js), as the bench uses it.
    if (!prefetch) assert.ok(await worker.evaluate(() => { const was = PREFETCH_BYTES; PREFETCH_BYTES = 0; return was; }) > 0);
    await page.fill('#izdeu-query', query);
    await page.waitForFunction(() => window.__shownAt);
    // Let a background fetch begin, if one is asked for.
    await page.waitForTimeout(300);
    const shownAt = await page.evaluate(() => window.__shownAt);
    const started = await worker.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/izdeu-index/'))
      .map((e) => [new URL(e.name).pathname, performance.timeOrigin + e.startTime]));
    assert.deepEqual(errors, []);
    await context.close();
    return { shownAt, started };
  }
  const alone = await run(false);
  const needed = alone.started.map(([path]) => path).sort();
  assert.ok(needed.length > 0 && alone.started.every(([, at]) => at <= alone.shownAt));
  const withPrefetch = await run(true);
  const before = withPrefetch.started.filter(([, at]) => at <= withPrefetch.shownAt).map(([path]) => path).sort();
  assert.deepEqual(before, needed, 'only the chunks the query needs are asked for before its results show');
  assert.ok(withPrefetch.started.length > needed.length, 'the background fetch began after they showed');
});

test('over http a damaged or missing chunk gives a clear message, not wrong results', async () => {
  for (const [what, fulfill, message] of [
    ['damaged', (body) => ({ status: 200, body: Buffer.from(body.map((b, i) => (i === 7 ? b ^ 1 : b))) }), /checksum mismatch/],
    ['missing', () => ({ status: 404, body: 'not found' }), /HTTP 404.*izdeu build/],
  ]) {
    const { page } = await open(browser, server.url);
    await page.route('**/izdeu-index/x*.bin', async (route) => {
      try {
        const body = [...(await (await route.fetch()).body())];
        await route.fulfill(fulfill(body));
      } catch {
        // The page closed while this chunk was still on its way: nothing is waiting for it.
      }
    });
    await assert.rejects(page.evaluate(() => window.izdeu.search('кибербезопасность')), message, what);
    // The prefetch after a query may still be passing through the route.
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.close();
  }
});

test('a result link opens the reader page at the right page', async () => {
  const { page } = await open(browser, server.url + '?q=' + encodeURIComponent('кибербезопасность'));
  await page.waitForSelector('#izdeu-results li a');
  const href = await page.$eval('#izdeu-results li a', (a) => a.getAttribute('href'));
  await page.click('#izdeu-results li a');
  await page.waitForLoadState();
  const anchor = href.split('#')[1];
  assert.equal(await page.evaluate(() => location.hash.slice(1)), anchor);
  const text = await page.textContent(`section[id="${anchor}"]`);
  assert.match(text.toLowerCase(), /кибербезопасность/);
  await page.close();
});

test('an index that fails to load shows a clear message', async () => {
  const { page } = await open(browser, server.url);
  await page.route('**/izdeu-index/meta.idx', (route) => route.fulfill({ status: 200, body: Buffer.from('not an index at all, just text') }));
  await page.reload();
  await page.waitForSelector('.izdeu-error');
  assert.match(await page.textContent('#izdeu-status'), /not an izdeu index/);
  await assert.rejects(page.evaluate(() => window.izdeu.search('заң')), /not an izdeu index/);
  await page.close();
});
