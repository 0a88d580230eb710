// The <izdeu-search> widget as a visitor uses it: keyboard only, with a screen reader's
// eyes (axe-core), embedded in a hostile page, on a phone, from disk, offline, on a site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launch, serve, open, WWW } from './harness.mjs';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const HOST = 'tests/browser/fixtures/host.html';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const IZDEU = join(ROOT, 'target/release/izdeu');

let browser;
let server; // the repository root: www/ and the fixtures
let site; // a copy of the site fixture, indexed into site/_izdeu
let siteServer;
let scratch;
before(async () => {
  browser = await launch();
  server = await serve(ROOT);
  scratch = mkdtempSync(join(tmpdir(), 'izdeu-widget-'));
  site = join(scratch, 'site');
  cpSync(join(ROOT, 'tests/browser/fixtures/site'), site, { recursive: true });
  execFileSync(IZDEU, ['build', site, '--out', join(site, '_izdeu'), '--assets', WWW]);
  siteServer = await serve(site);
});
after(async () => {
  await browser?.close();
  await server?.close();
  await siteServer?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

// Helpers that look inside the widget's (open) shadow root.
const inWidget = (page, fn, arg) => page.evaluate(([source, a]) => {
  const root = document.querySelector('izdeu-search').shadowRoot;
  return new Function('root', 'arg', `return (${source})(root, arg)`)(root, a);
}, [fn.toString(), arg]);

// Waits that look at results also wait for the listbox to leave aria-busy: until then a
// newer query's answer may still replace the list.
const waitForWidget = (page, fn, arg, timeout = 20000) => page.waitForFunction(([source, a]) => {
  const widget = document.querySelector('izdeu-search');
  const root = widget && widget.shadowRoot;
  return root && new Function('root', 'arg', `return (${source})(root, arg)`)(root, a);
}, [fn.toString(), arg], { timeout });

const ready = (page) => waitForWidget(page, (root) => root.getElementById('izdeu-query') && !root.getElementById('izdeu-query').disabled);
const resultCount = (root) => root.querySelectorAll('[role=option]').length;
const focusedId = (page) => page.evaluate(() => {
  let active = document.activeElement;
  while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
  return active && active.id;
});

// The highlighted words on a reader page, and whether the first one in the target
// section is on screen.
const highlights = (page) => page.evaluate(() => {
  const section = document.getElementById(decodeURIComponent(location.hash.slice(1).split(':~:')[0]));
  const marks = [...document.querySelectorAll('mark.izdeu-highlight')];
  const first = marks.find((m) => section && section.contains(m)) || marks[0];
  const box = first && first.getBoundingClientRect();
  return {
    words: marks.map((m) => m.textContent.toLowerCase()),
    inSection: marks.filter((m) => section && section.contains(m)).length,
    visible: !!box && box.top >= 0 && box.bottom <= innerHeight,
  };
});

async function keyboardSession(page, query, expected) {
  await ready(page);
  await page.keyboard.press('/');
  assert.equal(await focusedId(page), 'izdeu-query', '/ focuses the search box');
  await page.keyboard.type(query, { delay: 10 });
  await waitForWidget(page, (root, q) => root.getElementById('izdeu-query').value === q && root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length > 0, query);
  const combobox = await inWidget(page, (root) => {
    const input = root.getElementById('izdeu-query');
    return { expanded: input.getAttribute('aria-expanded'), controls: input.getAttribute('aria-controls'), role: input.getAttribute('role') };
  });
  assert.deepEqual(combobox, { expanded: 'true', controls: 'izdeu-results', role: 'combobox' });
  await page.keyboard.press('ArrowDown');
  const active = await inWidget(page, (root) => {
    const id = root.getElementById('izdeu-query').getAttribute('aria-activedescendant');
    const option = root.getElementById(id);
    return { id, selected: option.getAttribute('aria-selected'), href: option.href, marks: [...option.querySelectorAll('mark')].map((m) => m.textContent.toLowerCase()) };
  });
  assert.equal(active.id, 'izdeu-option-0');
  assert.equal(active.selected, 'true');
  assert.ok(active.marks.includes(expected), `the first result marks ${expected}: ${active.marks}`);
  assert.equal(await focusedId(page), 'izdeu-query', 'focus stays in the box while arrows move through results');
  await Promise.all([page.waitForURL(active.href), page.keyboard.press('Enter')]);
  const url = new URL(page.url());
  assert.match(url.hash, /^#page-\d+$/);
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-izdeu-highlighted'));
  const seen = await highlights(page);
  assert.ok(seen.inSection > 0, `words highlighted in ${url.hash}: ${JSON.stringify(seen)}`);
  assert.ok(seen.words.includes(expected), JSON.stringify(seen.words));
  assert.ok(seen.visible, 'the first highlighted word is scrolled into view');
  return url;
}

test('keyboard only: / focuses, type, arrow down, Enter opens the reader page there, words highlighted', async () => {
  const { page, errors } = await open(browser, server.url + HOST);
  const url = await keyboardSession(page, 'кибербезопасность', 'кибербезопасность');
  assert.match(url.pathname, /^\/www\/docs\/.+\.html$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('keyboard: Ctrl+K focuses, arrows wrap, Escape clears, Tab reaches the filters', async () => {
  const { page, errors } = await open(browser, server.url + HOST);
  await ready(page);
  await page.keyboard.press('Control+k');
  assert.equal(await focusedId(page), 'izdeu-query');
  await page.keyboard.type('цифрлық', { delay: 5 });
  await waitForWidget(page, (root) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length > 1);
  const n = await inWidget(page, resultCount);
  const activeId = () => inWidget(page, (root) => root.getElementById('izdeu-query').getAttribute('aria-activedescendant'));
  await page.keyboard.press('ArrowUp');
  assert.equal(await activeId(), `izdeu-option-${n - 1}`, 'up from the box goes to the last result');
  await page.keyboard.press('ArrowDown');
  assert.equal(await activeId(), 'izdeu-option-0', 'down from the last wraps to the first');
  await page.keyboard.press('Escape');
  const cleared = await inWidget(page, (root) => ({
    value: root.getElementById('izdeu-query').value,
    options: root.querySelectorAll('[role=option]').length,
    expanded: root.getElementById('izdeu-query').getAttribute('aria-expanded'),
    listHidden: root.getElementById('izdeu-results').hidden,
  }));
  assert.deepEqual(cleared, { value: '', options: 0, expanded: 'false', listHidden: true });
  // A "/" typed inside the box is text, not the shortcut.
  await page.keyboard.type('a/b');
  assert.equal(await inWidget(page, (root) => root.getElementById('izdeu-query').value), 'a/b');
  await page.keyboard.press('Escape');
  await page.keyboard.type('закон');
  await waitForWidget(page, (root) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length > 0);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const active = document.querySelector('izdeu-search').shadowRoot.activeElement;
    return active && (active.getAttribute('aria-pressed') !== null || active.tagName === 'SELECT');
  });
  assert.ok(focused, 'Tab from the box reaches a filter control, not the host page');
  assert.deepEqual(errors, []);
  await page.close();
});

test('More results shows as many again, focuses the first of them, and stops at the last or the hundredth', async () => {
  const { page, errors } = await open(browser, server.url + HOST);
  await ready(page);
  const state = () => inWidget(page, (root) => ({
    links: [...root.querySelectorAll('[role=option]')].map((a) => a.getAttribute('href')),
    more: !root.querySelector('.more').hidden,
    label: root.querySelector('.more').textContent,
    total: Number(root.getElementById('izdeu-status').textContent.match(/^\d+/)?.[0]),
    focused: root.activeElement && root.activeElement.id,
    busy: root.querySelector('[role=listbox]').getAttribute('aria-busy') === 'true',
  }));
  const settled = (count) => waitForWidget(page, (root, n) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true'
    && root.querySelectorAll('[role=option]').length === n, count);
  const more = page.locator('izdeu-search .more');
  // A dozen results, then more than a hundred.
  for (const [query, over] of [['мошенничество', 10], ['сот', 100]]) {
    await inWidget(page, (root) => root.getElementById('izdeu-query').focus());
    await page.keyboard.press('Escape');
    await page.keyboard.type(query, { delay: 5 });
    await settled(10);
    let seen = await state();
    assert.ok(seen.total > over, `${query}: ${seen.total} results`);
    assert.equal(seen.label, 'More results');
    assert.ok(seen.more, 'more results than shown: the button is there');
    const expectedLast = Math.min(seen.total, 100);
    while (seen.links.length < expectedLast) {
      const before = seen.links;
      await more.click();
      await settled(Math.min(before.length + 10, expectedLast));
      seen = await state();
      // The results shown stay as they were, in their order; the first new one has the focus.
      assert.deepEqual(seen.links.slice(0, before.length), before, query);
      assert.equal(new Set(seen.links).size, seen.links.length, `${query}: no result twice`);
      assert.equal(seen.focused, `izdeu-option-${before.length}`, query);
    }
    assert.equal(seen.links.length, expectedLast, query);
    assert.ok(!seen.more, `${query}: ${seen.links.length} of ${seen.total} shown, no button`);
    // A new keystroke starts over from the first ten.
    await inWidget(page, (root) => root.getElementById('izdeu-query').focus());
    await page.keyboard.type(' ');
    await settled(10);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the polite live region announces the result count, in the interface language', async () => {
  for (const [lang, pattern, label] of [
    ['kk', /^\d+ нәтиже/, 'Құжаттардан іздеу'],
    ['ru', /^\d+ результат(а|ов)?/, 'Поиск по документам'],
    ['en', /^\d+ results?/, 'Search the documents'],
  ]) {
    const { page } = await open(browser, server.url + HOST);
    // The language follows the page's lang unless the element has its own.
    await page.evaluate((l) => { document.documentElement.lang = l; }, lang);
    await page.evaluate(() => {
      const old = document.querySelector('izdeu-search');
      const fresh = document.createElement('izdeu-search');
      old.replaceWith(fresh);
    });
    await ready(page);
    await page.fill('#izdeu-query', 'заң');
    await waitForWidget(page, (root) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length > 0);
    const live = await inWidget(page, (root) => {
      const status = root.getElementById('izdeu-status');
      const spoken = [...status.childNodes].filter((n) => !(n.getAttribute && n.getAttribute('aria-hidden') === 'true')).map((n) => n.textContent).join('');
      return { role: status.getAttribute('role'), live: status.getAttribute('aria-live'), spoken, label: root.querySelector('label').textContent, lang: root.querySelector('.root').lang };
    });
    assert.equal(live.role, 'status');
    assert.equal(live.live, 'polite');
    assert.match(live.spoken, pattern);
    assert.doesNotMatch(live.spoken, /ms/, 'the timing is shown, not announced');
    assert.equal(live.label, label);
    assert.equal(live.lang, lang);
    await page.close();
  }
});

test('over http the engine runs in a Web Worker; an older, slower answer never replaces a newer one', async () => {
  const { page, errors } = await open(browser, server.url + 'www/index.html');
  await ready(page);
  assert.equal(await page.evaluate(() => izdeu.engineFor(document.querySelector('izdeu-search').indexBase).then((e) => e.worker)), true);
  // Make the first query slow, and record every query whose results are shown.
  await page.evaluate(async () => {
    const engine = await izdeu.engineFor(document.querySelector('izdeu-search').indexBase);
    const real = engine.query;
    engine.query = (q, o) => (q === 'закон' ? new Promise((r) => setTimeout(() => r(real(q, o)), 700)) : real(q, o));
    window.shown = [];
    const list = document.querySelector('izdeu-search').shadowRoot.getElementById('izdeu-results');
    new MutationObserver(() => {
      const marks = [...list.querySelectorAll('mark')].map((m) => m.textContent.toLowerCase());
      if (marks.length) window.shown.push(marks[0]);
    }).observe(list, { childList: true });
  });
  await page.fill('#izdeu-query', 'закон');
  await page.fill('#izdeu-query', 'цифрлық');
  await waitForWidget(page, (root) => [...root.querySelectorAll('mark')].some((m) => m.textContent.toLowerCase().startsWith('цифрлы')));
  await page.waitForTimeout(1000); // well past the slow answer
  const shown = await page.evaluate(() => window.shown);
  assert.ok(shown.length > 0 && shown.every((w) => w.startsWith('цифрл')), `results shown: ${shown}`);
  assert.deepEqual(errors, []);
  await page.close();

  // From disk there are no workers: the engine runs on the page.
  const disk = await open(browser, pathToFileURL(join(WWW, 'index.html')).href);
  await ready(disk.page);
  assert.equal(await disk.page.evaluate(() => izdeu.engineFor(document.querySelector('izdeu-search').indexBase).then((e) => e.worker)), false);
  await disk.page.close();
});

async function axeAudit(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('axe-core finds no serious or critical violation with results and filters open, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page } = await open(browser, server.url + 'www/index.html');
    await page.emulateMedia({ colorScheme });
    await ready(page);
    await page.fill('#izdeu-query', 'заң');
    await waitForWidget(page, (root) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length > 0 && !root.querySelector('.filters').hidden);
    await page.focus('#izdeu-query');
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await axeAudit(page), [], `search page, ${colorScheme}`);
    // The reader page a result opens, with its highlights.
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-izdeu-highlighted'));
    assert.deepEqual(await axeAudit(page), [], `reader page, ${colorScheme}`);
    await page.close();
  }
});

test('embedded in a page with aggressive CSS it still looks and works right (screenshot in the README)', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url + HOST);
  await ready(page);
  await page.keyboard.press('/');
  await page.keyboard.type('жасанды интеллект', { delay: 5 });
  await waitForWidget(page, (root) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length > 2);
  await page.keyboard.press('ArrowDown');
  const look = await inWidget(page, (root) => {
    const css = (el) => getComputedStyle(el);
    const input = root.getElementById('izdeu-query');
    const title = root.querySelector('.title');
    const li = root.querySelector('li');
    const mark = root.querySelector('mark');
    const box = input.getBoundingClientRect();
    return {
      input: { display: css(input).display, height: box.height, width: box.width, transform: css(input).textTransform, color: css(input).color, font: css(input).fontFamily, fontSize: parseFloat(css(input).fontSize) },
      title: { color: css(title).color, spacing: css(title).letterSpacing, transform: css(title).textTransform },
      li: { float: css(li).float, listStyle: css(li).listStyleType, border: css(li).borderTopStyle },
      mark: css(mark).backgroundColor,
      lineHeight: parseFloat(css(root.querySelector('.izdeu-snippet')).lineHeight) / parseFloat(css(root.querySelector('.izdeu-snippet')).fontSize),
    };
  });
  assert.equal(look.input.display, 'block');
  assert.ok(look.input.height > 30 && look.input.height < 80, `input height ${look.input.height}`);
  assert.ok(look.input.width > 300, `input width ${look.input.width}`);
  assert.ok(look.input.fontSize >= 14 && look.input.fontSize <= 20, `font size ${look.input.fontSize}`);
  assert.equal(look.input.transform, 'none');
  assert.notEqual(look.input.color, 'rgb(204, 0, 0)');
  assert.doesNotMatch(look.input.font, /Courier/);
  assert.equal(look.title.color, 'rgb(106, 27, 154)', 'the theme colour comes through --izdeu-accent');
  assert.equal(look.title.transform, 'none');
  assert.equal(look.title.spacing, 'normal');
  assert.deepEqual(look.li, { float: 'none', listStyle: 'none', border: 'none' });
  assert.equal(look.mark, 'rgb(243, 217, 255)', 'marks keep the theme, not the page\'s black');
  assert.ok(look.lineHeight < 2, `line height ${look.lineHeight}`);
  const overflow = await page.evaluate(() => {
    const host = document.querySelector('izdeu-search');
    const right = host.getBoundingClientRect().right;
    return [...host.shadowRoot.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > right + 0.5).map((e) => e.tagName + '.' + e.className);
  });
  assert.deepEqual(overflow, [], 'everything stays inside the element\'s box');
  // The README shows this screenshot. It is rewritten when missing or asked for
  // (IZDEU_UPDATE_SCREENSHOT=1), so a test run leaves the committed one alone.
  const shot = join(ROOT, 'tests/browser/screenshots/embed.png');
  const update = process.env.IZDEU_UPDATE_SCREENSHOT === '1' || !existsSync(shot);
  mkdirSync(join(ROOT, 'tests/browser/screenshots'), { recursive: true });
  const png = await page.screenshot({ path: update ? shot : join(scratch, 'embed.png') });
  assert.ok(png.length > 10000, 'a real screenshot');
  // And it works: Enter opens the active result.
  await Promise.all([page.waitForURL(/\/www\/docs\/.+#page-\d+$/), page.keyboard.press('Enter')]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a narrow phone screen nothing overflows sideways, and a long title takes two lines', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await page.goto(server.url + 'www/index.html');
  await ready(page);
  await page.fill('#izdeu-query', 'құқықтық мемлекет');
  await waitForWidget(page, (root) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length > 0 && !root.querySelector('.filters').hidden);
  const layout = await page.evaluate(() => {
    const root = document.querySelector('izdeu-search').shadowRoot;
    const right = Math.max(...[...root.querySelectorAll('input, a, .filters *')].map((e) => e.getBoundingClientRect().right));
    return { scroll: document.documentElement.scrollWidth, width: innerWidth, right, inputHeight: root.getElementById('izdeu-query').getBoundingClientRect().height };
  });
  assert.ok(layout.scroll <= layout.width, `page scrolls sideways: ${JSON.stringify(layout)}`);
  assert.ok(layout.right <= layout.width + 0.5, `something sticks out: ${JSON.stringify(layout)}`);
  assert.ok(layout.inputHeight >= 44, `the box is a comfortable touch target: ${layout.inputHeight}`);
  // A long title takes two lines at most, and the page number stays in sight below it.
  const titles = await page.evaluate(() => {
    const root = document.querySelector('izdeu-search').shadowRoot;
    return [...root.querySelectorAll('[role=option]:not(.same-title)')].map((option) => {
      const title = option.querySelector('.title');
      const where = option.querySelector('.izdeu-page-number').getBoundingClientRect();
      const box = title.getBoundingClientRect();
      return { lines: box.height / parseFloat(getComputedStyle(title).lineHeight), cut: title.scrollHeight > title.clientHeight + 1,
        whereBelow: where.top >= box.bottom - 1, whereShown: where.height > 0 && /\d/.test(option.querySelector('.izdeu-page-number').innerText) };
    });
  });
  assert.ok(titles.length > 0);
  assert.ok(titles.every((t) => t.lines <= 2.05 && t.whereBelow && t.whereShown), JSON.stringify(titles));
  assert.ok(titles.some((t) => t.cut), `a title longer than two lines is cut: ${JSON.stringify(titles)}`);
  await page.close();
});

test('pages of one article in a row show its title once; a screen reader still hears it with each', async () => {
  const { page, errors } = await open(browser, server.url + 'www/index.html');
  await ready(page);
  await page.fill('#izdeu-query', 'the rights of the child');
  await waitForWidget(page, (root) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length === 10);
  const options = await inWidget(page, (root) => [...root.querySelectorAll('[role=option]')].map((option) => {
    const title = option.querySelector('.title');
    return { title: title.textContent, doc: new URL(option.href).pathname, grouped: option.classList.contains('same-title'),
      titleHeight: title.getBoundingClientRect().height, where: option.querySelector('.izdeu-page-number').innerText.trim(),
      indent: option.querySelector('.izdeu-snippet').getBoundingClientRect().left - option.getBoundingClientRect().left,
      heard: option.textContent };
  }));
  options.forEach((option, i) => {
    const above = options[i - 1];
    const same = !!above && above.doc === option.doc && above.title === option.title;
    assert.equal(option.grouped, same, `option ${i}: ${JSON.stringify(option)}`);
    assert.ok(same ? option.titleHeight <= 1 : option.titleHeight > 10, `option ${i}'s title shown: ${JSON.stringify(option)}`);
    assert.match(option.where, same ? /^page \d+$/ : /^· page \d+$/);
    assert.ok(option.heard.startsWith(option.title), 'the title is in the option\'s text');
    if (same) assert.ok(option.indent > options[0].indent + 10, `a page under its article is indented: ${option.indent} vs ${options[0].indent}`);
  });
  assert.ok(options.filter((o) => o.grouped).length >= 3, JSON.stringify(options.map((o) => o.title)));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a reader page highlights a word that says little (the, of) only in the phrase the snippet marked it in', async () => {
  const { page, errors } = await open(browser, server.url + 'www/index.html');
  await ready(page);
  await page.fill('#izdeu-query', 'the rights of the child');
  await waitForWidget(page, (root) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length > 0);
  const href = await inWidget(page, (root) => root.querySelector('[role=option]').href);
  assert.match(new URL(href).searchParams.get('izdeu-hl'), /(^| )the_rights_of_the_child( |$)/);
  await page.goto(href);
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-izdeu-highlighted'));
  const { words, inSection } = await highlights(page);
  assert.ok(inSection > 0 && words.some((w) => /^the\s+rights\s+of\s+the\s+child$/.test(w)), JSON.stringify(words));
  assert.ok(words.includes('rights') || words.includes('child'), `the words that say something stand alone too: ${JSON.stringify(words)}`);
  assert.deepEqual(words.filter((w) => w === 'the' || w === 'of'), [], 'no the or of highlighted alone');
  assert.deepEqual(errors, []);
  await page.close();
});

test('from disk (file://): the keyboard session reaches a highlighted reader page', async () => {
  const { page, errors } = await open(browser, pathToFileURL(join(ROOT, HOST)).href);
  const url = await keyboardSession(page, 'кибербезопасность', 'кибербезопасность');
  assert.equal(url.protocol, 'file:');
  assert.deepEqual(errors, []);
  await page.close();
});

test('offline.html alone (copied anywhere) searches and reads from file:// with no other file', async () => {
  const lonely = join(scratch, 'usb-stick');
  mkdirSync(lonely, { recursive: true });
  copyFileSync(join(WWW, 'offline.html'), join(lonely, 'offline.html'));
  const page = await browser.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  // Every status the widget shows: it says so while it rebuilds the index.
  await page.addInitScript(() => {
    window.statuses = [];
    const watch = () => {
      const status = document.querySelector('izdeu-search')?.shadowRoot?.getElementById('izdeu-status');
      if (!status) { requestAnimationFrame(watch); return; }
      window.statuses.push(status.textContent);
      new MutationObserver(() => window.statuses.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
    };
    watch();
  });
  await page.goto(pathToFileURL(join(lonely, 'offline.html')).href);
  await ready(page);
  const statuses = await page.evaluate(() => window.statuses);
  assert.ok(statuses.includes('Preparing the search…'), JSON.stringify(statuses));
  assert.match(statuses.at(-1), /^5 documents, \d+ pages\. Type to search; words in "quotes" are found as a phrase\.$/);
  await page.keyboard.type('кибербезопасность');
  await waitForWidget(page, (root) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length > 0);
  const marks = await inWidget(page, (root) => [...root.querySelectorAll('[role=option] mark')].map((m) => m.textContent.toLowerCase()));
  assert.ok(marks.includes('кибербезопасность'), JSON.stringify(marks));
  // A text document's units are pages, as the engine says (an HTML site's are sections).
  const where = await inWidget(page, (root) => root.querySelector('[role=option] .izdeu-page-number').textContent);
  assert.match(where, /^ · page \d+$/);
  // It carries no reader pages: a result opens the document inside the file, at its page.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await waitForWidget(page, (root) => !root.getElementById('izdeu-reader').hidden);
  const reader = await inWidget(page, (root) => {
    const params = new URLSearchParams(location.hash.slice(1));
    const section = root.getElementById(params.get('at'));
    const marks = [...section.querySelectorAll('mark')];
    const box = marks[0].getBoundingClientRect();
    return {
      doc: params.get('izdeu-read'),
      marks: marks.map((m) => m.textContent.toLowerCase()),
      heading: section.querySelector(':is(h3, h4):not(.part)').textContent,
      visible: box.top >= 0 && box.bottom <= innerHeight,
      resultsHidden: root.getElementById('izdeu-results').hidden,
      sections: root.querySelectorAll('#izdeu-reader section').length,
    };
  });
  assert.match(reader.doc, /\.txt$/);
  assert.equal(reader.heading, where.replace(' · ', ''));
  assert.ok(reader.marks.includes('кибербезопасность'), JSON.stringify(reader.marks));
  assert.ok(reader.visible, 'the first marked word is on screen');
  assert.ok(reader.resultsHidden && reader.sections > 1, JSON.stringify(reader));
  // Back (the browser's, or the link) returns to the results.
  await page.goBack();
  await waitForWidget(page, (root) => root.getElementById('izdeu-reader').hidden && !root.getElementById('izdeu-results').hidden);
  assert.deepEqual(requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:')), [pathToFileURL(join(lonely, 'offline.html')).href]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('offline.html\'s reader shows each page\'s paragraphs and each document\'s parts as the reader pages do', async () => {
  // Two renderings of one text (the reader pages written by `izdeu build`, offline.html's
  // from its own copy of the documents): line ends re-flowed and hyphenation joined alike.
  const { page, errors } = await open(browser, pathToFileURL(join(WWW, 'offline.html')).href);
  await ready(page);
  const docs = readdirSync(join(WWW, 'docs')).filter((name) => name.endsWith('.txt.html'));
  assert.ok(docs.length >= 5, JSON.stringify(docs));
  let contentsSeen = 0;
  let mostParts = [null, 0];
  for (const name of docs) {
    await page.evaluate((doc) => { location.hash = new URLSearchParams({ 'izdeu-read': doc }).toString(); }, name.replace(/\.html$/, ''));
    await waitForWidget(page, (root, doc) => !root.getElementById('izdeu-reader').hidden
      && root.querySelector('#izdeu-reader h2').textContent !== '' && root.querySelectorAll('#izdeu-reader section').length > 0
      && new URLSearchParams(location.hash.slice(1)).get('izdeu-read') === doc, name.replace(/\.html$/, ''));
    // Each section: its anchor, the heading of the part it begins (if any), its paragraphs;
    // and the contents of a document of several parts.
    const offline = await inWidget(page, (root) => ({
      sections: [...root.querySelectorAll('#izdeu-reader section')]
        .map((section) => [section.id, section.querySelector('.part')?.textContent, [...section.querySelectorAll('p')].map((p) => p.textContent)]),
      contents: [...root.querySelectorAll('#izdeu-reader nav a')]
        .map((a) => [new URLSearchParams(new URL(a.href).hash.slice(1)).get('at'), a.textContent]),
    }));
    const built = await browser.newPage();
    await built.goto(pathToFileURL(join(WWW, 'docs', name)).href);
    const pages = await built.evaluate(() => ({
      sections: [...document.querySelectorAll('main section')]
        .map((section) => [section.id, section.querySelector('.izdeu-part')?.textContent, [...section.querySelectorAll('p')].map((p) => p.textContent)]),
      contents: [...document.querySelectorAll('main nav a')].map((a) => [a.getAttribute('href').slice(1), a.textContent]),
    }));
    await built.close();
    assert.ok(pages.sections.length > 0, name);
    assert.deepEqual(offline, pages, name);
    contentsSeen += pages.contents.length;
    if (pages.contents.length > mostParts[1]) mostParts = [name.replace(/\.html$/, ''), pages.contents.length];
  }
  // The journal issue lists its articles, the thesis its chapters.
  assert.ok(contentsSeen >= 10, `${contentsSeen} parts in the contents`);
  // A part chosen from the contents is shown from its first page.
  await page.evaluate((doc) => { location.hash = new URLSearchParams({ 'izdeu-read': doc }).toString(); }, mostParts[0]);
  await waitForWidget(page, (root) => root.querySelectorAll('#izdeu-reader nav a').length > 2);
  const [anchor, part] = await inWidget(page, (root) => {
    const link = root.querySelectorAll('#izdeu-reader nav a')[2];
    link.click();
    return [new URLSearchParams(new URL(link.href).hash.slice(1)).get('at'), link.textContent];
  });
  await waitForWidget(page, (root, at) => new URLSearchParams(location.hash.slice(1)).get('at') === at
    && root.getElementById(at)?.querySelector('.part'), anchor);
  const shown = await inWidget(page, (root, at) => {
    const section = root.getElementById(at);
    const box = section.getBoundingClientRect();
    return [section.querySelector('.part').textContent, box.top >= -1 && box.top < innerHeight / 2];
  }, anchor);
  assert.deepEqual(shown, [part, true]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('offline.html is at most 0.6× the corpus, and the index it rebuilds answers as the one built', async () => {
  const corpus = join(ROOT, 'corpus');
  const corpusBytes = readdirSync(corpus, { recursive: true })
    .map((name) => statSync(join(corpus, name)))
    .filter((file) => file.isFile())
    .reduce((sum, file) => sum + file.size, 0);
  const offlineBytes = statSync(join(WWW, 'offline.html')).size;
  assert.ok(offlineBytes <= 0.6 * corpusBytes,
    `offline.html is ${offlineBytes} bytes, ${(offlineBytes / corpusBytes).toFixed(3)}× the corpus (${corpusBytes} bytes)`);
  // Every known-item query, with its hits, scores, snippets and counts.
  const queries = readFileSync(join(ROOT, 'tests/data/dev-queries.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).query);
  const answers = async (url) => {
    const { page, errors } = await open(browser, url);
    const results = await page.evaluate(async (all) => {
      const out = [];
      for (const query of all) out.push(await window.izdeu.query(query, { limit: 10 }));
      return out;
    }, queries);
    assert.deepEqual(errors, [], url);
    await page.close();
    return results;
  };
  // The search page from disk loads the index `izdeu build` wrote (izdeu-index.js).
  const built = await answers(pathToFileURL(join(WWW, 'index.html')).href);
  const offline = await answers(pathToFileURL(join(WWW, 'offline.html')).href);
  assert.equal(offline.length, queries.length);
  assert.ok(built.every((r) => r.hits.length > 0));
  queries.forEach((query, i) => assert.deepEqual(offline[i], built[i], query));
});

// What src/output.rs writes into offline.html: 7 bits a character, an escaped group and
// the next one in one character from U+0100 (U+0400 and up: an escaped group at the end).
function base122(bytes) {
  const escaped = [0, 10, 13, 34, 92, 60];
  const groups = [];
  let bits = 0;
  let count = 0;
  for (const byte of bytes) {
    bits = ((bits << 8) | byte) & 0x7fff;
    count += 8;
    while (count >= 7) { count -= 7; groups.push((bits >> count) & 0x7f); }
  }
  if (count > 0) groups.push((bits << (7 - count)) & 0x7f);
  let out = '';
  for (let i = 0; i < groups.length; i++) {
    const k = escaped.indexOf(groups[i]);
    if (k < 0) out += String.fromCharCode(groups[i]);
    else if (i + 1 < groups.length) out += String.fromCharCode(0x100 + 128 * k + groups[++i]);
    else out += String.fromCharCode(0x100 + 128 * 6 + k);
  }
  return out;
}

test('a damaged offline.html says what is wrong and how to fix it', async () => {
  const html = readFileSync(join(WWW, 'offline.html'), 'utf8');
  const [, payload] = /"documents": "([^"]*)"/.exec(html);
  const middle = payload.length >> 1;
  // An index whose bytes changed after it was written, well packed.
  const flipped = readFileSync(join(WWW, 'izdeu.idx'));
  flipped[flipped.length >> 1] ^= 0x10;
  const cases = [
    // The gzip stream's own checksum catches it.
    ['a changed letter', payload.slice(0, middle) + (payload[middle] === 'A' ? 'B' : 'A') + payload.slice(middle + 1), /its documents cannot be unpacked \(damaged gzip data\)/],
    ['a character no encoder writes', payload.slice(0, middle) + '\u20ac' + payload.slice(middle + 1), /its documents cannot be unpacked \(character 20ac is not base-122\)/],
    // Unpacked well, then the index's checksum catches it.
    ['a flipped bit, packed again', base122(gzipSync(flipped)), /index is corrupt: checksum/],
  ];
  for (const [what, damaged, message] of cases) {
    const file = join(scratch, 'damaged-offline.html');
    writeFileSync(file, html.replace(payload, () => damaged));
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await waitForWidget(page, (root) => root.querySelector('.izdeu-error'));
    const status = await inWidget(page, (root) => root.getElementById('izdeu-status').textContent);
    assert.match(status, /offline\.html is damaged: /, what);
    assert.match(status, message, what);
    assert.match(status, /izdeu build/, `${what}: the message says how to fix it`);
    assert.equal(await inWidget(page, (root) => root.getElementById('izdeu-query').disabled), true, what);
    await page.close();
  }
});

test('a website: main content indexed, results link to the pages\' own sections, filters by language', async () => {
  // The search page of the output folder inside the site.
  const { page, errors } = await open(browser, siteServer.url + '_izdeu/index.html');
  await ready(page);
  await page.fill('#izdeu-query', 'университет');
  await waitForWidget(page, (root) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length === 3);
  const hrefs = await inWidget(page, (root) => [...root.querySelectorAll('[role=option]')].map((a) => a.getAttribute('href')));
  // Each with the words to highlight, and a Text Fragment for browsers that have them.
  assert.ok(hrefs.every((h) => /\?izdeu-hl=[^#]+#[a-z]+:~:text=/.test(h)), JSON.stringify(hrefs));
  const pages = hrefs.map((h) => h.replace(/\?[^#]*/, '').replace(/:~:.*$/, '')).sort();
  assert.deepEqual(pages, ['../index.html#about', '../ru/about.html#about', '../ru/about.html#dormitory']);
  // A section after a page's first is titled by the page's title and its heading.
  const shown = await inWidget(page, (root) => [...root.querySelectorAll('[role=option]')].map((a) => a.querySelector('.title').textContent + a.querySelector('.izdeu-page-number').textContent));
  assert.deepEqual(shown.sort(), ['Об университете · section 1', 'Об университете › Общежитие · section 2', 'Университет туралы · section 1']);
  // Language chips with counts; choosing Russian leaves the Russian sections.
  const chips = await inWidget(page, (root) => [...root.querySelectorAll('.chip')].map((c) => c.textContent));
  assert.deepEqual(chips, ['Kazakh (1)', 'Russian (2)']);
  await page.click('.chip >> text=Russian');
  await waitForWidget(page, (root) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length === 2);
  const after = await inWidget(page, (root) => ({
    docs: [...root.querySelectorAll('[role=option]')].map((a) => new URL(a.href).pathname),
    pressed: [...root.querySelectorAll('.chip')].map((c) => c.getAttribute('aria-pressed')),
    status: root.getElementById('izdeu-status').textContent,
  }));
  assert.deepEqual(after.docs, ['/ru/about.html', '/ru/about.html']);
  assert.deepEqual(after.pressed, ['false', 'true']);
  assert.match(after.status, /^2 results/);
  // Document filter: the select lists the matching pages by title, with counts.
  const options = await inWidget(page, (root) => [...root.querySelectorAll('select option')].map((o) => o.textContent));
  assert.deepEqual(options, ['All documents (2)', 'Об университете (2)']);
  // Words only in navigation, footers, scripts or ignored blocks are not found.
  for (const word of ['менюсілтемесі', 'footerword', 'жасырынсөз', 'scriptword']) {
    const hits = await page.evaluate((w) => izdeu.search(w), word);
    assert.deepEqual(hits, [], word);
  }
  assert.deepEqual(errors, []);
  await page.close();

  // The widget in a page's header (Russian UI from the page's lang), opening a section of
  // the site's own page, where izdeu-reader.js highlights the words.
  const ru = await open(browser, siteServer.url + 'ru/about.html');
  await ready(ru.page);
  await ru.page.keyboard.press('/');
  await ru.page.keyboard.type('общежитие');
  await waitForWidget(ru.page, (root) => root.querySelector('[role=listbox]').getAttribute('aria-busy') !== 'true' && root.querySelectorAll('[role=option]').length > 0);
  assert.match(await inWidget(ru.page, (root) => root.getElementById('izdeu-status').textContent), /^1 результат/);
  await ru.page.keyboard.press('ArrowDown');
  await Promise.all([ru.page.waitForURL(/izdeu-hl=/), ru.page.keyboard.press('Enter')]);
  const url = new URL(ru.page.url());
  assert.equal(url.pathname, '/ru/about.html');
  // (Chromium keeps the Text Fragment directive in location.hash when it did not apply it.)
  assert.equal(url.hash.split(':~:')[0], '#dormitory');
  await ru.page.waitForFunction(() => document.documentElement.hasAttribute('data-izdeu-highlighted'));
  const seen = await highlights(ru.page);
  assert.ok(seen.inSection > 0 && seen.words.includes('общежитие'), JSON.stringify(seen));
  assert.deepEqual(ru.errors, []);
  await ru.page.close();
});
