// Fuse.js 7.5: the index built in node (Fuse.createIndex), parsed with Fuse.parseIndex.
import Fuse from './lib/fuse.js';
import { SETTINGS } from './settings.js';
import { fetchJson, hit, snippet, start } from './common.js';

let fuse;
start({
  async load() {
    const [index, docs] = await Promise.all([fetchJson('fuse-index.json'), fetchJson('docs.json')]);
    fuse = new Fuse(docs, { ...SETTINGS.fuse.options, keys: SETTINGS.fuse.keys }, Fuse.parseIndex(index));
  },
  search(query, limit) {
    if (!query.trim()) return [];
    return fuse.search(query, { limit }).map((r) => {
      const ranges = (r.matches || []).filter((m) => m.key === 'text')
        .flatMap((m) => m.indices.map(([s, e]) => [s, e + 1]))
        .filter(([s, e]) => e - s >= 2);
      return hit(r.item, -r.score, snippet(r.item.text, ranges));
    });
  },
});
