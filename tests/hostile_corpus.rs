//! `izdeu build` over a hostile corpus, made at test time in a temporary folder: XSS
//! payloads in file names, titles and text, HTML entities, invalid UTF-8, UTF-16, NUL
//! bytes, binary files named `.txt`, empty files, a 50 MB line, a 10 MB word, markup that
//! once took quadratic time, deep folders, symlink loops, a FIFO. The build must finish,
//! name every file it skipped and why, and write nothing a browser would run. And the
//! same corpus must give the same bytes on every build.
//!
//! Run: `cargo test --release --test hostile_corpus`

#[path = "support/fuzz_checks.rs"]
mod fuzz_checks;
#[path = "support/temp_dir.rs"]
mod temp_dir;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use izdeu::search::Searcher;
use serde_json::Value;
use temp_dir::{write_file, TempDir};



/// Runs the CLI; a run that has not ended after `guard` is killed and fails the test (a
/// hang guard, far above the few seconds these take).
fn izdeu(args: &[&OsStr], guard: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_izdeu"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the izdeu binary runs");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > guard {
            let _ = child.kill();
            panic!("izdeu {args:?} did not finish within {guard:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn build(corpus: &Path, out: &Path) -> Output {
    izdeu(&[OsStr::new("build"), corpus.as_os_str(), OsStr::new("--out"), out.as_os_str()], Duration::from_secs(300))
}

fn search(out: &Path, query: &str) -> Vec<Value> {
    let result = izdeu(&[OsStr::new("search"), out.as_os_str(), OsStr::new(query), OsStr::new("--json"), OsStr::new("--limit"), OsStr::new("50")], Duration::from_secs(120));
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    serde_json::from_slice(&result.stdout).expect("a JSON array")
}

/// Every file under `root`, relative path → bytes.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// A small xorshift generator: the same "random" text every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const XSS_WORD: &str = "шабуылсөз";

/// The hostile corpus, without the large files. Returns the files that must be skipped,
/// with a word of the reason each.
fn hostile_corpus(root: &Path) -> Vec<(String, &'static str)> {
    let text = |extra: &str| {
        format!(
            " Құқықтық мемлекет {XSS_WORD}\n<script>window.__izdeuXss = 1</script> <img src=x onerror=\"window.__izdeuXss=1\"> \
             javascript:alert(1) &lt;b&gt; &amp;amp; \"quotes\" 'apostrophes' {extra}\n"
        )
    };
    // XSS payloads in file names ('/' cannot be in a name).
    write_file(root.join("\"><img src=x onerror=alert(1)>.txt"), text("атауында"));
    write_file(root.join("<svg onload=alert(1)>.md"), format!("# <script>alert('title')</script> {XSS_WORD}\n\n{}", text("markdown")));
    write_file(root.join("javascript:alert(1).html"), format!(
        "<html><head><title>&lt;img src=x onerror=alert(1)&gt; {XSS_WORD}</title><script>window.__izdeuXss=1</script></head>\
         <body><main><h1 id=\"x&quot; onmouseover=&quot;alert(1)\">Бірінші {XSS_WORD}</h1>\
         <p><a href=\"javascript:alert(1)\">сілтеме</a> &lt;script&gt;alert(1)&lt;/script&gt; &#0; &#x110000; &nbsp; &#60;iframe&#62;</p>\
         <h2 id=\"javascript:alert(1)\">Екінші</h2><p>{}</p><style>body{{display:none}}</style></main></body></html>",
        text("html")
    ));
    write_file(root.join("a#b?c%d&e.txt"), text("url"));
    write_file(root.join("back\\slash.txt"), text("slash"));
    // Text with a NUL byte past the first 8 KB is still text.
    write_file(root.join("late-nul.txt"), format!("{}{}\0 кейін", text("late"), " сөз".repeat(3000)));
    // A name that is not UTF-8.
    write_file(root.join(OsStr::from_bytes(b"bad\xffname.txt")), text("name"));
    // Deep folders.
    let mut deep = root.to_path_buf();
    for _ in 0..120 {
        deep.push("d");
    }
    write_file(deep.join("deep.txt"), text("тереңде"));
    // Markup that once took quadratic time (each end tag scanned the whole open stack;
    // each heading rescanned the section's text).
    write_file(root.join("unclosed.html"), format!("<body>{}{}<p>{XSS_WORD} тегтер</p></body>", "<div>".repeat(100_000), "</span>".repeat(100_000)));
    write_file(root.join("headings.html"), format!("<body>{}<p>{XSS_WORD} тақырыптар</p></body>", "<h1></h1>".repeat(100_000)));
    write_file(root.join("headings.md"), format!("{}\n{XSS_WORD} бөлімдер\n", "#\n".repeat(200_000)));

    let mut skipped = Vec::new();
    let mut skip = |name: &str, bytes: &[u8], reason: &'static str| {
        write_file(root.join(name), bytes);
        skipped.push((name.to_owned(), reason));
    };
    skip("latin1.txt", b"Law: \xc7\xe0\xea\xee\xed\n", "not UTF-8");
    skip("utf16.txt", &[0xff, 0xfe, b'a', 0, b'b', 0], "UTF-16");
    skip("utf16-no-bom.txt", &"law and courts".encode_utf16().flat_map(|u| u.to_le_bytes()).collect::<Vec<u8>>(), "binary");
    skip("nul.txt", "заң\0закон".as_bytes(), "binary");
    skip("zeros.txt", &[0u8; 4096], "binary");
    skip("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", "not UTF-8");
    skip("elf.md", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", "binary");
    skip("empty.txt", b"", "no text");
    skip("empty.md", b"", "no text");
    skip("empty.html", b"", "no text");
    skip("blank.txt", b" \n\t\n\x0c  \n", "no text");
    skip("punctuation.md", "— «…» • § ¶ !?".as_bytes(), "no text");
    skip("only-script.html", b"<html><head><script>alert(1)</script></head><body><script>x()</script></body></html>", "no text");

    // Symbolic links: loops, to themselves, to nothing; a folder linked to its parent.
    let link = |target: &str, name: &str| std::os::unix::fs::symlink(target, root.join(name)).unwrap();
    link("self.txt", "self.txt");
    link("loop-b.txt", "loop-a.txt");
    link("loop-a.txt", "loop-b.txt");
    link("nowhere.txt", "dangling.txt");
    link(".", "loop");
    link("..", "up");
    link("/dev/zero", "zero.txt");
    for name in ["self.txt", "loop-a.txt", "loop-b.txt", "dangling.txt", "zero.txt"] {
        skipped.push((name.to_owned(), "symbolic link to no file"));
    }
    // A FIFO named like a document: reading it would wait forever.
    let fifo = root.join("fifo.txt");
    if Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        skipped.push(("fifo.txt".to_owned(), "not a regular file"));
    }
    skipped
}

