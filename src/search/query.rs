//! From typed text to query slots: what each typed word may stand for.

use crate::analysis::{self, layout};

/// Longest query considered, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 512;
/// Most words a query may have; more are ignored.
pub const MAX_QUERY_WORDS: usize = 12;

/// One word the reader typed, with the readings it may stand for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The normalized word as typed.
    pub term: String,
    /// Readings of the raw keystrokes in another keyboard layout, normalized.
    pub layout_readings: Vec<String>,
    /// The reader may still be typing this word: match it as a prefix.
    pub prefix: bool,
}

/// Splits a query into slots. The last word is a prefix unless the query ends with a
/// space (the reader finished it).
pub fn parse(query: &str) -> Vec<Slot> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let mut slots = Vec::new();
    for chunk in query.split_whitespace() {
        let words = distinct_position_terms(chunk);
        let readings = layout_readings(chunk);
        match words.len() {
            0 if readings.is_empty() => {}
            // Keys typed on the wrong layout that read as one word (`,` is б, `.` is ю, `;`
            // is ж): the direct reading, split at that punctuation, is not what was meant.
            0 => slots.push(Slot { term: String::new(), layout_readings: readings, prefix: false }),
            1 => slots.push(Slot { term: words.into_iter().next().unwrap_or_default(), layout_readings: readings, prefix: false }),
            _ if !readings.is_empty() => slots.push(Slot { term: String::new(), layout_readings: readings, prefix: false }),
            _ => slots.extend(words.into_iter().map(|term| {
                let layout_readings = layout_readings(&term);
                Slot { term, layout_readings, prefix: false }
            })),
        }
        if slots.len() >= MAX_QUERY_WORDS {
            slots.truncate(MAX_QUERY_WORDS);
            break;
        }
    }
    if !query.ends_with(char::is_whitespace) {
        if let Some(last) = slots.last_mut() {
            last.prefix = true;
        }
    }
    slots
}

/// The terms of a chunk, one per word position (a compound, not its parts).
fn distinct_position_terms(chunk: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last_position = None;
    analysis::for_each_token(chunk, |token| {
        if last_position != Some(token.position) {
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
        if let [term] = terms.as_slice() {
            if !out.contains(term) {
                out.push(term.clone());
            }
        }
    }
    out
}
