//! A "sound key": a lossy ASCII spelling of a word under which a Kazakh or Russian word in
//! Cyrillic and the ways people write it in Latin letters coincide.
//!
//! The key is built in two steps, the same for every input:
//!
//! 1. **Spell in plain Latin.** Cyrillic letters are written with one fixed scheme (ж → zh,
//!    ш → sh, щ → shch, ч → ch, ц → ts, х and һ → kh, я → ya, ю → yu, ы and й → y, ь ъ → nothing,
//!    and the Kazakh letters as the Russian letter they are read like when typed without
//!    them: ә → a, ғ → g, қ → k, ң → n, ө → o, ұ ү → u, і → i). Latin letters with diacritics
//!    are folded to ASCII (ä → a, ş → sh, ç → ch, ñ → n, ı → i, ...), which covers the official
//!    Kazakh Latin alphabets of 2018 (acutes) and 2021 (ä ğ ñ ö ū ü ş, İ i for и/й, ı for і,
//!    y for ы, j for ж, u for у, ch for ч), and anything else (combining marks, apostrophes,
//!    other scripts) is dropped. Look-alike letters in mixed-script words are expected to be
//!    folded already, as `analysis::normalize_word` does.
//! 2. **Collapse.** The Latin spelling is read as sounds, one key letter each: the digraphs
//!    sh, ch, zh, kh, gh become one letter, letters that different schemes use for the same
//!    sound merge, and so do neighbouring letters that schemes write in different ways:
//!
//! | key | Cyrillic | Latin spellings |
//! |-----|----------|-----------------|
//! | `k` | к қ | k q |
//! | `h` | х һ | h kh x |
//! | `g` | г ғ | g gh ğ |
//! | `n` | н ң, нг | n ñ ng |
//! | `i` | и й і ы, ий ый ии (and the glide of я ю) | i y ı, ii iy yi yy ij yj (word end) |
//! | `u` | у ұ ү | u w ū ü, uu uw |
//! | `a` `o` `e` | а ә, о ө, е э ё | a ä, o ö, e |
//! | `e` | ие ье | ie ye 'e |
//! | `j` | ж дж | j zh dzh dj |
//! | `x` | ш щ сч сш | sh ş shch sch sc |
//! | `q` | ч | ch ç |
//! | `c` | ц тс тз | ts tz c |
//!
//! After this step the key letters no longer mean what they mean in English. Other doubled
//! letters are kept: a single-for-double slip is left to the caller's typo tolerance rather
//! than merging Kazakh forms such as міндетті/міндеті. The English name Kazakh(stan) writes
//! қ as kh; the key `kazah` (also of Russian казах) is read as `kazak` to meet қазақ.

/// Latin spellings of а..я (U+0430..U+044F), in alphabetical order.
#[rustfmt::skip]
const RUSSIAN_LETTERS_IN_LATIN: [&str; 32] = [
    "a",  "b",    "v", "g",  "d",  "e",  "zh", "z",  // а б в г д е ж з
    "i",  "y",    "k", "l",  "m",  "n",  "o",  "p",  // и й к л м н о п
    "r",  "s",    "t", "u",  "f",  "kh", "ts", "ch", // р с т у ф х ц ч
    "sh", "shch", "",  "y",  "",   "e",  "yu", "ya", // ш щ ъ ы ь э ю я
];

/// Latin spellings of the other Cyrillic letters: ё and the Kazakh letters, written as the
/// Russian letter Kazakh is typed with when they are missing (х as kh like Russian х).
const OTHER_CYRILLIC_IN_LATIN: [(char, &str); 10] = [
    ('ё', "e"),
    ('ә', "a"),
    ('ғ', "g"),
    ('қ', "k"),
    ('ң', "n"),
    ('ө', "o"),
    ('ұ', "u"),
    ('ү', "u"),
    ('һ', "kh"),
    ('і', "i"),
];

