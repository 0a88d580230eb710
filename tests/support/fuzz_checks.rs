//! Checks shared by the proptest harness (`tests/fuzz_harness.rs`, part of `cargo test`)
//! and the libFuzzer targets (`fuzz/`, run by `cargo fuzz`). Each takes one input, runs it
//! through one part of izdeu, and panics when an invariant fails; a panic inside izdeu is
//! a failure the same way.
//!
//! The index checks start from real index bytes: a fuzzer rarely gets past a checksum, so
//! [`frame`] and [`fix_header`] recompute the header's after a mutation, and the
//! structural checks behind it are what is tested.

#![allow(dead_code)]

use std::sync::OnceLock;

use izdeu::analysis::{self, layout, translit};
use izdeu::corpus::{parse_document, Document};
use izdeu::index::format::{FORMAT_VERSION, MAGIC};
use izdeu::index::{Index, IndexWriter, MAX_TERM_BYTES};
use izdeu::search::snippet::MAX_SNIPPET_CHARS;
use izdeu::search::{query, Hit, Searcher, MAX_EXPANSIONS, MAX_LIMIT};

pub const HEADER: usize = 32;

/// Most dictionary terms one typed word may stand for. Each way of matching takes at most
/// [`MAX_EXPANSIONS`] terms: the word as typed (exact 1, other endings, two stems,
/// completions, typos) and each of its keyboard-layout readings (exact 1, other endings,
/// two stems, completions; at most 7 readings: 2 layouts × 3 cuts of trailing `.`/`,`,
/// and Cyrillic typed on QWERTY), plus sound-alikes, plus the forms of the word joined
/// with the word before it and with the word after it.
pub const MAX_TERMS_PER_WORD: usize =
    (1 + 5 * MAX_EXPANSIONS) + 7 * (1 + 4 * MAX_EXPANSIONS) + MAX_EXPANSIONS + 2 * MAX_EXPANSIONS;

/// A small corpus in the three languages and three formats, with markup that must stay
/// text: the seed the index mutations start from.
pub const SEED_DOCS: [(&str, &str); 5] = [
    (
        "kk/заң.txt",
        " ҚҰҚЫҚТЫҚ МЕМЛЕКЕТ\nҚазақстан Республикасы өзін демократиялық, зайырлы, құқықтық және әлеуметтік мемлекет ретінде орнықтырады.\n Екінші бет: сот билігі және судьялардың тәуелсіздігі, сондай-ақ іс-\nқимыл.\n",
    ),
    (
        "ru/закон.txt",
        " О персональных данных\nНастоящий закон регулирует обработку персональных данных <script>alert(1)</script>.\n Вторая страница: ответственность оператора за утечку данных & «кавычки».\n",
    ),
    ("en/court.md", "# Artificial Intelligence and the Law\n\nCourts rely on *software*.\n\n## Appeal\n\nThe court dismissed the appeal of the defendant <img src=x onerror=alert(1)>.\n"),
    (
        "mixed.html",
        "<html><head><title>Заң &amp; law</title></head><body><main><h1 id=\"a\">Бірінші</h1><p>Мәтін &lt;b&gt;бір&lt;/b&gt; закон</p><h2 id=\"b\">Екінші</h2><p>тағы court</p></main></body></html>",
    ),
    ("x.txt", "интеллект12 2021 ис-\nпользования ЁЛКА тa мeн cоurt naïve"),
];

/// Queries run against every index that opens.
pub const SEED_QUERIES: [&str; 9] =
    ["құқықтық мемлекет", "судьялардың ", "ответсвенность оператора", "court appeal", "интел", "a", "мемлекат ", "dismised", "pfrjy"];

/// The seed corpus as documents.
pub fn seed_documents() -> Vec<Document> {
    SEED_DOCS
        .iter()
        .map(|(path, text)| parse_document(path, text.as_bytes()).expect("UTF-8").expect("has text"))
        .collect()
}

/// The index of [`SEED_DOCS`].
pub fn seed_index() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut writer = IndexWriter::new();
        for doc in seed_documents() {
            let url = format!("docs/{}.html", doc.path);
            writer.add_document(&doc, &url);
        }
        writer.finish()
    })
}

