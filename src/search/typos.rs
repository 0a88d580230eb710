//! The words within a few typos of a typed word, as an automaton read byte by byte.
//!
//! An insertion, a deletion, a substitution or a swap of two neighbouring letters is one
//! typo (optimal string alignment). A word still being typed matches every word that
//! begins with something within reach of it.
//!
//! The Levenshtein automaton is simulated, not built: its states for one letter read are
//! a few bit rows (Wu and Manber's bit-parallel matching, with Hyyrö's step for swaps).
//! A complete DFA, built up front, costs more than the lookups it serves: for a word of
//! 15 letters and two typos, about 1,000 states of 256 transitions each, built again at
//! every keystroke, while a lookup walks a few hundred bytes of the dictionary.

use fst::Automaton;

/// Longest word the automaton takes, in letters: a row holds one bit per letter read of
/// the word, and one more.
pub const MAX_WORD_CHARS: usize = 62;

/// The words within `max` typos of a word (or, `prefix`, that begin with such a word).
#[derive(Debug, Clone)]
pub struct Typos {
    /// Each distinct letter of the word with the bits of its places.
    letters: Vec<(char, u64)>,
    /// The bit of the whole word read: one past its last letter.
    end: u64,
    /// The bits of every place, the whole word read included.
    places: u64,
    max: u8,
    prefix: bool,
}

/// Where the automaton may be after the bytes read so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TyposState {
    /// `rows[e]`, bit `i`: the first `i` letters of the word may have been read with at
    /// most `e` typos. Rows above `max` stay empty.
    rows: [u64; 3],
    /// The rows before the last letter read, for a swap of the last two.
    before: [u64; 3],
    /// The places in the word of the last letter read.
    last: u64,
    /// A letter read in part: its bits so far and how many bytes it still needs.
    partial: u32,
    pending: u8,
    /// A word being typed: the fewest typos with which it was all read, or `NONE`.
    best: u8,
}

const NONE: u8 = u8::MAX;

impl Typos {
    /// `None` when `word` has more than [`MAX_WORD_CHARS`] letters; `max` is at most 2.
    pub fn new(word: &str, max: u8, prefix: bool) -> Option<Typos> {
        let count = word.chars().count();
        if count > MAX_WORD_CHARS {
            return None;
        }
        let mut letters: Vec<(char, u64)> = Vec::new();
        for (i, letter) in word.chars().enumerate() {
            match letters.iter_mut().find(|(c, _)| *c == letter) {
                Some((_, bits)) => *bits |= 1 << i,
                None => letters.push((letter, 1 << i)),
            }
        }
        let end = 1u64 << count;
        Some(Typos { letters, end, places: (end << 1) - 1, max: max.min(2), prefix })
    }

    /// The typos with which the bytes read so far match, if they do.
    pub fn distance(&self, state: &TyposState) -> Option<u8> {
        if state.pending > 0 {
            return None;
        }
        if state.best != NONE {
            return Some(state.best);
        }
        self.whole_word_read(&state.rows)
    }

    /// The fewest typos with which all of the word has been read.
    fn whole_word_read(&self, rows: &[u64; 3]) -> Option<u8> {
        (0..=self.max).find(|&e| rows[usize::from(e)] & self.end != 0)
    }

    /// The places in the word of `letter`.
    fn places_of(&self, letter: u32) -> u64 {
        let letter = char::from_u32(letter);
        self.letters.iter().find(|(c, _)| Some(*c) == letter).map_or(0, |&(_, bits)| bits)
    }

    /// The state after one more letter, with places `at` in the word.
    fn step(&self, state: &TyposState, at: u64) -> TyposState {
        let (rows, before) = (&state.rows, &state.before);
        let mut next = [0u64; 3];
        next[0] = ((rows[0] & at) << 1) & self.places;
        for e in 1..=usize::from(self.max) {
            let matched = (rows[e] & at) << 1;
            // An extra letter read, a letter of the word replaced or left out.
            let typo = rows[e - 1] | (rows[e - 1] << 1) | (next[e - 1] << 1);
            // The last two letters read are the word's next two, swapped.
            let swapped = (before[e - 1] & at & (state.last >> 1)) << 2;
            next[e] = (matched | typo | swapped) & self.places;
        }
        let mut best = state.best;
        if self.prefix {
            if let Some(e) = self.whole_word_read(&next) {
                best = best.min(e);
            }
        }
        TyposState { rows: next, before: *rows, last: at, partial: 0, pending: 0, best }
    }
}

impl Automaton for Typos {
    type State = TyposState;

    fn start(&self) -> TyposState {
        // Up to e letters of the word left out before anything is read.
        let mut rows = [0u64; 3];
        for (e, row) in rows.iter_mut().enumerate().take(usize::from(self.max) + 1) {
            *row = ((1u64 << (e + 1)) - 1) & self.places;
        }
        let best = if self.prefix { self.whole_word_read(&rows).unwrap_or(NONE) } else { NONE };
        TyposState { rows, before: [0; 3], last: 0, partial: 0, pending: 0, best }
    }

