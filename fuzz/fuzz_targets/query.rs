//! Query parsing and search over the corpus index: bounded words and terms per word, safe
//! hits, no panic.
#![no_main]
use std::sync::OnceLock;

use izdeu::index::IndexWriter;
use izdeu::search::Searcher;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/fuzz_checks.rs"]
mod fuzz_checks;

fn searcher() -> &'static Searcher<Vec<u8>> {
    static SEARCHER: OnceLock<Searcher<Vec<u8>>> = OnceLock::new();
    SEARCHER.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        let corpus = izdeu::corpus::read_dir(&root, None).expect("the corpus folder reads");
        let mut writer = IndexWriter::new();
        for doc in &corpus.documents {
            writer.add_document(doc, &format!("docs/{}.html", doc.path));
        }
        Searcher::open(writer.finish()).expect("the corpus index opens")
    })
}

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    fuzz_checks::check_query(searcher(), &query, 10);
});
