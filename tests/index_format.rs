//! The index file format: round trips, determinism, hostile bytes, and a committed index
//! of this format version that later versions must still read (or reject loudly).
//!
//! Run: `cargo test --release --test index_format`

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[path = "support/allocation_watch.rs"]
mod allocation_watch;

use allocation_watch::largest_allocation;
use fst::{IntoStreamer, Streamer};
use izdeu::analysis;
use izdeu::corpus::{parse_document, Document, Unit};
use izdeu::index::format::{self, Contents, FORMAT_VERSION, MAGIC};
use izdeu::index::{FormatError, Index, IndexWriter};
use izdeu::search::{SearchError, Searcher};
use proptest::prelude::*;
use proptest::test_runner::Config;


/// No allocation while reading hostile bytes may be larger than this (the small test
/// indexes are a few KB, the corpus index 2 MB; absurd would be a count from the file).
const ALLOCATION_LIMIT: usize = 32 << 20;

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

/// A tiny fixed corpus in Kazakh, Russian and English: the source of `tests/data/v1-small.idx`.
/// Changing it means regenerating that file (see `write_v1_small_fixture`).
const SMALL_CORPUS: [(&str, &str); 3] = [
    (
        "kk/заң.txt",
        " ҚҰҚЫҚТЫҚ МЕМЛЕКЕТ\nҚазақстан Республикасы өзін демократиялық, зайырлы, құқықтық және әлеуметтік мемлекет ретінде орнықтырады.\n Екінші бет: сот билігі және судьялардың тәуелсіздігі.\n",
    ),
    (
        "ru/закон.txt",
        " О персональных данных\nНастоящий закон регулирует обработку персональных данных.\n Вторая страница: ответственность оператора за утечку данных.\n Третья страница: искусственный интеллект и право.\n",
    ),
    (
        "en/court.txt",
        " Artificial Intelligence and the Law\nCourts increasingly rely on software.\n The court dismissed the appeal of the defendant.\n",
    ),
];

fn url_of(path: &str) -> String {
    format!("docs/{path}.html")
}

fn small_documents() -> Vec<Document> {
    SMALL_CORPUS
        .iter()
        .map(|(path, text)| parse_document(path, text.as_bytes()).expect("UTF-8").expect("has text"))
        .collect()
}

fn small_index() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut writer = IndexWriter::new();
        for doc in small_documents() {
            writer.add_document(&doc, &url_of(&doc.path));
        }
        writer.finish()
    })
}

fn corpus_index() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let corpus = izdeu::corpus::read_dir(&root, None).expect("the corpus folder reads");
        let mut writer = IndexWriter::new();
        for doc in &corpus.documents {
            writer.add_document(doc, &url_of(&doc.path));
        }
        writer.finish()
    })
}

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v1-small.idx")
}

// ---------------------------------------------------------------------------------------
// Byte surgery: the format as documented in src/index/format.rs
// ---------------------------------------------------------------------------------------

const HEADER: usize = 32;
const ENTRY: usize = 20;
const STATS: u32 = 1;
const DOCS: u32 = 2;
const UNITS: u32 = 3;
const TEXT: u32 = 4;
const TERMS: u32 = 5;
const POSTINGS: u32 = 6;
const HEADINGS: u32 = 12;

fn varint(mut value: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
    out
}

/// Writes the CRC of the body (bytes 32..) at offset 24, as a writer would.
fn fix_crc(bytes: &mut [u8]) {
    let crc = crc32fast::hash(&bytes[HEADER..]);
    bytes[24..28].copy_from_slice(&crc.to_le_bytes());
}

/// Writes the body length at offset 16 and the CRC at 24.
fn fix_header(bytes: &mut [u8]) {
    let body = (bytes.len() - HEADER) as u64;
    bytes[16..24].copy_from_slice(&body.to_le_bytes());
    fix_crc(bytes);
}

/// The sections of a well-formed index: (kind, bytes), in table order.
fn split_sections(bytes: &[u8]) -> Vec<(u32, Vec<u8>)> {
    let count = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let body = &bytes[HEADER..];
    (0..count)
        .map(|i| {
            let entry = &body[i * ENTRY..(i + 1) * ENTRY];
            let kind = u32::from_le_bytes(entry[0..4].try_into().unwrap());
            let offset = u64::from_le_bytes(entry[4..12].try_into().unwrap()) as usize;
            let len = u64::from_le_bytes(entry[12..20].try_into().unwrap()) as usize;
            (kind, body[offset..offset + len].to_vec())
        })
        .collect()
}

/// A complete index file from sections, with a correct header and checksum.
fn assemble(sections: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut offset = (sections.len() * ENTRY) as u64;
    for (kind, bytes) in sections {
        body.extend_from_slice(&kind.to_le_bytes());
        body.extend_from_slice(&offset.to_le_bytes());
        body.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        offset += bytes.len() as u64;
    }
    for (_, bytes) in sections {
        body.extend_from_slice(bytes);
    }
    let mut out = Vec::new();
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// `bytes` with section `kind` replaced by `content`, re-framed with a valid checksum.
fn with_section(bytes: &[u8], kind: u32, content: Vec<u8>) -> Vec<u8> {
    let mut sections = split_sections(bytes);
    let slot = sections.iter_mut().find(|(k, _)| *k == kind).expect("section present");
    slot.1 = content;
    assemble(&sections)
}

fn section(bytes: &[u8], kind: u32) -> Vec<u8> {
    split_sections(bytes).into_iter().find(|(k, _)| *k == kind).expect("section present").1
}

/// Byte offset (absolute) of the table entry for section `kind`.
fn entry_offset(bytes: &[u8], kind: u32) -> usize {
    let count = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    (0..count)
        .map(|i| HEADER + i * ENTRY)
        .find(|&at| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) == kind)
        .expect("section present")
}

fn corrupt(section: &'static str) -> impl Fn(&FormatError) -> bool {
    move |e| matches!(e, FormatError::Corrupt { section: s, .. } if *s == section)
}