/// `body` behind a header that says it is an izdeu index of this version, with the
/// right length and checksum (and as many sections as the writer writes).
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&seed_index()[12..16]);
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32(body).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// Rewrites the length and checksum of the header to match the body.
pub fn fix_header(bytes: &mut [u8]) {
    if bytes.len() < HEADER {
        return;
    }
    let body_len = (bytes.len() - HEADER) as u64;
    bytes[16..24].copy_from_slice(&body_len.to_le_bytes());
    let crc = crc32(&bytes[HEADER..]);
    bytes[24..28].copy_from_slice(&crc.to_le_bytes());
}

/// The index a fuzzer's bytes stand for. The first byte picks how the rest is used: as a
/// whole file (odd), or as a body behind a valid header (even).
///
/// The fst's own checksum is never recomputed: behind two valid checksums, deliberately
/// crafted fst nodes can still panic inside the fst crate (its `Fst::new` documents that
/// it checks only the frame), which izdeu does not guard against.
pub fn index_from_fuzz_input(data: &[u8]) -> Vec<u8> {
    match data.split_first() {
        Some((&mode, rest)) if mode % 2 == 1 => rest.to_vec(),
        Some((_, rest)) => frame(rest),
        None => Vec::new(),
    }
}

/// The document a fuzzer's bytes stand for: the first byte picks the kind of file.
pub fn document_from_fuzz_input(data: &[u8]) -> (&'static str, &[u8]) {
    match data.split_first() {
        Some((&kind, rest)) => (["a.txt", "a.md", "a.html"][kind as usize % 3], rest),
        None => ("a.txt", data),
    }
}

/// IEEE CRC-32, as the index header holds it.
pub fn crc32(bytes: &[u8]) -> u32 {
    crc(bytes, 0xedb8_8320)
}

fn crc(bytes: &[u8], polynomial: u32) -> u32 {
    static TABLE: OnceLock<[u32; 256]> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = [0u32; 256];
        for i in 0..256u32 {
            let mut c = i;
            for _ in 0..8 {
                c = if c & 1 != 0 { (c >> 1) ^ polynomial } else { c >> 1 };
            }
            table[i as usize] = c;
        }
        table
    });
    let mut c = !0u32;
    for &b in bytes {
        c = table[((c as u8) ^ b) as usize] ^ (c >> 8);
    }
    !c
}

/// An error about index bytes is one line that says how to fix it.
pub fn check_error_message(message: &str) {
    assert!(!message.is_empty() && !message.contains('\n'), "{message:?}");
    assert!(message.contains("izdeu build") || message.contains("izdeu.idx"), "the message says no fix: {message}");
}

/// Opens `bytes` as an index and uses all of it: every unit, the postings of the first
/// terms, and a few searches. Returns whether it opened.
pub fn check_index(bytes: &[u8]) -> bool {
    let (searcher, index) = match (Searcher::open(bytes), Index::open(bytes)) {
        (Ok(searcher), Ok(index)) => (searcher, index),
        (Err(e), _) | (_, Err(e)) => {
            check_error_message(&e.to_string());
            return false;
        }
    };
    for (i, unit) in index.units().iter().enumerate() {
        assert!((unit.doc as usize) < index.docs().len(), "unit {i} points to a document that is not there");
        let _ = index.unit_text(i as u32);
    }
    let map = index.terms();
    let mut stream = fst::IntoStreamer::into_stream(&map);
    let mut terms = 0;
    while let Some((_, offset)) = fst::Streamer::next(&mut stream) {
        terms += 1;
        match index.postings(offset) {
            Ok(postings) => {
                for posting in &postings {
                    assert!((posting.unit as usize) < index.units().len(), "a posting points to a unit that is not there");
                }
            }
            Err(e) => check_error_message(&e.to_string()),
        }
        if let Err(e) = index.unit_frequency(offset) {
            check_error_message(&e.to_string());
        }
        if terms >= 2000 {
            break;
        }
    }
    for query in SEED_QUERIES {
        match searcher.search(query, 10) {
            Ok(hits) => check_hits(&hits, 10),
            Err(e) => check_error_message(&e.to_string()),
        }
    }
    true
}

