//! Text analysis shared by indexing and querying: one tokenizer, one normalizer.
//!
//! The same [`tokenize`] turns a page of text into index terms and a typed query into
//! query terms, so whatever a document says can be found by typing it. Each [`Token`]
//! keeps its byte range in the analysed text, which is what snippets highlight.
//!
//! What the normalizer does to a word, in order:
//! - drops soft hyphens and zero-width characters, and joins a word hyphenated across a
//!   line end (`ис-\nпользования` → `использования`); a hyphen between letters on one line
//!   is a real compound and stays (`сондай-ақ`), its parts are indexed too;
//! - splits digits glued to letters (`интеллект12` → `интеллект`, `12`: footnote marks);
//! - Unicode NFC, lowercase, `ё` → `е`;
//! - folds Latin look-alike letters inside Cyrillic words (`тa` with a Latin `a`) to
//!   Cyrillic, and Cyrillic look-alikes inside Latin words to Latin.

pub mod kazakh;
pub mod language;
pub mod layout;
pub mod translit;

use std::sync::OnceLock;

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

/// A word of analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalized term, as stored in the index.
    pub term: String,
    /// Byte range of the word in the analysed text (hyphen and line break included when
    /// the word was hyphenated across a line end).
    pub start: usize,
    pub end: usize,
    /// Word position in the text; the parts of a compound share its position, and a
    /// number shares the position of the word after it.
    pub position: u32,
    /// For a word hyphenated across a line end, the word with that hyphen kept
    /// (`іс-\nқимыл` → `іс-қимыл`): the indexer keeps it when only that form is a real
    /// word elsewhere in the corpus.
    pub hyphenated: Option<String>,
}

/// Splits `text` into normalized tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for_each_token(text, |token| tokens.push(token));
    tokens
}

/// Calls `emit` for every token of `text`, in order, without collecting them.
pub fn for_each_token(text: &str, mut emit: impl FnMut(Token)) {
    for_each_span(text, |span| span.tokens(text, &mut emit));
}

/// Where a word stands in a text, found without normalizing it: cheap to scan past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub position: u32,
    /// Byte ranges of a compound's pieces; empty for a plain word.
    parts: Vec<(usize, usize)>,
    /// The word is one slice of the text: nothing to drop or join inside.
    plain: bool,
    line_joined: bool,
}

impl Span {
    /// The word's tokens: the word, then a compound's parts at the same position.
    pub fn tokens(&self, text: &str, emit: &mut dyn FnMut(Token)) {
        let position = self.position;
        // Each token takes the strings it was normalized into.
        self.terms(text, &mut Normalizer::default(), &mut |term, (start, end), hyphenated| {
            emit(Token { term: std::mem::take(term), start, end, position, hyphenated: hyphenated.map(std::mem::take) })
        });
    }

    /// The terms of [`tokens`](Self::tokens) with their byte ranges, normalized into
    /// `buffers`' strings, which are reused unless `emit(term, range, hyphenated)` takes them.
    pub fn terms(&self, text: &str, buffers: &mut Normalizer, emit: &mut dyn FnMut(&mut String, (usize, usize), Option<&mut String>)) {
        let Normalizer { term, hyphenated, joined } = buffers;
        let mut normalize = |s: usize, e: usize, keep_line_hyphen: bool, out: &mut String| {
            if self.plain {
                normalize_word_into(&text[s..e], out);
            } else {
                join_lines_into(&text[s..e], keep_line_hyphen, joined);
                normalize_word_into(joined, out);
            }
        };
        let (start, end) = (self.start, self.end);
        if self.line_joined {
            normalize(start, end, true, hyphenated);
        }
        normalize(start, end, false, term);
        emit(term, (start, end), self.line_joined.then_some(hyphenated));
        for &(s, e) in &self.parts {
            normalize(s, e, false, term);
            emit(term, (s, e), None);
        }
    }

    /// The byte ranges of a compound's parts (empty for a plain word).
    pub fn parts(&self) -> &[(usize, usize)] {
        &self.parts
    }

