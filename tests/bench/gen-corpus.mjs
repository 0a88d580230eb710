// Deterministic synthetic corpora from our own text, for the benchmark at larger sizes.
//
//   node tests/bench/gen-corpus.mjs SOURCE_DIR OUT_DIR MEGABYTES [SEED]
//
// Sentences of the source corpus are drawn at random (seeded) across documents and laid
// out as PDF extraction lays them out: lines of ~70 characters, words hyphenated across
// line ends now and then, a page beginning at a line that starts with a space. So that the
// vocabulary grows the way real text's does (Heaps' law, V = K·n^β, fitted on the source),
// words are perturbed: whenever the distinct words written fall behind K·n^β, the next word
// becomes a new variant of itself (another ending from the corpus, one letter changed or
// inserted); variants already made come back with a Zipf-like preference, as rarer word
// forms recur in real text. Same source, size and seed: the same bytes.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pageRanges } from './units.mjs';

const GENERATOR_VERSION = 1;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const WORD = /\p{L}+/gu;
const CYRILLIC = /[\u0400-\u04ff]/;

/** What the generator learns from the source: sentences, page lengths, endings, letters, Heaps' law. */
function learn(sourceDir) {
  const files = readdirSync(sourceDir).filter((f) => f.endsWith('.txt')).sort();
  const sentences = [];
  const pageLengths = [];
  const docLengths = [];
  const endings = { cyr: new Map(), lat: new Map() };
  const letters = { cyr: new Set(), lat: new Set() };
  const seen = new Set();
  let tokens = 0;
  const heaps = []; // [tokens, distinct] along the source, in order
  for (const file of files) {
    const source = readFileSync(join(sourceDir, file), 'utf8').normalize('NFC');
    docLengths.push(Buffer.byteLength(source));
    for (const [s, e] of pageRanges(source)) pageLengths.push(e - s);
    // Undo line-end hyphenation and line breaks, then cut into sentences.
    const prose = source.replace(/(\p{Ll})-\s*\n\s*(\p{Ll})/gu, '$1$2').replace(/\s+/g, ' ');
    for (const sentence of prose.split(/(?<=[.!?…])\s+(?=[\p{Lu}\d«"“(])/u)) {
      const s = sentence.trim();
      if (s.length >= 20 && s.length <= 600 && /\p{L}{3}/u.test(s)) sentences.push(s);
    }
    for (const match of prose.matchAll(WORD)) {
      const word = match[0].toLowerCase();
      tokens += 1;
      if (!seen.has(word)) seen.add(word);
      if ((tokens & 1023) === 0) heaps.push([tokens, seen.size]);
      const script = CYRILLIC.test(word) ? 'cyr' : 'lat';
      for (const ch of word) letters[script].add(ch);
      if (word.length >= 5) {
        for (const n of [2, 3]) {
          const ending = word.slice(-n);
          endings[script].set(ending, (endings[script].get(ending) || 0) + 1);
        }
      }
    }
  }
  heaps.push([tokens, seen.size]);
  // Least squares of log V on log n over the second half of the curve (the start is noisy).
  const pts = heaps.filter(([n]) => n >= tokens / 8).map(([n, v]) => [Math.log(n), Math.log(v)]);
  const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  const beta = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) /
    pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  const k = Math.exp(my - beta * mx);
  const topEndings = {};
  for (const script of ['cyr', 'lat']) {
    topEndings[script] = [...endings[script]].filter(([e]) => !/\d/.test(e))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 300).map(([e]) => e);
  }
  return {
    sentences, pageLengths, docLengths, endings: topEndings,
    letters: { cyr: [...letters.cyr].filter((c) => /\p{Ll}/u.test(c) && CYRILLIC.test(c)).sort(), lat: [...letters.lat].filter((c) => /[a-z]/.test(c)).sort() },
    beta, k, sourceTokens: tokens, sourceDistinct: seen.size,
  };
}

function matchCase(model, word) {
  if (model.length > 1 && model === model.toUpperCase() && model !== model.toLowerCase()) return word.toUpperCase();
  if (model[0] !== model[0].toLowerCase()) return word[0].toUpperCase() + word.slice(1);
  return word;
}

/** Variant `k` of `word`: the same for the same word and k. */
function variant(model, word, k) {
  const rand = mulberry32(fnv1a(word + '#' + k));
  const script = CYRILLIC.test(word) ? 'cyr' : 'lat';
  const letters = model.letters[script];
  const endings = model.endings[script];
  const chars = [...word];
  const roll = rand();
  let out;
  if (roll < 0.5 && endings.length) {
    const cut = 1 + Math.floor(rand() * Math.min(3, chars.length - 3));
    // Prefer frequent endings: the square pulls toward the top of the list.
    out = chars.slice(0, chars.length - cut).join('') + endings[Math.floor(rand() ** 2 * endings.length)];
  } else if (roll < 0.8) {
    const at = 1 + Math.floor(rand() * (chars.length - 2));
    chars[at] = letters[Math.floor(rand() * letters.length)];
    out = chars.join('');
  } else {
    const at = 1 + Math.floor(rand() * (chars.length - 1));
    chars.splice(at, 0, letters[Math.floor(rand() * letters.length)]);
    out = chars.join('');
  }
  return out;
}

/** Writes about `megabytes` MB of .txt documents into `outDir`; returns a summary. */
export function generate(sourceDir, outDir, megabytes, seed = 20240601) {
  const target = Math.round(megabytes * 1e6);
  const stamp = join(outDir, '.generated.json');
  const id = { generator: GENERATOR_VERSION, megabytes, seed, source: readdirSync(sourceDir).filter((f) => f.endsWith('.txt')).sort().map((f) => f + ':' + readFileSync(join(sourceDir, f)).length) };
  if (existsSync(stamp)) {
    try {
      const old = JSON.parse(readFileSync(stamp, 'utf8'));
      if (JSON.stringify(old.id) === JSON.stringify(id)) return { ...old.summary, reused: true };
    } catch { /* regenerate */ }
  }
  const started = performance.now();
  const model = learn(sourceDir);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const rand = mulberry32(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const emitted = new Set();
  const variantsMade = new Map(); // lowercase word -> variants made so far
  let tokens = 0;

  const perturb = (word) => {
    tokens += 1;
    const lower = word.toLowerCase();
    let out = lower;
    if ([...lower].length >= 4) {
      const made = variantsMade.get(lower) || 0;
      if (emitted.size < model.k * tokens ** model.beta) {
        variantsMade.set(lower, made + 1);
        out = variant(model, lower, made + 1);
      } else if (made > 0 && rand() < 0.3) {
        out = variant(model, lower, 1 + Math.floor(rand() ** 2 * made));
      }
    }
    emitted.add(out);
    return out === lower ? word : matchCase(word, out);
  };

  const wrap = (text, hyphenate) => {
    const lines = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (!word) continue;
      const width = 55 + Math.floor(rand() * 30);
      if (line.length + 1 + word.length > width && line) {
        const letters = [...word];
        if (hyphenate && letters.length >= 8 && /^\p{Ll}+$/u.test(word) && rand() < 0.15) {
          const cut = 3 + Math.floor(rand() * (letters.length - 6));
          lines.push(line + ' ' + letters.slice(0, cut).join('') + '-');
          line = letters.slice(cut).join('');
          continue;
        }
        lines.push(line);
        line = word;
      } else {
        line = line ? line + ' ' + word : word;
      }
    }
    if (line) lines.push(line);
    return lines;
  };

  let written = 0;
  let docs = 0;
  let pages = 0;
  while (written < target) {
    docs += 1;
    const docTarget = Math.min(target - written, Math.round(pick(model.docLengths) * (0.5 + rand())));
    const heading = pick(model.sentences).split(' ').slice(0, 3 + Math.floor(rand() * 4)).join(' ');
    const parts = [' ' + heading.toUpperCase() + '\n\n'];
    let docBytes = Buffer.byteLength(parts[0]);
    let firstPage = true;
    while (docBytes < docTarget) {
      pages += 1;
      const pageTarget = pick(model.pageLengths);
      let paragraph = [];
      let length = 0;
      const lines = [];
      while (length < pageTarget) {
        const sentence = pick(model.sentences).replace(WORD, perturb);
        paragraph.push(sentence);
        length += sentence.length + 1;
        if (rand() < 0.2 || length >= pageTarget) {
          lines.push(...wrap(paragraph.join(' '), true), '');
          paragraph = [];
        }
      }
      // No line but the page's first may start with a space or a tab.
      const text = lines.map((l) => l.replace(/^[ \t\f]+/, '')).join('\n');
      const page = (firstPage ? '' : ' ') + text + '\n';
      firstPage = false;
      parts.push(page);
      docBytes += Buffer.byteLength(page);
    }
    writeFileSync(join(outDir, `syn_${String(docs).padStart(4, '0')}.txt`), parts.join(''));
    written += docBytes;
  }
  const summary = {
    megabytes, seed, bytes: written, documents: docs, pages, words: tokens, distinctWords: emitted.size,
    heaps: { beta: +model.beta.toFixed(3), k: +model.k.toFixed(2), sourceWords: model.sourceTokens, sourceDistinct: model.sourceDistinct },
    seconds: +((performance.now() - started) / 1000).toFixed(1),
  };
  writeFileSync(stamp, JSON.stringify({ id, summary }, null, 1));
  return summary;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [sourceDir, outDir, megabytes, seed] = process.argv.slice(2);
  if (!sourceDir || !outDir || !megabytes) {
    console.error('usage: node gen-corpus.mjs SOURCE_DIR OUT_DIR MEGABYTES [SEED]');
    process.exit(2);
  }
  console.log(JSON.stringify(generate(sourceDir, outDir, Number(megabytes), seed ? Number(seed) : undefined)));
}
