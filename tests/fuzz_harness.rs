//! Fuzzing in CI time: proptest drives the index reader, the query parser and search, the
//! tokenizer and the document parsers with hostile inputs, through the same checks as the
//! libFuzzer targets in `fuzz/` (`tests/support/fuzz_checks.rs`). Inputs the long fuzz
//! runs found are kept in `tests/data/fuzz-regressions/<target>/` and replayed here.
//!
//! ```sh
//! cargo test --release --test fuzz_harness -- --nocapture                         # ~20 s
//! IZDEU_FUZZ_CASES=200000 cargo test --release --test fuzz_harness -- --nocapture # longer
//! ```
//!
//! Every search here also runs under an allocation watch: no single allocation while
//! answering a query may exceed [`SEARCH_ALLOCATION_LIMIT`] (a bound on memory, not time).

#[path = "support/allocation_watch.rs"]
mod allocation_watch;
#[path = "support/fuzz_checks.rs"]
mod fuzz_checks;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use allocation_watch::largest_allocation;
use fuzz_checks::*;
use izdeu::index::IndexWriter;
use izdeu::search::{query, Searcher, MAX_TYPO_WORD_CHARS};
use proptest::prelude::*;
use proptest::test_runner::Config;


/// No single allocation while answering one query may be larger. (A 512-letter word once
/// built a 90 MB typo automaton; the corpus index itself is 2 MB.)
const SEARCH_ALLOCATION_LIMIT: usize = 8 << 20;
/// Nor while opening hostile index bytes of a few KB.
const OPEN_ALLOCATION_LIMIT: usize = 1 << 20;

// ---------------------------------------------------------------------------------------
// Fixtures and counters
// ---------------------------------------------------------------------------------------

/// Cases per property: `IZDEU_FUZZ_CASES` for a longer run.
fn cases(default: u32) -> u32 {
    std::env::var("IZDEU_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn config(default: u32) -> Config {
    Config { cases: cases(default), failure_persistence: None, ..Config::default() }
}

static INDEX_RUNS: AtomicUsize = AtomicUsize::new(0);
static INDEX_OPENED: AtomicUsize = AtomicUsize::new(0);
static QUERY_RUNS: AtomicUsize = AtomicUsize::new(0);
static TOKENIZER_RUNS: AtomicUsize = AtomicUsize::new(0);
static DOCUMENT_RUNS: AtomicUsize = AtomicUsize::new(0);

fn corpus_searcher() -> &'static Searcher<Vec<u8>> {
    static SEARCHER: OnceLock<Searcher<Vec<u8>>> = OnceLock::new();
    SEARCHER.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let corpus = izdeu::corpus::read_dir(&root, None).expect("the corpus folder reads");
        let mut writer = IndexWriter::new();
        for doc in &corpus.documents {
            writer.add_document(doc, &format!("docs/{}.html", doc.path));
        }
        Searcher::open(writer.finish()).expect("the corpus index opens")
    })
}

/// Runs one query through the checks under the allocation watch.
fn query_case(q: &str, limit: usize) -> usize {
    QUERY_RUNS.fetch_add(1, Ordering::Relaxed);
    let (largest_word, largest_alloc) = largest_allocation(|| check_query(corpus_searcher(), q, limit));
    assert!(
        largest_alloc <= SEARCH_ALLOCATION_LIMIT,
        "query {:?}…: an allocation of {largest_alloc} bytes",
        q.chars().take(40).collect::<String>()
    );
    largest_word
}

fn index_case(bytes: &[u8]) {
    INDEX_RUNS.fetch_add(1, Ordering::Relaxed);
    let (opened, largest) = largest_allocation(|| check_index(bytes));
    if opened {
        INDEX_OPENED.fetch_add(1, Ordering::Relaxed);
    }
    assert!(largest <= OPEN_ALLOCATION_LIMIT.max(bytes.len() * 4), "an allocation of {largest} bytes for {} bytes of index", bytes.len());
}

