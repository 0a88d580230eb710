//! Search: query slots → candidate terms over the fst → ranked units → hits with snippets.
//!
//! Every typed word becomes a [`query::Slot`]. A slot matches dictionary terms in these
//! ways, each with a cost (lower is better):
//!
//! | match                                        | cost |
//! |----------------------------------------------|------|
//! | exact, same stem, or completion of the last word | 0 |
//! | one typo (two for words of 9+ letters)       | 1, 2 |
//! | the word typed in another keyboard layout    | 3    |
//! | the word written in another alphabet (sound key) | 3, +1 per typo |
//!
//! Units are ranked like Meilisearch ranks documents: more matched words first, then
//! the lower total cost, then words closer together, then BM25 with a bonus for exact
//! forms and title words.

pub mod query;
pub mod snippet;

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Mutex, OnceLock};

use fst::{IntoStreamer, Streamer};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};
use serde::{Deserialize, Serialize};

use crate::analysis::language::Lang;
use crate::analysis::{self, translit};
use crate::index::{FormatError, Index, UnitRecord};
use query::Slot;

/// Most dictionary terms one way of matching may expand a word to.
pub const MAX_EXPANSIONS: usize = 200;
/// Most hits a search returns.
pub const MAX_LIMIT: usize = 1000;
/// Longest word, in characters, matched with typos or by sound: a Levenshtein automaton
/// grows with its word (a 512-letter word took 90 MB), and such words are not typed.
pub const MAX_TYPO_WORD_CHARS: usize = 32;
/// Candidates a completion scans before keeping the most frequent.
const PREFIX_SCAN: usize = 20_000;

const COST_LAYOUT: u8 = 3;
const COST_SOUND: u8 = 3;

/// A search result: one unit (page or section) of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Document path relative to the corpus folder.
    pub doc: String,
    pub page: u32,
    /// Byte range of the unit in the source file.
    pub start: u64,
    pub end: u64,
    pub title: String,
    /// Link to the unit, relative to the search page.
    pub url: String,
    pub score: f64,
    /// HTML: escaped text with `<mark>` around the matched words.
    pub snippet: String,
}

/// What [`Searcher::query`] returns and how to narrow it. Every field may be left out
/// (from JSON too): ten results, no filter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct QueryOptions {
    /// Most hits returned (1 to [`MAX_LIMIT`]).
    pub limit: usize,
    /// Only units detected in these languages (`kk`, `ru`, `en`, `und`); empty: all.
    pub langs: Vec<String>,
    /// Only units of these documents (their `doc` paths); empty: all.
    pub docs: Vec<String>,
}

impl Default for QueryOptions {
    fn default() -> Self {
        QueryOptions { limit: 10, langs: Vec::new(), docs: Vec::new() }
    }
}

/// The best hits of a query, and counts of everything it matched.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Units that match and pass the filters (hits are the best `limit` of them).
    pub total: usize,
    pub facets: Facets,
}

/// Matching units per language and per document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    /// Language code (`kk`, `ru`, `en`, `und`) → units, the document filter applied.
    pub langs: BTreeMap<String, usize>,
    /// Document path → units, the language filter applied.
    pub docs: BTreeMap<String, usize>,
}

/// An index ready to be searched, with the lookup tables derived from its dictionary.
pub struct Searcher<D> {
    index: Index<D>,
    /// Dictionary terms and their postings offsets, in fst order.
    vocabulary: Vec<(String, u64)>,
    /// In how many units each dictionary term occurs: read once, used by every ranking
    /// and every completion.
    unit_frequencies: Vec<u64>,
    /// Stem → dictionary terms with that stem.
    stems: HashMap<String, Vec<u32>>,
    /// Sound key → group in `sound_groups`; only for Cyrillic terms.
    sound_keys: fst::Map<Vec<u8>>,
    sound_groups: Vec<Vec<u32>>,
    /// The terms of each document's title.
    title_terms: Vec<HashSet<String>>,
    average_unit_tokens: f64,
    /// Candidates of recently searched words: while a reader types, only the last word
    /// changes, and the words before it are not expanded again.
    recent: Mutex<VecDeque<(Slot, Vec<Candidate>)>>,
}

/// Words whose candidates are remembered.
const RECENT_SLOTS: usize = 32;

