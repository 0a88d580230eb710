//! The chunked index (what a page fetches over http) against the whole one: the same
//! answers to every development query and every keystroke of them, in at most five
//! rounds of fetching, each query reading a small part of the index; and damaged,
//! foreign or stale chunks refused with a clear error.
//!
//! Run: `cargo test --release --test chunked`

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use izdeu::analysis::{self, translit, Script};
use izdeu::corpus::read_dir;
use izdeu::index::chunks::{self, Chunk, ChunkedIndex, META_FILE};
use izdeu::index::format::{self, Contents, Lang, UnitRecord};
use izdeu::index::{DocRecord, FormatError, IndexWriter, Posting};
use izdeu::search::{QueryOptions, Results, SearchError, Searcher};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};

struct Built {
    whole: Searcher<Vec<u8>>,
    whole_len: usize,
    files: HashMap<String, Vec<u8>>,
}

fn contents() -> Contents {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let corpus = read_dir(&root, None).expect("the corpus folder reads");
    let mut writer = IndexWriter::new();
    for doc in &corpus.documents {
        writer.add_document(doc, &format!("docs/{}.html", doc.path));
    }
    writer.into_contents()
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let contents = contents();
        let bytes = format::write(&contents);
        let files = chunks::write(&contents).into_iter().collect();
        Built { whole_len: bytes.len(), whole: Searcher::open(bytes).expect("the index opens"), files }
    })
}

fn chunked() -> Searcher<Vec<u8>> {
    Searcher::open_chunked(&built().files[META_FILE]).expect("the directory opens")
}

/// Answers `query` as a page does: fetch what is missing, add it, ask again. Returns the
/// results, the rounds of fetching and the bytes fetched.
fn answer(searcher: &mut Searcher<Vec<u8>>, query: &str, options: &QueryOptions) -> (Results, usize, usize) {
    let (mut rounds, mut bytes) = (0, 0);
    loop {
        match searcher.query(query, options) {
            Ok(results) => return (results, rounds, bytes),
            Err(SearchError::Missing(files)) => {
                rounds += 1;
                // The shards of the words as typed; those of their other readings, for a
                // word not in the dictionary as typed; those of the forms of the terms such
                // a word sounds like; postings; texts.
                assert!(rounds <= 5, "{query:?}: a sixth round of fetching ({files:?})");
                for file in files {
                    let chunk = built().files.get(&file).unwrap_or_else(|| panic!("{query:?} asked for {file}, which the build did not write"));
                    bytes += chunk.len();
                    searcher.add_chunk(&file, chunk.clone()).expect("a chunk from the same build is accepted");
                }
            }
            Err(e) => panic!("{query:?}: {e}"),
        }
    }
}

fn dev_queries() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dev-queries.jsonl");
    let text = std::fs::read_to_string(path).expect("the dev queries read");
    text.lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("JSON lines");
            value["query"].as_str().expect("a query").to_owned()
        })
        .collect()
}