/// ASCII spellings of Latin letters with diacritics: the Kazakh Latin alphabets (2018:
/// á ǵ ń ó ú ý ı; 2021: ä ğ ñ ö ū ü ş ı; Kazinform 2004: ï ç ş), scholarly Russian
/// transliteration (č š ž ĭ) and common Western European letters.
#[rustfmt::skip]
const FOLDED_LATIN: &[(char, &str)] = &[
    ('à', "a"), ('á', "a"), ('â', "a"), ('ã', "a"), ('ä', "a"), ('å', "a"), ('ā', "a"),
    ('ă', "a"), ('ą', "a"), ('ə', "a"), ('æ', "ae"),
    ('ç', "ch"), ('č', "ch"), ('ć', "ch"), ('ĉ', "ch"),
    ('ď', "d"), ('đ', "d"),
    ('è', "e"), ('é', "e"), ('ê', "e"), ('ë', "e"), ('ē', "e"), ('ė', "e"), ('ę', "e"),
    ('ě', "e"),
    ('ğ', "g"), ('ǵ', "g"), ('ĝ', "g"), ('ġ', "g"),
    ('ì', "i"), ('í', "i"), ('î', "i"), ('ï', "i"), ('ĩ', "i"), ('ī', "i"), ('ĭ', "i"),
    ('ı', "i"),
    ('ĵ', "zh"), ('ž', "zh"),
    ('ł', "l"),
    ('ñ', "n"), ('ń', "n"), ('ň', "n"), ('ŋ', "n"),
    ('ò', "o"), ('ó', "o"), ('ô', "o"), ('õ', "o"), ('ö', "o"), ('ø', "o"), ('ō', "o"),
    ('ɵ', "o"), ('œ', "oe"),
    ('ř', "r"),
    ('ś', "sh"), ('ş', "sh"), ('š', "sh"), ('ŝ', "sh"),
    ('ß', "ss"),
    ('ť', "t"),
    ('ù', "u"), ('ú', "u"), ('û', "u"), ('ü', "u"), ('ū', "u"), ('ŭ', "u"),
    // ý is у in the 2018 Kazakh alphabet, the only common Latin use of it here.
    ('ý', "u"),
    ('ź', "z"), ('ż', "z"),
];

/// Keys of Kazakh: English Kazakh(stan) writes қ as kh, so its key is that of Russian казах;
/// both are read as Kazakh қазақ.
const KAZAKH_WITH_KH: &[u8] = b"kazah";
const KAZAKH_WITH_Q: &[u8] = b"kazak";

/// The sound key by which a dictionary term is found when a reader writes it in another
/// alphabet: only Cyrillic (Kazakh or Russian) terms are, and only by a key that is not
/// empty.
pub fn term_sound_key(term: &str) -> Option<String> {
    if !matches!(super::script(term), super::Script::Kazakh | super::Script::Cyrillic) {
        return None;
    }
    Some(sound_key(term)).filter(|key| !key.is_empty())
}

/// A lossy ASCII "sound key" of a lowercase word in Cyrillic (Kazakh or Russian) or Latin,
/// such that a Cyrillic word and the ways people write it in Latin letters get the same key.
///
/// The key holds ASCII letters and digits only; it is empty for a word with neither.
pub fn sound_key(word: &str) -> String {
    let mut key = collapse(&spell_in_latin(word)).into_bytes();
    // Byte by byte: the key is ASCII, and a search for a string would cost the page's
    // module a substring searcher.
    for at in 0..key.len() {
        if key[at..].starts_with(KAZAKH_WITH_KH) {
            key[at..at + KAZAKH_WITH_Q.len()].copy_from_slice(KAZAKH_WITH_Q);
        }
    }
    String::from_utf8(key).unwrap_or_default()
}

/// Whether a Cyrillic `term` holds the Kazakh letters that a lowercase Latin `word` writes
/// with letters only Kazakh is written with, each at least as often: q (in ASCII spellings
/// and the 2021 alphabet) and the 2021 alphabet's ä ğ ñ ö ū ü. The sound key merges к and
/// қ, but a reader who types q means қ: qazaqstan is Қазақстан, not Казахстан.
pub fn keeps_kazakh_letters(word: &str, term: &str) -> bool {
    word.chars().filter_map(kazakh_letter).all(|letter| {
        let count = |text: &str| text.chars().filter(|&c| kazakh_letter(c) == Some(letter)).count();
        count(term) >= count(word)
    })
}

/// A word written in the Kazakh Latin alphabet of 2017, which marked nine letters with an
/// apostrophe (a' ә, g' ғ, n' ң, o' ө, u' ү, y' у, i' и or й, s' ш, c' ч), in Cyrillic.
/// `word` is lowercase ASCII letters and `'`. None unless it uses that alphabet's
/// apostrophes and only its letters: a Russian transliteration marks ь and ъ after any
/// letter (ob'ekt, stat'ya), and has c, w and x; the sound key reads those with the marks
/// dropped. The sound key alone cannot read this alphabet: its y is ы but y' у, and s' c'
/// are ш ч.
pub fn from_kazakh_2017(word: &str) -> Option<String> {
    let mut cyrillic = String::with_capacity(2 * word.len());
    let mut marked = false;
    let mut letters = word.chars().peekable();
    while let Some(letter) = letters.next() {
        let apostrophe = letters.next_if_eq(&'\'').is_some();
        marked |= apostrophe;
        let alphabet = if apostrophe { KAZAKH_2017_MARKED } else { KAZAKH_2017 };
        let index = u32::from(letter).checked_sub(u32::from('a'))?;
        let spelled = alphabet.chars().nth(index as usize).filter(|&c| c != '-')?;
        // й closes a syllable after a vowel (ай, үй); и stands elsewhere.
        let after_vowel = cyrillic.ends_with(['а', 'ә', 'е', 'о', 'ө', 'ұ', 'ү', 'у', 'ы', 'і', 'и']);
        cyrillic.push(if spelled == 'и' && after_vowel { 'й' } else { spelled });
    }
    marked.then_some(cyrillic)
}

