//! `izdeu build` on a website export, and what it writes besides the index: the page
//! assets, offline.html, and links from results to the site's own pages.
//!
//! Run: `cargo test --release --test site`
#![cfg(feature = "cli")]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use izdeu::index::rebuild::rebuild;
use izdeu::index::Index;
use serde_json::Value;

#[path = "support/base122.rs"]
mod base122;
#[path = "support/temp_dir.rs"]
mod temp_dir;

use temp_dir::TempDir;


fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The site fixture of the browser tests: four pages in three languages with navigation,
/// headers, footers, scripts and `data-izdeu-ignore` blocks.
fn site(dir: &TempDir) -> PathBuf {
    let site = dir.path().join("site");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/fixtures/site"), &site);
    site
}

/// A stand-in for the www/ folder `./build.sh` builds: the widget and an "engine".
fn assets(dir: &TempDir) -> PathBuf {
    let www = dir.path().join("www");
    std::fs::create_dir_all(www.join("pkg/whole")).unwrap();
    std::fs::write(www.join("index.html"), "<!doctype html><title>search</title>").unwrap();
    std::fs::write(www.join("izdeu.js"), "/* widget */ var s = '</script>';").unwrap();
    std::fs::write(www.join("izdeu-worker.js"), "/* worker */").unwrap();
    std::fs::write(www.join("izdeu-reader.js"), "/* reader */").unwrap();
    std::fs::write(www.join("izdeu-offline.js"), "/* unpacks offline.html */").unwrap();
    std::fs::write(www.join("izdeu.css"), "body { color: black }").unwrap();
    std::fs::write(www.join("pkg/izdeu.js"), "let wasm_bindgen = {};").unwrap();
    std::fs::write(www.join("pkg/izdeu_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(www.join("pkg/whole/izdeu.js"), "let wasm_bindgen = {};").unwrap();
    std::fs::write(www.join("pkg/whole/izdeu_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    www
}

fn izdeu(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_izdeu")).args(args).output().unwrap();
    assert!(output.status.success(), "izdeu {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn search(out: &Path, query: &str) -> Vec<Value> {
    let json = izdeu(&["search", out.to_str().unwrap(), query, "--json", "--limit", "50"]);
    serde_json::from_str::<Value>(&json).unwrap().as_array().unwrap().clone()
}

fn field<'a>(hit: &'a Value, name: &str) -> &'a str {
    hit[name].as_str().unwrap()
}

#[test]
fn a_site_indexes_its_main_content_and_links_to_its_own_pages() {
    let dir = TempDir::new("inside");
    let site = site(&dir);
    let out = site.join("_izdeu");
    let www = assets(&dir);
    // Twice: the second build finds the first one's output (index.html, offline.html)
    // inside the site folder and must not index it.
    for _ in 0..2 {
        let said = izdeu(&["build", site.to_str().unwrap(), "--out", out.to_str().unwrap(), "--assets", www.to_str().unwrap()]);
        assert!(said.starts_with("indexed 4 documents, 7 units"), "{said}");
    }

    let hits = search(&out, "университет");
    let links: Vec<(&str, &str, &str)> = hits.iter().map(|h| (field(h, "doc"), field(h, "url"), field(h, "title"))).collect();
    assert!(links.contains(&("index.html", "../index.html#about", "Университет туралы")), "{links:?}");
    assert!(links.contains(&("ru/about.html", "../ru/about.html#about", "Об университете")), "{links:?}");
    // A section is named by its heading under the page's title; the first by the title alone.
    assert!(links.contains(&("ru/about.html", "../ru/about.html#dormitory", "Об университете › Общежитие")), "{links:?}");
    assert!(hits.iter().all(|h| !field(h, "doc").starts_with("_izdeu")));

    let grants = search(&out, "grants");
    assert_eq!(field(&grants[0], "url"), "../en/research.html#grants");
    // A page without <main>: its body less header, footer and scripts; title from <title>.
    let contact = search(&out, "admissions office");
    assert_eq!((field(&contact[0], "doc"), field(&contact[0], "url"), field(&contact[0], "title")), ("en/contact.html", "../en/contact.html", "Contact"));

    // Navigation, headers, footers, scripts and ignored blocks are not indexed.
    for word in ["менюсілтемесі", "menulinkword", "footerword", "төменгіколонтитулсөз", "нижнийколонтитул", "жасырынсөз", "скрытоеслово", "scriptword"] {
        assert_eq!(search(&out, word), Vec::<Value>::new(), "{word} is indexed");
    }

    // Site pages are linked to, not copied into reader pages.
    assert!(!out.join("docs").exists());
    for name in ["index.html", "izdeu.js", "izdeu-worker.js", "izdeu-reader.js", "izdeu.css", "pkg/izdeu.js", "pkg/izdeu_bg.wasm", "pkg/whole/izdeu_bg.wasm", "izdeu-wasm.js", "offline.html"] {
        assert!(out.join(name).is_file(), "{name} is not in the output");
    }
}

#[test]
fn an_output_folder_outside_the_site_links_back_to_it() {
    let dir = TempDir::new("outside");
    let site = site(&dir);
    let out = dir.path().join("search");
    izdeu(&["build", site.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(field(&search(&out, "grants")[0], "url"), "../site/en/research.html#grants");

    izdeu(&["build", site.to_str().unwrap(), "--out", out.to_str().unwrap(), "--base-url", "https://www.example.edu/"]);
    assert_eq!(field(&search(&out, "grants")[0], "url"), "https://www.example.edu/en/research.html#grants");
    assert_eq!(field(&search(&out, "общежитие")[0], "url"), "https://www.example.edu/ru/about.html#dormitory");
}

#[test]
fn text_documents_get_reader_pages_with_their_language_and_highlighting() {
    let dir = TempDir::new("reader");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("ru")).unwrap();
    std::fs::write(corpus.join("kk.txt"), " Құқықтық мемлекет\nҚазақстан Республикасы өзін демократиялық, зайырлы, құқықтық және әлеуметтік мемлекет ретінде орнықтырады.\n The court dismissed the appeal of the defendant on the use of software.\n").unwrap();
    std::fs::write(corpus.join("ru/закон.md"), "# Закон\n\nНастоящий закон регулирует обработку персональных данных.\n").unwrap();
    let out = dir.path().join("out");
    let said = izdeu(&["build", corpus.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(said.contains("pass --assets"), "{said}");
    let page = std::fs::read_to_string(out.join("docs/kk.txt.html")).unwrap();
    assert!(page.starts_with("<!doctype html>\n<html lang=\"kk\">"), "{page}");
    assert!(page.contains("<script src=\"../izdeu-reader.js\" defer></script>"), "{page}");
    assert!(page.contains("<section id=\"page-2\" lang=\"en\">"), "{page}");
    let page = std::fs::read_to_string(out.join("docs/ru/закон.md.html")).unwrap();
    assert!(page.contains("<html lang=\"ru\">") && page.contains("src=\"../../izdeu-reader.js\""), "{page}");
    // Without the assets there is no page to copy and no offline.html.
    assert!(!out.join("offline.html").exists());
}

#[test]
fn a_reader_page_of_several_articles_opens_with_their_contents() {
    let dir = TempDir::new("contents");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    // A journal issue: two articles, the first two pages long; its headings hold markup.
    let issue = " ҚҰҚЫҚТЫҚ МЕМЛЕКЕТ <B>ТУРАЛЫ</B>\nҚазақстан Республикасы өзін құқықтық мемлекет ретінде орнықтырады.\n \
                 Сот билігі тәуелсіз.\n ПРАВО И ЗАКОН\nНастоящий закон регулирует обработку персональных данных.\n";
    std::fs::write(corpus.join("issue.txt"), issue).unwrap();
    std::fs::write(corpus.join("article.txt"), " ҚҰҚЫҚТЫҚ МЕМЛЕКЕТ\nҚазақстан Республикасы.\n Сот билігі тәуелсіз.\n").unwrap();
    let out = dir.path().join("out");
    izdeu(&["build", corpus.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let page = std::fs::read_to_string(out.join("docs/issue.txt.html")).unwrap();
    let contents = &page[page.find("<nav").expect("contents") ..page.find("</nav>").unwrap()];
    assert_eq!(
        contents,
        "<nav aria-label=\"Contents\"><ol><li><a href=\"#page-1\">Құқықтық мемлекет &lt;b&gt;туралы&lt;/b&gt;</a></li>\
         <li lang=\"ru\"><a href=\"#page-3\">Право и закон</a></li></ol>"
    );
    // Each article's heading opens its first page; the pages' numbers are a level below.
    assert!(page.contains("<section id=\"page-1\"><h2 class=\"izdeu-part\">Құқықтық мемлекет &lt;b&gt;туралы&lt;/b&gt;</h2><h3>1</h3>"), "{page}");
    assert!(page.contains("<section id=\"page-2\"><h3>2</h3>"), "{page}");
    assert!(page.contains("<section id=\"page-3\" lang=\"ru\"><h2 class=\"izdeu-part\">Право и закон</h2><h3>3</h3>"), "{page}");
    // One article: its title is the page's, and there are no contents.
    let page = std::fs::read_to_string(out.join("docs/article.txt.html")).unwrap();
    assert!(!page.contains("<nav") && !page.contains("izdeu-part") && page.contains("<section id=\"page-2\"><h2>2</h2>"), "{page}");
}

#[test]
fn offline_html_holds_the_engine_and_the_documents_the_index_rebuilds_from() {
    let dir = TempDir::new("offline");
    let site = site(&dir);
    let www = assets(&dir);
    let out = dir.path().join("out");
    izdeu(&["build", site.to_str().unwrap(), "--out", out.to_str().unwrap(), "--assets", www.to_str().unwrap()]);
    let html = std::fs::read_to_string(out.join("offline.html")).unwrap();
    // The inlined scripts cannot end their <script> early.
    assert!(html.contains("var s = '<\\/script>';"));
    assert!(html.contains("let wasm_bindgen = {};") && html.contains("body { color: black }"));
    // A JavaScript object (not JSON: its strings hold control characters) of two strings
    // that hold no `"`.
    let payload = |name: &str| {
        let key = format!("\"{name}\": \"");
        let start = html.find(&key).unwrap() + key.len();
        &html[start..start + html[start..].find('"').unwrap()]
    };
    assert!(html.contains("<script>window.IZDEU_OFFLINE = {\"wasm\": \""));
    let gunzip = |text: &str| {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&base122::decode(text)[..]).read_to_end(&mut out).unwrap();
        out
    };
    let index = std::fs::read(out.join("izdeu.idx")).unwrap();
    // Not the index itself: its documents, units and texts, from which the page rebuilds it.
    let documents = gunzip(payload("documents"));
    let documents = Index::open(&documents[..]).unwrap();
    assert_eq!(documents.terms().len(), 0);
    assert_eq!(rebuild(&documents).unwrap(), index);
    assert_eq!(gunzip(payload("wasm")), b"\0asm\x01\0\0\0");
    let wasm_script = std::fs::read_to_string(out.join("izdeu-wasm.js")).unwrap();
    assert_eq!(wasm_script, "window.IZDEU_WASM = \"AGFzbQEAAAA=\";\n");

    // Headed by the corpus folder's name, or by --title, escaped.
    assert!(html.contains("<title>site — izdeu offline</title>") && html.contains("<h1>site</h1>"), "{}", &html[..html.len().min(600)]);
    izdeu(&["build", site.to_str().unwrap(), "--out", out.to_str().unwrap(), "--assets", www.to_str().unwrap(), "--title", "Заң & <құқық>"]);
    let html = std::fs::read_to_string(out.join("offline.html")).unwrap();
    assert!(html.contains("<h1>Заң &amp; &lt;құқық&gt;</h1>"), "{}", &html[..html.len().min(600)]);
}
