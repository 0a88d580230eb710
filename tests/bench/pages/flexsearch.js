// FlexSearch 0.8.212: a Document index exported in node (index.export), imported here.
import { Document } from './lib/flexsearch.js';
import { SETTINGS } from './settings.js';
import { fetchJson, hit, rangesForTerms, snippet, start } from './common.js';

let index;
start({
  async load() {
    const payload = await fetchJson('flexsearch-index.json');
    index = new Document(SETTINGS.flexsearch);
    for (const [key, data] of Object.entries(payload)) await index.import(key, data);
  },
  search(query, limit) {
    const { highlight, ...options } = SETTINGS.flexsearchQuery;
    // FlexSearch gives no matched terms: highlight words that begin with a query word.
    const terms = (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []);
    return index.search({ query, limit, ...options })
      .map((r, rank) => hit(r.doc, -rank, snippet(r.doc.text, rangesForTerms(r.doc.text, terms, true))));
  },
});
