//! Typo matching against a brute-force oracle.
//!
//! The vocabulary of the real corpus goes into a synthetic index with one unit per word,
//! so the units a search returns are exactly the dictionary terms it matched. Random
//! real words get 1–2 random edits; every vocabulary word that begins with the typed
//! word's first letter (its first two, when the typed word is itself a vocabulary word)
//! and is within the allowed edit distance of it (optimal string alignment: insert,
//! delete, substitute, or swap two neighbours, each 1) must come back. The distance
//! allowed is that of the longer word, the typed or the returned one, unless the typed
//! word is a vocabulary word: then its own. A typed word of four letters that is not a
//! vocabulary word is allowed one (it would find nothing else).
//! A typo on the first letter is not matched (Meilisearch counts it as two, and izdeu
//! reads only the dictionary shards of the letters typed first) but one: a typed word of
//! four letters or more that is not a vocabulary word also finds the vocabulary word its
//! first two letters make swapped (рпаво, право). Words it returns beyond those must be
//! explained by another documented way of matching: another ending of a dictionary
//! word, the same stem, a keyboard-layout reading, or a sound key (a term that sounds
//! like the word typed, and its forms; else terms whose keys are other endings of the
//! word's own). Typed without a space after it, as still being typed, a word must find
//! the same words (the beginning of a vocabulary word counting as one), and may find
//! their completions too.
//!
//! Run: `cargo test --release --test typo_oracle`

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use izdeu::analysis::{self, translit, Script};
use izdeu::corpus::{Document, Unit};
use izdeu::index::IndexWriter;
use izdeu::search::{query, Searcher, MAX_EXPANSIONS, MAX_LIMIT};