#[test]
fn every_query_and_keystroke_answers_as_the_whole_index_does() {
    let options = QueryOptions::default();
    let total: usize = built().files.values().map(Vec::len).sum();
    let mut most = (0, String::new());
    let mut fetched = Vec::new();
    // Besides the dev queries: words found as typed read as the others were typed, words
    // typed apart read as one, words found only as another form read with typos.
    let more = [
        "qadamnyn internet", "gjvjob here", "internet acess", "zakon o zashite", "pravo na zabvenie", "vidy pravonarushenii v", "ghfdj yf pf,dtybt",
        "v sfere zashity", "iskusstvennyi intellekt", "кибер безопасности", "видео допрос", "реттыуді отыдан", "алғасда сәтының жоарғы",
        "исследоваия проведени истрический",
        // A word alone may be read in another script even when found as typed, also while
        // it is being typed.
        "memleket ", "goda ", "state ", "respubliki ", "prestuplenie ", "informatsii ", "sottardagy ", "goda", "prestupl", "sotta",
        // A word read in Latin letters finds the forms of the word it sounds like, and one
        // in a form the corpus does not have finds those of its other endings.
        "zañ", "qazaqtyñ ", "zhogargyda qagidalarynyn", "tekhnikalyq sebebinin",
        // Quoted phrases beside other words.
        "\"құқықтық мемлекет\" zakon", "«2019 жылы» pravo",
        // A web address is its words; the punctuation keys of a word on the wrong layout
        // are letters.
        "adilet.zan.kz", "j,tcgtxbnm ghfdj",
        // A word of four letters not in the dictionary reads its typos; a word alone
        // mistyped or misread ranks what it stands for as a whole word first; one with its
        // first two letters swapped reads the swap; one being typed reads the typos it has
        // as a whole word (қақстан is Қазақстан less two letters).
        "прво ", "бнак", "suda ", "закно", "pfrjy", "kukyk", "рпаво ", "рпавовой", "aritficial", "қақстан",
        // A Latin word written with apostrophes is one word, read by its sound and in the
        // Kazakh alphabet of 2017; an English possessive is two.
        "stat'ya ", "zakonodatel’stva", "s'es'im", "zan'nama qu'qyq", "children's rights",
        // A compound the text lacks is its parts.
        "жасанды-интеллект", "artificial-intel", "сондай-а",
    ]
    .map(String::from);
    for query in dev_queries().into_iter().chain(more) {
        // A fresh page per query: what one query costs from nothing loaded.
        let mut searcher = chunked();
        let (results, _, bytes) = answer(&mut searcher, &query, &options);
        assert_eq!(results, built().whole.query(&query, &options).unwrap(), "{query:?}");
        fetched.push(bytes);
        if bytes > most.0 {
            most = (bytes, query.clone());
        }
        // Then typed one keystroke at a time on that page.
        let chars: Vec<char> = query.chars().collect();
        for end in 1..chars.len() {
            let prefix: String = chars[..end].iter().collect();
            let (results, _, _) = answer(&mut searcher, &prefix, &options);
            assert_eq!(results, built().whole.query(&prefix, &options).unwrap(), "{prefix:?}");
        }
    }
    fetched.sort_unstable();
    let median = fetched[fetched.len() / 2];
    eprintln!(
        "chunks: {} files, {total} bytes (izdeu.idx {}); per query from nothing: median {median} bytes, most {} ({:?})",
        built().files.len(),
        built().whole_len,
        most.0,
        most.1
    );
    // Without the META file's own bytes, a query reads a small part of the index.
    assert!(median * 8 < total, "the median query fetched {median} of {total} bytes");
    assert!(most.0 * 3 < total, "{:?} fetched {} of {total} bytes", most.1, most.0);
}

#[test]
fn only_a_word_not_in_the_dictionary_as_typed_reads_the_shards_of_its_other_readings() {
    let options = QueryOptions::default();
    // Words as the corpus has them: their shards, postings, texts.
    let (results, rounds, typed_bytes) = answer(&mut chunked(), "мақсатты адамдарды", &options);
    assert!(!results.hits.is_empty());
    assert_eq!(rounds, 3);
    // The same words typed with the keyboard in the US layout: first the shards of what
    // was typed, then those of the Cyrillic reading.
    let (results, rounds, _) = answer(&mut chunked(), "vfrcfnns flfvlfhls", &options);
    assert_eq!(results, built().whole.query("vfrcfnns flfvlfhls", &options).unwrap());
    assert!(!results.hits.is_empty());
    assert_eq!(rounds, 4);
    // English words found as typed read no shard of Cyrillic terms: neither of their
    // layout readings (сщгке) nor of the words that sound like them. With one misspelled,
    // the query reads those too. (A word alone reads its layout reading's shard either
    // way: it is weighed against that reading.)
    let index = ChunkedIndex::open(&built().files[META_FILE]).unwrap();
    let cyrillic = |file: &String| {
        let shard = index.shards().iter().find(|shard| &shard.file == file).expect("a shard of the directory");
        shard.first.starts_with(|c: char| !c.is_ascii())
    };
    let english = shards_read("judicial court");
    assert!(!english.is_empty() && !english.iter().any(cyrillic), "{english:?}");
    let guessed = shards_read("judicial cuort");
    assert!(guessed.iter().any(cyrillic), "{guessed:?}");
    assert!(typed_bytes > 0);
}

