//! From typed text to query slots: what each typed word may stand for.

use crate::analysis::{self, layout, translit};

/// Longest query considered, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 512;
/// Most words a query may have; more are ignored.
pub const MAX_QUERY_WORDS: usize = 12;

/// One word the reader typed, with the readings it may stand for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The normalized word as typed; a Latin word written with apostrophes, without them.
    pub term: String,
    /// Readings of the raw keystrokes in another keyboard layout and, for a word written
    /// with apostrophes, in the Kazakh Latin alphabet of 2017, normalized.
    pub layout_readings: Vec<String>,
    /// The reader may still be typing this word: match it as a prefix.
    pub prefix: bool,
    /// The quoted phrase the word is in, counted from 0 in the query: the words of a
    /// phrase match only as typed (the last one, while typed, also its completions), next
    /// to each other and in order.
    pub phrase: Option<u16>,
    /// For keys that read as one word on another keyboard layout (the slot's readings), or
    /// as a Latin word with apostrophes or a compound, but as several words as typed
    /// (`hf,jnf` is работа, `adilet.zan.kz` three words, `children's` and
    /// `жасанды-интеллект` two): those words, which the slot stands for instead when the
    /// dictionary has neither the word nor its readings.
    pub typed_apart: Vec<Slot>,
}

/// Marks that open or close a phrase: typewriter, English, Russian and Kazakh quotes.
const QUOTES: [char; 6] = ['"', '«', '»', '“', '”', '„'];

/// Splits a query into slots. The last word is a prefix unless the query ends with a
/// space or a quote (the reader finished it). Text between quotes is a phrase; a quote
/// left open runs to the end of the query (the reader is typing the phrase).
pub fn parse(query: &str) -> Vec<Slot> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let mut slots = Vec::new();
    // Every other stretch between quotes is inside a phrase.
    'stretches: for (k, stretch) in query.split(QUOTES).enumerate() {
        let phrase = (k % 2 == 1).then_some((k / 2) as u16);
        for chunk in stretch.split_whitespace() {
            match phrase {
                Some(_) => slots.extend(distinct_position_terms(chunk).into_iter().map(|term| new_slot(term, Vec::new(), phrase))),
                None => push_words(chunk, &mut slots),
            }
            if slots.len() >= MAX_QUERY_WORDS {
                slots.truncate(MAX_QUERY_WORDS);
                break 'stretches;
            }
        }
    }
    if !query.ends_with(|c: char| c.is_whitespace() || QUOTES.contains(&c)) {
        if let Some(last) = slots.last_mut() {
            last.prefix = true;
            if let Some(part) = last.typed_apart.last_mut() {
                part.prefix = true;
            }
        }
    }
    slots
}

/// The slots of one chunk of text between spaces, outside a phrase.
fn push_words(chunk: &str, slots: &mut Vec<Slot>) {
    let words = distinct_position_terms(chunk);
    let mut readings = layout_readings(chunk);
    if words.len() > 1 {
        // Keys typed on the wrong layout that read as one word, every key a letter (`,`
        // is б, `.` is ю, `;` is ж), are that word, split at that punctuation as typed;
        // a reading that lost keys (т.б. is n on US keys) is no word.
        readings.retain(|reading| reading.chars().count() == chunk.chars().count());
    }
    // A Latin word written with apostrophes is one word too: read with them dropped by its
    // sound key (stat'ya is статья), and in the Kazakh alphabet of 2017 (s'es'im is шешім).
    let marked = with_apostrophes(chunk);
    if let Some(reading) = marked.as_deref().and_then(translit::from_kazakh_2017).filter(|r| !readings.contains(r)) {
        readings.push(reading);
    }
    let whole = marked.map(|word| word.replace('\'', ""));
    match words.len() {
        0 if readings.is_empty() => {}
        0 => slots.push(new_slot(String::new(), readings, None)),
        // A compound the text may lack (жасанды-интеллект): its parts too.
        1 => slots.push(Slot { typed_apart: compound_parts(chunk).into_iter().map(apart).collect(), ..new_slot(words.into_iter().next().unwrap_or_default(), readings, None) }),
        _ => {
            let apart = words.into_iter().map(apart);
            if readings.is_empty() && whole.is_none() {
                slots.extend(apart);
            } else {
                slots.push(Slot { typed_apart: apart.collect(), ..new_slot(whole.unwrap_or_default(), readings, None) });
            }
        }
    }
}