/// Typos allowed between a typed word of `typed` characters and a vocabulary word of
/// `meant`, as documented: none when fewer than 5 are typed, else one, two when either
/// word has 9 or more.
fn allowed(typed: usize, meant: usize) -> usize {
    match typed.max(meant) {
        _ if typed < 5 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Optimal string alignment distance over chars (adjacent transposition costs 1, and
/// no substring is edited twice).
fn osa(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[n][m]
}

/// `osa(a, b) <= limit`, skipping the table when the lengths alone rule it out.
fn within(a: &[char], b: &[char], limit: usize) -> bool {
    a.len().abs_diff(b.len()) <= limit && osa(a, b) <= limit
}

#[test]
fn the_oracle_is_optimal_string_alignment() {
    let d = |a: &str, b: &str| osa(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
    assert_eq!(d("закон", "закон"), 0);
    assert_eq!(d("закон", "закно"), 1); // swap
    assert_eq!(d("закон", "зкон"), 1);
    assert_eq!(d("закон", "закоон"), 1);
    assert_eq!(d("құқық", "кұқық"), 1);
    assert_eq!(d("ca", "abc"), 3); // 2 for unrestricted Damerau–Levenshtein
    assert_eq!(d("", "abc"), 3);
    assert_eq!(d("kitten", "sitting"), 3);
}

/// A tiny deterministic generator (xorshift64*), so every run checks the same words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const KAZAKH: &str = "аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя";
const RUSSIAN: &str = "абвгдежзийклмнопрстуфхцчшщъыьэюя";
const LATIN: &str = "abcdefghijklmnopqrstuvwxyz";

/// `word` with one random edit: insert, delete, substitute or swap two neighbours.
fn edit(word: &[char], alphabet: &[char], rng: &mut Rng) -> Vec<char> {
    let mut out = word.to_vec();
    loop {
        match rng.below(4) {
            0 => {
                let at = rng.below(out.len() + 1);
                out.insert(at, alphabet[rng.below(alphabet.len())]);
            }
            1 if out.len() > 1 => {
                out.remove(rng.below(out.len()));
            }
            2 => {
                let at = rng.below(out.len());
                let c = alphabet[rng.below(alphabet.len())];
                if c == out[at] {
                    continue;
                }
                out[at] = c;
            }
            3 if out.len() > 1 => {
                let at = rng.below(out.len() - 1);
                if out[at] == out[at + 1] {
                    continue;
                }
                out.swap(at, at + 1);
            }
            _ => continue,
        }
        return out;
    }
}

struct Vocabulary {
    words: Vec<String>,
    chars: Vec<Vec<char>>,
    /// The sound keys of the Cyrillic words, each with its words.
    sounding: HashMap<String, Vec<String>>,
    searcher: Searcher<Vec<u8>>,
}

/// Every word of the corpus that is one plain token, as its own unit (page = index + 1).
fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let corpus = izdeu::corpus::read_dir(&root, None).expect("the corpus folder reads");
        let mut set = BTreeSet::new();
        for doc in &corpus.documents {
            for unit in &doc.units {
                analysis::for_each_token(&unit.text, |t| {
                    if t.term.chars().all(char::is_alphabetic) && t.term.chars().count() >= 2 {
                        set.insert(t.term);
                    }
                });
            }
        }
        // Only words that analyse back to themselves as a single token: then a unit's
        // text is its word and nothing else.
        let words: Vec<String> = set
            .into_iter()
            .filter(|w| matches!(analysis::tokenize(w).as_slice(), [t] if t.term == *w))
            .collect();
        let units = words
            .iter()
            .enumerate()
            .map(|(i, w)| Unit { page: i as u32 + 1, start: i as u64, end: i as u64 + 1, text: w.clone(), anchor: String::new(), heading: String::new() })
            .collect();
        let mut writer = IndexWriter::new();
        writer.add_document(&Document { path: "vocabulary".into(), title: String::new(), units }, "vocabulary.html");
        let searcher = Searcher::open(writer.finish()).expect("the synthetic index opens");
        let chars = words.iter().map(|w| w.chars().collect()).collect();
        let mut sounding: HashMap<String, Vec<String>> = HashMap::new();
        for word in &words {
            if let Some(key) = translit::term_sound_key(word) {
                sounding.entry(key).or_default().push(word.clone());
            }
        }
        Vocabulary { words, chars, sounding, searcher }
    })
}

/// Whether `word` is another ending of `of`: their first five letters at least in common,
/// then three letters of its own at most.
fn other_ending(word: &str, of: &str) -> bool {
    let shared = of.chars().zip(word.chars()).take_while(|(a, b)| a == b).count();
    shared >= 5 && word.chars().count() - shared <= 3
}

/// Whether `word` is `of`, another ending of it (`of` being a dictionary word) or shares a
/// stem with it.
fn form_of(word: &str, of: &str, of_in_dictionary: bool) -> bool {
    word == of || (of_in_dictionary && other_ending(word, of)) || analysis::stems(of).iter().any(|s| analysis::stems(word).contains(s))
}

/// How a returned word that is not within the typo distance may still match `typed`
/// (`in_dictionary`: whether `typed` is a word of the vocabulary).
fn explained(typed: &str, word: &str, readings: &[String], in_dictionary: bool) -> Option<&'static str> {
    if in_dictionary && other_ending(word, typed) {
        return Some("other ending");
    }
    if form_of(word, typed, false) {
        return Some("stem");
    }
    let vocab = vocabulary();
    if readings.iter().any(|reading| form_of(word, reading, vocab.words.contains(reading))) {
        return Some("layout");
    }
    if matches!(analysis::script(word), Script::Kazakh | Script::Cyrillic) {
        let key = translit::sound_key(typed);
        let other = translit::sound_key(word);
        let (key_chars, other_chars): (Vec<char>, Vec<char>) = (key.chars().collect(), other.chars().collect());
        if !key.is_empty() && within(&key_chars, &other_chars, allowed(key_chars.len(), key_chars.len())) {
            return Some("sound");
        }
        match vocab.sounding.get(&key) {
            Some(terms) if terms.iter().any(|term| form_of(word, term, true)) => return Some("a form of a sound-alike"),
            None if other_ending(&other, &key) && other_ending(&key, &other) => return Some("sound of another ending"),
            _ => {}
        }
    }
    None
}

struct Outcome {
    checked: usize,
    skipped_cap: usize,
    with_typos: usize,
    misses: Vec<String>,
    unexplained: Vec<String>,
}