/// The dictionary shards a query reads from nothing loaded.
fn shards_read(query: &str) -> Vec<String> {
    let mut searcher = chunked();
    let mut shards = Vec::new();
    while let Err(SearchError::Missing(files)) = searcher.query(query, &QueryOptions::default()) {
        for file in files {
            searcher.add_chunk(&file, built().files[&file].clone()).expect("a chunk from the same build");
            if file.starts_with('t') {
                shards.push(file);
            }
        }
    }
    shards
}

#[test]
fn a_word_found_as_typed_reads_the_shards_of_its_first_two_letters_and_stems_only() {
    let all = built().files.keys().filter(|name| name.starts_with('t')).count();
    // Found as typed: its typos keep its first two letters.
    let found = shards_read("мақсатты");
    // Not found: its typos keep only the first letter, whose shards it reads too.
    let typo = shards_read("мқасатты");
    assert!(found.len() <= typo.len(), "{found:?} vs {typo:?}");
    assert!(found.iter().all(|shard| typo.contains(shard)), "{found:?} vs {typo:?}");
    // A word of a quoted phrase is matched as typed: it reads the shard of its letters only.
    let quoted = shards_read("\"мқасатты\"");
    assert_eq!(quoted.len(), 1, "{quoted:?}");
    assert!(quoted.len() < typo.len(), "{quoted:?} vs {typo:?}");
    // What is no word as typed (punctuation typed in the US layout) reads no shard for it.
    let layout = shards_read("rk.xtds[ hf,jnf rjnjhjq");
    assert!(layout.len() * 4 < all, "{} of {all} shards: {layout:?}", layout.len());
}

#[test]
fn a_transliterated_word_reads_the_shards_of_its_sound_keys_first_two_letters_only() {
    let index = ChunkedIndex::open(&built().files[META_FILE]).unwrap();
    let shards_holding = |head: &dyn Fn(&str) -> bool| -> BTreeSet<String> {
        let holds = |shard: &&chunks::ShardEntry| possible_key_heads().any(|h| head(&h) && shard.sounds.holds(&h));
        index.shards().iter().filter(holds).map(|shard| shard.file.clone()).collect()
    };
    let key = translit::sound_key("kotorymi");
    let head = chunks::key_head(&key);
    let of_head = shards_holding(&|h| h == head);
    let of_first_letter = shards_holding(&|h| h[..1] == head[..1]);
    assert!(of_head.len() < of_first_letter.len(), "{head}: {of_head:?} of {of_first_letter:?}");
    // Its other readings (the Latin word's typos, its layout reading лщещкньш) lie in
    // shards that hold no key beginning with its first letter.
    let read: BTreeSet<String> = shards_read("kotorymi").into_iter().collect();
    assert_eq!(read.intersection(&of_first_letter).cloned().collect::<BTreeSet<_>>(), of_head);
}

#[test]
fn filters_and_limits_answer_as_the_whole_index_does() {
    let mut searcher = chunked();
    for (query, options) in [
        ("құқық", QueryOptions { limit: 50, langs: vec!["kk".into()], docs: vec![] }),
        ("закон", QueryOptions { limit: 1000, langs: vec![], docs: vec![] }),
        ("law court", QueryOptions { limit: 5, langs: vec!["en".into(), "ru".into()], docs: vec![] }),
        ("pfrjy", QueryOptions::default()),
        ("zakon", QueryOptions::default()),
    ] {
        let (results, _, _) = answer(&mut searcher, query, &options);
        assert_eq!(results, built().whole.query(query, &options).unwrap(), "{query:?}");
    }
}

