//! Wrong keyboard layout: text typed on a US QWERTY keyboard while the writer meant a
//! Cyrillic layout, and the reverse.
//!
//! A keyboard layout is modelled as the characters its keys produce, listed in the same key
//! order as the US layout (two rows of strings: plain and with Shift). Converting text is then
//! looking up each character's key in one layout and reading the same key in another.
//!
//! Layouts implemented:
//! - Russian: the standard Windows "Russian" ЙЦУКЕН layout (also xkb `ru(basic)`).
//! - Kazakh: RST KazSSR 903-90 as shipped by Windows (`KBDKAZ`, "Kazakh") and xkb
//!   `kz(basic)`: the Russian letter keys plus ә і ң ғ ү ұ қ ө һ on the digit keys 2 3 4 5
//!   8 9 0 - = (Shift gives the capital letter), `(` `)` on the grave key (Windows has no ё;
//!   xkb puts it on AltGr, which is not modelled), `"` `!` on 1, `,` `;` on 6, `.` `:` on 7,
//!   `№` `?` on the slash key. The two sources disagree only on 1 (Windows `"`, xkb `„`); the
//!   Windows character is used. Apple's Kazakh layout was not checked against these.

/// The characters a layout's keys produce, in the key order of [`US_QWERTY`].
struct Layout {
    plain: [char; KEYS],
    shifted: [char; KEYS],
}

/// Keys of a row, in every layout.
const KEYS: usize = 47;

impl Layout {
    const fn new(plain: &str, shifted: &str) -> Layout {
        Layout { plain: keys(plain), shifted: keys(shifted) }
    }
}

/// The characters of a layout row, one per key, decoded from UTF-8 when compiled: a
/// lookup then walks characters, not bytes (it runs for every letter typed). A row of
/// another length does not compile.
const fn keys(row: &str) -> [char; KEYS] {
    let bytes = row.as_bytes();
    let mut out = ['\0'; KEYS];
    let (mut at, mut key) = (0, 0);
    while at < bytes.len() {
        let (first, len) = match bytes[at] {
            b @ 0..=0x7f => (b as u32, 1),
            b @ 0xc0..=0xdf => (b as u32 & 0x1f, 2),
            b @ 0xe0..=0xef => (b as u32 & 0x0f, 3),
            _ => panic!("a layout row holds characters of one to three bytes"),
        };
        let mut code = first;
        let mut k = 1;
        while k < len {
            code = code << 6 | (bytes[at + k] as u32 & 0x3f);
            k += 1;
        }
        out[key] = match char::from_u32(code) {
            Some(c) => c,
            None => panic!("a layout row is text"),
        };
        at += len;
        key += 1;
    }
    assert!(key == KEYS, "a layout row has one character per US key");
    out
}

/// Keys, row by row: digit row, top letter row (with `\`), home row, bottom row.
const US_QWERTY: Layout = Layout::new("`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./", "~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:\"ZXCVBNM<>?");

const RUSSIAN: Layout = Layout::new("ё1234567890-=йцукенгшщзхъ\\фывапролджэячсмитьбю.", "Ё!\"№;%:?*()_+ЙЦУКЕНГШЩЗХЪ/ФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,");

const KAZAKH: Layout = Layout::new("(\"әіңғ,.үұқөһйцукенгшщзхъ\\фывапролджэячсмитьбю№", ")!ӘІҢҒ;:ҮҰҚӨҺЙЦУКЕНГШЩЗХЪ/ФЫВАПРОЛДЖЭЯЧСМИТЬБЮ?");