/// `ended`: the typed word is searched with a space after it; else as still being typed,
/// as a search box sees every query, where it must find the same words (it finds their
/// completions too, which are not checked).
fn check(queries: usize, seed: u64, ended: bool, edits: impl Fn(&mut Rng, usize) -> usize) -> Outcome {
    let vocab = vocabulary();
    let mut rng = Rng(seed);
    let mut outcome = Outcome { checked: 0, skipped_cap: 0, with_typos: 0, misses: Vec::new(), unexplained: Vec::new() };
    let page_of: HashMap<u32, usize> = (0..vocab.words.len()).map(|i| (i as u32 + 1, i)).collect();
    let mut attempts = 0;
    while outcome.checked + outcome.skipped_cap < queries {
        attempts += 1;
        assert!(attempts < queries * 20, "could not make enough typed words");
        let original = &vocab.chars[rng.below(vocab.words.len())];
        if original.len() < 3 {
            continue;
        }
        let alphabet: Vec<char> = match analysis::script(&original.iter().collect::<String>()) {
            Script::Kazakh => KAZAKH.chars().collect(),
            Script::Cyrillic => RUSSIAN.chars().collect(),
            Script::Latin => LATIN.chars().collect(),
            Script::Other => continue,
        };
        let mut typed = original.clone();
        for _ in 0..edits(&mut rng, original.len()) {
            typed = edit(&typed, &alphabet, &mut rng);
        }
        let raw: String = typed.iter().collect();
        // What the searcher sees: the normalized word.
        let tokens = analysis::tokenize(&raw);
        let [token] = tokens.as_slice() else { continue };
        let q: Vec<char> = token.term.chars().collect();
        // A word of the vocabulary typed (or, being typed, the beginning of one) keeps its
        // first two letters and its own budget; another may be allowed that of a word two
        // letters longer.
        let in_dictionary = vocab.words.iter().any(|word| if ended { *word == token.term } else { word.starts_with(&token.term) });
        let (kept, limit) = match (in_dictionary, q.len()) {
            (true, _) => (2, allowed(q.len(), 0)),
            (false, 4) => (1, 1),
            (false, _) => (1, allowed(q.len(), q.len() + 2)),
        };
        let budget = |word: &[char]| if in_dictionary || q.len() == 4 { limit } else { allowed(q.len(), word.len()) };
        let swapped: Option<Vec<char>> = (!in_dictionary && q.len() >= 4 && q[0] != q[1]).then(|| [q[1], q[0]].into_iter().chain(q[2..].iter().copied()).collect());
        let expected: Vec<usize> = (0..vocab.words.len())
            .filter(|&i| {
                let word = &vocab.chars[i];
                let typo = q.len() >= kept && word.len() >= kept && word[..kept] == q[..kept] && within(&q[kept..], &word[kept..], budget(word));
                typo || swapped.as_ref() == Some(word)
            })
            .collect();
        if expected.len() > MAX_EXPANSIONS {
            // The documented cap may cut the list: the oracle cannot say which survive.
            outcome.skipped_cap += 1;
            continue;
        }
        let hits = vocab.searcher.search(&if ended { format!("{raw} ") } else { raw.clone() }, MAX_LIMIT).expect("search");
        if hits.len() >= MAX_LIMIT {
            outcome.skipped_cap += 1;
            continue;
        }
        outcome.checked += 1;
        if limit > 0 {
            outcome.with_typos += 1;
        }
        let returned: BTreeSet<usize> = hits.iter().map(|h| page_of[&h.page]).collect();
        let missing: Vec<&str> = expected.iter().filter(|i| !returned.contains(i)).map(|&i| vocab.words[i].as_str()).collect();
        if !missing.is_empty() {
            outcome.misses.push(format!(
                "typed {raw:?} (from {:?}, {} chars, up to {limit} typos allowed): missing {missing:?}",
                original.iter().collect::<String>(),
                q.len()
            ));
        }
        let readings: Vec<String> = query::parse(&format!("{raw} ")).into_iter().flat_map(|s| s.layout_readings).collect();
        for &i in returned.iter().filter(|i| ended && !expected.contains(i)) {
            let word = &vocab.words[i];
            if explained(&token.term, word, &readings, in_dictionary).is_none() {
                outcome.unexplained.push(format!(
                    "typed {raw:?} ({} chars, up to {limit} typos allowed) returned {word:?} at distance {}",
                    q.len(),
                    osa(&q, &vocab.chars[i])
                ));
            }
        }
    }
    outcome
}

