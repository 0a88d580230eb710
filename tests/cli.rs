//! The `izdeu` binary: building, searching, and failing with one clear line.
//!
//! Run: `cargo test --release --test cli`
#![cfg(feature = "cli")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

#[path = "support/temp_dir.rs"]
mod temp_dir;

use temp_dir::TempDir;


fn izdeu(args: &[&str], stdin: Option<&str>) -> Output {
    run(args, stdin.map(str::as_bytes), Stdio::piped())
}

fn run(args: &[&str], stdin: Option<&[u8]>, stdout: Stdio) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_izdeu"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the izdeu binary runs");
    if let Some(input) = stdin {
        // The process may exit before reading its input (a missing index): not an error here.
        let _ = child.stdin.take().unwrap().write_all(input);
    }
    child.wait_with_output().unwrap()
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// A failure as a user should see it: non-zero exit, nothing on stdout, one line on
/// stderr that starts with `izdeu:` and contains every one of `words`, and no panic.
fn assert_clean_failure(out: &Output, words: &[&str]) {
    let err = stderr(out);
    assert!(!out.status.success(), "exit {:?}, stderr {err:?}", out.status);
    assert_eq!(out.status.code(), Some(1), "stderr {err:?}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "a panic: {err}");
    assert_eq!(err.lines().count(), 1, "not one line: {err:?}");
    assert!(err.starts_with("izdeu: ") && err.ends_with('\n'), "{err:?}");
    for word in words {
        assert!(err.contains(word), "{err:?} does not mention {word:?}");
    }
    assert!(out.stdout.is_empty(), "stdout: {}", String::from_utf8_lossy(&out.stdout));
}

const KAZAKH_DOC: &str = " ҚҰҚЫҚТЫҚ МЕМЛЕКЕТ\nҚазақстан Республикасы өзін демократиялық, зайырлы, құқықтық және әлеуметтік мемлекет ретінде орнықтырады.\n Екінші бет: сот билігі және судьялардың тәуелсіздігі.\n";
const RUSSIAN_DOC: &str = " О персональных данных\nНастоящий закон регулирует обработку персональных данных.\n Вторая страница: ответственность оператора за утечку данных.\n";
const ENGLISH_DOC: &str = " Artificial Intelligence and the Law\nCourts increasingly rely on software.\n The court dismissed the appeal of the defendant.\n";

/// A built index of three small documents; returns (corpus dir, out dir).
fn built(name: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new(name);
    dir.write("corpus/kk.txt", KAZAKH_DOC);
    dir.write("corpus/ru.txt", RUSSIAN_DOC);
    dir.write("corpus/sub/en.txt", ENGLISH_DOC);
    let out = dir.path().join("site");
    let result = izdeu(&["build", path_str(&dir.path().join("corpus")), "--out", path_str(&out)], None);
    assert!(result.status.success(), "build failed: {}", stderr(&result));
    assert!(stderr(&result).is_empty(), "build warned: {}", stderr(&result));
    assert!(stdout(&result).starts_with("indexed 3 documents, 6 units"), "{}", stdout(&result));
    (dir, out)
}

fn json_search(index: &Path, query: &str) -> Vec<Value> {
    let out = izdeu(&["search", path_str(index), query, "--json"], None);
    assert!(out.status.success(), "search {query:?} failed: {}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "--json prints one line: {text:?}");
    match serde_json::from_str(&text).expect("a JSON array") {
        Value::Array(hits) => hits,
        other => panic!("not an array: {other}"),
    }
}

// ---------------------------------------------------------------------------------------
// build
// ---------------------------------------------------------------------------------------

#[test]
fn build_a_missing_folder_fails_clearly() {
    let dir = TempDir::new("missing");
    let corpus = dir.path().join("no-such-folder");
    let out = dir.path().join("site");
    let result = izdeu(&["build", path_str(&corpus), "--out", path_str(&out)], None);
    assert_clean_failure(&result, &["no-such-folder", "does not exist"]);
    assert!(!out.exists(), "nothing is written when the corpus is missing");
}

#[test]
fn build_a_file_instead_of_a_folder_fails_clearly() {
    let dir = TempDir::new("file");
    let file = dir.write("doc.txt", KAZAKH_DOC);
    let out = dir.path().join("site");
    let result = izdeu(&["build", path_str(&file), "--out", path_str(&out)], None);
    assert_clean_failure(&result, &["doc.txt", "is not a folder"]);
    assert!(!out.exists());
}

#[test]
fn build_into_a_file_fails_clearly_and_leaves_the_file_alone() {
    let dir = TempDir::new("out-file");
    dir.write("corpus/kk.txt", KAZAKH_DOC);
    let out = dir.write("site", "not a folder");
    let result = izdeu(&["build", path_str(&dir.path().join("corpus")), "--out", path_str(&out)], None);
    assert_clean_failure(&result, &["--out", "site", "is a file"]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "not a folder");
}

#[test]
fn build_with_assets_that_lack_the_engine_fails_before_writing_anything() {
    let dir = TempDir::new("bad-assets");
    dir.write("corpus/kk.txt", KAZAKH_DOC);
    let out = dir.path().join("site");
    let assets = dir.path().join("corpus");
    let result = izdeu(&["build", path_str(&assets), "--out", path_str(&out), "--assets", path_str(&assets)], None);
    assert_clean_failure(&result, &["--assets", "no izdeu.js there"]);
    assert!(!out.exists(), "no reader page is written before the assets are checked");
}

#[test]
fn build_an_empty_folder_fails_clearly() {
    let dir = TempDir::new("empty");
    std::fs::create_dir_all(dir.path().join("corpus")).unwrap();
    let out = dir.path().join("site");
    let result = izdeu(&["build", path_str(&dir.path().join("corpus")), "--out", path_str(&out)], None);
    assert_clean_failure(&result, &["no .txt, .md or .html file", "nothing to index"]);
    assert!(!out.exists());

    // Files that are not documents, or documents without text, do not count either;
    // the one line says which files were passed over and why.
    dir.write("corpus/photo.png", b"\x89PNG\r\n\x1a\n");
    dir.write("corpus/blank.txt", " \n\n   \n");
    let result = izdeu(&["build", path_str(&dir.path().join("corpus")), "--out", path_str(&out)], None);
    assert_clean_failure(&result, &["nothing to index", "blank.txt: no text"]);
    assert!(!stderr(&result).contains("photo.png"), "non-documents are not mentioned: {}", stderr(&result));
    assert!(!out.exists());
}

#[test]
fn build_a_folder_of_only_non_utf8_files_says_why() {
    let dir = TempDir::new("only-latin1");
    // Windows-1251 text: "Закон" after 6 good bytes.
    dir.write("corpus/a.txt", b"Law:  \xc7\xe0\xea\xee\xed\n");
    dir.write("corpus/b.md", b"# \xc7\xe0\xea\xee\xed\n");
    let out = dir.path().join("site");
    let result = izdeu(&["build", path_str(&dir.path().join("corpus")), "--out", path_str(&out)], None);
    assert_clean_failure(&result, &["nothing to index", "a.txt: not UTF-8 (invalid byte at offset 6)", "b.md: not UTF-8 (invalid byte at offset 2)", "convert it to UTF-8"]);
    assert!(!out.exists());
}

#[test]
fn build_skips_a_file_that_is_not_utf8_and_says_why() {
    let dir = TempDir::new("latin1");
    dir.write("corpus/good.txt", KAZAKH_DOC);
    // "Закон" in Windows-1251 after 6 good bytes: the first bad byte is at offset 6.
    dir.write("corpus/bad.txt", b"Law:  \xc7\xe0\xea\xee\xed about courts\n");
    let out = dir.path().join("site");
    let result = izdeu(&["build", path_str(&dir.path().join("corpus")), "--out", path_str(&out)], None);
    let err = stderr(&result);
    assert!(result.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(err.starts_with("izdeu: skipped "), "{err}");
    assert!(err.contains("bad.txt") && err.contains("not UTF-8") && err.contains("offset 6"), "{err}");
    assert!(stdout(&result).starts_with("indexed 1 documents"), "{}", stdout(&result));
    assert!(out.join("izdeu.idx").is_file() && out.join("izdeu-index.js").is_file());

    let hits = json_search(&out, "судьялардың");
    assert_eq!(hits[0]["doc"], "good.txt");
    assert_eq!((hits[0]["page"].as_u64(), hits[0]["kind"].as_str()), (Some(2), Some("page")));
    assert!(json_search(&out, "courts ").is_empty(), "the skipped file is not indexed");
}

#[test]
fn reader_pages_and_snippets_show_line_end_hyphenation_as_the_index_decided() {
    let dir = TempDir::new("line-hyphens");
    dir.write("corpus/a.txt", " Бірінші мақала\nСот шешімі, сондай-ақ оның орындалуы.\n");
    dir.write("corpus/b.txt", " Екінші мақала\nАгенттің міндеттері, сондай-\nақ оның ис-\nпользования құқықтары.\n");
    let out = dir.path().join("site");
    let result = izdeu(&["build", path_str(&dir.path().join("corpus")), "--out", path_str(&out)], None);
    assert!(result.status.success(), "{}", stderr(&result));
    let page = std::fs::read_to_string(out.join("docs/b.txt.html")).unwrap();
    // The compound the corpus writes elsewhere keeps its hyphen; hyphenation is joined.
    assert!(page.contains("міндеттері, сондай-ақ оның использования құқықтары."), "{page}");
    let hits = json_search(&out, "міндеттері ақ");
    assert_eq!(hits[0]["doc"], "b.txt");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("<mark>міндеттері</mark>, сондай-<mark>ақ</mark> оның использования"), "{hits:?}");
}

#[test]
fn markdown_and_html_results_link_to_their_sections() {
    let dir = TempDir::new("sections");
    let markdown = "# Нұсқаулық\n\nКіріспе мәтін.\n\n## Екінші бөлім\n\nМұнда сот туралы жазылған: судьялардың тәуелсіздігі.\n";
    let html = "<!doctype html><html><head><title>Заң беті</title></head><body>\
        <nav>навигация мәзірі</nav><main><h1 id=\"intro\">Кіріспе</h1><p>Бірінші бөлімнің мәтіні.</p>\
        <h2 id=\"court-section\">Сот билігі</h2><p>Апелляция &amp; әділсот туралы.</p></main>\
        <footer>авторлық құқық</footer></body></html>";
    dir.write("corpus/guide.md", markdown);
    dir.write("corpus/web/page.html", html);
    let out = dir.path().join("site");
    let result = izdeu(&["build", path_str(&dir.path().join("corpus")), "--out", path_str(&out)], None);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(stdout(&result).starts_with("indexed 2 documents, 4 units"), "{}", stdout(&result));

    let reader = |url: &str| {
        let (file, anchor) = url.split_once('#').expect("a section anchor");
        let page = std::fs::read_to_string(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(page.contains(&format!("id=\"{anchor}\"")), "{file} has no section {anchor}");
    };

    let hits = json_search(&out, "тәуелсіздігі");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!((hits[0]["doc"].as_str(), hits[0]["page"].as_u64()), (Some("guide.md"), Some(2)));
    assert_eq!(hits[0]["kind"], "section");
    // A section is named by its heading, under the page's title.
    assert_eq!(hits[0]["title"], "Нұсқаулық › Екінші бөлім");
    assert_eq!(hits[0]["url"], "docs/guide.md.html#page-2");
    let (start, end) = (hits[0]["start"].as_u64().unwrap() as usize, hits[0]["end"].as_u64().unwrap() as usize);
    assert!(markdown[start..end].starts_with("## Екінші бөлім") && end == markdown.len());
    reader(hits[0]["url"].as_str().unwrap());
    let text = stdout(&izdeu(&["search", path_str(&out), "тәуелсіздігі"], None));
    assert!(text.starts_with("1. Нұсқаулық › Екінші бөлім — section 2 (guide.md)"), "{text}");

    let hits = json_search(&out, "апелляция ");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!((hits[0]["doc"].as_str(), hits[0]["page"].as_u64()), (Some("web/page.html"), Some(2)));
    assert_eq!(hits[0]["kind"], "section");
    assert_eq!(hits[0]["title"], "Заң беті › Сот билігі");
    // An HTML page is linked where it is (relative to the output folder), not copied.
    assert_eq!(hits[0]["url"], "../corpus/web/page.html#court-section");
    let start = hits[0]["start"].as_u64().unwrap() as usize;
    assert!(html[start..].starts_with("<h2 id=\"court-section\">"), "{}", &html[start..]);
    assert!(hits[0]["snippet"].as_str().unwrap().contains("<mark>Апелляция</mark> &amp; әділсот"), "{}", hits[0]["snippet"]);
    reader(hits[0]["url"].as_str().unwrap());

    let hits = json_search(&out, "кіріспе ");
    // A page's first section is named by the page's title alone.
    assert!(hits.iter().any(|h| h["url"] == "../corpus/web/page.html#intro" && h["title"] == "Заң беті"), "{hits:?}");
    assert!(hits.iter().any(|h| h["url"] == "docs/guide.md.html#page-1" && h["title"] == "Нұсқаулық"), "{hits:?}");
    // Navigation and footer are not content.
    assert!(json_search(&out, "навигация ").is_empty());
    assert!(json_search(&out, "авторлық ").is_empty());
}

// ---------------------------------------------------------------------------------------
// search: failures
// ---------------------------------------------------------------------------------------

#[test]
fn search_a_missing_index_fails_clearly() {
    let dir = TempDir::new("noindex");
    let missing = dir.path().join("nothing.idx");
    assert_clean_failure(&izdeu(&["search", path_str(&missing), "заң"], None), &["no index at", "nothing.idx", "izdeu build"]);
    // A folder without an index in it, in batch mode too.
    assert_clean_failure(&izdeu(&["search", path_str(dir.path())], Some("заң\n")), &["no index at", "izdeu.idx", "izdeu build"]);
}

#[test]
fn a_query_that_begins_with_a_dash_is_searched_after_double_dash() {
    let (_dir, out) = built("dash");
    let as_option = izdeu(&["search", path_str(&out), "-закон"], None);
    let err = stderr(&as_option);
    assert_eq!(as_option.status.code(), Some(1), "stderr {err:?}");
    assert!(err.starts_with("izdeu: usage: unexpected") && err.contains("-- QUERY"), "{err:?}");
    assert!(as_option.stdout.is_empty());

    let hits = izdeu(&["search", path_str(&out), "--json", "--", "-закон"], None);
    assert!(hits.status.success(), "{}", stderr(&hits));
    let hits: Vec<Value> = serde_json::from_str(&stdout(&hits)).unwrap();
    assert!(!hits.is_empty() && hits[0]["snippet"].as_str().unwrap().contains("<mark>закон</mark>"), "{hits:?}");
}

#[test]
fn search_a_damaged_index_fails_clearly() {
    let (dir, out) = built("damaged");
    let bytes = std::fs::read(out.join("izdeu.idx")).unwrap();

    let truncated = dir.write("truncated.idx", &bytes[..bytes.len() / 2]);
    assert_clean_failure(&izdeu(&["search", path_str(&truncated), "заң"], None), &["truncated.idx", "truncated", "izdeu build"]);
    assert_clean_failure(&izdeu(&["search", path_str(&truncated), "заң", "--json"], None), &["truncated", "izdeu build"]);
    assert_clean_failure(&izdeu(&["search", path_str(&truncated)], Some("заң\nсот\n")), &["truncated", "izdeu build"]);

    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    let flipped = dir.write("flipped.idx", flipped);
    assert_clean_failure(&izdeu(&["search", path_str(&flipped), "заң"], None), &["checksum", "izdeu build"]);

    // Random bytes (xorshift), and an empty file.
    let mut state = 0x1234_5678_9abc_def1u64;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let noise = dir.write("noise.idx", noise);
    assert_clean_failure(&izdeu(&["search", path_str(&noise), "заң"], None), &["not an izdeu index", "izdeu build"]);
    let empty = dir.write("empty.idx", b"");
    assert_clean_failure(&izdeu(&["search", path_str(&empty), "заң"], None), &["not an izdeu index", "izdeu build"]);
    // A text file passed by mistake (the index script, say).
    let script = out.join("izdeu-index.js");
    assert_clean_failure(&izdeu(&["search", path_str(&script), "заң"], None), &["not an izdeu index", "izdeu build"]);
}

// ---------------------------------------------------------------------------------------
// search: output
// ---------------------------------------------------------------------------------------

#[test]
fn eval_reports_mrr_per_category_and_fails_below_a_minimum() {
    let (dir, out) = built("eval");
    let page = ENGLISH_DOC.find(" The court").unwrap();
    let passage = format!(r#""doc": "sub/en.txt", "start": {page}, "end": {}"#, page + 20);
    let queries = format!(
        "{{\"category\": \"exact\", \"query\": \"court appeal\", {passage}}}\n{{\"category\": \"typo\", \"query\": \"nothing like it\", {passage}}}\n"
    );
    dir.write("queries.jsonl", &queries);
    let queries = dir.path().join("queries.jsonl");
    let result = izdeu(&["eval", path_str(&queries), path_str(&out)], None);
    assert!(result.status.success(), "{}", stderr(&result));
    let table = stdout(&result);
    assert!(table.contains("| exact | 1 | 1.000 | 1.000 | 1.000 |"), "{table}");
    // Not found at all: 0, not "-0.000".
    assert!(table.contains("| typo | 1 | 0.000 | 0.000 | 0.000 |"), "{table}");
    assert!(table.contains("| ALL | 2 | 0.500 | 0.500 | 0.500 |"), "{table}");
    // Below a minimum: the table still, then one line saying which category fell short.
    let result = izdeu(&["eval", path_str(&queries), path_str(&out), "--min", "exact=1", "--min", "typo=0.5"], None);
    assert_eq!(result.status.code(), Some(1));
    let rows = &table[..table.find("\n\n").expect("the table, then the timing")];
    assert!(stdout(&result).starts_with(rows), "{}", stdout(&result));
    assert_eq!(stderr(&result), "izdeu: below the minimum: typo 0.000 < 0.5\n");
}

#[test]
fn batch_mode_prints_one_json_array_per_query_line() {
    let (_dir, out) = built("batch");
    let queries = ["судьялардың", "", "— … «» •", "court appeal", "   ", "😀 ﷽", "ответственность оператора ", "демокр", "?!"];
    for ending in ["\n", ""] {
        let input = queries.join("\n") + ending;
        let result = izdeu(&["search", path_str(&out)], Some(&input));
        assert!(result.status.success(), "{}", stderr(&result));
        assert!(result.stderr.is_empty(), "{}", stderr(&result));
        let text = stdout(&result);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), queries.len(), "{text}");
        let arrays: Vec<Vec<Value>> = lines
            .iter()
            .map(|l| match serde_json::from_str(l) {
                Ok(Value::Array(hits)) => hits,
                other => panic!("line {l:?} is not a JSON array: {other:?}"),
            })
            .collect();
        let first = |i: usize| arrays[i].first().map(|h| (h["doc"].as_str().unwrap().to_owned(), h["page"].as_u64().unwrap()));
        assert_eq!(first(0), Some(("kk.txt".into(), 2)));
        assert!(arrays[1].is_empty(), "an empty line finds nothing");
        assert!(arrays[2].is_empty(), "a punctuation line finds nothing");
        assert_eq!(first(3), Some(("sub/en.txt".into(), 2)));
        assert!(arrays[4].is_empty());
        assert!(arrays[5].is_empty());
        assert_eq!(first(6), Some(("ru.txt".into(), 2)));
        assert_eq!(first(7), Some(("kk.txt".into(), 1)), "the last word is a prefix");
    }
    // No input, no output.
    let result = izdeu(&["search", path_str(&out)], Some(""));
    assert!(result.status.success() && result.stdout.is_empty());
    // --limit applies per line.
    let result = izdeu(&["search", path_str(&out), "--limit", "1"], Some("және\nданных\n"));
    let text = stdout(&result);
    assert_eq!(text.lines().count(), 2);
    for line in text.lines() {
        assert_eq!(serde_json::from_str::<Vec<Value>>(line).unwrap().len(), 1, "{line}");
    }
}

#[test]
fn json_hits_have_exactly_the_documented_keys() {
    let (_dir, out) = built("json");
    // The index folder and the file itself both work.
    for index in [out.clone(), out.join("izdeu.idx")] {
        let hits = json_search(&index, "мемлекет");
        assert!(!hits.is_empty());
        for hit in &hits {
            let object = hit.as_object().expect("a hit is an object");
            let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["doc", "end", "kind", "page", "score", "snippet", "start", "title", "url"]);
            assert!(hit["doc"].is_string() && hit["title"].is_string() && hit["url"].is_string() && hit["snippet"].is_string());
            assert!(hit["kind"] == "page" || hit["kind"] == "section", "{hit}");
            assert!(hit["page"].is_u64() && hit["start"].is_u64() && hit["end"].is_u64() && hit["score"].is_number());
            assert!(hit["start"].as_u64() < hit["end"].as_u64());
        }
        assert_eq!(hits[0]["doc"], "kk.txt");
        assert_eq!(hits[0]["title"], "Құқықтық мемлекет");
        assert_eq!(hits[0]["url"], "docs/kk.txt.html#page-1");
        assert!(hits[0]["snippet"].as_str().unwrap().contains("<mark>мемлекет</mark>"), "{}", hits[0]["snippet"]);
    }
    // Nothing found is an empty array, not a message.
    assert!(json_search(&out, "— «»").is_empty());
    assert!(json_search(&out, "zzzzzzzzzzqqq").is_empty());
    // Without --json: text for people, and a plain message when nothing is found.
    let result = izdeu(&["search", path_str(&out), "мемлекет"], None);
    assert!(result.status.success());
    let text = stdout(&result);
    assert!(text.starts_with("1. Құқықтық мемлекет — page 1 (kk.txt)"), "{text}");
    assert!(text.contains("«мемлекет»") && !text.contains("<mark>"), "{text}");
    let result = izdeu(&["search", path_str(&out), "— «»"], None);
    assert!(result.status.success() && stdout(&result).starts_with("no results"), "{}", stdout(&result));
}

#[test]
fn batch_mode_answers_every_line_even_one_that_is_not_utf8() {
    let (_dir, out) = built("batch-bytes");
    let input = b"\xd0\xb7\xd0\xb0\xd2\x9b\n\xff\xfe\xd0\xb7\xd0\xb0\xd0\xba\xd0\xbe\xd0\xbd \ncourt appeal\r\n";
    let result = run(&["search", path_str(&out)], Some(input), Stdio::piped());
    assert!(result.status.success(), "{}", stderr(&result));
    let text = stdout(&result);
    let arrays: Vec<Vec<Value>> = text.lines().map(|l| serde_json::from_str(l).expect("a JSON array")).collect();
    assert_eq!(arrays.len(), 3, "{text}");
    // The valid part of the bad line is searched: "закон".
    assert_eq!(arrays[1].first().map(|h| h["doc"].clone()), Some(Value::from("ru.txt")), "{text}");
    // A CRLF line end is not part of the query.
    assert_eq!(arrays[2].first().map(|h| (h["doc"].clone(), h["page"].clone())), Some((Value::from("sub/en.txt"), Value::from(2))));
}

#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let full = || Stdio::from(std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap());
    let (dir, out) = built("full");
    let again = dir.path().join("again");
    for args in [
        vec!["build", path_str(&dir.path().join("corpus")), "--out", path_str(&again)],
        vec!["search", path_str(&out), "мемлекет"],
        vec!["search", path_str(&out), "мемлекет", "--json"],
        vec!["--help"],
    ] {
        let result = run(&args, None, full());
        let err = stderr(&result);
        assert_eq!(result.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("izdeu: ") && err.contains("No space left on device"), "{args:?}: {err}");
    }
    let result = run(&["search", path_str(&out)], Some("мемлекет\n".as_bytes()), full());
    assert_eq!(result.status.code(), Some(1));
    assert!(!stderr(&result).contains("panicked"));
}