/// A word typed apart from the others of its chunk.
fn apart(term: String) -> Slot {
    let layout_readings = layout_readings(&term);
    new_slot(term, layout_readings, None)
}

/// The parts of a chunk that is one compound; none for any other.
fn compound_parts(chunk: &str) -> Vec<String> {
    let (mut word, mut parts) = (None, Vec::new());
    analysis::for_each_token(chunk, |token| match word {
        None => word = Some(token.position),
        Some(position) if position == token.position => parts.push(token.term),
        Some(_) => {}
    });
    parts
}

/// Marks that write an apostrophe.
const APOSTROPHES: [char; 6] = ['\'', '’', 'ʼ', 'ʻ', '`', '´'];

/// A chunk that is a Latin word written with apostrophes (stat'ya, zan’nama), lowercase,
/// each apostrophe written `'`; punctuation around it is left out, an apostrophe after its
/// last letter kept (ves' is весь).
fn with_apostrophes(chunk: &str) -> Option<String> {
    let word = chunk.trim_start_matches(|c: char| !c.is_ascii_alphabetic()).trim_end_matches(|c: char| !c.is_ascii_alphabetic() && !APOSTROPHES.contains(&c));
    let latin = word.chars().all(|c| c.is_ascii_alphabetic() || APOSTROPHES.contains(&c));
    (latin && word.contains(APOSTROPHES)).then(|| word.to_ascii_lowercase().replace(APOSTROPHES, "'"))
}

/// A word not being typed (the last one is marked so once the query is read).
fn new_slot(term: String, layout_readings: Vec<String>, phrase: Option<u16>) -> Slot {
    Slot { term, layout_readings, prefix: false, phrase, typed_apart: Vec::new() }
}

/// The words of a chunk: a compound, not its parts, which follow it at its position; but
/// a word after a number, which shares the word's position (213-бабы is 213 and бабы).
fn distinct_position_terms(chunk: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last_position = None;
    analysis::for_each_token(chunk, |token| {
        let after_number = out.last().is_some_and(|term| analysis::is_number_term(term));
        if last_position != Some(token.position) || after_number {
            last_position = Some(token.position);
            out.push(token.term);
        }
    });
    out
}