    /// Whether the word and its parts are plain slices of the text, each normalized from
    /// its bytes alone: nothing invisible inside, no line-end hyphenation.
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// Whether the word is hyphenated across a line end.
    pub fn is_line_joined(&self) -> bool {
        self.line_joined
    }
}

/// Strings that [`Span::terms`] normalizes into, kept from one word to the next so that
/// analysing a text allocates per distinct word at most, not per word.
#[derive(Debug, Default)]
pub struct Normalizer {
    term: String,
    hyphenated: String,
    joined: String,
}

/// Calls `visit` for every word of `text`, in order; returning `false` stops the scan.
pub fn for_each_span(text: &str, mut visit: impl FnMut(&Span)) {
    scan_spans(text, |span| {
        visit(span);
        true
    });
}

/// Like [`for_each_span`], stopping as soon as `visit` returns `false`.
pub fn scan_spans(text: &str, mut visit: impl FnMut(&Span) -> bool) {
    scan_spans_from(text, 0, 0, &mut visit);
}

/// Words between two [`word_marks`].
pub const MARK_EVERY: u32 = 16;

/// Where in `text` the words at positions 0, 16, 32… begin (the first word or number at
/// that position): a scan may start at any of them ([`scan_spans_from`]) and find the
/// words after it as a scan from the start would.
pub fn word_marks(text: &str) -> Box<[u32]> {
    let mut marks = Vec::new();
    scan_spans(text, |span| {
        if span.position == marks.len() as u32 * MARK_EVERY {
            // Past 4 GiB of one text, scans start from the last mark.
            let Ok(at) = u32::try_from(span.start) else { return false };
            marks.push(at);
        }
        true
    });
    marks.into_boxed_slice()
}

/// Like [`scan_spans`], from byte `start`, the start of a word of `text` at word
/// `position` (or 0, 0): a scan carries nothing from one word to the next but the position.
/// `visit` is a trait object, as are the callbacks of [`Span::terms`] and [`Span::tokens`]:
/// the wasm module holds one copy of each, whoever calls it.
pub fn scan_spans_from(text: &str, start: usize, mut position: u32, visit: &mut dyn FnMut(&Span) -> bool) {
    let mut i = start;
    while i < text.len() {
        let (class, len) = class_at(text, i);
        let digits = match class {
            Class::Letter => false,
            Class::Digit => true,
            _ => {
                i += len;
                continue;
            }
        };
        let mut span = Span { start: i, end: i, position, parts: Vec::new(), plain: true, line_joined: false };
        let mut part_start = i;
        while i < text.len() {
            let (class, len) = class_at(text, i);
            match class {
                Class::Ignorable => span.plain = false,
                Class::Letter if !digits => {}
                Class::Digit if digits => {}
                Class::Hyphen if !digits => {
                    let after = i + len;
                    if let Some(next) = line_break_continuation(text, after) {
                        // Hyphenated across a line end: one word.
                        span.plain = false;
                        span.line_joined = true;
                        i = next;
                        continue;
                    }
                    if class_at(text, after).0 != Class::Letter {
                        break;
                    }
                    span.parts.push((part_start, i));
                    part_start = after;
                }
                _ => break,
            }
            i += len;
        }
        span.end = i;
        if !span.parts.is_empty() {
            span.parts.push((part_start, i));
        }
        if !visit(&span) {
            return;
        }
        // Numbers (footnote marks, "№ 827") do not push apart the words around them.
        if !digits {
            position += 1;
        }
    }
}

/// What the word scanner sees in a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A letter or combining mark: part of a word.
    Letter,
    /// A digit of any script: part of a number.
    Digit,
    /// Joins the parts of a compound, or a word hyphenated across a line end.
    Hyphen,
    /// Invisible inside a word (soft hyphen, zero-width characters).
    Ignorable,
    Other,
}

