//! The `izdeu` command line: `build`, `search` and `eval`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::thread;
use std::time::Instant;

use serde::Deserialize;

use crate::analysis::{self, language::Lang, LineEndHyphen};
use crate::corpus::{self, CorpusError, CorpusFile, Document, Skipped};
use crate::output;
use crate::index::{chunks, format, parallel, AnalyzedDocument, FormatError, IndexWriter};
use crate::search::{Hit, Searcher};

mod progress;
use progress::Progress;

/// The index file name inside an output folder.
pub const INDEX_FILE: &str = "izdeu.idx";
/// The same index as a classic script, for pages opened from disk where `fetch` is blocked.
pub const INDEX_SCRIPT: &str = "izdeu-index.js";
/// The size and checksum of the index, as a classic script: the page checks that the
/// index it loaded is the one this build wrote (not a stale copy from a cache).
pub const MANIFEST_SCRIPT: &str = "izdeu-manifest.js";
/// The chunked index, which the page reads over http: a directory file and the chunks
/// a query fetches as it needs them.
pub const CHUNKS_DIR: &str = "izdeu-index";

const USAGE: &str = "\
izdeu: client-side search for Kazakh, Russian and English documents

Usage:
  izdeu build CORPUS_DIR --out OUT_DIR [--assets DIR] [--title TITLE] [--base-url URL]
                                           index .txt/.md/.html files for the search page;
                                           --assets: copy the page and widget from DIR
                                           (www/ as ./build.sh built it) and write
                                           offline.html, headed TITLE (else the name of
                                           CORPUS_DIR); --base-url: link results of .html
                                           pages to URL/PATH instead of relative links
  izdeu search INDEX [QUERY] [--json] [--limit N]
                                           INDEX is izdeu.idx or the folder holding it;
                                           words in quotes are a phrase (quote them
                                           for the shell too: '\"құқықтық мемлекет\"');
                                           without QUERY: one query per line on stdin,
                                           one JSON array of hits per line on stdout
  izdeu eval QUERIES.jsonl INDEX [--min CATEGORY=MRR]...
                                           MRR@10 and success@1 per category
";

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    match run() {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("izdeu: {message}");
            if message.starts_with("usage") {
                eprint!("\n{USAGE}");
            }
            1
        }
    }
}

fn run() -> Result<(), String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next().map_err(|e| e.to_string())? {
        Some(Value(v)) => v.string().map_err(|e| e.to_string())?,
        Some(Long("help") | Short('h')) | None => return say(format_args!("{USAGE}")),
        Some(other) => return Err(format!("usage: unexpected {}", other.unexpected())),
    };
    let mut positional: Vec<String> = Vec::new();
    let mut out: Option<PathBuf> = None;
    let mut json = false;
    let mut limit = 10usize;
    let mut minimums: Vec<String> = Vec::new();
    let mut site = BuildOptions::default();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("out") | Short('o') => out = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Long("json") => json = true,
            Long("assets") => site.assets = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Long("base-url") => site.base_url = Some(parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?),
            Long("title") => site.title = Some(parser.value().map_err(|e| e.to_string())?.string().map_err(|e| format!("--title is not UTF-8: {e:?}"))?),
            Long("limit") | Short('n') => {
                let value = parser.value().map_err(|e| e.to_string())?;
                limit = value.parse().map_err(|e| format!("usage: --limit takes a number: {e}"))?;
            }
            Long("min") => minimums.push(parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?),
            Long("help") | Short('h') => return say(format_args!("{USAGE}")),
            Value(v) => positional.push(v.string().map_err(|e| format!("argument is not UTF-8: {e:?}"))?),
            other if command == "search" => {
                return Err(format!(
                    "usage: unexpected {}; a query that begins with '-' goes last, after `--`: izdeu search INDEX [--json] [--limit N] -- QUERY",
                    other.unexpected()
                ))
            }
            other => return Err(format!("usage: unexpected {}", other.unexpected())),
        }
    }
    match (command.as_str(), positional.as_slice()) {
        ("build", [corpus_dir]) => {
            let out = out.ok_or("usage: izdeu build CORPUS_DIR --out OUT_DIR")?;
            build(Path::new(corpus_dir), &out, &site)
        }
        ("search", [index]) => search_batch(Path::new(index), limit),
        ("search", [index, query @ ..]) => search_once(Path::new(index), &query.join(" "), limit, json),
        ("eval", [queries, index]) => eval(Path::new(queries), Path::new(index), &minimums),
        (command, _) => Err(format!("usage: wrong arguments for `{command}`")),
    }
}