    fn is_match(&self, state: &TyposState) -> bool {
        self.distance(state).is_some()
    }

    fn can_match(&self, state: &TyposState) -> bool {
        state.best != NONE || state.rows[usize::from(self.max)] != 0
    }

    /// Bytes are gathered into letters; a byte that cannot continue or begin a letter
    /// (never in a dictionary term) reads as a letter the word does not have.
    fn accept(&self, state: &TyposState, byte: u8) -> TyposState {
        if state.pending > 0 {
            if byte & 0xC0 != 0x80 {
                return self.step(state, 0);
            }
            let partial = (state.partial << 6) | u32::from(byte & 0x3F);
            if state.pending > 1 {
                return TyposState { partial, pending: state.pending - 1, ..*state };
            }
            return self.step(state, self.places_of(partial));
        }
        let (bits, pending) = match byte {
            0x00..=0x7F => return self.step(state, self.places_of(u32::from(byte))),
            0xC0..=0xDF => (byte & 0x1F, 1),
            0xE0..=0xEF => (byte & 0x0F, 2),
            0xF0..=0xF7 => (byte & 0x07, 3),
            _ => return self.step(state, 0),
        };
        TyposState { partial: u32::from(bits), pending, ..*state }
    }
}

#[cfg(test)]
mod tests {
    use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder};
    use proptest::prelude::*;

    use super::*;

    fn eval(typos: &Typos, text: &str) -> Option<u8> {
        let state = text.bytes().fold(typos.start(), |state, byte| typos.accept(&state, byte));
        typos.distance(&state)
    }

    /// Optimal string alignment distance, by the table.
    fn osa(a: &[char], b: &[char]) -> u8 {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in 0..=a.len() {
            for j in 0..=b.len() {
                d[i][j] = if i == 0 || j == 0 {
                    i + j
                } else {
                    let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]));
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        best = best.min(d[i - 2][j - 2] + 1);
                    }
                    best
                };
            }
        }
        d[a.len()][b.len()].min(255) as u8
    }

    proptest! {
        /// The distance of the whole text, or of its closest beginning for a word being
        /// typed, when within `max`.
        #[test]
        fn agrees_with_the_table(word in "[abкқz]{0,9}", text in "[abкқz]{0,11}", max in 0u8..=2, prefix: bool) {
            let (w, t): (Vec<char>, Vec<char>) = (word.chars().collect(), text.chars().collect());
            let ends = if prefix { 0..=t.len() } else { t.len()..=t.len() };
            let expected = ends.map(|end| osa(&w, &t[..end])).min().filter(|&d| d <= max);
            prop_assert_eq!(eval(&Typos::new(&word, max, prefix).unwrap(), &text), expected);
        }

        /// The same distances as the complete DFA of the levenshtein_automata crate, for
        /// whole words (its automaton for beginnings misses some that begin within reach:
        /// "c" is two typos from "abc", so every text that begins with "c" is too).
        #[test]
        fn agrees_with_a_complete_dfa(word in "[abкқz]{0,9}", text in "[abкқz]{0,11}", max in 0u8..=2) {
            let expected = match LevenshteinAutomatonBuilder::new(max, true).build_dfa(&word).eval(&text) {
                Distance::Exact(distance) => Some(distance),
                Distance::AtLeast(_) => None,
            };
            prop_assert_eq!(eval(&Typos::new(&word, max, false).unwrap(), &text), expected);
        }

        /// Once it cannot match, no more bytes make it match.
        #[test]
        fn rejects_for_good(word in "[abк]{0,6}", text in "[abкz]{0,10}", max in 0u8..=2, prefix: bool) {
            let typos = Typos::new(&word, max, prefix).unwrap();
            let mut state = typos.start();
            let mut dead = false;
            for byte in text.bytes() {
                state = typos.accept(&state, byte);
                if dead {
                    prop_assert!(!typos.is_match(&state));
                }
                dead |= !typos.can_match(&state);
            }
        }
    }

    #[test]
    fn real_typos() {
        let typos = Typos::new("қолданса", 1, false).unwrap();
        assert_eq!(eval(&typos, "қолданса"), Some(0));
        assert_eq!(eval(&typos, "қоладнса"), Some(1), "two neighbours swapped");
        assert_eq!(eval(&typos, "қолдана"), Some(1));
        assert_eq!(eval(&typos, "қолдансаа"), Some(1));
        assert_eq!(eval(&typos, "колданса"), Some(1));
        assert_eq!(eval(&typos, "колдана"), None);
        let typed = Typos::new("кибрер", 2, true).unwrap();
        assert_eq!(eval(&typed, "киберқауіпсіздік"), Some(1));
        assert_eq!(eval(&typed, "кибер"), Some(1));
        assert_eq!(eval(&typed, "кіре"), None);
        assert!(Typos::new(&"а".repeat(MAX_WORD_CHARS + 1), 1, false).is_none());
    }
}