/// The reader pages izdeu writes use these elements and attributes only, and the one
/// script is izdeu's own: nothing from a document may become markup.
fn check_reader_page(name: &str, html: &str) {
    const TAGS: &[&str] = &["!doctype", "html", "head", "meta", "title", "link", "script", "body", "main", "p", "a", "h1", "h2", "h3", "section", "nav", "ol", "li"];
    const ATTRIBUTES: &[&str] = &["charset", "name", "content", "rel", "href", "src", "class", "id", "lang", "defer", "aria-label"];
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').unwrap_or_else(|| panic!("{name}: an unclosed tag"));
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        let closing = tag.starts_with('/');
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let element = tag.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        assert!(TAGS.contains(&element.as_str()), "{name}: element <{element}> in a reader page");
        if element == "!doctype" || closing {
            continue;
        }
        // Attributes: name="value" (no quote inside the value) or a bare name.
        let mut attributes = tag[element.len()..].trim_start();
        while !attributes.is_empty() {
            let name_end = attributes.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(attributes.len());
            let attribute = &attributes[..name_end];
            assert!(ATTRIBUTES.contains(&attribute), "{name}: attribute {attribute:?} in <{tag}>");
            attributes = &attributes[name_end..];
            if let Some(after) = attributes.strip_prefix("=\"") {
                let close = after.find('"').unwrap_or_else(|| panic!("{name}: an unclosed value in <{tag}>"));
                let value = &after[..close];
                match attribute {
                    "href" => assert!((value.starts_with("../") || value.starts_with("#page-")) && !value.contains(':'), "{name}: link {value}"),
                    "src" => assert!(element == "script" && value.starts_with("../") && value.ends_with("izdeu-reader.js"), "{name}: script {value}"),
                    _ => {}
                }
                attributes = &after[close + 1..];
            }
            attributes = attributes.trim_start();
        }
        if element == "script" {
            assert!(tag.contains("src="), "{name}: an inline script");
            assert!(rest.starts_with("</script>"), "{name}: a script with content");
        }
    }
    assert!(!html.contains('\0'), "{name}: a NUL byte");
}