/// What `izdeu build` writes besides the index.
#[derive(Debug, Default)]
struct BuildOptions {
    /// A built page folder (www/) to copy the page, widget and engine from.
    assets: Option<PathBuf>,
    /// The absolute URL the corpus folder is published at, for links to its HTML pages.
    base_url: Option<String>,
    /// offline.html's title and heading.
    title: Option<String>,
}

fn build(corpus_dir: &Path, out: &Path, options: &BuildOptions) -> Result<(), String> {
    let started = Instant::now();
    if out.exists() && !out.is_dir() {
        return Err(format!("--out {} is a file: pass the folder to write the index and page into (made if missing)", out.display()));
    }
    if let Some(assets) = &options.assets {
        output::check_assets(assets)?;
    }
    // The build's own output is never read back as documents: the output folder, or when
    // it is the corpus folder itself (`izdeu build . --out .`), the reader pages in it.
    let same = fs::canonicalize(corpus_dir).ok().is_some_and(|c| fs::canonicalize(out).is_ok_and(|o| o == c));
    let exclude = if same { out.join("docs") } else { out.to_owned() };
    let listing = corpus::list_files(corpus_dir, Some(&exclude)).map_err(|e| e.to_string())?;
    let progress = Progress::new(listing.total_len());
    // HTML pages (a site) are linked to where they are, relative to the output folder,
    // which must exist for that: made at the first such page, so that a corpus without
    // documents leaves nothing behind.
    let site = OnceLock::new();
    let site_base = || match &options.base_url {
        Some(url) => output::SiteBase::Absolute(url.clone()),
        None => output::SiteBase::Relative(output::relative_folder_url(out, corpus_dir).unwrap_or_default()),
    };
    // Runs on the reading threads: each document's reader page is written as it is read.
    let publish = |analyzed: &AnalyzedDocument| {
        let doc = analyzed.document();
        if output::is_site_page(&doc.path) {
            fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
            Ok(output::site_page_url(site.get_or_init(site_base), &url_escape(&doc.path)))
        } else {
            write_file(&out.join(reader_page_url(doc)), reader_page(doc, &analyzed.languages()).as_bytes())?;
            Ok(url_escape(&reader_page_url(doc)))
        }
    };
    // Skipped files are reported in corpus order as the build reaches them; those before
    // the first document wait, as with no document at all they make up the error instead.
    let mut skipped = listing.skipped;
    let mut indexed_any = false;
    let merged = |file: &CorpusFile, outcome: Result<(), &str>| {
        progress.advance(file.len);
        match outcome {
            Ok(()) => indexed_any = true,
            Err(reason) => skipped.push(Skipped { path: file.path.clone(), reason: reason.to_owned() }),
        }
        if indexed_any {
            for skip in skipped.drain(..) {
                progress.line(&format!("izdeu: skipped {}: {}", skip.path.display(), skip.reason));
            }
        }
    };
    let threads = thread::available_parallelism().map_or(1, usize::from);
    let mut writer = parallel::index_files(&listing.files, threads, publish, merged)?;
    if writer.doc_count() == 0 {
        return Err(CorpusError::NoDocuments(corpus_dir.to_owned(), skipped).to_string());
    }
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    // The reader pages were written from the texts as read: those of documents with
    // words kept hyphenated across a line end again, as the index stores them.
    for (doc, langs) in writer.resolve_line_hyphenation() {
        if !output::is_site_page(&doc.path) {
            write_file(&out.join(reader_page_url(&doc)), reader_page(&doc, &langs).as_bytes())?;
        }
    }
    if let Some(assets) = &options.assets {
        output::copy_assets(assets, out)?;
    }
    let (docs, units, terms) = (writer.doc_count(), writer.unit_count(), writer.term_count());
    let folder = || corpus_dir.canonicalize().ok().and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    let title = options.title.clone().or_else(folder);
    let title = title.as_deref().unwrap_or("izdeu");
    // offline.html is the longest to write (the documents gzip-compressed) and needs only
    // the documents, final now: they are encoded and written on a thread of their own
    // while the index is sorted and written on the other.
    let documents = output::has_engine(out).then(|| writer.documents());
    progress.writing(INDEX_FILE);
    let (index_len, offline) = thread::scope(|scope| {
        let offline = documents.map(|documents| {
            scope.spawn(move || {
                let bytes = format::write(&documents);
                drop(documents);
                output::write_offline(out, &bytes, title)
            })
        });
        let index_len = write_index(out, writer, &progress);
        if offline.is_some() {
            progress.writing(output::OFFLINE_PAGE);
        }
        (index_len, offline.map(join).transpose())
    });
    let index_len = index_len?;
    let offline = match offline? {
        Some(size) => format!("; {} ({size} bytes)", out.join(output::OFFLINE_PAGE).display()),
        None => "; no page or offline.html: pass --assets www (the folder ./build.sh built)".to_owned(),
    };
    progress.finish();
    say(format_args!(
        "indexed {docs} documents, {units} units, {terms} distinct terms into {} ({} bytes) in {:.2} s{offline}\n",
        out.join(INDEX_FILE).display(),
        index_len,
        started.elapsed().as_secs_f64()
    ))
}