impl<D: AsRef<[u8]>> Searcher<D> {
    /// Opens the index in `bytes` and derives the stem and sound-key tables.
    pub fn open(bytes: D) -> Result<Self, FormatError> {
        let index = Index::open(bytes)?;
        let mut vocabulary = Vec::new();
        let terms = index.terms();
        let mut stream = terms.into_stream();
        while let Some((term, offset)) = stream.next() {
            vocabulary.push((String::from_utf8_lossy(term).into_owned(), offset));
        }
        drop(stream);
        // A damaged entry reads as 0 here; the search that reads its postings reports it.
        let unit_frequencies = vocabulary.iter().map(|(_, offset)| index.unit_frequency(*offset).unwrap_or(0)).collect();
        let mut stems: HashMap<String, Vec<u32>> = HashMap::new();
        let mut sounds: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (id, (term, _)) in vocabulary.iter().enumerate() {
            for stem in analysis::stems(term) {
                stems.entry(stem).or_default().push(id as u32);
            }
            if matches!(analysis::script(term), analysis::Script::Kazakh | analysis::Script::Cyrillic) {
                let key = translit::sound_key(term);
                if !key.is_empty() {
                    sounds.entry(key).or_default().push(id as u32);
                }
            }
        }
        let mut builder = fst::MapBuilder::memory();
        let mut sound_groups = Vec::with_capacity(sounds.len());
        for (key, ids) in sounds {
            // BTreeMap keys are sorted and distinct, as the builder needs.
            let _ = builder.insert(&key, sound_groups.len() as u64);
            sound_groups.push(ids);
        }
        let sound_keys = fst::Map::new(builder.into_inner().unwrap_or_default()).unwrap_or_default();
        let title_terms = index.docs().iter().map(|d| analysis::tokenize(&d.title).into_iter().map(|t| t.term).collect()).collect();
        let average_unit_tokens = index.total_tokens() as f64 / index.units().len().max(1) as f64;
        Ok(Searcher { index, vocabulary, unit_frequencies, stems, sound_keys, sound_groups, title_terms, average_unit_tokens, recent: Mutex::default() })
    }

    pub fn index(&self) -> &Index<D> {
        &self.index
    }

