//! What offline.html relies on: the index of `corpus/`, stripped to its documents, units
//! and texts and rebuilt by the index writer, is byte for byte the index `izdeu build`
//! wrote. A damaged stripped index is refused with a reason.
//!
//! Run: `cargo test --release --test rebuild`
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::Command;

use izdeu::corpus::{Document, Unit};
use izdeu::index::rebuild::{documents_only, rebuild};
use izdeu::index::{FormatError, Index, IndexWriter};
use proptest::prelude::*;
use proptest::test_runner::Config;

#[path = "support/temp_dir.rs"]
mod temp_dir;

use temp_dir::TempDir;

/// The index `izdeu build corpus` writes, through the command line and all it does.
fn corpus_index(dir: &TempDir) -> Vec<u8> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_izdeu")).arg("build").arg(&corpus).arg("--out").arg(&out).output().unwrap();
    assert!(output.status.success(), "izdeu build: {}", String::from_utf8_lossy(&output.stderr));
    std::fs::read(out.join("izdeu.idx")).unwrap()
}

#[test]
fn the_corpus_index_rebuilds_byte_for_byte_from_its_documents() {
    let dir = TempDir::new("rebuild-corpus");
    let built = corpus_index(&dir);
    let full = Index::open(&built[..]).unwrap();
    let stripped_bytes = documents_only(&full);
    let stripped = Index::open(&stripped_bytes[..]).unwrap();
    assert_eq!(stripped.terms().len(), 0);
    assert_eq!(stripped.docs().len(), 5);
    assert!(stripped.units().len() > 300, "{} units", stripped.units().len());
    // The texts are most of what is left: the dictionary and postings were a third.
    assert!(stripped_bytes.len() < built.len() * 3 / 4, "{} of {} bytes", stripped_bytes.len(), built.len());
    let rebuilt = rebuild(&stripped).unwrap();
    assert!(rebuilt == built, "the rebuilt index differs: {} bytes, {} built", rebuilt.len(), built.len());
}

#[test]
fn a_damaged_stripped_index_is_refused_with_a_reason() {
    let dir = TempDir::new("rebuild-damaged");
    let stripped = documents_only(&Index::open(corpus_index(&dir)).unwrap());
    let mut flipped = stripped.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x20;
    assert!(matches!(Index::open(&flipped[..]), Err(FormatError::ChecksumMismatch { .. })));
    let cut = &stripped[..stripped.len() - 1000];
    let error = Index::open(cut).unwrap_err();
    assert!(matches!(error, FormatError::Truncated { .. }), "{error:?}");
    assert!(error.to_string().contains("truncated"), "{error}");
}

/// Words of two parts that a line end may hyphenate: compounds' first words, syllables,
/// words and endings, so that every way [`IndexWriter`] decides such a word comes up.
const FIRST_PARTS: &[&str] = &["онлайн", "интернет", "long", "жан", "про"];
const LAST_PARTS: &[&str] = &["формате", "сервис", "сайтов", "lasting", "жақты", "мен", "блемы"];

fn unit_text() -> impl Strategy<Value = String> {
    // Joined, hyphenated, hyphenated across a line end, apart.
    let joint = proptest::sample::select(vec!["", "-", "-", "-\n", "-\n", "- \n  ", " "]);
    let word = (proptest::sample::select(FIRST_PARTS), joint, proptest::sample::select(LAST_PARTS));
    proptest::collection::vec(word, 1..12).prop_map(|words| words.into_iter().map(|(first, joint, last)| format!("{first}{joint}{last}, ")).collect())
}

proptest! {
    #![proptest_config(Config { cases: 300, failure_persistence: None, ..Config::default() })]

    /// Words hyphenated across line ends are joined or kept on the corpus as read; kept,
    /// they are stored on one line, and the stored texts must decide them the same again.
    #[test]
    fn stored_texts_rebuild_the_index_whatever_the_line_end_hyphens(texts in proptest::collection::vec(proptest::collection::vec(unit_text(), 1..4), 1..4)) {
        let mut writer = IndexWriter::new();
        for (d, units) in texts.iter().enumerate() {
            let units = units.iter().enumerate().map(|(page, text)| Unit { page: page as u32 + 1, start: 0, end: 0, text: text.clone(), anchor: String::new(), heading: String::new() }).collect();
            let path = format!("{d}.txt");
            writer.add_document(&Document { path: path.clone(), title: String::new(), units }, &path);
        }
        let built = writer.finish();
        let stripped = documents_only(&Index::open(&built[..]).unwrap());
        let rebuilt = rebuild(&Index::open(&stripped[..]).unwrap()).unwrap();
        prop_assert!(rebuilt == built, "the rebuilt index differs from the one built");
    }
}