/// Writes the index whole (izdeu.idx and izdeu-index.js) and chunked (izdeu-index/), and
/// the manifest naming both; returns the size of izdeu.idx.
fn write_index(out: &Path, writer: IndexWriter, progress: &Progress) -> Result<usize, String> {
    let contents = writer.into_contents();
    // The two forms are encoded side by side.
    let (whole, chunk_files) = thread::scope(|scope| {
        let chunked = scope.spawn(|| chunks::write(&contents));
        (format::write(&contents), join(chunked))
    });
    // The chunked index is tens of thousands of small files, slow to create, and the
    // script a third larger than the index: each is written on a thread of its own while
    // the index is, and the contents (millions of small allocations) are freed on another.
    let (whole_written, script_written, chunks_written) = thread::scope(|scope| {
        scope.spawn(move || drop(contents));
        let chunked = scope.spawn(|| write_chunks(&out.join(CHUNKS_DIR), &chunk_files));
        let script = scope.spawn(|| write_index_script(&out.join(INDEX_SCRIPT), &whole));
        let written = write_file(&out.join(INDEX_FILE), &whole);
        progress.writing(CHUNKS_DIR);
        (written, join(script), join(chunked))
    });
    whole_written?;
    script_written?;
    chunks_written?;
    // The directory (meta.idx) comes first.
    let manifest = manifest_json(&whole, &chunk_files[0].1);
    write_file(&out.join(MANIFEST_SCRIPT), format!("window.IZDEU_MANIFEST = {manifest};\n").as_bytes())?;
    Ok(whole.len())
}

