// MiniSearch 7.2: the index built in node (JSON.stringify), loaded with MiniSearch.loadJSON.
import MiniSearch from './lib/minisearch.js';
import { SETTINGS } from './settings.js';
import { fetchText, hit, rangesForTerms, snippet, start } from './common.js';

let ms;
start({
  async load() {
    ms = MiniSearch.loadJSON(await fetchText('minisearch-index.json'), SETTINGS.minisearch);
  },
  search(query, limit) {
    // Results carry the stored fields and the index terms that matched (fuzzy, prefix).
    return ms.search(query).slice(0, limit)
      .map((r) => hit(r, r.score, snippet(r.text, rangesForTerms(r.text, r.terms, false))));
  },
});