#[test]
fn damaged_foreign_and_misplaced_files_are_refused_clearly() {
    let files = &built().files;
    let (shard, bytes) = files.iter().find(|(name, _)| name.starts_with('t')).expect("a shard");
    let mut searcher = chunked();

    let mut damaged = bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x40;
    let error = searcher.add_chunk(shard, damaged).unwrap_err();
    assert!(error.to_string().contains("checksum mismatch"), "{error}");

    let error = searcher.add_chunk("t9999-00000000.bin", bytes.clone()).unwrap_err();
    assert!(error.to_string().contains("not a chunk of this index"), "{error}");
    let (postings, _) = files.iter().find(|(name, _)| name.starts_with('p')).expect("a postings chunk");
    let error = searcher.add_chunk(postings, bytes.clone()).unwrap_err();
    assert!(error.to_string().contains("length differs from the directory's"), "{error}");
    assert!(searcher.add_chunk(shard, bytes.clone()).is_ok());

    // A text block: damaged, cut short, or named for another build.
    let (block, text) = files.iter().find(|(name, _)| name.starts_with("x0.0-")).expect("the first unit's first text block");
    let mut damaged = text.clone();
    damaged[0] ^= 0x01;
    let error = searcher.add_chunk(block, damaged).unwrap_err();
    assert!(error.to_string().contains("checksum mismatch"), "{error}");
    let error = searcher.add_chunk(block, text[..2].to_vec()).unwrap_err();
    assert!(error.to_string().contains("shorter than its checksum"), "{error}");
    let tag = &block[block.len() - 12..block.len() - 4];
    let other_build = block.replace(tag, if tag == "00000000" { "00000001" } else { "00000000" });
    let error = searcher.add_chunk(&other_build, text.clone()).unwrap_err();
    assert!(error.to_string().contains("not a chunk of this index"), "{error}");
    let units = built().whole.units().len();
    for name in [format!("x{units}.0-{tag}.bin"), format!("x0.99999-{tag}.bin"), format!("x0-{tag}.bin"), format!("x0.-{tag}.bin")] {
        let error = searcher.add_chunk(&name, text.clone()).unwrap_err();
        assert!(error.to_string().contains("not a chunk of this index"), "{name}: {error}");
    }
    assert!(searcher.add_chunk(block, text.clone()).is_ok());

    // The two kinds of index are told apart.
    let meta = &files[META_FILE];
    let error = Searcher::open(meta.clone()).err().expect("a directory is not an index");
    assert!(error.to_string().contains("directory of a chunked index"), "{error}");
    let whole = format::write(&contents());
    let error = Searcher::<Vec<u8>>::open_chunked(&whole).err().expect("an index is not a directory");
    assert!(error.to_string().contains("not the directory of a chunked one"), "{error}");
    for cut in [0, 10, meta.len() / 2, meta.len() - 1] {
        let error = Searcher::<Vec<u8>>::open_chunked(&meta[..cut]).err().expect("a truncated directory");
        assert!(matches!(error, FormatError::TooShort { .. } | FormatError::Truncated { .. }), "{error:?}");
    }

    // A whole index never asks for chunks.
    let error = built().whole.search("закон", 10).map(|_| ());
    assert_eq!(error, Ok(()));
    let mut whole = Searcher::open(whole).unwrap();
    let error = whole.add_chunk(shard, bytes.clone()).unwrap_err();
    assert!(error.to_string().contains("chunked index only"), "{error}");
}

#[test]
fn chunks_are_deterministic_sealed_by_their_checksum_and_named_for_their_build() {
    let mut contents = contents();
    let again: HashMap<String, Vec<u8>> = chunks::write(&contents).into_iter().collect();
    assert_eq!(&again, &built().files);
    let tag_of = |name: &str| name.rsplit_once('-').map(|(_, tag)| tag.to_owned()).expect("a tag");
    let tags: BTreeSet<String> = built().files.keys().filter(|name| *name != META_FILE).map(|name| tag_of(name)).collect();
    assert_eq!(tags.len(), 1, "one tag per build: {tags:?}");
    for (name, bytes) in &built().files {
        if name != META_FILE {
            let (content, crc) = bytes.split_at(bytes.len() - 4);
            assert_eq!(crc, crc32fast::hash(content).to_le_bytes(), "{name} does not end with its checksum");
        }
    }
    let shards = built().files.keys().filter(|n| n.starts_with('t')).count();
    assert!(shards >= 8, "{shards} dictionary shards: a query would read much of the dictionary");

    // One changed letter of the texts renames every chunk: a cached copy is never stale.
    let at = contents.text.find('з').expect("a з");
    contents.text.replace_range(at..at + 'з'.len_utf8(), "с");
    let changed: Vec<String> = chunks::write(&contents).into_iter().map(|(name, _)| name).filter(|name| name != META_FILE).collect();
    assert!(changed.iter().all(|name| !built().files.contains_key(name)), "a chunk kept its name");
}