/// The result of a thread of the build; its panic, if it panicked, goes on as this thread's.
fn join<T>(handle: thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Prints to standard output: a closed or full stdout is an error, not a panic.
fn say(args: std::fmt::Arguments) -> Result<(), String> {
    io::stdout().lock().write_fmt(args).map_err(|e| format!("cannot write to standard output: {e}"))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Where a document's readable page lives, relative to the search page.
fn reader_page_url(doc: &Document) -> String {
    format!("docs/{}.html", doc.path)
}

/// A readable page of the document with one anchored section per unit, whose languages
/// are `langs`.
fn reader_page(doc: &Document, langs: &[Lang]) -> String {
    let depth = doc.path.matches('/').count() + 1;
    let home = "../".repeat(depth);
    // The page's language is its units' most common one; a unit in another says so.
    let main = Lang::ALL.into_iter().filter(|l| *l != Lang::Unknown).max_by_key(|l| (langs.iter().filter(|u| *u == l).count(), std::cmp::Reverse(*l as u8)));
    let main = main.filter(|l| langs.contains(l)).unwrap_or(Lang::Unknown);
    let lang_attr = |l: Lang| if l == Lang::Unknown { String::new() } else { format!(" lang=\"{}\"", l.code()) };
    // The texts, escaped, are most of the page.
    let mut html = String::with_capacity(doc.units.iter().map(|u| u.text.len() + 64).sum::<usize>() + 1024);
    let _ = write!(
        html,
        "<!doctype html>\n<html{}><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"icon\" href=\"{home}favicon.svg\"><link rel=\"stylesheet\" href=\"{home}izdeu.css\">\
         <script src=\"{home}izdeu-reader.js\" defer></script></head>\n<body class=\"izdeu-reader\"><main>\
         <p><a href=\"{home}index.html\" lang=\"en\">← search</a></p><h1>{title}</h1>\n",
        lang_attr(main),
        title = escape(&doc.title)
    );
    let headings: Vec<&str> = doc.units.iter().map(|u| u.heading.as_str()).collect();
    let parts = corpus::part_names(&doc.title, &headings);
    let lang_of = |lang: Lang| if lang == main || lang == Lang::Unknown { String::new() } else { lang_attr(lang) };
    // A document of several parts opens with their contents; each part's heading stands
    // above its first page, the pages' numbers a level below.
    let several = parts.iter().any(Option::is_some);
    if several {
        html.push_str("<nav aria-label=\"Contents\"><ol>");
        for ((unit, name), &lang) in doc.units.iter().zip(&parts).zip(langs) {
            if let Some(name) = name {
                let _ = write!(html, "<li{}><a href=\"#{}\">{}</a></li>", lang_of(lang), escape(&unit.anchor), escape(name));
            }
        }
        html.push_str("</ol></nav>\n");
    }
    let level = if several { 3 } else { 2 };
    for ((unit, name), &lang) in doc.units.iter().zip(&parts).zip(langs) {
        let _ = write!(html, "<section id=\"{}\"{}>", escape(&unit.anchor), lang_of(lang));
        if let Some(name) = name {
            let _ = write!(html, "<h2 class=\"izdeu-part\">{}</h2>", escape(name));
        }
        let _ = write!(html, "<h{level}>{}</h{level}>", unit.page);
        for paragraph in paragraphs(&unit.text) {
            html.push_str("<p>");
            escape_into(&mut html, &paragraph);
            html.push_str("</p>");
        }
        html.push_str("</section>\n");
    }
    html.push_str("</main></body></html>\n");
    html
}

/// Paragraphs of extracted text: split at blank lines, lines re-flowed, words
/// hyphenated across line ends joined, a number keeping its hyphen (`213-\nбабы`).
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut paragraph = String::new();
    for block in text.split("\n\n") {
        let mut lines = block.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
        let Some(first) = lines.peek() else { continue };
        if !paragraph.is_empty() && !goes_on(&paragraph, first) {
            out.push(std::mem::take(&mut paragraph));
        }
        for line in lines {
            match paragraph.strip_suffix('-').map(|p| analysis::line_end_hyphen(p.chars().next_back(), line.chars().next())) {
                Some(LineEndHyphen::Joined) => {
                    paragraph.pop();
                }
                Some(LineEndHyphen::Kept) => {}
                _ if !paragraph.is_empty() => paragraph.push(' '),
                _ => {}
            }
            paragraph.push_str(line);
        }
    }
    if !paragraph.is_empty() {
        out.push(paragraph);
    }
    out
}

/// Whether a block beginning with `line` goes on the `paragraph` before it: double-spaced
/// text (a thesis) puts every line in a block of its own, so a blank line ends a paragraph
/// only where a sentence may end or the next block does not begin in lowercase.
fn goes_on(paragraph: &str, line: &str) -> bool {
    !paragraph.ends_with(['.', '!', '?', ':', ';']) && line.trim_start_matches(['«', '"', '“', '(']).chars().next().is_some_and(char::is_lowercase)
}

pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape`] does.
fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Runs of plain text are copied whole: the reader pages escape the whole corpus.
    let mut plain = 0;
    let mut at = 0;
    while at < bytes.len() {
        let (replacement, len) = match bytes[at] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            // NUL and other controls (C0, DEL, and C1: U+0080–U+009F, 0xC2 0x80–0x9F in
            // UTF-8) are not HTML text (a parse error, or U+FFFD).
            b'\t' | b'\n' | b'\r' => ("", 0),
            0..=0x1f | 0x7f => ("", 1),
            0xc2 if bytes.get(at + 1).is_some_and(|b| (0x80..=0x9f).contains(b)) => ("", 2),
            _ => ("", 0),
        };
        if len == 0 {
            at += 1;
            continue;
        }
        out.push_str(&text[plain..at]);
        out.push_str(replacement);
        at += len;
        plain = at;
    }
    out.push_str(&text[plain..]);
}

/// A file path as a relative link: the characters that would end the path or change its
/// meaning in a URL, or end an HTML attribute (`%#?\`, quotes, `<>`, spaces, controls...),
/// percent-encoded; the rest (letters of any script) as it is.
fn url_escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        let special = matches!(c, '%' | '#' | '?' | '\\' | '"' | '\'' | '<' | '>' | '`' | '^' | '{' | '|' | '}');
        if special || c.is_control() || c.is_whitespace() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `{format, bytes, checksum, chunked: {bytes, checksum}}`: what the page expects to load,
/// the whole index (from disk) or the chunked index's directory (over http).
fn manifest_json(bytes: &[u8], meta: &[u8]) -> String {
    let checksum = |bytes| format::header_checksum(bytes).unwrap_or(0);
    format!(
        "{{\"format\": {}, \"bytes\": {}, \"checksum\": {}, \"chunked\": {{\"bytes\": {}, \"checksum\": {}}}}}",
        format::FORMAT_VERSION,
        bytes.len(),
        checksum(bytes),
        meta.len(),
        checksum(meta)
    )
}

/// Writes the chunked index into `dir`, and removes the chunks of earlier builds there
/// (a new build names changed chunks anew).
fn write_chunks(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let current: HashSet<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    // The files there now and their sizes: a rebuild leaves most chunks as they were.
    let mut existing: HashMap<String, u64> = HashMap::new();
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".bin") && !current.contains(name.as_str()) {
            fs::remove_file(entry.path()).map_err(|e| format!("cannot remove the stale chunk {}: {e}", entry.path().display()))?;
        } else if let Ok(meta) = entry.metadata() {
            existing.insert(name, meta.len());
        }
    }
    // A file already holding its bytes is not written again: rewriting tens of thousands
    // of files costs seconds (every block freed and allocated anew), reading them a
    // fraction of that. The folder is there: no `create_dir_all` per file.
    let mut old = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        if existing.get(name.as_str()) == Some(&(bytes.len() as u64)) && read_into(&path, &mut old).is_ok() && old == *bytes {
            continue;
        }
        fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Reads the file at `path` into `buffer`, replacing what it held.
