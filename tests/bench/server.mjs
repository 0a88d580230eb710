// A tiny static file server on 127.0.0.1 for the benchmark: serves a folder, with a
// brotli or gzip variant when the browser accepts one, and logs every response (path,
// encoding, body bytes sent, when) so the driver can tell what a page transferred. The
// compressed variants are computed with node's zlib and cached (in memory, and on disk by
// content when `keepCompressedIn` is called); `fileSizes(path)` gives all three.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.idx': 'application/octet-stream', '.bin': 'application/octet-stream',
};

// Files named by a hash of their content never change under that name, so a real host
// lets browsers keep them: izdeu's index chunks (t3-1a2b3c4d.bin) and Pagefind's index
// files (ru_11167dd.pf_fragment). Everything else is sent no-store. Each engine starts in a
// fresh browser context, with an empty cache.
const CONTENT_ADDRESSED = /(-[0-9a-f]{8}\.bin|_[0-9a-f]{7,}\.pf_[a-z]+)$/;

// Brotli at its best setting (11) is slow, ~0.3 MB/s: files above 4 MiB get quality 9
// (~2 MB/s, ~10% larger) and above 32 MiB quality 7 (~6 MB/s), and the report says so.
export const BROTLI_11_LIMIT = 4 << 20;
export const BROTLI_9_LIMIT = 32 << 20;

const cache = new Map(); // absolute path -> { mtimeMs, raw, gzip, br, brQuality }

// Pagefind's bundle files are gzip-compressed by pagefind itself and served as they are.
const PRECOMPRESSED = /\.(pf_[a-z]+|pagefind)$/;

const brotliOptions = (raw, quality) => ({
  params: {
    [constants.BROTLI_PARAM_QUALITY]: quality,
    [constants.BROTLI_PARAM_LGWIN]: 24,
    [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
  },
});
const qualityFor = (raw) => raw.length > BROTLI_9_LIMIT ? 7 : raw.length > BROTLI_11_LIMIT ? 9 : 11;

// Compressed variants kept on disk by a hash of the content and of zlib's versions: index
// chunks and libraries come out the same run after run, and brotli 11 over the 25,000
// chunks of a 100 MB index takes minutes.
let store = null;

/** Keeps compressed variants in `dir` from now on, and reuses those found there. */
export function keepCompressedIn(dir) {
  mkdirSync(dir, { recursive: true });
  store = dir;
}

function storeKey(raw) {
  if (!store) return null;
  const hash = createHash('sha256').update(`${process.versions.zlib}/${process.versions.brotli}\n`).update(raw);
  return join(store, hash.digest('hex'));
}

function fromStore(key, brQuality) {
  if (!key) return null;
  try {
    return { gzip: readFileSync(`${key}.gz9`), br: readFileSync(`${key}.br${brQuality}`) };
  } catch {
    return null;
  }
}

function toStore(key, brQuality, gz, br) {
  if (!key) return;
  for (const [name, bytes] of [[`${key}.gz9`, gz], [`${key}.br${brQuality}`, br]]) {
    const partial = `${name}.${process.pid}.partial`; // renamed once whole: never half a file
    writeFileSync(partial, bytes);
    renameSync(partial, name);
  }
}

function cached(file) {
  const stat = statSync(file);
  const hit = cache.get(file);
  return hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size ? hit : null;
}

function variants(file) {
  const hit = cached(file);
  if (hit) return hit;
  const stat = statSync(file);
  const raw = readFileSync(file);
  if (PRECOMPRESSED.test(file)) {
    const entry = { mtimeMs: stat.mtimeMs, size: stat.size, raw, gzip: null, br: null, brQuality: null };
    cache.set(file, entry);
    return entry;
  }
  const brQuality = qualityFor(raw);
  const key = storeKey(raw);
  let compressed = fromStore(key, brQuality);
  if (!compressed) {
    compressed = { gzip: gzipSync(raw, { level: 9 }), br: brotliCompressSync(raw, brotliOptions(raw, brQuality)) };
    toStore(key, brQuality, compressed.gzip, compressed.br);
  }
  const entry = { mtimeMs: stat.mtimeMs, size: stat.size, raw, ...compressed, brQuality };
  cache.set(file, entry);
  return entry;
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Compresses `files` ahead, on every core (zlib's thread pool), biggest first. */
export async function prepare(files) {
  const todo = files.filter((f) => !PRECOMPRESSED.test(f) && !cached(f))
    .map((f) => ({ file: f, size: statSync(f).size })).sort((a, b) => b.size - a.size);
  const jobs = [];
  for (const { file } of todo) {
    jobs.push(async () => {
      const stat = statSync(file);
      const raw = readFileSync(file);
      const brQuality = qualityFor(raw);
      const key = storeKey(raw);
      const kept = fromStore(key, brQuality);
      if (kept) {
        cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, raw, ...kept, brQuality });
        return;
      }
      const [gz, br] = await Promise.all([gzipAsync(raw, { level: 9 }), brotliAsync(raw, brotliOptions(raw, brQuality))]);
      toStore(key, brQuality, gz, br);
      cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, raw, gzip: gz, br, brQuality });
    });
  }
  // Two jobs (gzip + brotli) per file in flight: enough to keep every core busy.
  const lanes = Math.max(1, Math.ceil(availableParallelism() / 2));
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < jobs.length) await jobs[next++]();
  }));
}

/** Sizes of one file as served raw, gzip -9 and brotli. */
export function fileSizes(file) {
  const v = variants(file);
  if (!v.gzip) return { raw: v.raw.length, gzip: v.raw.length, br: v.raw.length, brQuality: null, precompressed: true };
  return { raw: v.raw.length, gzip: v.gzip.length, br: v.br.length, brQuality: v.brQuality };
}

/** Drops cached variants (big files) once a corpus size is done. */
export function forget(prefix) {
  for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
}

/**
 * Serves `root` on 127.0.0.1; resolves to { url, log, close }. Pages are served
 * cross-origin isolated (COOP + COEP), so performance.now() has its fine resolution.
 */
export function serve(root) {
  root = resolve(root);
  const log = [];
  const server = createServer((request, response) => {
    let path;
    try {
      path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    } catch {
      response.writeHead(400).end();
      return;
    }
    const file = join(root, path.endsWith('/') ? path + 'index.html' : path);
    if (!file.startsWith(root)) { response.writeHead(403).end(); return; }
    let v;
    try {
      v = variants(file);
    } catch {
      response.writeHead(404).end('not found');
      log.push({ path, status: 404, encoding: 'identity', bytes: 0, at: performance.now() });
      return;
    }
    const accept = String(request.headers['accept-encoding'] || '');
    const encoding = !v.gzip ? 'identity' : /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : 'identity';
    const body = encoding === 'br' ? v.br : encoding === 'gzip' ? v.gzip : v.raw;
    const headers = {
      'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'content-length': body.length,
      'cache-control': CONTENT_ADDRESSED.test(file) ? 'public, max-age=31536000, immutable' : 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cross-origin-resource-policy': 'same-origin',
      vary: 'accept-encoding',
    };
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    response.writeHead(200, headers);
    response.end(body);
    log.push({ path, status: 200, encoding, bytes: body.length, file, at: performance.now() });
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready({
    url: `http://127.0.0.1:${server.address().port}/`,
    log,
    close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(done); }),
  })));
}
