// Settings shared by the index builders (build-peers.mjs, in node) and the pages (in the
// browser): each peer set up for fuzzy, prefix, multilingual search as its documentation
// recommends. Results shown: the top 10, each with a snippet.
export const LIMIT = 10;

export const SETTINGS = {
  // MiniSearch 7: fuzzy 0.2 (edit distance up to 20% of the term's length) and prefix
  // search, title boosted; stored fields give the unit's text back for the snippet.
  minisearch: {
    idField: 'id',
    fields: ['title', 'text'],
    storeFields: ['doc', 'page', 'start', 'end', 'title', 'text'],
    searchOptions: { boost: { title: 2 }, fuzzy: 0.2, prefix: true },
  },
  // FlexSearch 0.8: a Document index with the "forward" tokenizer (prefixes, for search as
  // you type), its store on, and the search options "suggest" (partial matches) and
  // "highlight" (its own <mark>ed excerpt around the matches).
  flexsearch: {
    document: {
      id: 'id',
      store: ['doc', 'page', 'start', 'end', 'title', 'text'],
      index: [
        { field: 'title', tokenize: 'forward' },
        { field: 'text', tokenize: 'forward' },
      ],
    },
  },
  flexsearchQuery: {
    suggest: true, enrich: true, merge: true,
    highlight: { template: '<mark>$1</mark>', boundary: 240 },
  },
  // lunr 2 with lunr-languages: the "multi" plugin over English and Russian (Russian
  // stemmer, trimmer and stop words cover Kazakh's Cyrillic letters too); each query word
  // is searched as typed (through the pipeline), as a prefix (word*) and with one edit (word~1).
  lunr: { languages: ['en', 'ru'], fields: { title: 2, text: 1 } },
  // Fuse.js 7: token search (each word fuzzy-matched on its own, BM25-like ranking),
  // matches anywhere in the text (ignoreLocation), match indices for highlighting.
  fuse: {
    keys: [{ name: 'title', weight: 2 }, { name: 'text', weight: 1 }],
    options: {
      useTokenSearch: true, ignoreLocation: true, includeMatches: true, includeScore: true,
      minMatchCharLength: 2,
    },
  },
  // Pagefind 1.6: one HTML page per unit, the whole site indexed as one language
  // (--force-language; it splits an index per language otherwise), its own excerpts.
  pagefind: { language: 'ru', options: { excerptLength: 30 } },
};