fn read_into(path: &Path, buffer: &mut Vec<u8>) -> io::Result<()> {
    use io::Read;
    buffer.clear();
    fs::File::open(path)?.read_to_end(buffer).map(drop)
}

/// Writes `window.IZDEU_INDEX = "<base64>"`: the index as a classic script, encoded a
/// piece at a time (whole, it would be a third larger than the index, in memory twice).
fn write_index_script(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let write = || {
        let mut file = io::BufWriter::new(fs::File::create(path)?);
        file.write_all(b"window.IZDEU_INDEX = \"")?;
        // Pieces of a multiple of 3 bytes encode to the base64 of the whole, without padding between.
        for piece in bytes.chunks(3 << 16) {
            file.write_all(base64(piece).as_bytes())?;
        }
        file.write_all(b"\";\n")?;
        file.flush()
    };
    write().map_err(|e: io::Error| format!("cannot write {}: {e}", path.display()))
}

pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digit = |n: u32, k: u32| ALPHABET[(n >> (18 - 6 * k)) as usize & 63];
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut chunks = bytes.chunks_exact(3);
    for chunk in &mut chunks {
        let n = u32::from(chunk[0]) << 16 | u32::from(chunk[1]) << 8 | u32::from(chunk[2]);
        out.extend_from_slice(&[digit(n, 0), digit(n, 1), digit(n, 2), digit(n, 3)]);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let n = u32::from(rest[0]) << 16 | u32::from(*rest.get(1).unwrap_or(&0)) << 8;
        let third = if rest.len() == 2 { digit(n, 2) } else { b'=' };
        out.extend_from_slice(&[digit(n, 0), digit(n, 1), third, b'=']);
    }
    // Only ASCII was written.
    String::from_utf8(out).unwrap_or_default()
}