/// Opens `bytes` and uses everything an index offers: every unit's text, every term's
/// postings, then a searcher and a few searches. Returns the first error; panics only
/// if the library does.
fn exercise(bytes: &[u8]) -> Result<usize, FormatError> {
    let index = Index::open(bytes)?;
    let mut work = 0;
    for (i, unit) in index.units().iter().enumerate() {
        work += index.unit_text(i as u32).len() + unit.anchor.len();
        assert!((unit.doc as usize) < index.docs().len(), "a unit points to a document that is not there");
    }
    let mut first_error = None;
    let map = index.terms();
    let mut stream = map.into_stream();
    let mut terms = 0;
    while let Some((_, offset)) = stream.next() {
        terms += 1;
        match (index.postings(offset), index.unit_frequency(offset)) {
            (Ok(postings), Ok(_)) => {
                for posting in &postings {
                    assert!((posting.unit as usize) < index.units().len(), "a posting points to a unit that is not there");
                }
                work += postings.len();
            }
            (Err(e), _) | (_, Err(e)) => {
                first_error.get_or_insert(e);
            }
        }
        if terms >= 5000 {
            break;
        }
    }
    drop(stream);
    let searcher = Searcher::open(bytes)?;
    for query in ["құқықтық мемлекет", "судьялардың ", "ответсвенность оператора", "court appeal", "интел", "a", "мемлекат ", "dismised"] {
        match searcher.search(query, 20) {
            Ok(hits) => work += hits.iter().map(|h| h.snippet.len()).sum::<usize>(),
            Err(SearchError::Format(e)) => {
                first_error.get_or_insert(e);
            }
            Err(missing) => panic!("a whole index never lacks chunks: {missing}"),
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(work),
    }
}

// ---------------------------------------------------------------------------------------
// Round trip
// ---------------------------------------------------------------------------------------

const WORDS: &[&str] = &[
    "заң", "Құқықтық", "МЕМЛЕКЕТ", "сондай-ақ", "іс-қимыл", "Қазақстан", "әлеуметтік", "жа-\n  санды",
    "закон", "Приём", "ЁЛКА", "персональных", "ис-\nпользования", "интеллект12", "тa", "мeн",
    "court", "Intelligence", "AI-based", "e-mail", "cоurt", "naïve", "2021", "12-13", "-", "--", "‐", "—",
    "\u{ad}", "\u{200b}", "и\u{306}", "ß", "İ", "ﬁ", "١٢٣", "שלום", "🙂", "",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(WORDS).prop_map(str::to_owned),
        2 => "[а-яәғқңөұүһі]{1,12}",
        1 => "[a-zA-Z0-9]{1,10}",
        1 => "\\PC{1,8}",
        1 => any::<String>().prop_map(|s| s.chars().take(16).collect()),
    ]
}

fn unit_text() -> impl Strategy<Value = String> {
    let separator = proptest::sample::select(vec![" ", "\n", ", ", " - ", "-", "\t", "\n\n", "", ". "]);
    proptest::collection::vec((word(), separator), 0..14)
        .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

fn unit() -> impl Strategy<Value = Unit> {
    // Headings from a few, so that units share them, within and across documents.
    let heading = prop_oneof![Just(String::new()), Just("Кіріспе".to_owned()), "\\PC{0,12}"];
    (any::<u32>(), any::<u64>(), 0u64..100_000, unit_text(), "\\PC{0,12}", heading).prop_map(|(page, start, len, text, anchor, heading)| Unit {
        page,
        start,
        end: start.saturating_add(len),
        text,
        anchor,
        heading,
    })
}

fn document() -> impl Strategy<Value = (Document, String)> {
    (
        "[a-zа-я0-9_./-]{0,24}",
        prop_oneof!["\\PC{0,40}", any::<String>()],
        proptest::collection::vec(unit(), 0..5),
        "\\PC{0,20}",
    )
        .prop_map(|(path, title, units, url)| (Document { path, title, units }, url))
}

fn write_all(docs: &[(Document, String)]) -> IndexWriter {
    let mut writer = IndexWriter::new();
    for (doc, url) in docs {
        writer.add_document(doc, url);
    }
    writer
}

fn check_round_trip(docs: &[(Document, String)]) -> Result<(), TestCaseError> {
    let contents: Contents = write_all(docs).into_contents();
    let bytes = format::write(&contents);
    // The same input, through a fresh writer (its own hash map order), gives the same bytes.
    prop_assert!(write_all(docs).finish() == bytes, "writing the same documents twice gave different bytes");

    let index = Index::open(&bytes[..]).map_err(|e| TestCaseError::fail(format!("open: {e}")))?;
    prop_assert_eq!(index.byte_len(), bytes.len());
    prop_assert_eq!(index.docs(), &contents.docs[..]);
    let expected_docs: Vec<(&str, &str, &str)> = docs.iter().map(|(d, u)| (d.path.as_str(), d.title.as_str(), u.as_str())).collect();
    let stored_docs: Vec<(&str, &str, &str)> = index.docs().iter().map(|d| (d.path.as_str(), d.title.as_str(), d.url.as_str())).collect();
    prop_assert_eq!(stored_docs, expected_docs);
    prop_assert_eq!(index.total_tokens(), contents.total_tokens);

    let input_units: Vec<(u32, &Unit)> =
        docs.iter().enumerate().flat_map(|(d, (doc, _))| doc.units.iter().map(move |u| (d as u32, u))).collect();
    prop_assert_eq!(index.units().len(), input_units.len());
    for (i, ((doc, unit), record)) in input_units.iter().zip(index.units()).enumerate() {
        let written = &contents.units[i];
        prop_assert_eq!(record.doc, *doc);
        prop_assert_eq!(record.page, unit.page);
        prop_assert_eq!(record.start, unit.start);
        prop_assert_eq!(record.end, unit.end);
        prop_assert_eq!(&record.anchor, &unit.anchor);
        prop_assert_eq!(&*record.heading, unit.heading.as_str());
        prop_assert_eq!(record.tokens, written.tokens);
        // Every other stored field (whatever fields a unit gains) as the writer had it;
        // text ranges differ (absolute in the file) and are compared through the text.
        let without_range = |u: &izdeu::index::UnitRecord| izdeu::index::UnitRecord { text: 0..0, ..u.clone() };
        prop_assert_eq!(without_range(record), without_range(written));
        // The text as given, but for the words stored on one line (kept hyphenated across
        // a line end, or joining two alphabets there): only line breaks after hyphens cut.
        let stored = index.unit_text(i as u32);
        if stored != unit.text {
            prop_assert!(stored.len() < unit.text.len(), "{:?} stored as {:?}", unit.text, stored);
            prop_assert_eq!(analysis::on_one_line(stored), analysis::on_one_line(&unit.text));
        }
        prop_assert_eq!(stored, &contents.text[written.text.clone()]);
    }
    prop_assert_eq!(index.unit_text(input_units.len() as u32), "");
    prop_assert_eq!(index.unit_text(u32::MAX), "");

    // Every term the writer produced, in the same order, with the same postings.
    let mut stored_terms = Vec::new();
    let map = index.terms();
    let mut stream = map.into_stream();
    while let Some((term, offset)) = stream.next() {
        stored_terms.push((String::from_utf8(term.to_vec()).expect("terms are UTF-8"), offset));
    }
    drop(stream);
    prop_assert_eq!(stored_terms.len(), contents.terms.len());
    for ((term, offset), (expected_term, expected_postings)) in stored_terms.iter().zip(&contents.terms) {
        prop_assert_eq!(term, expected_term);
        let postings = index.postings(*offset).map_err(|e| TestCaseError::fail(format!("postings of {term:?}: {e}")))?;
        prop_assert_eq!(&postings, expected_postings);
        prop_assert_eq!(index.unit_frequency(*offset), Ok(expected_postings.len() as u64));
        prop_assert!(!postings.is_empty());
    }

    // The searcher opens it, and a word typed as it stands in a unit finds that unit.
    let searcher = Searcher::open(&bytes[..]).map_err(|e| TestCaseError::fail(format!("searcher: {e}")))?;
    for (d, (doc, _)) in docs.iter().enumerate() {
        for unit in &doc.units {
            let Some(token) = izdeu::analysis::tokenize(&unit.text).into_iter().find(|t| !unit.text[t.start..t.end].contains(char::is_whitespace))
            else {
                continue;
            };
            let typed = format!("{} ", &unit.text[token.start..token.end]);
            let hits = searcher.search(&typed, 1000).map_err(|e| TestCaseError::fail(format!("search {typed:?}: {e}")))?;
            // A unit under a heading is shown with it, else with its document's title.
            let title = if unit.heading.is_empty() { &doc.title } else { &unit.heading };
            let found = hits.iter().any(|h| {
                h.doc == doc.path && h.page == unit.page && h.start == unit.start && h.end == unit.end && h.title == *title
            });
            prop_assert!(found, "typing {:?} (term {:?}) did not find its unit in document {} page {}; hits: {:?}", typed, token.term, d, unit.page, hits);
            break;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 400, failure_persistence: None, ..Config::default() })]

    #[test]
    fn round_trip_keeps_documents_units_and_postings(docs in proptest::collection::vec(document(), 0..5)) {
        check_round_trip(&docs)?;
    }
}