/// The class of the character at byte `i` (a character boundary) and its length. Latin
/// and Cyrillic letters are told from their bytes alone: this is the hot loop of every
/// snippet on every keystroke and of the indexer.
#[inline]
fn class_at(text: &str, i: usize) -> (Class, usize) {
    let bytes = text.as_bytes();
    match bytes.get(i) {
        Some(b'a'..=b'z' | b'A'..=b'Z') => (Class::Letter, 1),
        Some(b'0'..=b'9') => (Class::Digit, 1),
        Some(b'-') => (Class::Hyphen, 1),
        Some(0..=0x7f) => (Class::Other, 1),
        // U+0400–U+04FF, every one a letter or combining mark but U+0482 (҂).
        Some(0xd0..=0xd3) if !(bytes[i] == 0xd2 && bytes.get(i + 1) == Some(&0x82)) => (Class::Letter, 2),
        _ => {
            let c = char_at(text, i);
            (class_of(c), c.len_utf8())
        }
    }
}

fn class_of(c: char) -> Class {
    if is_ignorable(c) {
        Class::Ignorable
    } else if is_word_char(c) {
        if is_number(c) {
            Class::Digit
        } else {
            Class::Letter
        }
    } else if is_hyphen(c) {
        Class::Hyphen
    } else {
        Class::Other
    }
}

/// A word's raw text without invisible characters and with line-end hyphenation joined
/// (the hyphen kept when `keep_hyphen`), into `out`.
fn join_lines_into(word: &str, keep_hyphen: bool, out: &mut String) {
    out.clear();
    let mut k = 0;
    while k < word.len() {
        let c = char_at(word, k);
        let after = k + c.len_utf8();
        if is_hyphen(c) {
            if let Some(next) = line_break_continuation(word, after) {
                if keep_hyphen {
                    out.push('-');
                }
                k = next;
                continue;
            }
        }
        if !is_ignorable(c) {
            out.push(c);
        }
        k = after;
    }
}

/// Normalizes one word (no separators inside): NFC, lowercase, `ё`→`е`, look-alike folding.
pub fn normalize_word(raw: &str) -> String {
    let mut out = String::new();
    normalize_word_into(raw, &mut out);
    out
}

/// [`normalize_word`] into `lower`, whose allocation is reused.
pub fn normalize_word_into(raw: &str, lower: &mut String) {
    lower.clear();
    let composed = compose(raw);
    lower.reserve(composed.len());
    for c in composed.chars() {
        match c {
            'A'..='Z' => lower.push(c.to_ascii_lowercase()),
            'ё' | 'Ё' => lower.push('е'),
            c if c.is_ascii() => lower.push(c),
            // Russian lowercase (U+0430–U+045F), most of any Cyrillic text, and uppercase.
            'а'..='џ' => lower.push(c),
            'А'..='Я' => lower.extend(char::from_u32(c as u32 + 0x20)),
            c if is_ignorable(c) => {}
            c => lower.extend(c.to_lowercase()),
        }
    }
    fold_look_alikes(lower);
}

/// Unicode NFC: `и` + combining breve → `й`.
#[cfg(feature = "cli")]
pub fn compose(text: &str) -> Cow<'_, str> {
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    // Below U+0300 and Cyrillic letters: composed already, by far the common case. Any
    // other character that is NFC by itself and combines with nothing before it (a dash,
    // a quotation mark) leaves the text as NFC as it was, without a check of all of it.
    let surely_composed = |c: char| {
        c < '\u{300}'
            || matches!(c, '\u{400}'..='\u{482}' | '\u{48a}'..='\u{52f}')
            || (canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes)
    };
    // The same test as `text.chars().all(surely_composed)`, with the characters below
    // U+0300 and of those Cyrillic ranges told from their UTF-8 bytes: every unit's text
    // and every word goes through here.
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut all_composed = true;
    while at < bytes.len() {
        let next = bytes.get(at + 1).copied().unwrap_or(0);
        let plain = match bytes[at] {
            0..=0x7f => Some(1),
            // U+0080–U+02FF
            0xc2..=0xcb => Some(2),
            // U+0400–U+047F and U+04C0–U+04FF; U+0480–U+04BF but the marks U+0483–U+0489;
            // U+0500–U+052F
            0xd0 | 0xd1 | 0xd3 => Some(2),
            0xd2 if !(0x83..=0x89).contains(&next) => Some(2),
            0xd4 if next <= 0xaf => Some(2),
            _ => None,
        };
        match plain {
            Some(len) => at += len,
            None => {
                let c = char_at(text, at);
                if !surely_composed(c) {
                    all_composed = false;
                    break;
                }
                at += c.len_utf8();
            }
        }
    }
    if all_composed || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// Without the `cli` feature (the wasm build) text is taken as NFC already: the indexer