fn open_searcher(path: &Path) -> Result<Searcher<Vec<u8>>, String> {
    let file = if path.is_dir() { path.join(INDEX_FILE) } else { path.to_owned() };
    let bytes = fs::read(&file).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => format!("no index at {}: run `izdeu build CORPUS_DIR --out DIR` first", file.display()),
        _ => format!("cannot read index {}: {e}", file.display()),
    })?;
    // Opening walks the whole term dictionary. An fst damaged on purpose, with both
    // checksums recomputed, makes the fst crate panic there (and only there: searches visit
    // the same nodes); report it as the corrupt index it is.
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let opened = std::panic::catch_unwind(move || Searcher::open(bytes));
    std::panic::set_hook(quiet);
    let malformed = FormatError::Corrupt { section: "TERMS", what: "malformed fst" };
    opened.unwrap_or(Err(malformed)).map_err(|e| format!("{}: {e}", file.display()))
}

fn search_once(index: &Path, query: &str, limit: usize, json: bool) -> Result<(), String> {
    let searcher = open_searcher(index)?;
    let hits = searcher.search(query, limit).map_err(|e| e.to_string())?;
    let mut stdout = io::stdout().lock();
    if json {
        let line = serde_json::to_string(&hits).map_err(|e| e.to_string())?;
        writeln!(stdout, "{line}").map_err(|e| e.to_string())?;
        return Ok(());
    }
    let color = stdout.is_terminal();
    if hits.is_empty() {
        writeln!(stdout, "no results for {query:?}").map_err(|e| e.to_string())?;
    }
    for (rank, hit) in hits.iter().enumerate() {
        writeln!(stdout, "{}. {} — {} {} ({})\n   {}\n", rank + 1, hit.title, hit.kind.name(), hit.page, hit.doc, terminal_snippet(&hit.snippet, color))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A snippet for the terminal: marks in bold yellow (or «brackets» when not a terminal),
/// words marked side by side as one (a phrase reads «the rights of the child», not «the»
/// «rights» «of» «the» «child»), entities decoded.
fn terminal_snippet(snippet: &str, color: bool) -> String {
    let (open, close) = if color { ("\x1b[1;33m", "\x1b[0m") } else { ("«", "»") };
    snippet
        .replace("</mark> <mark>", " ")
        .replace("<mark>", open)
        .replace("</mark>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn search_batch(index: &Path, limit: usize) -> Result<(), String> {
    let searcher = open_searcher(index)?;
    let stdin = io::stdin().lock();
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    for line in stdin.split(b'\n') {
        let line = line.map_err(|e| format!("cannot read standard input: {e}"))?;
        // A line that is not UTF-8 is still a query, so every line gets its line of output.
        let query = String::from_utf8_lossy(&line);
        let query = query.strip_suffix('\r').unwrap_or(&query);
        let hits = searcher.search(query, limit).map_err(|e| e.to_string())?;
        let json = serde_json::to_string(&hits).map_err(|e| e.to_string())?;
        writeln!(stdout, "{json}").map_err(|e| e.to_string())?;
    }
    stdout.flush().map_err(|e| e.to_string())
}

#[derive(Deserialize)]
struct KnownItem {
    category: String,
    query: String,
    doc: String,
    start: u64,
    end: u64,
}

/// A hit wider than this does not count: results must point to pages, not documents.
const MAX_HIT_BYTES: u64 = 20_000;

fn eval(queries: &Path, index: &Path, minimums: &[String]) -> Result<(), String> {
    let searcher = open_searcher(index)?;
    let text = fs::read_to_string(queries).map_err(|e| format!("cannot read {}: {e}", queries.display()))?;
    let mut per_category: Vec<(String, Vec<Option<usize>>)> = Vec::new();
    let started = Instant::now();
    let mut count = 0;
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let item: KnownItem = serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", queries.display(), n + 1))?;
        let hits = searcher.search(&item.query, 10).map_err(|e| e.to_string())?;
        let rank = hits.iter().position(|h| is_correct(&item, h)).map(|r| r + 1);
        match per_category.iter_mut().find(|(c, _)| *c == item.category) {
            Some((_, ranks)) => ranks.push(rank),
            None => per_category.push((item.category.clone(), vec![rank])),
        }
        count += 1;
    }
    let elapsed = started.elapsed();
    let all: Vec<Option<usize>> = per_category.iter().flat_map(|(_, r)| r.clone()).collect();
    per_category.push(("ALL".into(), all));
    say(format_args!("| category | n | MRR@10 | success@1 | success@3 |\n|---|---|---|---|---|\n"))?;
    let mut short = Vec::new();
    for (category, ranks) in &per_category {
        let n = ranks.len() as f64;
        // A fold from 0.0: an empty float sum is -0.0, which would print as "-0.000".
        let mrr = ranks.iter().flatten().fold(0.0, |sum, &r| sum + 1.0 / r as f64) / n;
        let at = |k: usize| ranks.iter().flatten().filter(|&&r| r <= k).count() as f64 / n;
        say(format_args!("| {category} | {} | {mrr:.3} | {:.3} | {:.3} |\n", ranks.len(), at(1), at(3)))?;
        for minimum in minimums {
            if let Some((c, value)) = minimum.split_once('=') {
                if c == category && value.parse::<f64>().is_ok_and(|v| mrr < v) {
                    short.push(format!("{category} {mrr:.3} < {value}"));
                }
            }
        }
    }
    say(format_args!("\n{count} queries in {:.1} ms ({:.3} ms per query)\n", elapsed.as_secs_f64() * 1e3, elapsed.as_secs_f64() * 1e3 / count.max(1) as f64))?;
    if short.is_empty() {
        Ok(())
    } else {
        Err(format!("below the minimum: {}", short.join(", ")))
    }
}

fn is_correct(item: &KnownItem, hit: &Hit) -> bool {
    hit.doc == item.doc && hit.end >= hit.start && hit.end - hit.start <= MAX_HIT_BYTES && hit.start < item.end && hit.end > item.start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0x00, 0x01]), "//4AAQ==");
        assert_eq!(base64(&[0xfb, 0xff, 0xbf, 0x00, 0x10]), "+/+/ABA=");
    }

    #[test]
    fn escape_replaces_markup_and_drops_controls() {
        let text = "a<b>&\"'\0\u{1f}\u{7f}\u{80}\u{9f}\u{a0}\u{c2}ә\t\n\r€𝔸";
        assert_eq!(escape(text), "a&lt;b&gt;&amp;&quot;&#39;\u{a0}\u{c2}ә\t\n\r€𝔸");
        let every: String = (0..0x800).filter_map(char::from_u32).collect();
        let kept: String = every.chars().filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect();
        assert_eq!(escape(&every), kept.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;"));
    }

    #[test]
    fn a_terminal_snippet_marks_words_side_by_side_as_one() {
        let snippet = "the <mark>rights</mark> <mark>of</mark> <mark>the</mark> <mark>child</mark>, <mark>law</mark> &amp; <mark>order</mark>";
        assert_eq!(terminal_snippet(snippet, false), "the «rights of the child», «law» & «order»");
        assert_eq!(terminal_snippet("<mark>a</mark> <mark>b</mark>", true), "\x1b[1;33ma b\x1b[0m");
    }

    #[test]
    fn paragraphs_reflow_and_join_hyphenation() {
        assert_eq!(paragraphs(" Бірінші жол ис-\nпользования\n\nЕкінші"), ["Бірінші жол использования", "Екінші"]);
        assert_eq!(paragraphs("(ҚПК 213-\nбабы), 12-\n13 бет, COVID-\n19, заң -\nбап"), ["(ҚПК 213-бабы), 12-13 бет, COVID-19, заң - бап"]);
    }

    #[test]
    fn double_spaced_lines_make_one_paragraph() {
        let thesis = "Зерттеу құндылығын заңнама мен сот тәжірибесін \n\nжетілдірудегі заң жобасы қуаттайды. \n\nЗерттеу нәтижелері \n\n«Азаматтық процестік құқық» пәні \n\n \n\nбойынша қолда-\n\nнылады: \n\nа) бірінші;\n\nә) екінші";
        assert_eq!(
            paragraphs(thesis),
            [
                "Зерттеу құндылығын заңнама мен сот тәжірибесін жетілдірудегі заң жобасы қуаттайды.",
                "Зерттеу нәтижелері",
                "«Азаматтық процестік құқық» пәні бойынша қолданылады:",
                "а) бірінші;",
                "ә) екінші"
            ]
        );
    }
}