/// Hits are within the limit, and their snippets are escaped text with `<mark>` only.
pub fn check_hits(hits: &[Hit], limit: usize) {
    assert!(hits.len() <= limit.clamp(1, MAX_LIMIT), "{} hits for limit {limit}", hits.len());
    for hit in hits {
        assert!(hit.score.is_finite(), "{hit:?}");
        check_snippet_markup(&hit.snippet);
    }
}

/// The engine's snippet is inserted into the page as HTML: its only markup may be
/// `<mark>`…`</mark>` (balanced, not nested), every `&` an entity the engine writes, no
/// quote or angle bracket, no control character, and no more text than the cap.
pub fn check_snippet_markup(snippet: &str) {
    let mut open = false;
    let mut rest = snippet;
    let mut bare = String::new();
    while let Some(at) = rest.find('<') {
        bare.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<mark>") {
            assert!(!open, "nested <mark> in {snippet:?}");
            open = true;
            rest = after;
        } else if let Some(after) = rest.strip_prefix("</mark>") {
            assert!(open, "</mark> without <mark> in {snippet:?}");
            open = false;
            rest = after;
        } else {
            panic!("markup other than <mark> in a snippet: {snippet:?}");
        }
    }
    bare.push_str(rest);
    assert!(!open, "unclosed <mark> in {snippet:?}");
    assert!(!bare.contains(['>', '"', '\'']), "unescaped character in {snippet:?}");
    assert!(!bare.chars().any(char::is_control), "control character in {snippet:?}");
    let mut visible = 0;
    let mut text = bare.as_str();
    while let Some(c) = text.chars().next() {
        if c == '&' {
            let entity = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].into_iter().find(|e| text.starts_with(e));
            let entity = entity.unwrap_or_else(|| panic!("a bare & in {snippet:?}"));
            text = &text[entity.len()..];
            visible += 1;
            continue;
        }
        if !c.is_whitespace() {
            visible += 1;
        }
        text = &text[c.len_utf8()..];
    }
    // The cap, and the "…" before and after.
    assert!(visible <= MAX_SNIPPET_CHARS + 2, "{visible} characters in a snippet");
}

/// What a query may cost: at most [`query::MAX_QUERY_WORDS`] words, each at most
/// [`MAX_TERMS_PER_WORD`] dictionary terms; the search answers and its hits are safe.
/// Returns the largest expansion of a word.
pub fn check_query<D: AsRef<[u8]>>(searcher: &Searcher<D>, q: &str, limit: usize) -> usize {
    let slots = query::parse(q);
    assert!(slots.len() <= query::MAX_QUERY_WORDS, "{} words", slots.len());
    for (i, slot) in slots.iter().enumerate() {
        assert!(!slot.prefix || i + 1 == slots.len(), "only the last word is a prefix");
        for word in std::iter::once(slot).chain(&slot.typed_apart) {
            // Lowercasing may lengthen a word (`İ` is `i̇`), not more than threefold.
            assert!(word.term.chars().count() <= 3 * query::MAX_QUERY_CHARS);
            assert!(!word.term.is_empty() || !word.layout_readings.is_empty(), "an empty slot from {q:?}");
            assert!(word.layout_readings.len() <= 7, "{} readings of {:?}", word.layout_readings.len(), word.term);
        }
        // Of the words a slot stands for instead, only the last is being typed, and only
        // when the slot is.
        let being_typed = |k: usize| slot.prefix && k + 1 == slot.typed_apart.len();
        assert!(slot.typed_apart.iter().enumerate().all(|(k, word)| word.prefix == being_typed(k) && word.typed_apart.is_empty()), "{q:?}");
    }
    // A slot may stand for its words typed apart instead, within the cap.
    let expansions = searcher.expansions(q);
    assert!((slots.len()..=query::MAX_QUERY_WORDS).contains(&expansions.len()), "{} words, {} slots of {q:?}", expansions.len(), slots.len());
    let largest = expansions.iter().copied().max().unwrap_or(0);
    assert!(largest <= MAX_TERMS_PER_WORD, "a word of {q:?} expanded to {largest} terms");
    let hits = searcher.search(q, limit).unwrap_or_else(|e| panic!("a sound index failed {q:?}: {e}"));
    check_hits(&hits, limit);
    largest
}