// ---------------------------------------------------------------------------------------
// Index reader
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Mutation {
    Set(prop::sample::Index, u8),
    Flip(prop::sample::Index, u8),
    Insert(prop::sample::Index, Vec<u8>),
    Delete(prop::sample::Index, usize),
    /// A little-endian u64 (offsets, lengths and counts are made of these and varints).
    U64(prop::sample::Index, u64),
    /// A copy of one stretch of the body over another: valid-looking structure, misplaced.
    Splice(prop::sample::Index, prop::sample::Index, usize),
    Truncate(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let idx = any::<prop::sample::Index>();
    let huge = prop_oneof![Just(u64::MAX), Just(u32::MAX as u64), Just(1u64 << 40), 0u64..400, any::<u64>()];
    prop_oneof![
        3 => (idx.clone(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        3 => (idx.clone(), 0u8..8).prop_map(|(i, b)| Mutation::Flip(i, b)),
        1 => (idx.clone(), prop::collection::vec(any::<u8>(), 1..12)).prop_map(|(i, b)| Mutation::Insert(i, b)),
        1 => (idx.clone(), 1usize..24).prop_map(|(i, n)| Mutation::Delete(i, n)),
        2 => (idx.clone(), huge).prop_map(|(i, v)| Mutation::U64(i, v)),
        1 => (idx.clone(), idx.clone(), 1usize..64).prop_map(|(a, b, n)| Mutation::Splice(a, b, n)),
        1 => idx.prop_map(Mutation::Truncate),
    ]
}

/// Applies the mutations to the body of `bytes` (the header is rewritten after).
fn mutate(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut body = bytes[HEADER..].to_vec();
    for m in mutations {
        if body.is_empty() {
            break;
        }
        let len = body.len();
        match m {
            Mutation::Set(i, b) => body[i.index(len)] = *b,
            Mutation::Flip(i, bit) => body[i.index(len)] ^= 1 << bit,
            Mutation::Insert(i, b) => {
                let at = i.index(len + 1);
                body.splice(at..at, b.iter().copied());
            }
            Mutation::Delete(i, n) => {
                let at = i.index(len);
                body.drain(at..(at + n).min(len));
            }
            Mutation::U64(i, v) => {
                let at = i.index(len).min(len.saturating_sub(8));
                let n = 8.min(len - at);
                body[at..at + n].copy_from_slice(&v.to_le_bytes()[..n]);
            }
            Mutation::Splice(from, to, n) => {
                let (from, to) = (from.index(len), to.index(len));
                let n = (*n).min(len - from).min(len - to);
                let copy = body[from..from + n].to_vec();
                body[to..to + n].copy_from_slice(&copy);
            }
            Mutation::Truncate(i) => body.truncate(i.index(len)),
        }
    }
    let mut out = bytes[..HEADER].to_vec();
    out.extend_from_slice(&body);
    out
}

proptest! {
    #![proptest_config(config(2500))]

    /// Mutations of a real index anywhere in the body (tables, texts, postings, the fst),
    /// inserted, deleted, copied over, with the header's length and checksum recomputed:
    /// nothing panics, nothing allocates by a number read from the file, every error says
    /// how to fix it. Damage inside the fst is caught by the fst's own checksum.
    #[test]
    fn mutated_index_with_the_header_fixed(mutations in prop::collection::vec(mutation(), 1..5)) {
        let mut bytes = mutate(seed_index(), &mutations);
        fix_header(&mut bytes);
        index_case(&bytes);
    }

    /// Damage as it happens (a bad copy, a bit flip): no checksum fixed.
    #[test]
    fn mutated_index_as_is(mutations in prop::collection::vec(mutation(), 1..3)) {
        let bytes = mutate(seed_index(), &mutations);
        index_case(&bytes);
        // Any change is caught by the length or the checksum.
        prop_assert!(Searcher::open(&bytes[..]).is_err() || bytes == seed_index());
    }

    /// Bytes that are not an index at all, bare and behind a valid header.
    #[test]
    fn random_bytes_as_an_index(data in prop::collection::vec(any::<u8>(), 0..400)) {
        index_case(&data);
        index_case(&index_from_fuzz_input(&data));
    }
}

#[test]
fn the_seed_index_passes_the_checks() {
    assert!(check_index(seed_index()));
    let mut bytes = seed_index().to_vec();
    fix_header(&mut bytes);
    assert!(bytes == seed_index(), "recomputing the checksum of a sound index changes nothing");
    assert!(frame(&seed_index()[HEADER..]) == seed_index(), "a sound body framed is the index");
}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

const PIECES: &[&str] = &[
    "заң", "құқықтық", "мемлекет", "закон", "данных", "law", "court", "intelligence", "сондай-ақ", "ис-\nпользования",
    "pfrjy", "pf4", "ghfdj", "а", "з", "к", "ә", "a", "e", "т", "с", "😀", "👨‍👩‍👧‍👦", "🇰🇿", "שלום", "مرحبا", "\u{202e}", "\u{200f}",
    ".*", "+?", "^$", "(a|b)", "[a-z]", "{2,}", "\\d", "\\", "/", "|", "%", "&amp;", "<mark>", "</script>", "'\"", "\0",
    "\t", "\r\n", "\x1b[31m", "\u{ffff}", "\u{10ffff}", "\u{feff}", "\u{ad}", "\u{200b}", "-", "--", "—", "0", "000123",
    "١٢٣", "Ⅻ", "ǅ", "İ", "ß", "ﬁ", "ŉ", "ΐ", "a\u{0301}", "и\u{306}", "\u{0301}", "\u{0489}", ".", ",", ";", "[", "]",
    "`", " ", "  ", "\u{3000}", "\u{a0}", "\u{2028}", "𝔷𝔞𝔨𝔬𝔫", "ｚａｋｏｎ", "ﷺ", "\u{fdfd}", "ЁЁЁ", "ааааааааааааааааааааа",
    "\"", "«", "»", "„", " \"заң құқықтық\" ",
];

fn hostile_text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::collection::vec(prop::sample::select(PIECES), 0..max_pieces).prop_map(|p| p.concat()),
        2 => any::<String>(),
        1 => (prop::sample::select(PIECES), 1usize..3000).prop_map(|(p, n)| p.repeat(n)),
        // Words of many distinct letters: the typo automaton grows with them.
        1 => (0x400u32..0x4f00, 10usize..700).prop_map(|(base, n)| (0..n as u32).filter_map(|i| char::from_u32(base + i)).collect()),
    ]
}

proptest! {
    #![proptest_config(config(700))]

    /// Any query: bounded words and terms per word, a bounded allocation, safe hits.
    #[test]
    fn any_query_is_bounded_and_safe(q in hostile_text(40), limit in prop_oneof![Just(0usize), Just(10), Just(1000), any::<usize>()]) {
        query_case(&q, limit);
    }
}

proptest! {
    #![proptest_config(config(3000))]

    /// The parser alone, on anything.
    #[test]
    fn query_parser_takes_anything(q in hostile_text(80)) {
        let slots = query::parse(&q);
        prop_assert!(slots.len() <= query::MAX_QUERY_WORDS);
        prop_assert!(slots.iter().all(|s| s.term.chars().count() <= 3 * query::MAX_QUERY_CHARS));
    }
}

/// The abusive queries of the issue, each checked (bounded, safe) and counted.
#[test]
fn abusive_queries_are_bounded() {
    let cjk: String = (0..600u32).filter_map(|i| char::from_u32(0x4e00 + i)).collect();
    let cyrillic: String = (0..600u32).filter_map(|i| char::from_u32(0x400 + i % 0x100)).collect();
    let words_1000: String = (0..1000).map(|i| ["заң ", "закон ", "law ", "мемлекет "][i % 4]).collect();
    let queries: Vec<(&str, String)> = vec![
        ("10,000 characters", "құқықтық мемлекет ".repeat(600).chars().take(10_000).collect()),
        ("10,000 letters, one word", "а".repeat(10_000)),
        ("1,000 words", words_1000),
        ("only punctuation", "!?.,;:—–-()[]{}«»\"'/\\|@#$%^&*_+=~`".repeat(20)),
        ("regex metacharacters", ".* ^$ (a|b)+ [a-z]{2,} \\d+ (?i) .*?".into()),
        ("emoji", "😀 🙂👍🏽 👨‍👩‍👧‍👦 🇰🇿 заң😀".into()),
        ("right-to-left", "\u{202e}заң\u{202c} שלום مرحبا بالعالم \u{200f}law".into()),
        ("combining marks", "з\u{301}\u{302}\u{303}а\u{308}\u{30a}ң \u{489}\u{489}\u{489} a\u{301}".repeat(10)),
        ("a prefix of everything", "а".into()),
        ("a prefix of everything, Latin", "a".into()),
        ("layout readings", "pfrjy. ghfdj, pf4".into()),
        ("600 distinct CJK letters", cjk),
        ("600 distinct Cyrillic letters", cyrillic),
        ("NUL and controls", "\0\0заң\u{1}\u{7f}\x1b[31m".into()),
        ("empty", String::new()),
        ("white space", " \t\n\u{3000}\u{a0}".into()),
    ];
    let mut largest = 0;
    for (what, q) in &queries {
        for limit in [10, 1000] {
            let words = query_case(q, limit);
            largest = largest.max(words);
            assert!(query::parse(q).len() <= query::MAX_QUERY_WORDS, "{what}");
        }
    }
    eprintln!(
        "abusive queries: {} tried; at most {} words, {} terms per word (bound {}), typos up to {} letters",
        queries.len(),
        query::MAX_QUERY_WORDS,
        largest,
        MAX_TERMS_PER_WORD,
        MAX_TYPO_WORD_CHARS
    );
}

// ---------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn tokenizer_takes_anything(text in hostile_text(120)) {
        TOKENIZER_RUNS.fetch_add(1, Ordering::Relaxed);
        check_tokenizer(&text);
    }
}