#[test]
fn round_trip_of_the_small_corpus_and_an_empty_index() {
    let docs: Vec<(Document, String)> = small_documents().into_iter().map(|d| {
        let url = url_of(&d.path);
        (d, url)
    }).collect();
    check_round_trip(&docs).unwrap();
    check_round_trip(&[]).unwrap();
    // An empty index opens and searches to nothing.
    let bytes = IndexWriter::new().finish();
    let searcher = Searcher::open(&bytes[..]).unwrap();
    assert_eq!(searcher.search("заң", 10).unwrap(), vec![]);
}

#[test]
fn whatever_the_writer_is_given_the_reader_opens() {
    // A unit whose range ends before it starts (a caller's mistake) must not make an
    // index that its own reader rejects as corrupt.
    let doc = Document {
        path: "x.txt".into(),
        title: "x".into(),
        units: vec![
            Unit { page: 1, start: 10, end: 5, text: "заң және құқық".into(), anchor: String::new(), heading: String::new() },
            Unit { page: u32::MAX, start: u64::MAX, end: 0, text: "court".into(), anchor: "a".into(), heading: "A heading".into() },
        ],
    };
    let mut writer = IndexWriter::new();
    writer.add_document(&doc, "x.html");
    let bytes = writer.finish();
    let index = Index::open(&bytes[..]).expect("the writer's own output opens");
    let ranges: Vec<(u32, u64, u64)> = index.units().iter().map(|u| (u.page, u.start, u.end)).collect();
    assert_eq!(ranges, [(1, 10, 10), (u32::MAX, u64::MAX, u64::MAX)]);
    let hits = Searcher::open(&bytes[..]).unwrap().search("құқық ", 10).unwrap();
    assert_eq!((hits[0].start, hits[0].end), (10, 10));
}

#[test]
fn the_corpus_index_is_deterministic_and_reopens() {
    let bytes = corpus_index();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let corpus = izdeu::corpus::read_dir(&root, None).unwrap();
    let mut writer = IndexWriter::new();
    for doc in &corpus.documents {
        writer.add_document(doc, &url_of(&doc.path));
    }
    assert!(writer.finish() == bytes, "indexing the corpus twice gave different bytes");
    let index = Index::open(bytes).unwrap();
    assert_eq!(index.docs().len(), corpus.documents.len());
    let units: Vec<&Unit> = corpus.documents.iter().flat_map(|d| &d.units).collect();
    assert_eq!(index.units().len(), units.len());
    // The texts as read, but for the words kept hyphenated across a line end: stored on
    // one line (жылдан-жылға, as the corpus has it elsewhere).
    let mut on_one_line = 0;
    for (i, unit) in units.iter().enumerate() {
        let stored = index.unit_text(i as u32);
        if stored != unit.text {
            on_one_line += 1;
            assert_eq!(analysis::on_one_line(stored), analysis::on_one_line(&unit.text));
        }
    }
    assert!(on_one_line > 0);
}

// ---------------------------------------------------------------------------------------
// Bad bytes: each gives the right error
// ---------------------------------------------------------------------------------------

#[test]
fn errors_say_how_to_fix_the_problem() {
    let errors = [
        FormatError::TooShort { len: 3 },
        FormatError::NotAnIndex,
        FormatError::UnsupportedVersion { found: 7 },
        FormatError::Truncated { expected: 100, found: 50 },
        FormatError::ChecksumMismatch { expected: 1, found: 2 },
        FormatError::Corrupt { section: "UNITS", what: "unit fields out of range" },
    ];
    for e in errors {
        let message = e.to_string();
        assert!(message.contains("izdeu build"), "{e:?} displays as {message:?}, which does not say to run `izdeu build`");
        assert!(!message.contains('\n'), "{message:?} should be one line");
    }
    let e = FormatError::UnsupportedVersion { found: 7 }.to_string();
    assert!(e.contains('7') && e.contains(&FORMAT_VERSION.to_string()), "{e}");
    let e = FormatError::Corrupt { section: "UNITS", what: "unit fields out of range" }.to_string();
    assert!(e.contains("UNITS") && e.contains("unit fields out of range"), "{e}");
}

#[test]
fn empty_and_short_input_is_too_short() {
    assert_eq!(Index::open(&[][..]).unwrap_err(), FormatError::TooShort { len: 0 });
    assert_eq!(Index::open(&b"IZDEU"[..]).unwrap_err(), FormatError::TooShort { len: 5 });
    let bytes = small_index();
    assert_eq!(Index::open(&bytes[..31]).unwrap_err(), FormatError::TooShort { len: 31 });
    assert_eq!(Index::open(&bytes[..8]).unwrap_err(), FormatError::TooShort { len: 8 });
    assert!(Searcher::open(&[][..]).is_err());
}

#[test]
fn other_files_are_not_an_index() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa\0\0\0\x19tEXt";
    assert_eq!(Index::open(&png[..]).unwrap_err(), FormatError::NotAnIndex);
    let text = "Қазақстан Республикасының Конституциясы — a text file, not an index.\n".as_bytes();
    assert_eq!(Index::open(text).unwrap_err(), FormatError::NotAnIndex);
    // Shorter than the header but long enough to see the magic is wrong.
    assert_eq!(Index::open(&b"<!doctype html>"[..]).unwrap_err(), FormatError::NotAnIndex);
    assert_eq!(Index::open(&png[..8]).unwrap_err(), FormatError::NotAnIndex);
    // The magic of a neighbouring format with the rest of a real index.
    let mut bytes = small_index().to_vec();
    bytes[7] = b'X';
    assert_eq!(Index::open(&bytes[..]).unwrap_err(), FormatError::NotAnIndex);
    let message = FormatError::NotAnIndex.to_string();
    assert!(message.contains("not an izdeu index"), "{message}");
}

