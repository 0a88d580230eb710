// The units izdeu indexes, split the same way in JS so every engine searches the same
// pages: in a .txt file a new page begins at a form feed or at a line that starts with a
// space or a tab (src/corpus/text.rs). Units without a letter or digit are dropped and the
// text is NFC-composed, as izdeu does.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

function listTxt(root, dir = root, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listTxt(root, path, out);
    else if (entry.name.toLowerCase().endsWith('.txt')) out.push(path);
  }
  return out;
}

/** Page boundaries of one text, as [start, end) string offsets. */
export function pageRanges(source) {
  const ranges = [];
  let pageStart = 0;
  let lineStart = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    const startsPage = (i === lineStart && i > pageStart && (c === 32 || c === 9)) || c === 12;
    if (startsPage && i > 0) {
      ranges.push([pageStart, i]);
      pageStart = i;
    }
    if (c === 10) lineStart = i + 1;
  }
  ranges.push([pageStart, source.length]);
  return ranges;
}

const METADATA = ['УДК', 'ӘОЖ', 'МРНТИ', 'ГРНТИ', 'ХҒТАР', 'DOI', 'ISSN', 'UDC'];

/** A title close to izdeu's: the first line of prose that is not a library code. */
export function title(source) {
  for (const raw of source.split('\n', 60)) {
    const line = raw.trim();
    const letters = (line.match(/\p{L}/gu) || []).length;
    if (letters < 3 || line.includes('@')) continue;
    const upper = line.toUpperCase();
    if (METADATA.some((code) => upper.startsWith(code))) continue;
    return line.length > 100 ? line.slice(0, 100) + '…' : line;
  }
  return '';
}

/**
 * Every unit of every .txt file under `root`, sorted by path as izdeu reads them:
 * { id, doc, page, start, end (byte offsets), title, text }.
 */
export function readUnits(root) {
  const files = listTxt(root).sort();
  const units = [];
  for (const file of files) {
    const doc = relative(root, file).split('\\').join('/');
    const source = readFileSync(file, 'utf8');
    const docTitle = title(source);
    let bytePos = 0;
    let charPos = 0;
    let page = 0;
    for (const [start, end] of pageRanges(source)) {
      // Byte offsets: advance over the text between the previous range and this one.
      bytePos += Buffer.byteLength(source.slice(charPos, start));
      const text = source.slice(start, end);
      const byteLen = Buffer.byteLength(text);
      page += 1;
      if (/[\p{L}\p{N}]/u.test(text)) {
        units.push({
          id: units.length, doc, page, start: bytePos, end: bytePos + byteLen,
          title: docTitle, text: text.normalize('NFC'),
        });
      }
      bytePos += byteLen;
      charPos = end;
    }
  }
  return units;
}