#[test]
fn building_into_a_folder_inside_the_corpus_does_not_index_its_own_output() {
    let dir = TempDir::new("inside");
    dir.write("corpus/kk.txt", KAZAKH_DOC);
    dir.write("corpus/en.txt", ENGLISH_DOC);
    let corpus = dir.path().join("corpus");
    let out = corpus.join("site");
    for _ in 0..2 {
        let result = izdeu(&["build", path_str(&corpus), "--out", path_str(&out)], None);
        assert!(result.status.success(), "{}", stderr(&result));
        assert!(stdout(&result).starts_with("indexed 2 documents, 4 units"), "{}", stdout(&result));
        assert!(stderr(&result).is_empty(), "{}", stderr(&result));
    }
    assert!(out.join("docs/kk.txt.html").is_file());
    let hits = json_search(&out, "судьялардың");
    assert_eq!(hits.len(), 1, "the reader pages are not indexed: {hits:?}");
}

#[test]
fn building_into_the_corpus_folder_itself_does_not_index_its_own_output() {
    let dir = TempDir::new("same");
    dir.write("kk.txt", KAZAKH_DOC);
    dir.write("ru.txt", RUSSIAN_DOC);
    let here = path_str(dir.path());
    for _ in 0..3 {
        let result = izdeu(&["build", here, "--out", here], None);
        assert!(result.status.success(), "{}", stderr(&result));
        assert!(stdout(&result).starts_with("indexed 2 documents, 4 units"), "{}", stdout(&result));
    }
    assert!(dir.path().join("docs/kk.txt.html").is_file());
    assert!(!dir.path().join("docs/docs").exists(), "reader pages of reader pages");
    assert_eq!(json_search(dir.path(), "судьялардың").len(), 1);
}