/// The letters a to z of the Kazakh Latin alphabet of 2017 in Cyrillic, without and with
/// an apostrophe after them: `-` where it has no such letter.
const KAZAKH_2017: &str = "аб-дефгхіжклмнопқрстұв--ыз";
const KAZAKH_2017_MARKED: &str = "ә-ч---ғ-и----ңө---ш-ү---у-";

/// Which Kazakh letter a letter is, in Cyrillic or in a Latin letter only Kazakh is written
/// with (ұ and ү as one: readers mix up ū and ü).
fn kazakh_letter(c: char) -> Option<char> {
    match c {
        'қ' | 'q' => Some('қ'),
        'ә' | 'ä' => Some('ә'),
        'ғ' | 'ğ' => Some('ғ'),
        'ң' | 'ñ' => Some('ң'),
        'ө' | 'ö' => Some('ө'),
        'ұ' | 'ү' | 'ū' | 'ü' => Some('ұ'),
        _ => None,
    }
}

/// Step 1: the word in lowercase ASCII letters and digits; everything else is dropped.
fn spell_in_latin(word: &str) -> String {
    let mut latin = String::with_capacity(word.len());
    for letter in word.chars().flat_map(char::to_lowercase) {
        if letter.is_ascii_alphanumeric() {
            latin.push(letter);
        } else if let Some(spelling) = cyrillic_in_latin(letter) {
            latin.push_str(spelling);
        } else if let Some(&(_, spelling)) = FOLDED_LATIN.iter().find(|(c, _)| *c == letter) {
            latin.push_str(spelling);
        }
        // Anything else, combining marks included, is dropped: a decomposed ä or й then
        // reads like the precomposed letter folded.
    }
    latin
}

fn cyrillic_in_latin(c: char) -> Option<&'static str> {
    if ('а'..='я').contains(&c) {
        let index = c as usize - 'а' as usize;
        return RUSSIAN_LETTERS_IN_LATIN.get(index).copied();
    }
    OTHER_CYRILLIC_IN_LATIN
        .iter()
        .find(|(letter, _)| *letter == c)
        .map(|&(_, spelling)| spelling)
}

/// Step 2: read the Latin spelling as sounds and merge the spellings of the same sound.
fn collapse(latin: &str) -> String {
    let bytes = latin.as_bytes();
    let mut key = String::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&letter) = bytes.get(at) {
        // sch is щ (or сч) before it is s + ch: тщ written tsch must not start with ц.
        let (sound, length) = match (letter, bytes.get(at + 1), bytes.get(at + 2)) {
            (b's', Some(b'c'), Some(b'h')) => (b'x', 3),
            (b's', Some(b'h'), _) => (b'x', 2),
            (b'c', Some(b'h'), _) => (b'q', 2),
            (b'z', Some(b'h'), _) => (b'j', 2),
            (b'k', Some(b'h'), _) => (b'h', 2),
            (b'g', Some(b'h'), _) => (b'g', 2),
            (b'q', ..) => (b'k', 1),
            (b'x', ..) => (b'h', 1),
            (b'y', ..) => (b'i', 1),
            (b'w', ..) => (b'u', 1),
            _ => (letter, 1),
        };
        at += length;
        push_sound(&mut key, sound);
    }
    // -ий/-ый written -ij/-yj; no Kazakh or Russian word in the corpus ends in иж/ыж/іж.
    if key.ends_with("ij") {
        key.pop();
    }
    key
}

/// Appends a sound to the key, merging it with the sound before when the two are spelled
/// together differently across transliterations.
fn push_sound(key: &mut String, mut sound: u8) {
    while let Some(merged) = key
        .as_bytes()
        .last()
        .and_then(|&previous| merge(previous, sound))
    {
        key.pop();
        sound = merged;
    }
    key.push(char::from(sound));
}

/// The one sound that `previous` followed by `next` is read as, if they merge.
fn merge(previous: u8, next: u8) -> Option<u8> {
    match (previous, next) {
        (b'i', b'i') | (b'u', b'u') => Some(next), // ий: iy ii i; уу: uw u
        (b'i', b'e') => Some(b'e'),                // е ье ие: ye ie e
        (b't', b's' | b'z') => Some(b'c'),         // ц тс: ts tz c
        (b'd', b'j') => Some(b'j'),                // дж: dzh dj j
        (b'x', b'q') => Some(b'x'),                // щ: shch
        (b's', b'c' | b'x') => Some(b'x'),         // сц сш: sc ssh
        (b'n', b'g') => Some(b'n'),                // ң: ng n
        _ => None,
    }
}