    /// The best `limit` units for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, FormatError> {
        let units = self.matching_units(query)?;
        Ok(self.ranked_hits(&units, limit, |_| true))
    }

    /// The best units for `query` among those the filters in `options` let through, how
    /// many units match in all, and per language and per document how many match: each
    /// dimension counted with the other dimension's filter applied, not its own (so a
    /// reader sees what choosing another language or document would give).
    pub fn query(&self, query: &str, options: &QueryOptions) -> Result<Results, FormatError> {
        let units = self.matching_units(query)?;
        let langs: HashSet<Lang> = options.langs.iter().filter_map(|code| Lang::from_code(code)).collect();
        let docs: HashSet<u32> = {
            let wanted: HashSet<&str> = options.docs.iter().map(String::as_str).collect();
            self.index.docs().iter().enumerate().filter(|(_, d)| wanted.contains(d.path.as_str())).map(|(i, _)| i as u32).collect()
        };
        // A filter with values none of which exist lets nothing through.
        let lang_ok = |record: &UnitRecord| options.langs.is_empty() || langs.contains(&record.lang);
        let doc_ok = |record: &UnitRecord| options.docs.is_empty() || docs.contains(&record.doc);
        let mut facets = Facets::default();
        let mut total = 0;
        for &unit in units.keys() {
            let record = &self.index.units()[unit as usize];
            let (in_lang, in_doc) = (lang_ok(record), doc_ok(record));
            if in_doc {
                *facets.langs.entry(record.lang.code().to_owned()).or_default() += 1;
            }
            if in_lang {
                *facets.docs.entry(self.index.docs()[record.doc as usize].path.clone()).or_default() += 1;
            }
            total += usize::from(in_lang && in_doc);
        }
        let hits = self.ranked_hits(&units, options.limit, |record| lang_ok(record) && doc_ok(record));
        Ok(Results { hits, total, facets })
    }

    /// The best `limit` of `units` that `keep` lets through, as hits.
    fn ranked_hits(&self, units: &HashMap<u32, Vec<Option<SlotMatch>>>, limit: usize, keep: impl Fn(&UnitRecord) -> bool) -> Vec<Hit> {
        let limit = limit.clamp(1, MAX_LIMIT);
        let mut ranked: Vec<(f64, u32)> = units
            .iter()
            .filter(|(&unit, _)| keep(&self.index.units()[unit as usize]))
            .map(|(&unit, matches)| (self.score(unit, matches), unit))
            .collect();
        ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(limit);
        ranked.into_iter().map(|(score, unit)| self.hit(unit, score, &units[&unit])).collect()
    }

    /// Every unit a word of `query` matches in, with how each word matched there.
    fn matching_units(&self, query: &str) -> Result<HashMap<u32, Vec<Option<SlotMatch>>>, FormatError> {
        let slots = query::parse(query);
        let mut units: HashMap<u32, Vec<Option<SlotMatch>>> = HashMap::new();
        for (i, slot) in slots.iter().enumerate() {
            for candidate in self.candidates(slot) {
                let offset = self.vocabulary[candidate.term as usize].1;
                let unit_frequency = self.unit_frequencies[candidate.term as usize];
                for posting in self.index.postings(offset)? {
                    let matches = units.entry(posting.unit).or_insert_with(|| vec![None; slots.len()]);
                    let better = SlotMatch {
                        cost: candidate.cost,
                        exact: candidate.exact,
                        terms: vec![candidate.term],
                        unit_frequency,
                        positions: posting.positions,
                    };
                    // The cheapest match wins; at equal cost the form as typed wins over
                    // other forms, so proximity is measured from the word the reader typed.
                    match &mut matches[i] {
                        Some(m) if (m.cost, !m.exact) < (better.cost, !better.exact) => {}
                        Some(m) if (m.cost, m.exact) == (better.cost, better.exact) => m.merge(better),
                        other => *other = Some(better),
                    }
                }
            }
        }
        for m in units.values_mut().flatten().flatten() {
            m.positions.sort_unstable();
        }
        Ok(units)
    }

    /// How many dictionary terms each word of `query` expands to, all ways of matching
    /// together: the work a search does per word, which the documented bounds cap.
    pub fn expansions(&self, query: &str) -> Vec<usize> {
        query::parse(query).iter().map(|slot| self.candidates(slot).len()).collect()
    }

    /// Dictionary terms a slot may stand for, each once with its lowest cost.
    fn candidates(&self, slot: &Slot) -> Vec<Candidate> {
        let mut recent = self.recent.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, found)) = recent.iter().find(|(s, _)| s == slot) {
            return found.clone();
        }
        let found = self.expand(slot);
        if recent.len() == RECENT_SLOTS {
            recent.pop_front();
        }
        recent.push_back((slot.clone(), found.clone()));
        found
    }

    fn expand(&self, slot: &Slot) -> Vec<Candidate> {
        let mut best: HashMap<u32, Candidate> = HashMap::new();
        let mut add = |term: u32, cost: u8, exact: bool| {
            let entry = best.entry(term).or_insert(Candidate { term, cost, exact });
            if cost < entry.cost || (cost == entry.cost && exact) {
                *entry = Candidate { term, cost, exact };
            }
        };
        if !slot.term.is_empty() {
            self.spellings(&slot.term, slot.prefix, 0, true, &mut add);
            if slot.term.chars().count() >= 3 {
                self.sound_alikes(&slot.term, slot.prefix, &mut add);
            }
        }
        for reading in &slot.layout_readings {
            self.spellings(reading, slot.prefix, COST_LAYOUT, false, &mut add);
        }
        let mut out: Vec<Candidate> = best.into_values().collect();
        out.sort_unstable_by_key(|c| (c.cost, c.term));
        out
    }

    /// Exact, stem, completion and typo matches of `word`, costs raised by `penalty`.
    fn spellings(&self, word: &str, prefix: bool, penalty: u8, with_typos: bool, add: &mut impl FnMut(u32, u8, bool)) {
        if let Some(id) = self.term_id(word) {
            add(id, penalty, true);
        }
        for stem in analysis::stems(word) {
            for &id in self.stems.get(&stem).into_iter().flatten().take(MAX_EXPANSIONS) {
                add(id, penalty, false);
            }
        }
        if prefix {
            for id in self.completions(word) {
                add(id, penalty, false);
            }
        }
        let typos = if with_typos { allowed_typos(word) } else { 0 };
        if typos > 0 {
            let dfa = if prefix { typo_builder(typos).build_prefix_dfa(word) } else { typo_builder(typos).build_dfa(word) };
            for (id, distance) in Self::within(&self.index.terms(), &dfa, |offset| self.term_id_of_offset(offset)) {
                if distance > 0 {
                    add(id, penalty + distance, false);
                }
            }
        }
    }

    /// Cyrillic terms that sound like `word` (a transliteration, or Kazakh typed with
    /// Russian letters), also with typos.
    fn sound_alikes(&self, word: &str, prefix: bool, add: &mut impl FnMut(u32, u8, bool)) {
        let key = translit::sound_key(word);
        if key.is_empty() || key.chars().count() > MAX_TYPO_WORD_CHARS {
            return;
        }
        // One typo at most: the key already folds the spelling differences of scripts.
        let typos = allowed_typos(&key).min(1);
        let builder = typo_builder(typos);
        let dfa = if prefix && key.chars().count() >= 4 { builder.build_prefix_dfa(&key) } else { builder.build_dfa(&key) };
        let group_id = |g: u64| u32::try_from(g).ok().filter(|&g| (g as usize) < self.sound_groups.len());
        // The closest groups first, MAX_EXPANSIONS terms in all.
        let mut left = MAX_EXPANSIONS;
        for (group, distance) in Self::within(&self.sound_keys, &dfa, group_id) {
            if distance > typos {
                continue;
            }
            for &id in self.sound_groups[group as usize].iter().take(left) {
                add(id, COST_SOUND + distance, false);
                left -= 1;
            }
            if left == 0 {
                break;
            }
        }
    }

    /// Values of `map` whose keys `dfa` accepts, resolved to ids by `resolve`, with their
    /// edit distance: the closest [`MAX_EXPANSIONS`] of them.
    fn within(map: &fst::Map<impl AsRef<[u8]>>, dfa: &DFA, resolve: impl Fn(u64) -> Option<u32>) -> Vec<(u32, u8)> {
        let mut found = Vec::new();
        let mut stream = map.search(dfa).into_stream();
        while let Some((key, value)) = stream.next() {
            if let (Distance::Exact(distance), Some(id)) = (dfa.eval(key), resolve(value)) {
                found.push((id, distance));
            }
            if found.len() >= PREFIX_SCAN {
                break;
            }
        }
        found.sort_unstable_by_key(|&(id, d)| (d, id));
        found.truncate(MAX_EXPANSIONS);
        found
    }

    /// The most frequent terms that extend `prefix`.
    fn completions(&self, prefix: &str) -> Vec<u32> {
        let start = self.vocabulary.partition_point(|(t, _)| t.as_str() < prefix);
        let mut found: Vec<(u64, u32)> = self.vocabulary[start..]
            .iter()
            .take(PREFIX_SCAN)
            .take_while(|(t, _)| t.starts_with(prefix))
            .enumerate()
            .filter(|(_, (t, _))| t.len() > prefix.len())
            .map(|(k, _)| (self.unit_frequencies[start + k], (start + k) as u32))
            .collect();
        found.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        // A letter or two say little yet: their most frequent completions are enough.
        let keep = match prefix.chars().count() {
            1 => MAX_EXPANSIONS / 4,
            2 => MAX_EXPANSIONS / 2,
            _ => MAX_EXPANSIONS,
        };
        found.into_iter().take(keep).map(|(_, id)| id).collect()
    }

    fn term_id(&self, term: &str) -> Option<u32> {
        self.vocabulary.binary_search_by(|(t, _)| t.as_str().cmp(term)).ok().map(|i| i as u32)
    }

    fn term_id_of_offset(&self, offset: u64) -> Option<u32> {
        // Postings are written in term order, so offsets ascend with term ids.
        self.vocabulary.binary_search_by_key(&offset, |&(_, o)| o).ok().map(|i| i as u32)
    }

    fn score(&self, unit: u32, matches: &[Option<SlotMatch>]) -> f64 {
        let matched = matches.iter().flatten().count() as f64;
        let cost: f64 = matches.iter().flatten().map(|m| m.cost as f64).sum();
        let proximity = proximity(matches) as f64;
        let record = &self.index.units()[unit as usize];
        let unit_count = self.index.units().len() as f64;
        let length_norm = record.tokens as f64 / self.average_unit_tokens.max(1.0);
        let title = &self.title_terms[record.doc as usize];
        let mut relevance = 0.0;
        for m in matches.iter().flatten() {
            let df = m.unit_frequency as f64;
            let idf = ((unit_count - df + 0.5) / (df + 0.5) + 1.0).ln();
            let tf = m.positions.len() as f64;
            relevance += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length_norm));
            if m.terms.iter().any(|&t| title.contains(&self.vocabulary[t as usize].0)) {
                relevance += 1.0;
            }
        }
        let exact = matches.iter().flatten().filter(|m| m.exact).count() as f64;
        // Criteria in order of importance, each in its own decimal range.
        matched * 1e8 - cost.min(99.0) * 1e6 + exact * 1e4 - proximity.min(60.0) * 1e2 + relevance.min(99.0)
    }

    fn hit(&self, unit: u32, score: f64, matches: &[Option<SlotMatch>]) -> Hit {
        let record = &self.index.units()[unit as usize];
        let doc = &self.index.docs()[record.doc as usize];
        let highlight: HashSet<&str> =
            matches.iter().flatten().flat_map(|m| m.terms.iter().map(|&t| self.vocabulary[t as usize].0.as_str())).collect();
        let mut matched: Vec<(u32, usize)> = matches
            .iter()
            .enumerate()
            .filter_map(|(slot, m)| m.as_ref().map(|m| (slot, m)))
            .flat_map(|(slot, m)| m.positions.iter().map(move |&p| (p, slot)))
            .collect();
        matched.sort_unstable();
        let url = if record.anchor.is_empty() { doc.url.clone() } else { format!("{}#{}", doc.url, record.anchor) };
        Hit {
            doc: doc.path.clone(),
            page: record.page,
            start: record.start,
            end: record.end,
            title: doc.title.clone(),
            url,
            score: (score * 1000.0).round() / 1000.0,
            snippet: snippet::render(self.index.unit_text(unit), &highlight, &matched),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    term: u32,
    cost: u8,
    exact: bool,
}

/// How one query slot matched in one unit: its cheapest terms and their positions.
#[derive(Debug, Clone)]
struct SlotMatch {
    cost: u8,
    exact: bool,
    terms: Vec<u32>,
    unit_frequency: u64,
    positions: Vec<u32>,
}

impl SlotMatch {
    fn merge(&mut self, other: SlotMatch) {
        self.terms.extend(other.terms);
        self.unit_frequency = self.unit_frequency.min(other.unit_frequency);
        // Sorted once, before ranking.
        self.positions.extend(other.positions);
    }
}

/// Typos allowed in a word of this length: 1 from 5 letters, 2 from 9 (as Meilisearch).
fn allowed_typos(word: &str) -> u8 {
    match word.chars().count() {
        n if n > MAX_TYPO_WORD_CHARS => 0,
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Levenshtein automaton builders (transposition counts as one edit), built once.
fn typo_builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ZERO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    if distance == 0 {
        ZERO.get_or_init(|| LevenshteinAutomatonBuilder::new(0, true))
    } else if distance == 1 {
        ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true))
    } else {
        TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true))
    }
}