#[test]
fn a_hostile_corpus_builds_names_what_it_skipped_and_runs_nothing() {
    let dir = TempDir::new("corpus");
    let corpus = dir.path().join("corpus");
    let skipped = hostile_corpus(&corpus);
    let out = dir.path().join("site");
    let result = build(&corpus, &out);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&result.stdout).into_owned();
    assert!(result.status.success(), "the build failed: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.starts_with("indexed "), "{stdout}");
    // One line per skipped file, naming it and why, and nothing else.
    for line in stderr.lines() {
        assert!(line.starts_with("izdeu: skipped "), "an unexpected line: {line}");
    }
    for (name, reason) in &skipped {
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!("/{name}:")))
            .unwrap_or_else(|| panic!("{name} is not reported as skipped:\n{stderr}"));
        assert!(line.contains(reason), "{name}: expected {reason:?} in {line:?}");
    }
    assert_eq!(stderr.lines().count(), skipped.len(), "{stderr}");
    eprintln!("hostile corpus: {} files skipped with a reason, {stdout}", skipped.len());

    // What was indexed opens and finds the payload words.
    let searcher = Searcher::open(fs::read(out.join("izdeu.idx")).unwrap()).unwrap();
    let docs: Vec<&str> = searcher.docs().iter().map(|d| d.path.as_str()).collect();
    for name in ["\"><img src=x onerror=alert(1)>.txt", "<svg onload=alert(1)>.md", "javascript:alert(1).html", "a#b?c%d&e.txt", "late-nul.txt", "unclosed.html", "headings.html", "headings.md"] {
        assert!(docs.contains(&name), "{name} is not indexed: {docs:?}");
    }
    assert!(docs.iter().any(|d| d.starts_with("bad") && d.ends_with("name.txt")), "{docs:?}");
    assert!(docs.iter().any(|d| d.ends_with("/d/deep.txt") && d.matches('/').count() == 120), "{docs:?}");

    let hits = search(&out, XSS_WORD);
    assert!(hits.len() >= 7, "{} hits", hits.len());
    for hit in &hits {
        let snippet = hit["snippet"].as_str().unwrap();
        fuzz_checks::check_snippet_markup(snippet);
        // A relative link (a reader page in docs/, or an HTML file where it lies), with
        // nothing that could end an attribute or start a scheme.
        let url = hit["url"].as_str().unwrap();
        assert!(!url.contains(['"', '\'', '<', '>', '\\', ' ', '`']), "{url}");
        assert!(url.starts_with("docs/") || url.starts_with("../"), "{url}");
        assert!(!url.contains("onmouseover") && !url.contains("#javascript"), "an id with markup became an anchor: {url}");
        // The link names a file that is there.
        let path = percent_decode(url.split('#').next().unwrap());
        assert!(out.join(&path).is_file() || path.contains('\u{fffd}'), "{url}: no {path}");
    }
    let url_of = |doc: &str| hits.iter().find(|h| h["doc"] == doc).map(|h| h["url"].as_str().unwrap().to_owned());
    assert_eq!(url_of("a#b?c%d&e.txt").as_deref(), Some("docs/a%23b%3Fc%25d&e.txt.html#page-1"));
    assert_eq!(url_of("back\\slash.txt").as_deref(), Some("docs/back%5Cslash.txt.html#page-1"));

    // Reader pages hold the documents' text as text.
    let mut pages = 0;
    for (name, bytes) in files(&out.join("docs")) {
        check_reader_page(&name, &String::from_utf8_lossy(&bytes));
        pages += 1;
    }
    // HTML files are linked where they lie; every other document has its reader page.
    assert_eq!(pages, docs.iter().filter(|d| !d.ends_with(".html")).count());
    let page = fs::read_to_string(out.join("docs/\"><img src=x onerror=alert(1)>.txt.html")).unwrap();
    assert!(page.contains("&lt;script&gt;window.__izdeuXss = 1&lt;/script&gt;"), "the script is shown as text");
    // The HTML document's entity-escaped script is shown as text, not markup.
    let html_hit = hits.iter().find(|h| h["doc"] == "javascript:alert(1).html").expect("the HTML document is found");
    let snippets: String = search(&out, "сілтеме").iter().map(|h| h["snippet"].as_str().unwrap().to_owned()).collect();
    assert!(snippets.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{snippets}");
    assert!(!html_hit["url"].as_str().unwrap().contains('#'), "ids with quotes or parentheses are no anchors: {html_hit}");
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A 50 MB line of words and a 10 MB word: indexed in bounded memory (the fst once held
/// a node per byte of a 50 MB "word": 3.5 GB), findable, with snippets of bounded size.
#[test]
fn a_50_mb_line_and_a_10_mb_word_are_indexed_with_bounded_snippets() {
    let dir = TempDir::new("large");
    let corpus = dir.path().join("corpus");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    const WORDS: [&str; 8] = ["заң", "құқық", "мемлекет", "закон", "право", "court", "law", "сот"];
    let mut line = String::with_capacity(50 << 20);
    while line.len() < 50_000_000 {
        let n = rng.next();
        if n % 1000 == 0 {
            line.push_str("ерекшесөз ");
        }
        line.push_str(WORDS[(n >> 8) as usize % WORDS.len()]);
        line.push(' ');
    }
    write_file(corpus.join("line.txt"), &line);
    drop(line);
    write_file(corpus.join("word.txt"), "а".repeat(5_000_000) + "\n екінші бет: сөз");
    let out = dir.path().join("site");
    let result = build(&corpus, &out);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    assert_eq!(String::from_utf8_lossy(&result.stderr), "");
    let index = fs::metadata(out.join("izdeu.idx")).unwrap().len();
    // The texts (60 MB) and their postings; the 10 MB word is not a term.
    assert!(index < 150 << 20, "an index of {index} bytes");

    let hits = search(&out, "ерекшесөз");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["doc"], "line.txt");
    let snippet = hits[0]["snippet"].as_str().unwrap();
    fuzz_checks::check_snippet_markup(snippet);
    assert!(snippet.contains("<mark>ерекшесөз</mark>"), "{}", &snippet[..snippet.len().min(300)]);
    let hits = search(&out, "сөз");
    assert!(hits.iter().any(|h| h["doc"] == "word.txt" && h["page"] == 2), "{hits:?}");
    for hit in search(&out, "ааа") {
        fuzz_checks::check_snippet_markup(hit["snippet"].as_str().unwrap());
    }
}

/// The same corpus, read in another directory order, gives byte-identical output: the
/// index, its script, the chunked index, the manifest and every reader page; and the
/// manifest describes the index and the chunked index's directory.
#[test]
fn the_same_corpus_gives_byte_identical_output() {
    let dir = TempDir::new("determinism");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    // A copy of the corpus plus the hostile files, written in reverse order (another
    // directory order on most file systems).
    let copy = dir.path().join("copy");
    let mut names: Vec<PathBuf> = fs::read_dir(&corpus).unwrap().flatten().map(|e| e.path()).collect();
    names.sort();
    names.reverse();
    for name in &names {
        write_file(copy.join(name.file_name().unwrap()), fs::read(name).unwrap());
    }
    let hostile = dir.path().join("hostile");
    hostile_corpus(&hostile);

    let mut outputs = Vec::new();
    for (k, source) in [&corpus, &copy, &corpus].into_iter().enumerate() {
        let out = dir.path().join(format!("out-{k}"));
        let result = build(source, &out);
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
        outputs.push(files(&out));
    }
    // And twice into the same folder.
    let again = dir.path().join("out-0");
    assert!(build(&corpus, &again).status.success());
    outputs.push(files(&again));
    for output in &outputs[1..] {
        assert_eq!(output.keys().collect::<Vec<_>>(), outputs[0].keys().collect::<Vec<_>>());
        for (name, bytes) in output {
            assert!(*bytes == outputs[0][name], "{name} differs between two builds of the same corpus");
        }
    }
    let index = &outputs[0]["izdeu.idx"];
    let manifest = String::from_utf8(outputs[0]["izdeu-manifest.js"].clone()).unwrap();
    let meta = &outputs[0]["izdeu-index/meta.idx"];
    let checksum = u32::from_le_bytes(index[24..28].try_into().unwrap());
    assert_eq!(checksum, fuzz_checks::crc32(&index[32..]));
    let meta_checksum = u32::from_le_bytes(meta[24..28].try_into().unwrap());
    assert_eq!(meta_checksum, fuzz_checks::crc32(&meta[32..]));
    assert_eq!(
        manifest,
        format!(
            "window.IZDEU_MANIFEST = {{\"format\": 1, \"bytes\": {}, \"checksum\": {checksum}, \"chunked\": {{\"bytes\": {}, \"checksum\": {meta_checksum}}}}};\n",
            index.len(),
            meta.len()
        )
    );
    assert!(outputs[0]["izdeu-index.js"].starts_with(b"window.IZDEU_INDEX = \""));

    let mut hostile_outputs = Vec::new();
    for k in 0..2 {
        let out = dir.path().join(format!("hostile-out-{k}"));
        assert!(build(&hostile, &out).status.success());
        hostile_outputs.push(files(&out));
    }
    assert!(hostile_outputs[0] == hostile_outputs[1], "two builds of the hostile corpus differ");
    eprintln!("determinism: {} files byte-identical over {} builds", outputs[0].len() + hostile_outputs[0].len(), outputs.len() + 2);
}