fn report(name: &str, outcome: &Outcome, minimum: usize) {
    eprintln!(
        "{name}: {} typed words checked ({} with typos allowed), {} skipped at the expansion cap",
        outcome.checked, outcome.with_typos, outcome.skipped_cap
    );
    assert!(outcome.checked >= minimum, "{name}: only {} words checked", outcome.checked);
    assert!(
        outcome.misses.is_empty(),
        "{name}: {} of {} typed words miss vocabulary words within the allowed distance:\n{}",
        outcome.misses.len(),
        outcome.checked,
        outcome.misses.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(
        outcome.unexplained.is_empty(),
        "{name}: {} returned words are neither within the typo distance nor the same stem, layout reading or sound:\n{}",
        outcome.unexplained.len(),
        outcome.unexplained.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_vocabulary_is_the_whole_corpus() {
    let vocab = vocabulary();
    assert!(vocab.words.len() > 10_000, "{} words", vocab.words.len());
    for script in [Script::Kazakh, Script::Cyrillic, Script::Latin] {
        assert!(vocab.words.iter().filter(|w| analysis::script(w) == script).count() > 1000, "{script:?}");
    }
    // One unit per word: the word itself finds its unit first.
    for i in [0, vocab.words.len() / 2, vocab.words.len() - 1] {
        let hits = vocab.searcher.search(&format!("{} ", vocab.words[i]), 5).unwrap();
        assert_eq!(hits[0].page, i as u32 + 1, "{}", vocab.words[i]);
    }
}

/// One edit to words of every length: words of 5–8 letters must find everything within
/// one edit (the words of 9+ letters within two), words of 9+ everything within two,
/// words of four letters that are not in the vocabulary everything within one, shorter
/// ones nothing but exact, stem and sound matches.
#[test]
fn one_edit_finds_every_word_within_the_allowed_distance() {
    let outcome = check(300, 0x5eed_1234_abcd_0001, true, |_, _| 1);
    report("one edit", &outcome, 250);
}

/// Two edits, mostly to long words: 9+ letters, typed or meant, allow two typos.
#[test]
fn two_edits_to_long_words_find_every_word_within_two() {
    let outcome = check(200, 0x5eed_1234_abcd_0002, true, |rng, len| if len >= 8 || rng.below(4) == 0 { 2 } else { 1 });
    report("two edits", &outcome, 150);
}

/// A word still being typed finds every word it finds once ended, as a whole word within
/// the allowed distance: a word of nine letters typed with two dropped (қақстан) finds
/// Қазақстан before the space after it is typed.
#[test]
fn a_word_being_typed_finds_every_word_within_the_allowed_distance() {
    let outcome = check(300, 0x5eed_1234_abcd_0004, false, |rng, len| if len >= 9 && rng.below(2) == 0 { 2 } else { 1 });
    report("being typed", &outcome, 200);
}

/// A short typed word of the vocabulary gets no typo expansion: whatever comes back is exact, same stem,
/// a layout reading or a sound-alike, never a word one edit away only.
#[test]
fn short_words_get_no_typos() {
    let vocab = vocabulary();
    let mut rng = Rng(0x5eed_1234_abcd_0003);
    let mut checked = 0;
    for _ in 0..2000 {
        let i = rng.below(vocab.words.len());
        let word = &vocab.words[i];
        let n = vocab.chars[i].len();
        if !(3..=4).contains(&n) {
            continue;
        }
        checked += 1;
        let hits = vocab.searcher.search(&format!("{word} "), MAX_LIMIT).unwrap();
        assert!(hits.iter().any(|h| h.page == i as u32 + 1), "{word} does not find itself");
        let readings: Vec<String> = query::parse(&format!("{word} ")).into_iter().flat_map(|s| s.layout_readings).collect();
        for h in &hits {
            let other = &vocab.words[h.page as usize - 1];
            assert!(
                other == word || explained(word, other, &readings, true).is_some(),
                "{word:?} ({n} chars) returned {other:?}, which is only a typo away"
            );
        }
    }
    assert!(checked > 100, "{checked}");
}