/// The tokenizer and normalizer on any text: tokens lie on character boundaries inside
/// the text, in order, with non-empty terms; the word helpers take any word.
pub fn check_tokenizer(text: &str) -> usize {
    let tokens = analysis::tokenize(text);
    let mut position = 0;
    let mut start = 0;
    for token in &tokens {
        assert!(token.start < token.end && token.end <= text.len(), "{token:?} in {} bytes", text.len());
        assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end), "{token:?}");
        assert!(token.position >= position, "positions go back at {token:?}");
        assert!(token.start >= start, "tokens go back at {token:?}");
        assert!(!token.term.is_empty(), "an empty term at {token:?}");
        position = token.position;
        start = token.start;
        let _ = analysis::stems(&token.term);
        let _ = analysis::script(&token.term);
        let _ = translit::sound_key(&token.term);
    }
    let mut streamed = 0;
    analysis::for_each_token(text, |_| streamed += 1);
    assert_eq!(streamed, tokens.len());
    let word = &text[..text.len().min(floor_boundary(text, 600))];
    let _ = analysis::normalize_word(word);
    let _ = analysis::stems(word);
    let _ = translit::sound_key(word);
    let _ = layout::qwerty_to_cyrillic(word);
    let _ = layout::cyrillic_to_qwerty(word);
    tokens.len()
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A document of any bytes: parsed or refused with a one-line reason; units lie inside
/// the file, in order, with text; indexed, it opens, and a word of it typed as it stands
/// finds its unit, with a safe snippet. Returns the units indexed.
pub fn check_document(name: &str, bytes: &[u8]) -> usize {
    let doc = match parse_document(name, bytes) {
        Err(reason) => {
            assert!(!reason.is_empty() && !reason.contains('\n'), "{reason:?}");
            return 0;
        }
        Ok(None) => return 0,
        Ok(Some(doc)) => doc,
    };
    assert_eq!(doc.path, name);
    assert!(!doc.units.is_empty());
    assert!(!doc.title.contains('\n'), "{:?}", doc.title);
    let mut page = 0;
    for unit in &doc.units {
        assert!(unit.start <= unit.end && unit.end <= bytes.len() as u64, "unit {}..{} of {} bytes", unit.start, unit.end, bytes.len());
        assert!(unit.page > page, "pages go back");
        page = unit.page;
        assert!(unit.text.chars().any(char::is_alphanumeric));
        if name.ends_with(".txt") {
            let source = std::str::from_utf8(bytes).unwrap();
            assert_eq!(analysis::compose(&source[unit.start as usize..unit.end as usize]), unit.text.as_str());
        }
    }
    let mut writer = IndexWriter::new();
    writer.add_document(&doc, "docs/x.html");
    let bytes = writer.finish();
    let searcher = Searcher::open(&bytes[..]).unwrap_or_else(|e| panic!("a written index does not open: {e}"));
    // The first plain word of each of the first units, typed as it stands.
    for unit in doc.units.iter().take(3) {
        let word = analysis::tokenize(&unit.text).into_iter().find(|t| {
            t.hyphenated.is_none()
                && t.term.len() <= MAX_TERM_BYTES
                && t.term.chars().all(char::is_alphabetic)
                && unit.text[t.start..t.end].chars().all(char::is_alphabetic)
        });
        let Some(word) = word else { continue };
        let typed = format!("{} ", &unit.text[word.start..word.end]);
        let hits = searcher.search(&typed, MAX_LIMIT).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
        check_hits(&hits, MAX_LIMIT);
        assert!(
            hits.iter().any(|h| h.page == unit.page),
            "{typed:?} (term {:?}) does not find page {} of {name}: {:?}",
            word.term,
            unit.page,
            hits.iter().map(|h| h.page).collect::<Vec<_>>()
        );
    }
    doc.units.len()
}
