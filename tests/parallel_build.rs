//! The indexer on several threads: the same bytes as adding documents one by one, skipped
//! files reported in corpus order, the documents offline.html gets, a failed page stopping
//! the build, and a progress bar only on a terminal.
//!
//! Run: `cargo test --release --test parallel_build`
#![cfg(feature = "cli")]

#[path = "support/temp_dir.rs"]
mod temp_dir;

use std::path::Path;
use std::process::{Command, Stdio};

use izdeu::corpus::{self, Document};
use izdeu::index::format;
use izdeu::index::parallel::index_files;
use izdeu::index::rebuild::documents_only;
use izdeu::index::{AnalyzedDocument, Index, IndexWriter};
use temp_dir::TempDir;

fn url_of(doc: &Document) -> String {
    format!("docs/{}.html", doc.path)
}

/// The index of the folder `root`, its documents added one by one in corpus order.
fn sequential(root: &Path) -> Vec<u8> {
    let corpus = corpus::read_dir(root, None).unwrap();
    let mut writer = IndexWriter::new();
    for doc in &corpus.documents {
        writer.add_document(doc, &url_of(doc));
    }
    writer.finish()
}

fn parallel(root: &Path, threads: usize) -> Vec<u8> {
    let listing = corpus::list_files(root, None).unwrap();
    index_files(&listing.files, threads, |analyzed| Ok(url_of(analyzed.document())), |_, _| {}).unwrap().finish()
}

fn real_corpus() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
}

#[test]
fn threads_give_the_same_bytes_as_adding_documents_one_by_one() {
    let expected = sequential(real_corpus());
    for threads in [1, 2, 3, 8] {
        assert!(parallel(real_corpus(), threads) == expected, "{threads} threads: the index differs");
    }
}

#[test]
fn the_documents_for_offline_html_are_those_of_the_finished_index() {
    let listing = corpus::list_files(real_corpus(), None).unwrap();
    let mut writer = index_files(&listing.files, 2, |analyzed| Ok(url_of(analyzed.document())), |_, _| {}).unwrap();
    // `izdeu build` hands these to offline.html before it sorts the dictionary.
    let documents = format::write(&writer.documents());
    assert!(documents == documents_only(&Index::open(writer.finish()).unwrap()));
}

/// xorshift64: a fixed shuffle, the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn many_files_of_many_sizes_written_in_shuffled_order_give_the_same_bytes() {
    // Every page of the real corpus as a file of its own, in folders, written in a
    // shuffled order (so directory order is not corpus order), some pages glued together
    // (files of very different sizes finish out of order on the threads).
    let dir = TempDir::new("shuffled");
    let mut files = Vec::new();
    for doc in corpus::read_dir(real_corpus(), None).unwrap().documents {
        let mut pages = doc.units.iter().map(|u| u.text.as_str());
        let mut n = 0;
        while let Some(first) = pages.next() {
            let glued: String = std::iter::once(first).chain(pages.by_ref().take(n % 7)).collect();
            files.push((format!("{}/{:03}.txt", doc.path.replace('.', "_"), n), glued));
            n += 1;
        }
    }
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    while !files.is_empty() {
        let (name, text) = files.swap_remove(rng.below(files.len()));
        dir.write(&name, text);
    }
    let expected = sequential(dir.path());
    for threads in [2, 8] {
        assert!(parallel(dir.path(), threads) == expected, "{threads} threads: the index differs");
    }
}

#[test]
fn skipped_files_are_reported_in_corpus_order() {
    let dir = TempDir::new("skipped");
    dir.write("a.txt", " Заң және құқық\n");
    dir.write("b.txt", b"Law: \xc7\xe0\xea\xee\xed\n");
    dir.write("c.txt", " \n\n");
    dir.write("d.md", "# Сот\n\nСот билігі.\n");
    let listing = corpus::list_files(dir.path(), None).unwrap();
    let mut reports = Vec::new();
    let writer = index_files(&listing.files, 4, |analyzed| Ok(url_of(analyzed.document())), |file, outcome| {
        reports.push((file.relative.clone(), outcome.map_err(str::to_owned)));
    })
    .unwrap();
    assert_eq!(writer.doc_count(), 2);
    let names: Vec<&str> = reports.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["a.txt", "b.txt", "c.txt", "d.md"]);
    assert!(reports[0].1.is_ok() && reports[3].1.is_ok(), "{reports:?}");
    assert!(reports[1].1.as_ref().unwrap_err().contains("not UTF-8"), "{reports:?}");
    assert_eq!(reports[2].1.as_ref().unwrap_err(), corpus::NO_TEXT);
}

#[test]
fn a_page_that_cannot_be_written_stops_the_build_with_its_error() {
    let listing = corpus::list_files(real_corpus(), None).unwrap();
    let failing = listing.files[1].relative.clone();
    let publish = |analyzed: &AnalyzedDocument| match analyzed.document() {
        doc if doc.path == failing => Err(format!("cannot write the page of {}", doc.path)),
        doc => Ok(url_of(doc)),
    };
    let result = index_files(&listing.files, 2, publish, |_, _| {});
    assert_eq!(result.err(), Some(format!("cannot write the page of {failing}")));
}

fn build_args(out: &Path) -> [&str; 4] {
    ["build", real_corpus().to_str().unwrap(), "--out", out.to_str().unwrap()]
}

#[test]
fn no_progress_bar_when_standard_error_is_not_a_terminal() {
    let dir = TempDir::new("no-bar");
    let out = dir.path().join("out");
    let result = Command::new(env!("CARGO_BIN_EXE_izdeu")).args(build_args(&out)).stdin(Stdio::null()).output().unwrap();
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    assert_eq!(String::from_utf8_lossy(&result.stderr), "", "stderr carries nothing but messages");
    let stdout = String::from_utf8(result.stdout).unwrap();
    assert!(stdout.starts_with("indexed 5 documents") && stdout.lines().count() == 1, "{stdout:?}");
}

#[test]
fn a_progress_bar_on_a_terminal() {
    // util-linux `script` runs the build on a pseudo-terminal and copies what it shows.
    let dir = TempDir::new("bar");
    let out = dir.path().join("out");
    // The temporary paths hold no quote.
    let build = format!("'{}' '{}'", env!("CARGO_BIN_EXE_izdeu"), build_args(&out).join("' '"));
    let result = Command::new("script")
        .args(["--quiet", "--return", "--command", &build, "/dev/null"])
        .env_remove("TERM")
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` runs");
    let screen = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{screen}");
    assert!(screen.contains("indexing [") && screen.contains("B/s"), "no progress bar: {screen:?}");
    assert!(screen.contains("indexed 5 documents"), "{screen:?}");
}