/// CRC-32C (Castagnoli), masked as the fst crate stores it in an fst's last four bytes.
fn fst_checksum(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0x82F6_3B78 } else { crc >> 1 };
        }
    }
    (!crc).rotate_right(15).wrapping_add(0xA282_EAD8)
}

#[test]
fn search_an_index_with_a_crafted_term_dictionary_fails_clearly() {
    // Damage inside the fst with both checksums recomputed, as only someone crafting the
    // file would: the fst crate panics on such nodes; the CLI must say "corrupt" instead.
    let (dir, out) = built("crafted");
    let bytes = std::fs::read(out.join("izdeu.idx")).unwrap();
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
    let sections = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let terms = (0..sections)
        .map(|k| 32 + k * 20)
        .find(|&at| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) == 5)
        .map(|at| 32 + u64_at(at + 4)..32 + u64_at(at + 4) + u64_at(at + 12))
        .expect("a TERMS section");
    // The nodes lie between the fst's 16-byte header and its 20-byte footer.
    let nodes = terms.start + 16..terms.end - 20;
    let (mut malformed, mut tried) = (0, 0);
    for at in nodes.clone().step_by((nodes.len() / 48).max(1)) {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut crafted = bytes.clone();
            crafted[at] ^= flip;
            let fst_end = terms.end - 4;
            let sum = fst_checksum(&crafted[terms.start..fst_end]);
            crafted[fst_end..terms.end].copy_from_slice(&sum.to_le_bytes());
            let body_sum = crc32fast::hash(&crafted[32..]);
            crafted[24..28].copy_from_slice(&body_sum.to_le_bytes());
            let file = dir.write("crafted.idx", &crafted);
            let result = izdeu(&["search", path_str(&file), "құқықтық"], None);
            tried += 1;
            if !result.status.success() {
                assert_clean_failure(&result, &["corrupt", "izdeu build"]);
                malformed += stderr(&result).contains("malformed fst") as usize;
            }
        }
    }
    assert!(malformed > 0, "none of {tried} crafted indexes reached the fst's own panics");
}