/// Single-word readings of `chunk` in the other keyboard layouts.
fn layout_readings(chunk: &str) -> Vec<String> {
    let mut readings: Vec<String> = layout::qwerty_to_cyrillic(chunk);
    // Kazakh letters read as digit-row keys (заң → pf4): a Kazakh word is not a Latin
    // word with digits in it, and such a reading would match numbers.
    let digits = |text: &str| text.chars().filter(char::is_ascii_digit).count();
    readings.extend(layout::cyrillic_to_qwerty(chunk).filter(|latin| digits(latin) == digits(chunk)));
    let mut out: Vec<String> = Vec::new();
    for reading in readings {
        let terms = distinct_position_terms(&reading);
        // A number alone is what is left when the letters read as punctuation (2019ж.).
        if let [term] = terms.as_slice() {
            if !analysis::is_number_term(term) && !out.contains(term) {
                out.push(term.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each slot as (term, phrase, prefix).
    fn read(query: &str) -> Vec<(String, Option<u16>, bool)> {
        parse(query).into_iter().map(|slot| (slot.term, slot.phrase, slot.prefix)).collect()
    }

    fn slot(term: &str, phrase: Option<u16>, prefix: bool) -> (String, Option<u16>, bool) {
        (term.to_owned(), phrase, prefix)
    }

    #[test]
    fn words_between_quotes_are_a_phrase_and_an_open_quote_runs_to_the_end() {
        assert_eq!(read("\"құқықтық мемлекет\" заң"), [slot("құқықтық", Some(0), false), slot("мемлекет", Some(0), false), slot("заң", None, true)]);
        // Closed by its quote, the last word is whole; left open, it is being typed.
        assert_eq!(read("заң \"құқықтық мемлекет\""), [slot("заң", None, false), slot("құқықтық", Some(0), false), slot("мемлекет", Some(0), false)]);
        assert_eq!(read("«Құқықтық мем"), [slot("құқықтық", Some(0), false), slot("мем", Some(0), true)]);
        assert_eq!(read("«заң» „право“ “law”"), [slot("заң", Some(0), false), slot("право", Some(1), false), slot("law", Some(2), false)]);
        // Quotes around nothing make no slot; a quote inside a chunk still opens a phrase.
        assert!(parse("\"\" « »").is_empty());
        assert_eq!(read("заң\"құқық\""), [slot("заң", None, false), slot("құқық", Some(0), false)]);
    }

    #[test]
    fn a_number_and_the_word_after_it_are_two_words_a_compound_is_one() {
        assert_eq!(read("ҚК-нің 205-бабы "), [slot("қк-нің", None, false), slot("205", None, false), slot("бабы", None, false)]);
        assert_eq!(read("2019ж. сондай-ақ"), [slot("2019", None, false), slot("ж", None, false), slot("сондай-ақ", None, true)]);
    }

    #[test]
    fn keys_that_read_as_one_word_on_another_layout_keep_the_words_typed() {
        let slots = parse("adilet.zan.kz ");
        assert_eq!(slots.len(), 1);
        assert!(slots[0].term.is_empty() && !slots[0].layout_readings.is_empty());
        assert_eq!(slots[0].typed_apart.iter().map(|w| w.term.as_str()).collect::<Vec<_>>(), ["adilet", "zan", "kz"]);
        // A reading that lost keys to punctuation (т.б. on US keys is n/,/) is none.
        assert_eq!(read("т.б. "), [slot("т", None, false), slot("б", None, false)]);
    }

    #[test]
    fn a_latin_word_with_apostrophes_is_one_word_as_well_as_its_parts() {
        let slots = parse("(Stat’ya), s'es'im children's ");
        assert_eq!(slots.iter().map(|s| s.term.as_str()).collect::<Vec<_>>(), ["statya", "sesim", "childrens"]);
        assert_eq!(slots[0].typed_apart.iter().map(|w| w.term.as_str()).collect::<Vec<_>>(), ["stat", "ya"]);
        // Read in the Kazakh alphabet of 2017, as well as by its sound key with the marks dropped.
        assert!(slots[1].layout_readings.contains(&"шешім".to_owned()), "{:?}", slots[1].layout_readings);
        assert!(slots[2].layout_readings.iter().all(|r| r != "шешім"));
        // A mark after the last letter stays (ves' is весь, bas' баш); one before the first is
        // a quote.
        assert_eq!(with_apostrophes("'bas'"), Some("bas'".to_owned()));
        assert_eq!(with_apostrophes("stat.gov"), None);
        assert_eq!(with_apostrophes("бала'ға"), None);
    }

    #[test]
    fn a_compound_is_one_word_as_well_as_its_parts_the_last_one_being_typed() {
        let slots = parse("жасанды-интеллект artificial-intel");
        assert_eq!(slots.iter().map(|s| (s.term.as_str(), s.prefix)).collect::<Vec<_>>(), [("жасанды-интеллект", false), ("artificial-intel", true)]);
        let parts = |slot: &Slot| slot.typed_apart.iter().map(|w| (w.term.clone(), w.prefix)).collect::<Vec<_>>();
        assert_eq!(parts(&slots[0]), [("жасанды".to_owned(), false), ("интеллект".to_owned(), false)]);
        assert_eq!(parts(&slots[1]), [("artificial".to_owned(), false), ("intel".to_owned(), true)]);
        assert!(parse("закон ").iter().all(|slot| slot.typed_apart.is_empty()));
    }

    #[test]
    fn a_word_of_a_phrase_has_no_reading_in_another_layout() {
        let slots = parse("\"pfrjy\" pfrjy ");
        assert!(slots[0].layout_readings.is_empty());
        assert!(slots[1].layout_readings.contains(&"закон".to_owned()), "{:?}", slots[1].layout_readings);
    }

    #[test]
    fn a_query_of_many_phrases_keeps_its_first_words() {
        let query = "\"заң құқық\" ".repeat(MAX_QUERY_WORDS);
        let slots = parse(&query);
        assert_eq!(slots.len(), MAX_QUERY_WORDS);
        assert_eq!(slots.last().map(|s| s.phrase), Some(Some(MAX_QUERY_WORDS as u16 / 2 - 1)));
    }
}
