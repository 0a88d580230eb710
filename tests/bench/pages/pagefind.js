// Pagefind 1.6: its search bundle (pagefind/), built by the pagefind binary from one HTML
// page per unit; results and excerpts (with <mark>) are fetched in chunks as needed.
import { SETTINGS } from './settings.js';
import { start } from './common.js';

let pagefind;
start({
  async load() {
    pagefind = await import('./pagefind/pagefind.js');
    await pagefind.options(SETTINGS.pagefind.options);
    await pagefind.init();
  },
  async search(query, limit) {
    const found = await pagefind.search(query);
    if (!found || !found.results) return [];
    // The excerpts of the shown results: one fragment each.
    const data = await Promise.all(found.results.slice(0, limit).map((r) => r.data()));
    return data.map((d, i) => {
      const { doc, page, start, end, title } = d.meta;
      return {
        doc, page: Number(page), start: Number(start), end: Number(end), title,
        url: `docs/${doc}.html#page-${page}`, score: found.results[i].score, snippet: d.excerpt,
      };
    });
  },
});