// ---------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------

const MARKUP: &[&str] = &[
    "<script>window.__xss=1</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "<h1 id=\"a\">",
    "</h1>", "<h2>", "</h2>", "<main>", "</main>", "<article>", "<nav>", "</nav>", "<title>", "</title>", "<p>", "</p>",
    "<div data-izdeu-ignore>", "</div>", "<!--", "-->", "<![CDATA[", "]]>", "&lt;", "&amp;", "&#0;", "&#x110000;", "&nbsp;",
    "&", "<", ">", "\"", "'", "# ", "## ", "### ", "\n", "\n\n", " ", "\t", "\x0c", "*", "_", "`", "```", "[", "](", ")",
    "> ", "- ", "1. ", "|", "\\", "заң", "Құқықтық", "МЕМЛЕКЕТ", "закон", "данных", "court", "Law", "сондай-ақ", "ис-\n",
    "пользования", "интеллект12", "тa", "ЁЛКА", "\u{ad}", "\u{200b}", "и\u{306}", "😀", "שלום", "\u{202e}", "\0", "\u{feff}",
    "УДК 349", "a@b.c",
];

fn document_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => prop::collection::vec(prop::sample::select(MARKUP), 0..80).prop_map(|p| p.concat().into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..300),
        1 => any::<String>().prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn documents_of_any_bytes(name in prop::sample::select(&["a.txt", "a.md", "a.html", "d/b.htm", "c.markdown"][..]), bytes in document_bytes()) {
        DOCUMENT_RUNS.fetch_add(1, Ordering::Relaxed);
        check_document(name, &bytes);
    }
}