/// Cyrillic readings of text typed on a US QWERTY keyboard while the writer meant the
/// Russian (ЙЦУКЕН) or Kazakh layout. `typed` is the raw query chunk (one whitespace-separated
/// word, original case, punctuation kept: `,` `.` `;` `'` `[` `]` `` ` `` map to letters). Returns
/// the distinct readings (Russian layout first; the Kazakh layout differs on the digit row,
/// which carries ә і ң ғ ү ұ қ ө һ — e.g. `pf4` → `заң`), lowercased; empty when `typed` has
/// no Latin letters or no reading differs from the input.
///
/// Every key is converted, so the readings can hold digits and punctuation as the layout
/// types them (`pfrjy/` → `закон.`); the caller's tokenizer drops those.
///
/// A trailing `.` or `,` is ambiguous: on the Cyrillic layouts it is the key of ю or б
/// (`pfxfcne.` → `зачастую`), but the writer may also have added real punctuation after the
/// word. So for a chunk ending in a run of `.`/`,` each layout yields up to three readings, in
/// this order: the whole chunk, the chunk keeping only the first character of the run (a word
/// ending in ю/б followed by punctuation), and the chunk without the run.
pub fn qwerty_to_cyrillic(typed: &str) -> Vec<String> {
    if !typed.chars().any(|c| c.is_ascii_alphabetic()) {
        return Vec::new();
    }
    let without_punctuation = typed.trim_end_matches(['.', ',']);
    // The trailing run is ASCII, so one more byte is one more character.
    let with_one_mark = typed.get(..without_punctuation.len() + 1).unwrap_or(typed);
    let chunks = [typed, with_one_mark, without_punctuation];

    // Lowercased as the readings are, a letter at a time.
    let typed_lowercase: String = typed.chars().flat_map(char::to_lowercase).collect();
    let mut readings: Vec<String> = Vec::new();
    for layout in [&RUSSIAN, &KAZAKH] {
        for chunk in chunks {
            let reading: String = chunk
                .chars()
                .map(|c| retype(c, &US_QWERTY, layout))
                .flat_map(char::to_lowercase)
                .collect();
            if reading != typed_lowercase && !readings.contains(&reading) {
                readings.push(reading);
            }
        }
    }
    readings
}

/// The reverse: Latin text typed with a Cyrillic layout active (`цщкв` → `word`), lowercased;
/// None when `typed` has no Cyrillic letters.
///
/// Only letters are converted; digits and punctuation are kept as typed. Russian letters
/// (and ё) give the key they are on in the Russian layout, the Kazakh letters the digit-row
/// key they are on in the Kazakh layout (`заң` → `pf4`), so this is also how a Cyrillic word
/// is typed on those layouts.
pub fn cyrillic_to_qwerty(typed: &str) -> Option<String> {
    let mut found_cyrillic = false;
    let latin = typed
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match key_of_cyrillic_letter(c) {
            Some(key) => {
                found_cyrillic = true;
                key
            }
            None => c,
        })
        .collect();
    found_cyrillic.then_some(latin)
}

/// The US key that types a lowercase Cyrillic letter on the Russian layout, or on the Kazakh
/// layout for the letters only it has.
fn key_of_cyrillic_letter(letter: char) -> Option<char> {
    if !letter.is_alphabetic() {
        return None;
    }
    [&RUSSIAN, &KAZAKH].into_iter().find_map(|layout| same_key(letter, &layout.plain, &US_QWERTY.plain))
}

/// The character that the key producing `c` on layout `from` produces on layout `to`, with
/// the same Shift state; `c` itself when no key of `from` produces it.
fn retype(c: char, from: &Layout, to: &Layout) -> char {
    same_key(c, &from.plain, &to.plain).or_else(|| same_key(c, &from.shifted, &to.shifted)).unwrap_or(c)
}

/// What the key producing `c` in layout row `from` produces in row `to`.
fn same_key(c: char, from: &[char; KEYS], to: &[char; KEYS]) -> Option<char> {
    from.iter().position(|&key| key == c).map(|index| to[index])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_decode_as_rust_decodes_them() {
        // One, two and three bytes a character (№ is U+2116); a wrong row fails to compile.
        let row = "ё1234567890-=йцукенгшщзхъ\\фывапролджэячсмитьбю№";
        assert_eq!(keys(row).to_vec(), row.chars().collect::<Vec<_>>());
        assert_eq!(US_QWERTY.shifted[KEYS - 1], '?');
        assert_eq!(KAZAKH.plain[2..5], ['ә', 'і', 'ң']);
    }
}
