// lunr 2.3.9 + lunr-languages 1.22 (stemmer support, ru, multi: loaded as classic scripts
// before this module). The index built in node, loaded with lunr.Index.load; lunr keeps no
// documents, so their text comes in docs.json.
import { SETTINGS } from './settings.js';
import { fetchJson, hit, rangesForTerms, snippet, start } from './common.js';

const lunr = window.lunr;
let idx;
let docs;
start({
  async load() {
    // Registers the combined en+ru pipeline functions the serialized index refers to.
    lunr.multiLanguage(...SETTINGS.lunr.languages);
    const [index, units] = await Promise.all([fetchJson('lunr-index.json'), fetchJson('docs.json')]);
    idx = lunr.Index.load(index);
    docs = units;
  },
  search(query, limit) {
    const words = lunr.tokenizer(query).map(String).filter((w) => /[\p{L}\p{N}]/u.test(w));
    if (!words.length) return [];
    const results = idx.query((q) => {
      for (const word of words) {
        q.term(word, { boost: 10 });
        q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 5 });
        if (word.length >= 4) q.term(word, { usePipeline: false, editDistance: 1, boost: 1 });
      }
    });
    return results.slice(0, limit).map((r) => {
      const unit = docs[r.ref];
      // The matched index terms (stems, completions, typo neighbours).
      const terms = Object.keys(r.matchData.metadata);
      return hit(unit, r.score, snippet(unit.text, rangesForTerms(unit.text, terms, true)));
    });
  },
});
