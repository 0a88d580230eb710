// What every peer page shares: a snippet with <mark>ed matches for each shown result (a
// window of about 240 characters around the most matches, as izdeu's snippets are), the
// result list the reader sees, and window.bench = { ready, search(query, {limit}) } with
// izdeu's hit shape { doc, page, start, end, title, url, score, snippet }.
import { LIMIT } from './settings.js';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ESCAPES[c]);

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Ranges [start, end) of the words of `text` that match one of `terms` (lowercase):
 * equal to it, or beginning with it when `prefix` (stems, typed prefixes).
 */
export function rangesForTerms(text, terms, prefix) {
  const wanted = terms.filter((t) => t.length >= (prefix ? 2 : 1));
  const ranges = [];
  if (!wanted.length) return ranges;
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (wanted.some((t) => (prefix ? word.startsWith(t) : word === t))) {
      ranges.push([match.index, match.index + match[0].length]);
    }
  }
  return ranges;
}

const WIDTH = 240;

/** HTML: the window of `text` with the most `ranges`, matches in <mark>, whitespace collapsed. */
export function snippet(text, ranges) {
  ranges = ranges.slice().sort((a, b) => a[0] - b[0]);
  let from = 0;
  if (ranges.length) {
    let best = 0;
    let bestCount = 0;
    for (let i = 0, j = 0; i < ranges.length; i++) {
      if (j < i) j = i;
      while (j + 1 < ranges.length && ranges[j + 1][1] <= ranges[i][0] + WIDTH) j++;
      if (j - i + 1 > bestCount) { bestCount = j - i + 1; best = i; }
    }
    from = Math.max(0, ranges[best][0] - 40);
    // Start at a word.
    while (from > 0 && /[\p{L}\p{N}]/u.test(text[from - 1])) from--;
  }
  let to = Math.min(text.length, from + WIDTH);
  while (to < text.length && /[\p{L}\p{N}]/u.test(text[to])) to++;
  const collapse = (s) => escapeHtml(s.replace(/\s+/g, ' '));
  let html = from > 0 ? '… ' : '';
  let at = from;
  for (const [s, e] of ranges) {
    if (e <= at || s >= to) continue;
    const start = Math.max(s, at);
    const end = Math.min(e, to);
    html += collapse(text.slice(at, start)) + '<mark>' + collapse(text.slice(start, end)) + '</mark>';
    at = end;
  }
  html += collapse(text.slice(at, to)) + (to < text.length ? ' …' : '');
  return html.trim();
}

export function hit(unit, score, snippetHtml) {
  return {
    doc: unit.doc, page: unit.page, start: unit.start, end: unit.end, title: unit.title,
    url: `docs/${unit.doc}.html#page-${unit.page}`, score, snippet: snippetHtml,
  };
}

export async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return response.json();
}

export async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return response.text();
}

/** `engine`: { load(): Promise, search(query, limit): hits | Promise<hits> }. */
export function start(engine) {
  const loaded = engine.load();
  window.bench = {
    ready: loaded.then(() => true),
    search: (query, options) => loaded.then(() => engine.search(String(query), (options && options.limit) || LIMIT)),
  };
  const results = document.getElementById('results');
  const status = document.getElementById('status');
  const query = new URLSearchParams(location.search).get('q');
  loaded.then(async () => {
    if (!query) { status.textContent = 'ready'; return; }
    const hits = await window.bench.search(query, { limit: LIMIT });
    for (const h of hits) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = h.url;
      link.textContent = `${h.title} · page ${h.page}`;
      const p = document.createElement('p');
      p.innerHTML = h.snippet;
      item.append(link, p);
      results.append(item);
    }
    status.textContent = `${hits.length} results`;
  }, (error) => {
    status.textContent = 'error: ' + (error && error.message || error);
    console.error(error);
  });
}