/// Words beyond the fewest possible between the matched words: the narrowest window
/// holding one occurrence of every matched slot, in any order, less the words themselves.
fn proximity(matches: &[Option<SlotMatch>]) -> u32 {
    let lists: Vec<&[u32]> = matches.iter().flatten().map(|m| m.positions.as_slice()).collect();
    narrowest_window(&lists).saturating_sub(lists.len().saturating_sub(1) as u32)
}

/// The smallest `max - min` over choices of one position from each sorted list.
fn narrowest_window(lists: &[&[u32]]) -> u32 {
    if lists.iter().any(|l| l.is_empty()) {
        return 0;
    }
    let mut next = vec![0usize; lists.len()];
    let mut best = u32::MAX;
    loop {
        let (mut low, mut low_list, mut high) = (u32::MAX, 0, 0);
        for (k, list) in lists.iter().enumerate() {
            let p = list[next[k]];
            if p < low {
                low = p;
                low_list = k;
            }
            high = high.max(p);
        }
        best = best.min(high - low);
        next[low_list] += 1;
        if next[low_list] == lists[low_list].len() {
            return best;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_budget_follows_word_length() {
        assert_eq!([allowed_typos("заң"), allowed_typos("закон"), allowed_typos("правового"), allowed_typos("законодательство")], [0, 1, 2, 2]);
    }

    #[test]
    fn narrowest_window_over_any_order() {
        assert_eq!(narrowest_window(&[&[1, 40], &[39, 90], &[38]]), 2);
        assert_eq!(narrowest_window(&[&[1, 40], &[2, 90], &[38]]), 37);
        assert_eq!(narrowest_window(&[&[5], &[5]]), 0);
        assert_eq!(narrowest_window(&[&[7]]), 0);
    }
}