/// stores composed text, and the wasm adapter composes queries with the browser's
/// `String.prototype.normalize`, which costs no wasm bytes.
#[cfg(not(feature = "cli"))]
pub fn compose(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

/// Which alphabet a normalized word is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Cyrillic with letters only Kazakh has (ә ғ қ ң ө ұ ү һ і).
    Kazakh,
    /// Cyrillic without Kazakh letters: Russian, or Kazakh that happens to use none.
    Cyrillic,
    Latin,
    /// Digits, or anything else.
    Other,
}

pub fn script(word: &str) -> Script {
    let mut cyrillic = false;
    let mut latin = false;
    for c in word.chars() {
        if is_kazakh_letter(c) {
            return Script::Kazakh;
        }
        if is_cyrillic(c) {
            cyrillic = true;
        } else if is_latin(c) {
            latin = true;
        }
    }
    if cyrillic {
        Script::Cyrillic
    } else if latin {
        Script::Latin
    } else {
        Script::Other
    }
}

/// The first `n` letters of `word` (all of it when shorter).
pub fn leading(word: &str, n: usize) -> &str {
    &word[..word.char_indices().nth(n).map_or(word.len(), |(at, _)| at)]
}

/// Words of three letters or more that, like a word of one or two letters (в, о, of), say
/// little on their own: articles, conjunctions, prepositions and pronouns of English,
/// Russian and Kazakh, normalized, one space apart (smaller in the wasm than a table).
/// They rank below the other words of a query and are marked only beside them.
const FUNCTION_WORDS: &str = "about also and are been but for from has have its that the their them these they this \
    those was were which with без для его или как при так также что это этот \
    бен бұл деп және мен немесе олар оның осы пен сол үшін";

/// Whether a normalized word says little on its own: a word of one or two letters, or an
/// article, conjunction, preposition or pronoun of the few dozen that are most common
/// (the, для, және).
pub fn says_little(word: &str) -> bool {
    word.chars().nth(2).is_none() || FUNCTION_WORDS.split(' ').any(|w| w == word)
}

/// The stems of a normalized word: one for Kazakh and English words, two for Cyrillic
/// words without Kazakh letters (Russian and Kazakh readings), none for numbers.
pub fn stems(word: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(2);
    match script(word) {
        Script::Kazakh => out.push(kazakh::stem(word)),
        Script::Cyrillic => {
            out.push(russian().stem(word).into_owned());
            let kk = kazakh::stem(word);
            if kk != out[0] {
                out.push(kk);
            }
        }
        Script::Latin => out.push(english().stem(word).into_owned()),
        Script::Other => {}
    }
    out
}

fn russian() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Russian))
}

fn english() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The character at byte `i`, a character boundary (`'\0'` past the end). One- and
/// two-byte characters, all of Latin and Cyrillic, are decoded here directly: the
/// scanners' hot path, for snippets on every keystroke as much as for the indexer.
fn char_at(text: &str, i: usize) -> char {
    let bytes = text.as_bytes();
    match bytes.get(i) {
        Some(&b) if b < 0x80 => b as char,
        Some(&b) if b & 0xe0 == 0xc0 => {
            // Valid UTF-8: a two-byte lead is followed by its continuation byte.
            let code = (u32::from(b & 0x1f) << 6) | u32::from(bytes[i + 1] & 0x3f);
            char::from_u32(code).unwrap_or('\0')
        }
        _ => text.get(i..).and_then(|rest| rest.chars().next()).unwrap_or('\0'),
    }
}

fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        '\u{400}'..='\u{481}' | '\u{48a}'..='\u{52f}' => true,
        c => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// Whether a term is a number, which shares the position of the word after it.
pub fn is_number_term(term: &str) -> bool {
    term.starts_with(is_number)
}

fn is_number(c: char) -> bool {
    match c {
        '0'..='9' => true,
        '\0'..='\x7f' | '\u{400}'..='\u{52f}' => false,
        c => c.is_numeric(),
    }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{483}'..='\u{489}')
}

pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Soft hyphen and zero-width characters: invisible, never separate words.
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// How a hyphen that ends a line is shown, by the characters before it and after the
/// line break: snippets and reader pages show it alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEndHyphen {
    /// Between letters: a word hyphenated across the line end, shown joined
    /// (`ис-\nпользования` → использования).
    Joined,
    /// Beside a digit: a number's hyphen, kept, the line break dropped (`213-\nбабы` →
    /// 213-бабы, `12-\n13` → 12-13).
    Kept,
    /// Anything else (`заң -\nбап`): hyphen and line break as they stand.
    AsWritten,
}

pub fn line_end_hyphen(before: Option<char>, after: Option<char>) -> LineEndHyphen {
    match (before, after) {
        (Some(before), Some(after)) if before.is_alphabetic() && after.is_alphabetic() => LineEndHyphen::Joined,
        (Some(before), Some(after)) if before.is_alphanumeric() && after.is_alphanumeric() => LineEndHyphen::Kept,
        _ => LineEndHyphen::AsWritten,
    }
}

/// The line breaks of `text` that words are hyphenated across: for each hyphen that ends
/// a line with a letter next, the byte range of the white space between them.
pub fn line_breaks(text: &str) -> Vec<std::ops::Range<usize>> {
    let hyphens = text.char_indices().filter(|&(_, c)| is_hyphen(c));
    hyphens.filter_map(|(k, c)| line_break_continuation(text, k + c.len_utf8()).map(|next| k + c.len_utf8()..next)).collect()
}

/// `text` with the line breaks of [`line_breaks`] cut out, its hyphens kept.
pub fn on_one_line(text: &str) -> Cow<'_, str> {
    let breaks = line_breaks(text);
    if breaks.is_empty() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(without(text, &breaks))
}

/// `text` without the byte ranges `cuts` (ascending, apart).
pub fn without(text: &str, cuts: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for cut in cuts {
        out.push_str(&text[from..cut.start]);
        from = cut.end;
    }
    out.push_str(&text[from..]);
    out
}

/// After a hyphen at byte `after`: if only spaces and at least one line break stand
/// before the next letter, returns that letter's offset.
fn line_break_continuation(text: &str, after: usize) -> Option<usize> {
    let mut saw_newline = false;
    for (k, c) in text[after..].char_indices() {
        match c {
            '\n' => saw_newline = true,
            ' ' | '\t' | '\r' => {}
            c if saw_newline && class_of(c) == Class::Letter => return Some(after + k),
            _ => return None,
        }
    }
    None
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{4ff}')
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c)
}

/// Whether every line break that the raw `word` is hyphenated across joins two
/// alphabets (`IT-\nинструментов`): a compound's words, not a word's syllables. The
/// letters on either side of a break, back to the hyphen or word start before it and on
/// to the hyphen or word end after it, must each be in one alphabet, and still in two
/// once joined: look-alike folding joins `бo-\nлып` (a Latin `o`) and `co-\nвершенно`
/// (a Latin `co`) into Cyrillic words.
pub fn joins_two_alphabets(word: &str) -> bool {
    let mixed = |letters: &str| letters.chars().any(is_cyrillic) && letters.chars().any(is_latin);
    let breaks = line_breaks(word);
    !breaks.is_empty()
        && breaks.iter().all(|gap| {
            let hyphen = word[..gap.start].char_indices().next_back().map_or(0, |(at, _)| at);
            let start = word[..hyphen].char_indices().rev().find(|&(_, c)| is_hyphen(c)).map_or(0, |(at, c)| at + c.len_utf8());
            let end = word[gap.end..].find(is_hyphen).map_or(word.len(), |at| gap.end + at);
            let (mut joined, after) = (normalize_word(&word[start..hyphen]), normalize_word(&word[gap.end..end]));
            let one_alphabet_each = !mixed(&joined) && !mixed(&after);
            joined.push_str(&after);
            one_alphabet_each && mixed(&normalize_word(&joined))
        })
}