#[test]
fn a_snippet_reads_one_or_two_text_blocks_of_its_unit() {
    let options = QueryOptions::default();
    let (mut blocks, mut whole_units) = (0, 0);
    for query in dev_queries() {
        let mut searcher = chunked();
        let mut texts = Vec::new();
        loop {
            match searcher.query(&query, &options) {
                Ok(results) => {
                    blocks += texts.len();
                    whole_units += results.hits.len();
                    break;
                }
                Err(SearchError::Missing(files)) => {
                    for file in files {
                        if file.starts_with('x') {
                            texts.push(file.clone());
                        }
                        searcher.add_chunk(&file, built().files[&file].clone()).unwrap();
                    }
                }
                Err(e) => panic!("{query:?}: {e}"),
            }
        }
        let mut units: Vec<&str> = texts.iter().map(|name| name.split('.').next().unwrap()).collect();
        units.sort_unstable();
        let per_unit = units.chunk_by(|a, b| a == b).map(<[_]>::len).max().unwrap_or(0);
        assert!(per_unit <= 2, "{query:?} read {per_unit} text blocks of one unit: {texts:?}");
    }
    // Most snippets need one block: far fewer bytes than their units' whole texts.
    assert!(blocks * 10 < whole_units * 13, "{blocks} text blocks for {whole_units} snippets");
}

#[test]
fn directories_of_older_forms_are_refused_clearly() {
    // meta.idx of the small three-language corpus of tests/index_format.rs, written by
    // the izdeu whose dictionary shards were fsts, by the one whose directory listed
    // only the first letters of the shards' sound keys,
    // and by the one that named each chunk by its checksum.
    for (fixture, form) in [
        ("meta.idx", "fsts"),
        ("meta-first-sound-letters.idx", "first letters of sound keys"),
        ("meta-chunks-named-by-crc.idx", "named by their checksums"),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/older-chunked").join(fixture);
        let meta = std::fs::read(path).expect("the fixture is committed");
        let error = Searcher::<Vec<u8>>::open_chunked(&meta).err().expect("an older directory");
        assert!(matches!(error, FormatError::Older { .. }), "{fixture}: {error:?}");
        let message = error.to_string();
        assert!(message.contains(form) && message.contains("older izdeu") && message.contains("izdeu build"), "{message}");
        let error = Searcher::open(meta).err().expect("a directory is not an index");
        assert!(error.to_string().contains("directory of a chunked index"), "{error}");
    }
}

/// Contents with these terms and postings over `units` empty units of one document.
fn contents_of(terms: Vec<(String, Vec<Posting>)>, units: u32) -> Contents {
    let unit = |n: u32| UnitRecord { doc: 0, page: n + 1, start: 0, end: 0, tokens: 0, anchor: String::new(), text: 0..0, lang: Lang::Unknown, heading: "".into() };
    Contents {
        docs: vec![DocRecord { path: "d.txt".into(), title: "d".into(), url: "d.html".into() }],
        units: (0..units).map(unit).collect(),
        text: String::new(),
        total_tokens: 0,
        terms,
    }
}

/// Sorted distinct terms of every script, each with postings in ascending units.
fn term_lists() -> impl Strategy<Value = (Vec<(String, Vec<Posting>)>, u32)> {
    let postings = proptest::collection::btree_map(0u32..40, proptest::collection::btree_set(0u32..5000, 1..6), 1..5);
    let terms = proptest::collection::btree_map("[a-zа-яёәіңғүұқөһ0-9😀]{1,24}", postings, 0..3000);
    terms.prop_map(|terms| {
        let terms = terms
            .into_iter()
            .map(|(term, postings)| (term, postings.into_iter().map(|(unit, positions)| Posting { unit, positions: positions.into_iter().collect() }).collect()))
            .collect();
        (terms, 40)
    })
}