#[test]
fn another_version_is_unsupported() {
    for version in [0u32, 2, FORMAT_VERSION + 1, u32::MAX] {
        let mut bytes = small_index().to_vec();
        bytes[8..12].copy_from_slice(&version.to_le_bytes());
        assert_eq!(Index::open(&bytes[..]).unwrap_err(), FormatError::UnsupportedVersion { found: version });
        // Even with a fixed checksum (the version is in the header, not the body).
        fix_crc(&mut bytes);
        assert_eq!(Index::open(&bytes[..]).unwrap_err(), FormatError::UnsupportedVersion { found: version });
    }
}

#[test]
fn every_prefix_of_a_small_index_is_rejected() {
    let bytes = small_index();
    for len in 0..bytes.len() {
        let (result, largest) = largest_allocation(|| Index::open(&bytes[..len]).map(|_| ()));
        let expected = if len < HEADER {
            FormatError::TooShort { len }
        } else {
            FormatError::Truncated { expected: bytes.len() as u64, found: len as u64 }
        };
        assert_eq!(result, Err(expected), "prefix of {len} bytes");
        assert!(largest < ALLOCATION_LIMIT);
        assert!(Searcher::open(&bytes[..len]).is_err());
    }
    // Trailing bytes are not silently ignored either.
    let mut longer = bytes.to_vec();
    longer.extend_from_slice(b"\0\0\0\0");
    assert!(matches!(Index::open(&longer[..]), Err(FormatError::Truncated { .. })));
    assert!(Index::open(bytes).is_ok());
}

#[test]
fn prefixes_of_the_corpus_index_are_truncated() {
    let bytes = corpus_index();
    let n = bytes.len();
    let mut lengths: Vec<usize> = vec![0, 1, 7, 8, 31, 32, 33, 51, 52, 100, 152, 153, 4096, n / 3, n / 2, n - 1000, n - 37, n - 36, n - 4, n - 1];
    lengths.extend((1..40).map(|k| k * n / 40));
    for len in lengths {
        let result = Index::open(&bytes[..len]).map(|_| ());
        let expected = if len < HEADER {
            FormatError::TooShort { len }
        } else {
            FormatError::Truncated { expected: n as u64, found: len as u64 }
        };
        assert_eq!(result, Err(expected), "prefix of {len} bytes");
        let message = expected_message(&bytes[..len]);
        assert!(message.contains("izdeu build"), "{message}");
    }
}

fn expected_message(bytes: &[u8]) -> String {
    Index::open(bytes).err().map(|e| e.to_string()).unwrap_or_default()
}

#[test]
fn a_huge_length_in_the_header_is_truncated() {
    let bytes = small_index();
    for body_len in [u64::MAX, u64::MAX - 31, u64::MAX - 32, 1 << 63, bytes.len() as u64] {
        let mut damaged = bytes.to_vec();
        damaged[16..24].copy_from_slice(&body_len.to_le_bytes());
        let (result, largest) = largest_allocation(|| Index::open(&damaged[..]).map(|_| ()));
        let expected = body_len.saturating_add(HEADER as u64);
        assert_eq!(result, Err(FormatError::Truncated { expected, found: bytes.len() as u64 }), "body length {body_len}");
        assert!(largest < ALLOCATION_LIMIT);
        let message = result.unwrap_err().to_string();
        assert!(message.contains(&expected.to_string()) && message.contains("izdeu build"), "{message}");
    }
}

#[test]
fn a_flipped_bit_in_the_body_is_a_checksum_mismatch() {
    let bytes = small_index();
    // Every bit of every body byte of the small index.
    for at in HEADER..bytes.len() {
        for bit in 0..8 {
            let mut damaged = bytes.to_vec();
            damaged[at] ^= 1 << bit;
            assert!(
                matches!(Index::open(&damaged[..]), Err(FormatError::ChecksumMismatch { .. })),
                "bit {bit} of byte {at} flipped"
            );
        }
    }
    // Spread over the corpus index.
    let bytes = corpus_index();
    let mut damaged = bytes.to_vec();
    for k in 0..64 {
        let at = HEADER + k * (bytes.len() - HEADER - 1) / 63;
        damaged[at] ^= 0x10;
        let error = Index::open(&damaged[..]).unwrap_err();
        assert!(matches!(error, FormatError::ChecksumMismatch { .. }), "byte {at}: {error:?}");
        assert!(error.to_string().contains("izdeu build"));
        damaged[at] ^= 0x10;
    }
    // A wrong checksum field is a mismatch too.
    let mut damaged = bytes.to_vec();
    damaged[25] ^= 1;
    assert!(matches!(Index::open(&damaged[..]), Err(FormatError::ChecksumMismatch { .. })));
}

