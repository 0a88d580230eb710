// Builds one peer engine's search files for a corpus, the way its documentation says to
// ship a prebuilt index to a page:
//
//   node tests/bench/build-peers.mjs ENGINE CORPUS_DIR OUT_DIR
//
// ENGINE is minisearch | flexsearch | lunr | fuse | pagefind-html. Prints one JSON line:
// { units, buildMs, files } (buildMs: from the units in memory to the index written).
// The page side of each engine is pages/ENGINE.js; the settings below and there match.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readUnits } from './units.mjs';
import { SETTINGS } from './pages/settings.js';

const require = createRequire(import.meta.url);
const [engine, corpusDir, outDir] = process.argv.slice(2);
if (!engine || !corpusDir || !outDir) {
  console.error('usage: node build-peers.mjs ENGINE CORPUS_DIR OUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const units = readUnits(corpusDir);
const docs = units.map(({ doc, page, start, end, title, text }) => ({ doc, page, start, end, title, text }));
const files = [];
const write = (name, text) => {
  writeFileSync(join(outDir, name), text);
  files.push(name);
};

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const started = performance.now();
if (engine === 'minisearch') {
  const { default: MiniSearch } = await import('minisearch');
  const ms = new MiniSearch(SETTINGS.minisearch);
  ms.addAll(units);
  // Stored fields carry the unit text for snippets.
  write('minisearch-index.json', JSON.stringify(ms));
} else if (engine === 'flexsearch') {
  const { Document } = await import('flexsearch');
  const index = new Document(SETTINGS.flexsearch);
  for (const unit of units) index.add(unit);
  const payload = {};
  await index.export((key, data) => { payload[key] = data; });
  write('flexsearch-index.json', JSON.stringify(payload));
} else if (engine === 'lunr') {
  const lunr = require('lunr');
  require('lunr-languages/lunr.stemmer.support.js')(lunr);
  require('lunr-languages/lunr.ru.js')(lunr);
  require('lunr-languages/lunr.multi.js')(lunr);
  const idx = lunr(function () {
    this.use(lunr.multiLanguage(...SETTINGS.lunr.languages));
    this.ref('id');
    for (const [name, boost] of Object.entries(SETTINGS.lunr.fields)) this.field(name, { boost });
    for (const unit of units) this.add(unit);
  });
  write('lunr-index.json', JSON.stringify(idx));
  // lunr keeps no documents: the page needs their text for snippets.
  write('docs.json', JSON.stringify(docs));
} else if (engine === 'fuse') {
  const { default: Fuse } = await import('fuse.js');
  const index = Fuse.createIndex(SETTINGS.fuse.keys, docs);
  write('fuse-index.json', JSON.stringify(index.toJSON()));
  write('docs.json', JSON.stringify(docs));
} else if (engine === 'pagefind-html') {
  // Pagefind indexes a built site: one HTML page per unit; the pagefind binary runs next.
  rmSync(join(outDir, 'units'), { recursive: true, force: true });
  mkdirSync(join(outDir, 'units'));
  for (const unit of units) {
    const html = `<!doctype html><html lang="${SETTINGS.pagefind.language}"><head><meta charset="utf-8">` +
      `<title>${escapeHtml(unit.title)}</title></head><body><main data-pagefind-body ` +
      `data-pagefind-meta="doc:${escapeHtml(unit.doc)}, page:${unit.page}, start:${unit.start}, end:${unit.end}">` +
      `<h1>${escapeHtml(unit.title)}</h1><p>${escapeHtml(unit.text)}</p>` +
      `</main></body></html>\n`;
    writeFileSync(join(outDir, 'units', `${unit.id}.html`), html);
  }
} else {
  console.error(`unknown engine ${engine}`);
  process.exit(2);
}
console.log(JSON.stringify({ units: units.length, buildMs: performance.now() - started, files }));