/// Every head a sound key may have: one or two of its letters (a–z, 0–9).
fn possible_key_heads() -> impl Iterator<Item = String> {
    let letters = || ('a'..='z').chain('0'..='9');
    letters().flat_map(move |first| std::iter::once(first.to_string()).chain(letters().map(move |second| format!("{first}{second}"))))
}

fn check_chunked_round_trip(terms: Vec<(String, Vec<Posting>)>, units: u32) -> Result<(), TestCaseError> {
    let contents = contents_of(terms, units);
    let files: HashMap<String, Vec<u8>> = chunks::write(&contents).into_iter().collect();
    let mut index = ChunkedIndex::open(&files[META_FILE]).map_err(|e| TestCaseError::fail(format!("open: {e}")))?;
    let mut read_terms = Vec::new();
    for (n, shard) in index.shards().iter().enumerate() {
        prop_assert_eq!(index.chunk_of(&shard.file), Some(Chunk::Shard(n)));
        let read = index.read_shard(n, &files[&shard.file]).map_err(|e| TestCaseError::fail(format!("shard {n}: {e}")))?;
        prop_assert_eq!(read.terms.len(), read.unit_frequencies.len());
        if n > 0 {
            prop_assert_eq!(read.terms.first(), Some(&shard.first));
        }
        // The directory lists exactly the heads of the shard's Cyrillic terms' sound keys
        // (a key may be empty: ь).
        let cyrillic = read.terms.iter().filter(|t| matches!(analysis::script(t), Script::Kazakh | Script::Cyrillic));
        let keys = cyrillic.map(|t| translit::sound_key(t)).filter(|key| !key.is_empty());
        let heads: BTreeSet<String> = keys.map(|key| chunks::key_head(&key).to_owned()).collect();
        let listed: BTreeSet<String> = possible_key_heads().filter(|head| shard.sounds.holds(head)).collect();
        prop_assert_eq!(listed, heads, "shard {}", n);
        read_terms.extend(read.terms.into_iter().zip(read.unit_frequencies));
    }
    let expected: Vec<(String, u64)> = contents.terms.iter().map(|(t, p)| (t.clone(), p.len() as u64)).collect();
    prop_assert_eq!(read_terms, expected);
    let (names, bytes) = index.files();
    prop_assert_eq!(names.len() + 1, files.len(), "every file but the directory is listed");
    prop_assert_eq!(bytes, files.iter().filter(|(name, _)| *name != META_FILE).map(|(_, b)| b.len() as u64).sum::<u64>());
    for name in names.iter().filter(|name| !name.starts_with('t')) {
        let chunk = index.chunk_of(name).expect("a listed file is a chunk");
        index.add(chunk, files[name].clone()).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
    }
    for (unit, record) in contents.units.iter().enumerate() {
        let text = index.unit_text(unit as u32, 0..u32::MAX).map_err(|missing| TestCaseError::fail(format!("unit {unit}: {missing:?}")))?;
        prop_assert_eq!(&*text, &contents.text[record.text.clone()], "unit {}", unit);
    }
    for (id, (term, postings)) in contents.terms.iter().enumerate() {
        let read = index.postings(id as u32).map_err(|e| TestCaseError::fail(format!("{term:?}: {e}")))?;
        prop_assert_eq!(read.as_ref(), Ok(postings), "{:?}", term);
    }
    prop_assert!(index.postings(contents.terms.len() as u32).is_err(), "a term id past the last has no postings");
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 64, failure_persistence: None, ..Config::default() })]

    /// What the chunks hold reads back as written: every term in order with its unit
    /// count, and every term's postings by its id.
    #[test]
    fn chunks_round_trip_terms_and_postings((terms, units) in term_lists()) {
        check_chunked_round_trip(terms, units)?;
    }
}

#[test]
fn chunks_of_the_corpus_round_trip() {
    let contents = contents();
    let units = contents.units.len() as u32;
    check_chunked_round_trip(contents.terms, units).unwrap();
}