// ---------------------------------------------------------------------------------------
// Regression inputs of the long fuzz runs, and a count of what ran
// ---------------------------------------------------------------------------------------

/// Replays every file under `tests/data/fuzz-regressions/<target>/` through the target's
/// checks (the same as `fuzz/fuzz_targets/<target>.rs`).
#[test]
fn fuzz_regressions_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-regressions");
    let mut replayed = 0;
    for target in ["index_reader", "query", "tokenizer", "document"] {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else { continue };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            eprintln!("replaying {}", file.display());
            match target {
                "index_reader" => index_case(&index_from_fuzz_input(&data)),
                "query" => {
                    query_case(&String::from_utf8_lossy(&data), 10);
                }
                "tokenizer" => {
                    check_tokenizer(&String::from_utf8_lossy(&data));
                }
                _ => {
                    let (name, bytes) = document_from_fuzz_input(&data);
                    check_document(name, bytes);
                }
            }
            replayed += 1;
        }
    }
    eprintln!("fuzz regressions replayed: {replayed}");
}

/// Runs after the others in the same process when tests run on one thread; with several
/// threads it prints what ran so far. Shows the counts with `--nocapture`.
#[test]
fn zz_report_counts() {
    eprintln!(
        "fuzz harness so far: {} index inputs ({} opened), {} queries, {} tokenizer texts, {} documents",
        INDEX_RUNS.load(Ordering::Relaxed),
        INDEX_OPENED.load(Ordering::Relaxed),
        QUERY_RUNS.load(Ordering::Relaxed),
        TOKENIZER_RUNS.load(Ordering::Relaxed),
        DOCUMENT_RUNS.load(Ordering::Relaxed)
    );
}

/// Writes the seed inputs of the libFuzzer targets into `fuzz/seeds/<target>/` (run by
/// hand after the index format or the seed corpus changes):
///
/// ```sh
/// cargo test --release --test fuzz_harness -- --ignored write_fuzz_seeds
/// ```
#[test]
#[ignore = "writes fuzz/seeds/; run by hand"]
fn write_fuzz_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let write = |target: &str, name: &str, bytes: &[u8]| {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    };
    // Even first byte: the body behind a valid header; odd: the whole file.
    write("index_reader", "seed-body", &[&[0u8][..], &seed_index()[HEADER..]].concat());
    write("index_reader", "seed-file", &[&[1u8][..], seed_index()].concat());
    for (i, q) in SEED_QUERIES.iter().enumerate() {
        write("query", &format!("seed-{i}"), q.as_bytes());
    }
    for (i, (name, text)) in SEED_DOCS.iter().enumerate() {
        write("tokenizer", &format!("seed-{i}"), text.as_bytes());
        let kind = if name.ends_with(".md") { 1u8 } else if name.ends_with(".html") { 2 } else { 0 };
        write("document", &format!("seed-{i}"), &[&[kind][..], text.as_bytes()].concat());
    }
}