#[test]
fn a_flipped_bit_in_the_header_is_an_error_or_harmless() {
    let bytes = small_index();
    for at in 0..HEADER {
        for bit in 0..8 {
            let mut damaged = bytes.to_vec();
            damaged[at] ^= 1 << bit;
            let result = Index::open(&damaged[..]).map(|_| ());
            match at {
                0..=7 => assert_eq!(result, Err(FormatError::NotAnIndex)),
                8..=11 => assert!(matches!(result, Err(FormatError::UnsupportedVersion { .. }))),
                16..=23 => assert!(matches!(result, Err(FormatError::Truncated { .. }))),
                24..=27 => assert!(matches!(result, Err(FormatError::ChecksumMismatch { .. }))),
                // Section count (not covered by the checksum) and the reserved field: any
                // result, but no panic, and a searcher must work or fail cleanly.
                _ => {
                    let _ = exercise(&damaged);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Structural damage behind a valid checksum
// ---------------------------------------------------------------------------------------

#[test]
fn the_section_table_is_checked() {
    let bytes = small_index();
    let header = corrupt("header");

    // Section count too large for the body.
    for count in [u32::MAX, u32::MAX / 20 + 1, 1 << 20] {
        let mut damaged = bytes.to_vec();
        damaged[12..16].copy_from_slice(&count.to_le_bytes());
        fix_crc(&mut damaged);
        let error = Index::open(&damaged[..]).unwrap_err();
        assert!(header(&error), "count {count}: {error:?}");
    }
    // No sections at all.
    let mut damaged = bytes.to_vec();
    damaged[12..16].copy_from_slice(&0u32.to_le_bytes());
    fix_crc(&mut damaged);
    assert_eq!(Index::open(&damaged[..]).unwrap_err(), FormatError::Corrupt { section: "STATS", what: "section missing" });

    for (kind, name) in [(STATS, "STATS"), (DOCS, "DOCS"), (UNITS, "UNITS"), (TEXT, "TEXT"), (TERMS, "TERMS"), (POSTINGS, "POSTINGS")] {
        let at = entry_offset(bytes, kind);
        // Offset or length past the end, or overflowing.
        for (offset, len) in [(u64::MAX, 1), (1, u64::MAX), (u64::MAX, u64::MAX), (bytes.len() as u64, 1), (0, 0)] {
            let mut damaged = bytes.to_vec();
            damaged[at + 4..at + 12].copy_from_slice(&offset.to_le_bytes());
            damaged[at + 12..at + 20].copy_from_slice(&len.to_le_bytes());
            fix_crc(&mut damaged);
            let (result, largest) = largest_allocation(|| exercise(&damaged));
            let error = result.unwrap_err();
            // (0, 0) lies inside the table: rejected as well.
            assert!(header(&error), "{name} at ({offset}, {len}): {error:?}");
            assert!(largest < ALLOCATION_LIMIT);
        }
        // A section this version does not know is skipped, so the known one is missing.
        let mut damaged = bytes.to_vec();
        damaged[at..at + 4].copy_from_slice(&99u32.to_le_bytes());
        fix_crc(&mut damaged);
        assert_eq!(Index::open(&damaged[..]).unwrap_err(), FormatError::Corrupt { section: name, what: "section missing" });
        let message = Index::open(&damaged[..]).unwrap_err().to_string();
        assert!(message.contains(name) && message.contains("izdeu build"), "{message}");
    }

    // A section pointing at another section's bytes is caught by that section's checks.
    let mut damaged = bytes.to_vec();
    let (units_at, text_at) = (entry_offset(bytes, UNITS), entry_offset(bytes, TEXT));
    let text_entry: Vec<u8> = damaged[text_at + 4..text_at + 20].to_vec();
    damaged[units_at + 4..units_at + 20].copy_from_slice(&text_entry);
    fix_crc(&mut damaged);
    assert!(corrupt("UNITS")(&Index::open(&damaged[..]).unwrap_err()));
}

#[test]
fn stats_counts_are_checked() {
    let bytes = small_index();
    let stats = |docs: u64, units: u64, tokens: u64| [varint(docs), varint(units), varint(tokens)].concat();
    let real = Index::open(bytes).unwrap();
    let (docs, units, tokens) = (real.docs().len() as u64, real.units().len() as u64, real.total_tokens());

    for (content, section) in [
        (stats(u64::MAX, units, tokens), "DOCS"),
        (stats(docs + 1, units, tokens), "DOCS"),
        (stats(docs, u64::MAX, tokens), "UNITS"),
        (stats(docs, units + 1, tokens), "UNITS"),
        (stats(0, units, tokens), "UNITS"), // units point to documents that are not there
        (vec![], "STATS"),
        (vec![0x80], "STATS"),
        (vec![0xff; 11], "STATS"), // a number longer than 64 bits
        (stats(docs, units, tokens)[..2].to_vec(), "STATS"),
    ] {
        let damaged = with_section(bytes, STATS, content.clone());
        let (result, largest) = largest_allocation(|| exercise(&damaged));
        let error = result.unwrap_err();
        assert!(corrupt(section)(&error), "STATS {content:?}: expected a {section} error, got {error:?}");
        assert!(error.to_string().contains("izdeu build"));
        assert!(largest < ALLOCATION_LIMIT, "STATS {content:?}: an allocation of {largest} bytes");
    }
    // Fewer units than stored: the rest are ignored, and the postings that point at
    // them are errors, not panics. (Optional per-unit sections, like LANGS, may notice
    // first; without them it is the postings.)
    let damaged = with_section(bytes, STATS, stats(docs, 1, tokens));
    assert!(matches!(exercise(&damaged), Err(FormatError::Corrupt { .. })));
    let core: Vec<(u32, Vec<u8>)> = split_sections(&damaged).into_iter().filter(|(k, _)| *k <= POSTINGS).collect();
    assert_eq!(exercise(&assemble(&core)), Err(FormatError::Corrupt { section: "POSTINGS", what: "unit id out of range" }));
    // A huge token total is only a statistic: the index still works.
    let damaged = with_section(bytes, STATS, stats(docs, units, u64::MAX));
    assert!(exercise(&damaged).is_ok());
}

#[test]
fn docs_and_units_are_checked() {
    let bytes = small_index();
    let doc = |parts: &[&[u8]]| parts.iter().flat_map(|p| [varint(p.len() as u64), p.to_vec()].concat()).collect::<Vec<u8>>();
    let docs = section(bytes, DOCS);
    let rest_of_docs = {
        // Skip the first document's three strings.
        let mut at = 0;
        for _ in 0..3 {
            let (mut len, mut shift) = (0usize, 0);
            loop {
                let b = docs[at];
                at += 1;
                len |= ((b & 0x7f) as usize) << shift;
                shift += 7;
                if b < 0x80 {
                    break;
                }
            }
            at += len;
        }
        docs[at..].to_vec()
    };
    for (first, what) in [
        ([varint(u64::MAX), b"x".to_vec()].concat(), "string runs past the section"),
        ([varint(1 << 40), b"x".to_vec()].concat(), "string runs past the section"),
        ([doc(&[b"\xff\xfe", b"t", b"u"])].concat(), "string is not UTF-8"),
        ([doc(&[b"p", b"\xc3", b"u"])].concat(), "string is not UTF-8"),
    ] {
        let damaged = with_section(bytes, DOCS, [first, rest_of_docs.clone()].concat());
        let (result, largest) = largest_allocation(|| exercise(&damaged));
        assert_eq!(result.unwrap_err(), FormatError::Corrupt { section: "DOCS", what });
        assert!(largest < ALLOCATION_LIMIT);
    }

    // UNITS: per unit doc, page, start, end, tokens, text length, anchor.
    let real = Index::open(bytes).unwrap();
    let text_len = section(bytes, TEXT).len() as u64;
    let units_of = |list: &[[u64; 6]]| -> Vec<u8> {
        list.iter().flat_map(|u| [u.iter().flat_map(|&v| varint(v)).collect::<Vec<u8>>(), varint(0)].concat()).collect()
    };
    let good: Vec<[u64; 6]> = real
        .units()
        .iter()
        .map(|u| [u.doc as u64, u.page as u64, u.start, u.end, u.tokens as u64, (u.text.end - u.text.start) as u64])
        .collect();
    assert!(exercise(&with_section(bytes, UNITS, units_of(&good))).is_ok(), "the rebuilt UNITS section (anchors emptied) is valid");
    let mutate = |i: usize, field: usize, value: u64| {
        let mut list = good.clone();
        list[i][field] = value;
        units_of(&list)
    };
    let docs_count = real.docs().len() as u64;
    for (content, what) in [
        (mutate(0, 0, docs_count), "unit fields out of range"),
        (mutate(1, 0, u64::MAX), "unit fields out of range"),
        (mutate(0, 1, u32::MAX as u64 + 1), "unit fields out of range"),
        (mutate(0, 2, good[0][3] + 1), "unit fields out of range"), // start > end
        (mutate(0, 4, u64::MAX), "unit fields out of range"),
        (mutate(0, 5, u64::MAX), "unit text runs past TEXT"),
        (mutate(0, 5, text_len + 1), "unit text runs past TEXT"),
        (mutate(good.len() - 1, 5, good[good.len() - 1][5] + 1), "unit text runs past TEXT"),
        // The first unit starts with a space and Cyrillic letters: a length of 2 ends
        // inside the two bytes of "Қ".
        (mutate(0, 5, 2), "unit fields out of range"),
        (units_of(&good)[..units_of(&good).len() - 1].to_vec(), "ends inside a number"),
        ([units_of(&good[..1]), vec![0xff; 12]].concat(), "number too long"),
    ] {
        let damaged = with_section(bytes, UNITS, content);
        let (result, largest) = largest_allocation(|| exercise(&damaged));
        assert_eq!(result.unwrap_err(), FormatError::Corrupt { section: "UNITS", what });
        assert!(largest < ALLOCATION_LIMIT);
    }
    // An anchor that is not UTF-8 or runs past the section.
    let mut content = units_of(&good);
    let anchor_at = good[0].iter().map(|&v| varint(v).len()).sum::<usize>();
    content.splice(anchor_at..anchor_at + 1, [2u8, 0xc3, 0x28]);
    assert_eq!(exercise(&with_section(bytes, UNITS, content)).unwrap_err(), FormatError::Corrupt { section: "UNITS", what: "string is not UTF-8" });
    let mut content = units_of(&good);
    content.splice(anchor_at..anchor_at + 1, varint(u64::MAX));
    assert_eq!(exercise(&with_section(bytes, UNITS, content)).unwrap_err(), FormatError::Corrupt { section: "UNITS", what: "string runs past the section" });

    // TEXT that is not UTF-8.
    let mut text = section(bytes, TEXT);
    text[1] = 0xff;
    assert_eq!(exercise(&with_section(bytes, TEXT, text)).unwrap_err(), FormatError::Corrupt { section: "TEXT", what: "not UTF-8" });
}

#[test]
fn headings_are_checked() {
    let bytes = small_index();
    let unit_count = Index::open(bytes).unwrap().units().len();
    let headings = |table: &[&[u8]], numbers: &[u64]| -> Vec<u8> {
        let strings = table.iter().flat_map(|s| [varint(s.len() as u64), s.to_vec()].concat());
        varint(table.len() as u64).into_iter().chain(strings).chain(numbers.iter().flat_map(|&n| varint(n))).collect()
    };
    let mut numbers = vec![0; unit_count];
    numbers[1..].fill(1);
    let index = Index::open(with_section(bytes, HEADINGS, headings(&["Бірінші бөлім".as_bytes()], &numbers))).expect("a valid HEADINGS section");
    let read: Vec<&str> = index.units().iter().map(|u| &*u.heading).collect();
    assert_eq!(read[0], "");
    assert!(read[1..].iter().all(|&h| h == "Бірінші бөлім"), "{read:?}");

    let mut past_table = numbers.clone();
    past_table[2] = 2;
    for (content, what) in [
        (headings(&[b"a"], &past_table), "a unit's heading is not in the table"),
        (headings(&[b"a"], &numbers[1..]), "ends inside a number"),
        (headings(&[b"a"], &[numbers.clone(), vec![0]].concat()), "not one heading number per unit"),
        (headings(&[b"\xc3\x28"], &numbers), "string is not UTF-8"),
        ([varint(u64::MAX), vec![0; 8]].concat(), "more headings than bytes"),
        ([varint(3), varint(100), b"ab".to_vec()].concat(), "string runs past the section"),
    ] {
        let damaged = with_section(bytes, HEADINGS, content);
        let (result, largest) = largest_allocation(|| exercise(&damaged));
        assert_eq!(result.unwrap_err(), FormatError::Corrupt { section: "HEADINGS", what });
        assert!(largest < ALLOCATION_LIMIT);
    }
}

#[test]
fn terms_and_postings_are_checked() {
    let bytes = small_index();
    // TERMS that is not an fst.
    for content in [vec![], vec![0u8; 8], vec![0xff; 64], b"IZDEU\0ix not an fst at all, just some text here".to_vec()] {
        let damaged = with_section(bytes, TERMS, content.clone());
        assert_eq!(exercise(&damaged).unwrap_err(), FormatError::Corrupt { section: "TERMS", what: "not a valid fst" }, "{content:?}");
    }
    // Damage inside the fst behind a valid index checksum: caught when opening (walking a
    // damaged fst panics inside the fst crate, so the reader must not get that far).
    let terms = section(bytes, TERMS);
    for at in 0..terms.len() {
        let mut damaged_terms = terms.clone();
        damaged_terms[at] ^= 0x24;
        let damaged = with_section(bytes, TERMS, damaged_terms);
        let (result, largest) = largest_allocation(|| exercise(&damaged));
        let error = result.unwrap_err();
        assert!(corrupt("TERMS")(&error), "byte {at} of TERMS: {error:?}");
        assert!(largest < ALLOCATION_LIMIT);
    }
    // A well-formed fst whose values point past the postings, or into their middle.
    let postings_len = section(bytes, POSTINGS).len() as u64;
    for value in [postings_len, postings_len + 1, u64::MAX, 1 << 40] {
        let mut builder = fst::MapBuilder::memory();
        builder.insert("закон", value).unwrap();
        let damaged = with_section(bytes, TERMS, builder.into_inner().unwrap());
        let index = Index::open(&damaged[..]).expect("the frame is valid");
        let error = FormatError::Corrupt { section: "POSTINGS", what: "term points past the postings" };
        assert_eq!(index.postings(value), Err(error.clone()));
        assert_eq!(index.unit_frequency(value), Err(error.clone()));
        let searcher = Searcher::open(&damaged[..]).unwrap();
        assert_eq!(searcher.search("закон ", 10), Err(error.clone().into()));
        assert_eq!(searcher.search("зако", 10), Err(error.clone().into()));
        assert_eq!(searcher.search("закно ", 10), Err(error.into()));
    }

    // POSTINGS: the postings of one term, "закон", rewritten.
    let with_postings = |list: Vec<u8>| {
        let mut builder = fst::MapBuilder::memory();
        builder.insert("закон", 0).unwrap();
        let damaged = with_section(bytes, TERMS, builder.into_inner().unwrap());
        with_section(&damaged, POSTINGS, list)
    };
    let units = Index::open(bytes).unwrap().units().len() as u64;
    let cat = |values: &[u64]| values.iter().flat_map(|&v| varint(v)).collect::<Vec<u8>>();
    for (list, what) in [
        (cat(&[u64::MAX, 0, 1, 0]), "ends inside a number"),  // huge count
        (cat(&[1 << 40, 0, 1, 0]), "ends inside a number"),
        (cat(&[1, units, 1, 0]), "unit id out of range"),
        (cat(&[2, 0, 1, 0, u64::MAX, 1, 0]), "unit id out of range"), // the delta overflows
        (cat(&[1, 0, u64::MAX, 0]), "ends inside a number"),  // huge frequency
        (cat(&[1, 0, 2, 0, u64::MAX]), "position out of range"),
        (cat(&[1, 0, 2, u32::MAX as u64, 1]), "position out of range"),
        (vec![0x80], "ends inside a number"),
        ([vec![0xff; 10], vec![0x01]].concat(), "number too long"),
    ] {
        let damaged = with_postings(list.clone());
        let index = Index::open(&damaged[..]).expect("postings are read on demand");
        let (result, largest) = largest_allocation(|| index.postings(0));
        assert_eq!(result, Err(FormatError::Corrupt { section: "POSTINGS", what }), "{list:?}");
        assert!(largest < ALLOCATION_LIMIT, "{list:?}: an allocation of {largest} bytes");
        let searcher = Searcher::open(&damaged[..]).unwrap();
        let (result, largest) = largest_allocation(|| searcher.search("закон ", 10));
        assert_eq!(result, Err(FormatError::Corrupt { section: "POSTINGS", what }.into()), "{list:?}");
        assert!(largest < ALLOCATION_LIMIT);
        // A completion only ranks by the count: it must not fail or panic either way.
        let _ = searcher.search("зак", 10);
    }
    // The largest valid position and an empty postings list are fine.
    let damaged = with_postings(cat(&[1, 0, 1, u32::MAX as u64]));
    assert_eq!(Index::open(&damaged[..]).unwrap().postings(0).unwrap()[0].positions, vec![u32::MAX]);
    assert!(Searcher::open(&damaged[..]).unwrap().search("закон ", 10).is_ok());
    let damaged = with_postings(cat(&[0]));
    assert_eq!(Index::open(&damaged[..]).unwrap().postings(0), Ok(vec![]));
    assert_eq!(Searcher::open(&damaged[..]).unwrap().search("закон ", 10), Ok(vec![]));
}

// ---------------------------------------------------------------------------------------
// Random damage behind a valid checksum
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Damage {
    SetByte(proptest::sample::Index, u8),
    FlipBit(proptest::sample::Index, u8),
    /// A little-endian u64 written over eight bytes (table entries are made of these).
    WriteU64(proptest::sample::Index, u64),
    /// A long varint (a huge count or offset) written over the bytes.
    Varint(proptest::sample::Index, u64),
    SectionCount(u32),
    /// Edits inside one section (`kind` 1–6), the table then rewritten to match, so the
    /// section's own checks are what stands between the bytes and the reader.
    InSection { kind: u32, at: proptest::sample::Index, edit: SectionEdit },
}

#[derive(Debug, Clone)]
enum SectionEdit {
    Set(u8),
    Flip(u8),
    /// A varint written over (false) or inserted before (true) the byte at `at`.
    Varint(u64, bool),
    Delete(usize),
    Truncate,
}

/// Offsets are drawn over the body, the section table, and the first bytes of each
/// section alike, so that all three get hit often.
fn damage() -> impl Strategy<Value = Damage> {
    let huge = prop_oneof![Just(u64::MAX), Just(u32::MAX as u64), Just(1u64 << 40), any::<u64>(), 0u64..300];
    let edit = prop_oneof![
        any::<u8>().prop_map(SectionEdit::Set),
        (0u8..8).prop_map(SectionEdit::Flip),
        (huge.clone(), any::<bool>()).prop_map(|(v, insert)| SectionEdit::Varint(v, insert)),
        (1usize..8).prop_map(SectionEdit::Delete),
        Just(SectionEdit::Truncate),
    ];
    prop_oneof![
        2 => (any::<proptest::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Damage::SetByte(i, b)),
        2 => (any::<proptest::sample::Index>(), 0u8..8).prop_map(|(i, b)| Damage::FlipBit(i, b)),
        2 => (any::<proptest::sample::Index>(), huge.clone()).prop_map(|(i, v)| Damage::WriteU64(i, v)),
        2 => (any::<proptest::sample::Index>(), huge).prop_map(|(i, v)| Damage::Varint(i, v)),
        1 => prop_oneof![0u32..10, any::<u32>()].prop_map(Damage::SectionCount),
        // TERMS (5) is left out: any edit there fails the fst checksum, tested above.
        8 => (prop_oneof![Just(1u32), Just(2), Just(3), Just(4), Just(6)], any::<proptest::sample::Index>(), edit)
            .prop_map(|(kind, at, edit)| Damage::InSection { kind, at, edit }),
    ]
}

/// Interesting offsets of an index: every byte of the table, and a few bytes at the
/// start of each section, then the whole body.
fn hot_offsets(bytes: &[u8]) -> Vec<usize> {
    let count = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let mut hot: Vec<usize> = (HEADER..HEADER + count * ENTRY).collect();
    for i in 0..count {
        let at = HEADER + i * ENTRY;
        let offset = u64::from_le_bytes(bytes[at + 4..at + 12].try_into().unwrap()) as usize;
        hot.extend((0..12).map(|k| HEADER + offset + k).filter(|&o| o < bytes.len()));
    }
    hot
}

fn apply(bytes: &[u8], damages: &[Damage]) -> Vec<u8> {
    // First the edits inside sections, re-framed; then the raw ones over the result.
    let mut sections = split_sections(bytes);
    for d in damages {
        let Damage::InSection { kind, at, edit } = d else { continue };
        let Some((_, content)) = sections.iter_mut().find(|(k, _)| k == kind) else { continue };
        if content.is_empty() {
            continue;
        }
        // Mostly near the start of the section, where the counts are.
        let raw = at.index(content.len() * 2);
        let at = if raw < content.len() { raw } else { (raw - content.len()).min(16).min(content.len() - 1) };
        match edit {
            SectionEdit::Set(b) => content[at] = *b,
            SectionEdit::Flip(bit) => content[at] ^= 1 << bit,
            SectionEdit::Varint(v, true) => {
                content.splice(at..at, varint(*v));
            }
            SectionEdit::Varint(v, false) => {
                let mut bytes = varint(*v);
                bytes.truncate(content.len() - at);
                content[at..at + bytes.len()].copy_from_slice(&bytes);
            }
            SectionEdit::Delete(n) => {
                let end = (at + n).min(content.len());
                content.drain(at..end);
            }
            SectionEdit::Truncate => content.truncate(at),
        }
    }
    let mut out = assemble(&sections);
    let hot = hot_offsets(&out);
    for d in damages {
        let len = out.len();
        let pick = |i: &proptest::sample::Index| {
            // Half of the draws on hot offsets, half anywhere in the body.
            let raw = i.index(hot.len() * 2);
            let at = if raw < hot.len() { hot[raw] } else { HEADER + i.index(len - HEADER) };
            at.min(len - 1).max(HEADER)
        };
        match d {
            Damage::SetByte(i, b) => out[pick(i)] = *b,
            Damage::FlipBit(i, b) => out[pick(i)] ^= 1 << b,
            Damage::WriteU64(i, v) => {
                let at = pick(i).min(len - 8);
                out[at..at + 8].copy_from_slice(&v.to_le_bytes());
            }
            Damage::Varint(i, v) => {
                let at = pick(i);
                let mut bytes = varint(*v);
                bytes.truncate(len - at);
                out[at..at + bytes.len()].copy_from_slice(&bytes);
            }
            Damage::SectionCount(c) => out[12..16].copy_from_slice(&c.to_le_bytes()),
            Damage::InSection { .. } => {}
        }
    }
    fix_header(&mut out);
    out
}

fn check_damaged(bytes: &[u8], damages: &[Damage]) -> Result<(), TestCaseError> {
    let damaged = apply(bytes, damages);
    let (result, largest) = largest_allocation(|| exercise(&damaged));
    prop_assert!(largest < ALLOCATION_LIMIT, "an allocation of {} bytes", largest);
    if let Err(e) = result {
        let framing = matches!(e, FormatError::ChecksumMismatch { .. } | FormatError::Truncated { .. } | FormatError::NotAnIndex);
        prop_assert!(!framing, "the fixed-up frame was rejected: {:?}", e);
        prop_assert!(e.to_string().contains("izdeu build"));
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 3000, failure_persistence: None, ..Config::default() })]

    /// Random damage to the small index with the checksum and length fixed up: the
    /// structural checks must catch what matters, and nothing may panic.
    #[test]
    fn damaged_small_index_never_panics(damages in proptest::collection::vec(damage(), 1..6)) {
        check_damaged(small_index(), &damages)?;
    }
}

proptest! {
    #![proptest_config(Config { cases: 24, failure_persistence: None, ..Config::default() })]

    #[test]
    fn damaged_corpus_index_never_panics(damages in proptest::collection::vec(damage(), 1..4)) {
        check_damaged(corpus_index(), &damages)?;
    }
}

// ---------------------------------------------------------------------------------------
// The committed index of format version 1
// ---------------------------------------------------------------------------------------

/// Writes `tests/data/v1-small.idx` from `SMALL_CORPUS`. Run it by hand, once per format
/// version:
///
/// ```sh
/// IZDEU_WRITE_FIXTURE=1 cargo test --release --test index_format -- --ignored write_v1_small_fixture
/// ```
///
/// (Without `IZDEU_WRITE_FIXTURE=1` it refuses to overwrite an existing file, so a run of
/// all ignored tests cannot replace the committed one by accident.)
///
/// The committed file is what version 1 of the format looks like; `old_index_still_opens`
/// checks that this izdeu still reads it. Regenerating it is only right together with a
/// format version bump (`FORMAT_VERSION` in src/index/format.rs): then keep the old file
/// under its version's name (or state in the changelog that old indexes need
/// `izdeu build` again) and add `tests/data/v2-small.idx` and a test for it.
#[test]
#[ignore = "writes tests/data/v1-small.idx; run by hand (see the comment)"]
fn write_v1_small_fixture() {
    assert_eq!(FORMAT_VERSION, 1, "this fixture is version 1: add a new one for a new version");
    let path = fixture_path();
    if path.exists() && std::env::var_os("IZDEU_WRITE_FIXTURE").is_none() {
        panic!("{} exists: set IZDEU_WRITE_FIXTURE=1 to overwrite it (only with a format version bump)", path.display());
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, small_index()).unwrap();
}

#[test]
fn old_index_still_opens() {
    let bytes = std::fs::read(fixture_path()).expect("tests/data/v1-small.idx is committed (see write_v1_small_fixture)");
    assert_eq!(&bytes[..8], &MAGIC);
    assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()), 1, "the fixture is format version 1");
    let index = Index::open(&bytes[..]).unwrap_or_else(|e| {
        panic!("this izdeu cannot read a version-1 index any more ({e}): a format change must bump FORMAT_VERSION and keep a fixture per version")
    });

    // Everything stored is read back as it was written.
    let docs: Vec<(&str, &str, &str)> = index.docs().iter().map(|d| (d.path.as_str(), d.title.as_str(), d.url.as_str())).collect();
    assert_eq!(
        docs,
        [
            ("kk/заң.txt", "Құқықтық мемлекет", "docs/kk/заң.txt.html"),
            ("ru/закон.txt", "О персональных данных", "docs/ru/закон.txt.html"),
            ("en/court.txt", "Artificial Intelligence and the Law", "docs/en/court.txt.html"),
        ]
    );
    let mut pages = Vec::new();
    for (path, text) in SMALL_CORPUS {
        let mut starts: Vec<usize> = text.match_indices("\n ").map(|(i, _)| i + 1).collect();
        starts.insert(0, 0);
        starts.push(text.len());
        for (page, pair) in starts.windows(2).enumerate() {
            pages.push((path, page as u32 + 1, pair[0] as u64, pair[1] as u64, &text[pair[0]..pair[1]]));
        }
    }
    assert_eq!(index.units().len(), pages.len());
    for (i, (record, (path, page, start, end, text))) in index.units().iter().zip(&pages).enumerate() {
        assert_eq!(index.docs()[record.doc as usize].path, *path);
        assert_eq!((record.page, record.start, record.end), (*page, *start, *end));
        assert_eq!(record.anchor, format!("page-{page}"));
        assert_eq!(index.unit_text(i as u32), *text);
        assert!(record.heading.is_empty(), "a version-1 index from before HEADINGS: its units fall under no heading");
    }
    for term in ["судьялардың", "ответственность", "court", "dismissed", "демократиялық"] {
        let offset = index.terms().get(term).unwrap_or_else(|| panic!("{term} is in the fixture"));
        assert_eq!(index.postings(offset).unwrap().len(), 1, "{term}");
    }

    // And searching it gives the pages the words are on.
    let searcher = Searcher::open(&bytes[..]).unwrap();
    for (query, doc, page) in [
        ("судьялардың тәуелсіздігі", "kk/заң.txt", 2),
        ("демократиялық ", "kk/заң.txt", 1),
        ("ответственность оператора", "ru/закон.txt", 2),
        ("искусственный интеллект ", "ru/закон.txt", 3),
        ("dismissed appeal", "en/court.txt", 2),
        ("software ", "en/court.txt", 1),
    ] {
        let hits = searcher.search(query, 10).unwrap();
        assert!(!hits.is_empty(), "{query:?} finds nothing in the version-1 fixture");
        assert_eq!((hits[0].doc.as_str(), hits[0].page), (doc, page), "{query:?}: {hits:?}");
        assert_eq!(hits[0].url, format!("docs/{doc}.html#page-{page}"));
        assert!(hits[0].snippet.contains("<mark>"), "{}", hits[0].snippet);
    }
}