fn is_kazakh_letter(c: char) -> bool {
    matches!(c, 'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і')
}

/// Latin letters that PDF extraction puts into Cyrillic words, with the Cyrillic letter
/// they stand for (lowercase: folding runs after lowercasing).
const LATIN_LOOK_ALIKES: [(char, char); 10] = [
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
    ('i', 'і'),
    ('ə', 'ә'),
    ('h', 'һ'),
];

fn latin_to_cyrillic(c: char) -> Option<char> {
    LATIN_LOOK_ALIKES.iter().find(|(l, _)| *l == c).map(|&(_, k)| k)
}

fn cyrillic_to_latin(c: char) -> Option<char> {
    LATIN_LOOK_ALIKES.iter().find(|(_, k)| *k == c).map(|&(l, _)| l)
}

/// Folds look-alike letters to the alphabet the rest of the word is written in: a word
/// with a letter only Cyrillic has becomes all Cyrillic, one with a letter only Latin has
/// becomes all Latin. A word of look-alikes only is left as it is.
fn fold_look_alikes(word: &mut String) {
    // Almost every word is in one script: told without looking letters up.
    let has_cyrillic = word.chars().any(is_cyrillic);
    if !has_cyrillic || !word.chars().any(|c| !is_cyrillic(c) && c.is_alphabetic()) {
        return;
    }
    let mut cyrillic_only = false;
    let mut latin_only = false;
    for c in word.chars() {
        if is_cyrillic(c) {
            cyrillic_only |= cyrillic_to_latin(c).is_none();
        } else if c.is_alphabetic() {
            latin_only |= latin_to_cyrillic(c).is_none();
        }
    }
    if cyrillic_only && latin_only {
        return;
    }
    *word = if cyrillic_only || !latin_only {
        word.chars().map(|c| latin_to_cyrillic(c).unwrap_or(c)).collect()
    } else {
        word.chars().map(|c| cyrillic_to_latin(c).unwrap_or(c)).collect()
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn the_byte_shortcuts_classify_every_character_as_the_predicates_do() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("{c}x");
            assert_eq!(class_at(&text, 0), (class_of(c), c.len_utf8()), "U+{:04X}", c as u32);
        }
        assert_eq!(class_at("a", 1), (Class::Other, 1), "past the end");
    }

    #[test]
    fn lowercases_every_character_as_the_standard_library_does() {
        for c in (0..=0x10ffff).filter_map(char::from_u32).filter(|&c| is_word_char(c) && !matches!(c, 'ё' | 'Ё')) {
            let expected: String = compose(&c.to_string()).chars().flat_map(char::to_lowercase).collect();
            let mut expected = expected;
            fold_look_alikes(&mut expected);
            assert_eq!(normalize_word(&c.to_string()), expected, "U+{:04X}", c as u32);
        }
    }

    #[cfg(feature = "cli")]
    #[test]
    fn composes_as_nfc_whatever_stands_around_a_character() {
        use unicode_normalization::UnicodeNormalization;
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for text in [format!("{c}"), format!("и{c}"), format!("{c}\u{306}")] {
                assert_eq!(compose(&text), text.nfc().collect::<String>(), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn function_words_are_normalized_words_of_three_letters_or_more() {
        for word in FUNCTION_WORDS.split(' ') {
            assert!(word.chars().count() >= 3, "«{word}» is short already");
            assert_eq!(terms(word), [word], "«{word}» is not one normalized word");
            assert!(says_little(word) && says_little(&terms(&word.to_uppercase())[0]), "«{word}»");
        }
        assert!(says_little("в") && says_little("of") && !says_little("заң") && !says_little("theory"));
    }

    #[test]
    fn keeps_kazakh_letters() {
        assert_eq!(terms("Әділет Ғылым Қазақ Ңң Өмір Ұлт Үкімет Һижра Ілім"),
            ["әділет", "ғылым", "қазақ", "ңң", "өмір", "ұлт", "үкімет", "һижра", "ілім"]);
    }

    #[test]
    fn folds_yo_and_lowercases() {
        assert_eq!(terms("ЁЛКА Приём"), ["елка", "прием"]);
    }

    #[test]
    fn joins_words_hyphenated_across_line_ends() {
        let text = "для ис-\nпользования и жа-  \r\n  санды";
        let tokens = tokenize(text);
        assert_eq!(tokens.iter().map(|t| t.term.as_str()).collect::<Vec<_>>(),
            ["для", "использования", "и", "жасанды"]);
        assert_eq!(&text[tokens[1].start..tokens[1].end], "ис-\nпользования");
        assert_eq!(tokens[1].hyphenated.as_deref(), Some("ис-пользования"));
        assert_eq!(tokens[0].hyphenated, None);
    }

    #[test]
    fn tells_a_compound_of_two_alphabets_at_a_line_end_from_syllables() {
        for word in ["IT-\nинструментов", "pro-\n  Қазақстан", "SMS-\r\nсообщений", "long-\nформате", "онлайн-PR-\nстратегия"] {
            assert!(joins_two_alphabets(word), "{word:?}");
        }
        // Latin look-alikes in Cyrillic syllables (бo, aзaмaттaр, co), two alphabets within
        // one side (пользованияB), only on one line (санды-ꫠa), no line break, a break in
        // one alphabet.
        for word in ["ис-\nпользования", "бo-\nлып", "aзaмaттaр-\nдың", "co-\nвершенно", "ис-\nпользованияB", "жа-\n  санды-ꫠa", "IT-инструментов", "IT-\nинстру-\nментов", "онлайн-PR-\nstrategy"] {
            assert!(!joins_two_alphabets(word), "{word:?}");
        }
    }

    #[test]
    fn keeps_compounds_and_indexes_their_parts() {
        let tokens = tokenize("сондай-ақ іс-қимыл");
        let got: Vec<(&str, u32)> = tokens.iter().map(|t| (t.term.as_str(), t.position)).collect();
        assert_eq!(got, [("сондай-ақ", 0), ("сондай", 0), ("ақ", 0),
            ("іс-қимыл", 1), ("іс", 1), ("қимыл", 1)]);
    }

    #[test]
    fn removes_soft_hyphens_and_zero_width() {
        assert_eq!(terms("ис\u{ad}поль\u{200b}зования"), ["использования"]);
    }

    #[test]
    fn splits_footnote_digits() {
        assert_eq!(terms("интеллект12 2021"), ["интеллект", "12", "2021"]);
    }

    #[test]
    fn composes_and_folds_look_alikes() {
        // "и" + combining breve is "й"; Latin "a" and "e" inside Cyrillic words.
        assert_eq!(terms("и\u{306}ә тa мeн"), ["йә", "та", "мен"]);
        #[cfg(feature = "cli")]
        {
            // A dash or a quotation mark does not hide what follows from composition.
            assert_eq!(compose("«заң» — и\u{306}ә"), "«заң» — йә");
            assert_eq!(compose("e\u{301}\u{2014}"), "\u{e9}\u{2014}");
            assert!(matches!(compose("«заң» — құқық"), Cow::Borrowed(_)));
        }
        // A Cyrillic "о" inside an English word.
        assert_eq!(terms("cоurt"), ["court"]);
    }

    #[test]
    fn stems_by_script() {
        assert_eq!(stems("agencies"), stems("agency"));
        assert_eq!(stems("законы")[0], stems("закона")[0]);
        assert!(stems("2021").is_empty());
    }
}
