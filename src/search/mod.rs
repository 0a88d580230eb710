//! Search: query slots → candidate terms in the dictionary → ranked units → hits with snippets.
//!
//! Every typed word becomes a [`query::Slot`]. A slot matches dictionary terms in these
//! ways, each with a cost (lower is better):
//!
//! | match                                        | cost |
//! |----------------------------------------------|------|
//! | exact, same stem, or completion of the last word | 0 |
//! | one typo (two when the word typed or the word matched has 9+ letters) after the first letter, after the first two for a word found as typed | 1, 2 |
//! | the word typed in another keyboard layout    | 3    |
//! | the word written in another alphabet (sound key; a typo after its first two letters) | 3, +1 per typo |
//!
//! A query whose words are found whole in another layout or script more than as typed
//! (two at least) was typed that way: its matches as typed then cost 3 more.
//!
//! Words in quotes are a phrase: they match only as typed (the last one, while typed, its
//! completions too), and only where they stand side by side, in order.
//!
//! Units are ranked like Meilisearch ranks documents: more matched words first (words
//! that say something, then those that say little: of one or two letters, or function
//! words such as the, для, және), then the lower total cost, then the words in the
//! forms typed and close together (a unit is read by the forms of each word that rank it
//! highest), then BM25 with a bonus for title words and the unit's length. A word of the
//! text stands for one word of the query.

pub mod query;
pub mod snippet;
pub mod typos;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use fst::{Automaton, Streamer};
use serde::{Deserialize, Serialize};

use crate::analysis::language::Lang;
use crate::analysis::{self, leading, translit};
use crate::corpus::UnitKind;
use crate::index::chunks::{self, Chunk, ChunkedIndex, TEXT_BLOCK_WORDS};
use crate::index::{DocRecord, FormatError, Index, PostingList, UnitRecord};
use query::Slot;
use snippet::Passage;
use typos::Typos;

/// Most dictionary terms one way of matching may expand a word to.
pub const MAX_EXPANSIONS: usize = 200;
/// Most hits a search returns.
pub const MAX_LIMIT: usize = 1000;
/// Longest word, in characters, matched with typos or by sound: longer ones are not
/// typed (and [`typos::Typos`] keeps one bit per letter, up to 62).
pub const MAX_TYPO_WORD_CHARS: usize = 32;
/// Letters from which the word being typed, when it is a dictionary term, counts as an
/// exact form (alone in the query, it always does), and its stems find the other forms of
/// it; shorter, it ranks as one more completion of itself, and the stem of a fragment
/// (прио → при) finds nothing.
const WHOLE_WORD_CHARS: usize = 6;
/// Candidates a completion scans before keeping the most frequent.
const PREFIX_SCAN: usize = 20_000;
/// A dictionary word also stands for the terms that share at least its first this many
/// letters ([`Searcher::other_endings`])...
const OTHER_ENDING_SHARED: usize = 5;
/// ...and, past the letters they share with it, have at most this many of their own.
const OTHER_ENDING_OWN: usize = 3;

/// Letters of a word that gets one typo, as a whole word, only when it is not in the
/// dictionary ([`unfound_typos`]): shorter than [`typo_budget`] allows any.
const UNFOUND_TYPO_CHARS: usize = 4;
/// What reading a word in another keyboard layout or alphabet costs.
const COST_READING: u8 = 3;
/// Letters up to which a word (в, на, и, of) is too short to tell a reading in another
/// layout or script from the word as typed: its readings cost nothing more, and the other
/// words of the query decide which one was meant (zakon o zashite is закон о защите, not a
/// Latin o in a reference list).
const SHORT_WORD_CHARS: usize = 2;
/// How many times more pages a word alone must be on in another script or layout than as
/// typed to be read that way first: about how much likelier a reader is to type the word
/// in its own script than to misspell its script (sot is сот, pravo право, goda года, as
/// typed only in a transliterated reference list or a web address; data stays data).
const OTHER_READING_ODDS: u64 = 4;
/// Weight of the log of a unit's length in its relevance, next to BM25's sum of term
/// weights (each at most about 2.2 × ln of the unit count).
const LENGTH_PRIOR: f64 = 3.0;
/// What a word found in the form typed is worth against proximity, in words apart: the
/// forms typed win unless other forms of the words stand much closer together (a reader
/// recalls a phrase, not always its endings).
const EXACT_FORM_WORDS: f64 = 30.0;
/// What another form of a word (or a completion) is worth against proximity, in words
/// apart, times the share of the letters typed that it keeps from their start: for
/// түсіндірмесін, олардың keeps all of оларды, and түсіндірмесі more than түсінген, a
/// form the stemmer gives for its stem түсін.
const OTHER_FORM_WORDS: f64 = 10.0;
/// Words apart beyond which words are as good as unrelated.
const MAX_PROXIMITY: u32 = 60;

/// A search result: one unit (page or section) of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Document path relative to the corpus folder.
    pub doc: String,
    /// The number of the unit in its document, a page or a section as `kind` says.
    pub page: u32,
    pub kind: UnitKind,
    /// Byte range of the unit in the source file.
    pub start: u64,
    pub end: u64,
    /// The heading of the article or chapter the unit is in, else its document's title.
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

/// Why a search could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchError {
    /// The index is damaged (found while reading what the query needs).
    Format(FormatError),
    /// A chunked index lacks these chunk files: fetch them, [`Searcher::add_chunk`] each,
    /// and ask again (never returned by an index opened whole).
    Missing(Vec<String>),
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchError::Format(e) => e.fmt(f),
            SearchError::Missing(files) => write!(f, "the query needs index chunks that are not loaded: {}", files.join(", ")),
        }
    }
}

impl std::error::Error for SearchError {}

impl From<FormatError> for SearchError {
    fn from(e: FormatError) -> Self {
        SearchError::Format(e)
    }
}

/// The index a searcher reads: one file, or a directory of chunks loaded on demand.
enum Source<D> {
    Whole(Index<D>),
    Chunked(ChunkedIndex),
}

/// A part of the term dictionary (all of it for an index opened whole), with the lookup
/// tables derived from its terms. Term ids are global: `base` + the term's place.
///
/// Typos are searched in the sorted term list itself ([`within`]), not in an fst built
/// on loading: the page then needs no fst builder (nor its 16 KB checksum table), and a
/// shard is ready sooner.
struct Shard {
    base: u32,
    /// Terms and their postings keys, in byte order (the fst's). A key is where the
    /// term's postings are found: their offset in a whole index, the term's id in a
    /// chunked one. Keys ascend with the terms either way.
    vocabulary: Vec<(String, u64)>,
    /// In how many units each term occurs: read once, used by every ranking and
    /// every completion.
    unit_frequencies: Vec<u64>,
    /// Stem → ids of terms with that stem.
    stems: HashMap<String, Vec<u32>>,
    /// The sound keys of the Cyrillic terms, sorted and distinct, each with the ids of
    /// its terms.
    sound_groups: Vec<(String, Vec<u32>)>,
}

impl Shard {
    /// The dictionary of a whole index: `unit_frequency` gives a term's unit count from
    /// its postings offset.
    fn of_whole(map: &fst::Map<impl AsRef<[u8]>>, unit_frequency: impl Fn(u64) -> u64) -> Shard {
        let mut vocabulary = Vec::with_capacity(map.len());
        let mut stream = map.stream();
        while let Some((term, offset)) = stream.next() {
            vocabulary.push((String::from_utf8_lossy(term).into_owned(), offset));
        }
        let unit_frequencies = vocabulary.iter().map(|(_, offset)| unit_frequency(*offset)).collect();
        Shard::new(0, vocabulary, unit_frequencies)
    }

    /// A shard of a chunked index, its terms sorted and distinct (checked on reading).
    fn of_chunk(base: u32, contents: chunks::ShardContents) -> Shard {
        let vocabulary: Vec<(String, u64)> = (u64::from(base)..).zip(contents.terms).map(|(id, term)| (term, id)).collect();
        Shard::new(base, vocabulary, contents.unit_frequencies)
    }

    fn new(base: u32, vocabulary: Vec<(String, u64)>, unit_frequencies: Vec<u64>) -> Shard {
        let mut stems: HashMap<String, Vec<u32>> = HashMap::new();
        let mut sounds: Vec<(String, u32)> = Vec::new();
        for (k, (term, _)) in vocabulary.iter().enumerate() {
            let id = base + k as u32;
            for stem in analysis::stems(term) {
                stems.entry(stem).or_default().push(id);
            }
            if let Some(key) = translit::term_sound_key(term) {
                sounds.push((key, id));
            }
        }
        crate::sort::sort_by(&mut sounds, Ord::cmp);
        let mut sound_groups: Vec<(String, Vec<u32>)> = Vec::new();
        for (key, id) in sounds {
            match sound_groups.last_mut() {
                Some((last, ids)) if *last == key => ids.push(id),
                _ => sound_groups.push((key, vec![id])),
            }
        }
        Shard { base, vocabulary, unit_frequencies, stems, sound_groups }
    }

    fn local(&self, id: u32) -> usize {
        (id - self.base) as usize
    }
}

/// An index ready to be searched.
pub struct Searcher<D> {
    source: Source<D>,
    /// Dictionary shards in term order; `None` until loaded.
    shards: Vec<Option<Shard>>,
    /// The first term of each shard (empty for the first).
    shard_firsts: Vec<String>,
    /// The global id of each shard's first term.
    shard_bases: Vec<u32>,
    /// Each term of a title → the titles that hold it ([`Searcher::unit_titles`]).
    title_terms: HashMap<String, Vec<u32>>,
    /// The title each unit is shown with: its heading, else its document's title. A
    /// document's title is numbered as the document, the heading of each run of units
    /// under one after all documents.
    unit_titles: Vec<u32>,
    average_unit_tokens: f64,
    /// Candidates of recently searched words: while a reader types, only the last word
    /// changes, and the words before it are not expanded again.
    recent: Mutex<VecDeque<Remembered>>,
    /// Each unit's [`analysis::word_marks`] (for a whole index), from its first snippet
    /// on: a reader typing sees the same units again and again.
    word_marks: Vec<OnceLock<Box<[u32]>>>,
}

/// A word's candidates, and which of its readings they include.
type Remembered = ((Slot, Readings), Vec<Candidate>);

/// Which readings of a typed word [`Searcher::expand`] looks up, and what each costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Readings {
    /// Its layout readings and sound key only if the word is not found as typed.
    AsTyped,
    /// Its layout readings and sound key too.
    AlsoOthers,
    /// Its layout readings and sound key first: what it matches as typed costs
    /// [`COST_READING`] more and is no exact form.
    OthersFirst,
}

/// Words whose candidates are remembered.
const RECENT_SLOTS: usize = 32;

impl<D: AsRef<[u8]>> Searcher<D> {
    /// Opens the index in `bytes` and derives the stem and sound-key tables.
    pub fn open(bytes: D) -> Result<Self, FormatError> {
        let index = Index::open(bytes)?;
        // A damaged entry reads as 0 here; the search that reads its postings reports it.
        let shard = Shard::of_whole(&index.terms(), |offset| index.unit_frequency(offset).unwrap_or(0));
        Ok(Self::with(Source::Whole(index), vec![Some(shard)], vec![String::new()], vec![0]))
    }

    pub fn docs(&self) -> &[DocRecord] {
        match &self.source {
            Source::Whole(index) => index.docs(),
            Source::Chunked(index) => index.docs(),
        }
    }

    pub fn units(&self) -> &[UnitRecord] {
        match &self.source {
            Source::Whole(index) => index.units(),
            Source::Chunked(index) => index.units(),
        }
    }

    /// The checksum and size of what was opened: the index, or a chunked index's
    /// directory (`izdeu-manifest.js` states both).
    pub fn checksum(&self) -> u32 {
        match &self.source {
            Source::Whole(index) => index.checksum(),
            Source::Chunked(index) => index.checksum(),
        }
    }

    pub fn byte_len(&self) -> usize {
        match &self.source {
            Source::Whole(index) => index.byte_len(),
            Source::Chunked(index) => index.byte_len(),
        }
    }

    /// The whole text of `unit`, or the chunk files to fetch first.
    pub fn unit_text(&self, unit: u32) -> Result<Cow<'_, str>, SearchError> {
        match &self.source {
            Source::Whole(index) => Ok(Cow::Borrowed(index.unit_text(unit))),
            Source::Chunked(index) => index.unit_text(unit, 0..u32::MAX).map_err(SearchError::Missing),
        }
    }

    /// What a snippet of `unit` whose window starts at word `window` is cut from: the
    /// unit's text, or from a chunked index the text blocks that hold the window (or the
    /// files to fetch first).
    fn passage(&self, unit: u32, window: u32) -> Result<Passage<'_>, SearchError> {
        match &self.source {
            Source::Whole(index) => {
                let text = index.unit_text(unit);
                let marks = self.word_marks.get(unit as usize).map(|marks| marks.get_or_init(|| analysis::word_marks(text)));
                Ok(Passage::whole(text, marks.map_or(&[], |marks| &marks[..]), window))
            }
            Source::Chunked(index) => {
                let last_block = index.text_block_count(unit).saturating_sub(1);
                let first = (window / TEXT_BLOCK_WORDS).min(last_block);
                let last = (window.saturating_add(snippet::WINDOW_WORDS - 1) / TEXT_BLOCK_WORDS).min(last_block);
                let text = index.unit_text(unit, first..last + 1).map_err(SearchError::Missing)?;
                let marks = index.text_block_marks(unit, first).unwrap_or_default();
                Ok(Passage::marked(text, marks, first * TEXT_BLOCK_WORDS, window, last == last_block))
            }
        }
    }

    /// Every chunk file of a chunked index (none for a whole index), and their bytes in
    /// all: what a page may fetch ahead of the searches that would ask for them.
    pub fn chunk_files(&self) -> (Vec<String>, u64) {
        match &self.source {
            Source::Whole(_) => (Vec::new(), 0),
            Source::Chunked(index) => index.files(),
        }
    }

    /// Adds a chunk file of a chunked index, fetched because a search asked for it.
    pub fn add_chunk(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), FormatError> {
        let Source::Chunked(index) = &mut self.source else {
            return Err(FormatError::Corrupt { section: "SPLIT", what: "chunks are added to a chunked index only" });
        };
        let chunk = index.chunk_of(name).ok_or(FormatError::Corrupt { section: "SPLIT", what: "not a chunk of this index (a file from another build?)" })?;
        match chunk {
            Chunk::Shard(n) => {
                let contents = index.read_shard(n, &bytes)?;
                self.shards[n] = Some(Shard::of_chunk(index.shards()[n].base, contents));
                Ok(())
            }
            other => index.add(other, bytes),
        }
    }

    /// The best `limit` units for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let mut units = self.matching_units(query)?;
        self.ranked_hits(&mut units, limit, &|_| true)
    }

    /// The best units for `query` among those the filters in `options` let through, how
    /// many units match in all, and per language and per document how many match: each
    /// dimension counted with the other dimension's filter applied, not its own (so a
    /// reader sees what choosing another language or document would give).
    pub fn query(&self, query: &str, options: &QueryOptions) -> Result<Results, SearchError> {
        let mut units = self.matching_units(query)?;
        // Few languages and documents are chosen: looked up in lists, not hashed.
        let langs: Vec<Lang> = options.langs.iter().filter_map(|code| Lang::from_code(code)).collect();
        let docs: Vec<bool> = self.docs().iter().map(|d| options.docs.contains(&d.path)).collect();
        // A filter with values none of which exist lets nothing through.
        let lang_ok = |record: &UnitRecord| options.langs.is_empty() || langs.contains(&record.lang);
        let doc_ok = |record: &UnitRecord| options.docs.is_empty() || docs.get(record.doc as usize) == Some(&true);
        let mut facets = Facets::default();
        let mut total = 0;
        for unit in units.units() {
            let record = &self.units()[unit as usize];
            let (in_lang, in_doc) = (lang_ok(record), doc_ok(record));
            if in_doc {
                *facets.langs.entry(record.lang.code().to_owned()).or_default() += 1;
            }
            if in_lang {
                *facets.docs.entry(self.docs()[record.doc as usize].path.clone()).or_default() += 1;
            }
            total += usize::from(in_lang && in_doc);
        }
        let hits = self.ranked_hits(&mut units, options.limit, &|record| lang_ok(record) && doc_ok(record))?;
        Ok(Results { hits, total, facets })
    }

    /// The best `limit` of `units` that `keep` lets through, as hits.
    /// `keep` is a trait object, as are the callbacks of `spellings`, `sound_alikes` and
    /// `most_frequent_beginning_with`: the wasm module holds one copy of each.
    fn ranked_hits(&self, units: &mut UnitMatches, limit: usize, keep: &dyn Fn(&UnitRecord) -> bool) -> Result<Vec<Hit>, SearchError> {
        let limit = limit.clamp(1, MAX_LIMIT);
        // The first criteria (words matched, typos) put units in tiers that exact forms,
        // proximity and BM25 never reorder: only the best tiers holding `limit` units are
        // scored in full.
        let tiered: Vec<(i64, u32)> = units.iter().filter(|(unit, _)| keep(&self.units()[*unit as usize])).map(|(unit, matches)| (tier(matches, &units.little), unit)).collect();
        // Tiers are few: counted in a list, not sorted with their units.
        let mut tiers: Vec<(i64, usize)> = Vec::new();
        for &(tier, _) in &tiered {
            match tiers.iter_mut().find(|(t, _)| *t == tier) {
                Some((_, size)) => *size += 1,
                None => tiers.push((tier, 1)),
            }
        }
        crate::sort::sort_by(&mut tiers, |a, b| b.0.cmp(&a.0));
        let mut holding = 0;
        let cut = tiers.iter().find(|&&(_, size)| {
            holding += size;
            holding >= limit
        });
        let cut = cut.or(tiers.last()).map_or(i64::MAX, |&(tier, _)| tier);
        let mut ranked: Vec<(f64, u32)> = Vec::new();
        for &(tier, unit) in tiered.iter().filter(|&&(tier, _)| tier >= cut) {
            let Some(matches) = units.get_mut(unit) else { continue };
            for m in matches.iter_mut().flatten() {
                crate::sort::sort_by(&mut m.forms.positions, Ord::cmp);
            }
            let closeness = choose_forms(matches);
            ranked.push((tier as f64 + self.refinement(unit, matches, closeness), unit));
        }
        crate::sort::sort_by(&mut ranked, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(limit);
        // From a chunked index, the text blocks of every snippet shown are asked for at once.
        let mut hits = Vec::with_capacity(ranked.len());
        let mut missing = Vec::new();
        for (score, unit) in ranked {
            match self.hit(unit, score, units.get(unit).unwrap_or_default(), &units.little) {
                Ok(hit) => hits.push(hit),
                Err(SearchError::Missing(files)) => missing.extend(files),
                Err(e) => return Err(e),
            }
        }
        if !missing.is_empty() {
            return Err(missing_error(missing));
        }
        Ok(hits)
    }

    /// Every unit a word of `query` matches in, with how each word matched there.
    fn matching_units(&self, query: &str) -> Result<UnitMatches, SearchError> {
        let slots = self.slots(query)?;
        // With every shard loaded (a whole index, or a chunked one fetched in full) there
        // is nothing to work out.
        if self.shards.iter().any(Option::is_none) {
            self.read_first(&self.shards_needed(&slots))?;
        }
        let candidates = self.slot_candidates(&slots);
        let mut postings = HashMap::new();
        let mut missing = Vec::new();
        for candidate in candidates.iter().flatten() {
            let key = self.term(candidate.term).1;
            if let std::collections::hash_map::Entry::Vacant(entry) = postings.entry(key) {
                match self.postings(key)? {
                    Ok(list) => {
                        entry.insert(list);
                    }
                    Err(file) => missing.push(file),
                }
            }
        }
        if !missing.is_empty() {
            return Err(missing_error(missing));
        }
        let mut units = UnitMatches::new(self.units().len(), &slots);
        // A word alone has no proximity for its other forms to gain on.
        let keep_other_forms = slots.len() > 1;
        for (i, found) in candidates.iter().enumerate() {
            for candidate in found {
                let (term, key) = self.term(candidate.term);
                let unit_frequency = self.unit_frequency(candidate.term);
                let titles = self.title_terms.get(term).map_or(&[][..], Vec::as_slice);
                let kept = kept_share(term, &slots[i].term, candidate.cost);
                for (unit, positions) in postings[key].iter() {
                    let matches = units.entry(unit);
                    let in_title = || titles.contains(&self.unit_titles[unit as usize]);
                    let term_match = TermFound { term: candidate.term, exact: candidate.exact, kept, unit_frequency, positions };
                    // The cheapest match wins. Only a winner is built: a frequent term
                    // loses in most units.
                    match &mut matches[i] {
                        Some(m) if m.cost < candidate.cost => {}
                        Some(m) if m.cost == candidate.cost => m.add(term_match, in_title(), keep_other_forms),
                        other => *other = Some(SlotMatch::new(candidate.cost, term_match, in_title())),
                    }
                }
            }
        }
        keep_phrases(&slots, &mut units);
        Ok(units)
    }

    /// The postings with key `key` (see [`Shard::vocabulary`]), or the chunk file to fetch first.
    fn postings(&self, key: u64) -> Result<Result<PostingList, String>, FormatError> {
        match &self.source {
            Source::Whole(index) => index.posting_list(key).map(Ok),
            Source::Chunked(index) => {
                let id = u32::try_from(key).map_err(|_| FormatError::Corrupt { section: "shard", what: "term id out of range" })?;
                Ok(index.posting_list(id)?.map_err(str::to_owned))
            }
        }
    }

    /// How many dictionary terms each word of `query` expands to, all ways of matching
    /// together: the work a search does per word, which the documented bounds cap.
    pub fn expansions(&self, query: &str) -> Vec<usize> {
        let slots = self.slots(query).unwrap_or_else(|_| query::parse(query));
        self.slot_candidates(&slots).iter().map(Vec::len).collect()
    }

    fn with(source: Source<D>, shards: Vec<Option<Shard>>, shard_firsts: Vec<String>, shard_bases: Vec<u32>) -> Self {
        let (docs, units, total_tokens) = match &source {
            Source::Whole(index) => (index.docs(), index.units(), index.total_tokens()),
            Source::Chunked(index) => (index.docs(), index.units(), index.total_tokens()),
        };
        let mut titles: Vec<&str> = docs.iter().map(|d| d.title.as_str()).collect();
        let unit_titles = units
            .iter()
            .map(|unit| match &*unit.heading {
                "" => unit.doc,
                heading => {
                    // The units under a heading follow one another. (The last document's
                    // title, though it may read the same, is no heading.)
                    if titles.len() == docs.len() || titles.last() != Some(&heading) {
                        titles.push(heading);
                    }
                    titles.len() as u32 - 1
                }
            })
            .collect();
        let mut title_terms: HashMap<String, Vec<u32>> = HashMap::new();
        for (title, text) in (0u32..).zip(titles) {
            for token in analysis::tokenize(text) {
                let titles = title_terms.entry(token.term).or_default();
                if titles.last() != Some(&title) {
                    titles.push(title);
                }
            }
        }
        let average_unit_tokens = total_tokens as f64 / units.len().max(1) as f64;
        let word_marks = units.iter().map(|_| OnceLock::new()).collect();
        Searcher { source, shards, shard_firsts, shard_bases, title_terms, unit_titles, average_unit_tokens, recent: Mutex::default(), word_marks }
    }

    /// Opens the directory of a chunked index (`meta.idx`); dictionary shards, postings
    /// and texts are added as searches ask for them ([`SearchError::Missing`]).
    pub fn open_chunked(meta: &[u8]) -> Result<Self, FormatError> {
        let index = ChunkedIndex::open(meta)?;
        let firsts = index.shards().iter().map(|s| s.first.clone()).collect();
        let bases = index.shards().iter().map(|s| s.base).collect();
        let shards = index.shards().iter().map(|_| None).collect();
        Ok(Self::with(Source::Chunked(index), shards, firsts, bases))
    }

    fn shard_file(&self, n: usize) -> String {
        match &self.source {
            Source::Chunked(index) => index.shards()[n].file.clone(),
            Source::Whole(_) => String::new(),
        }
    }

    /// The shards holding terms that begin with `prefix`.
    fn shards_for_prefix(&self, prefix: &str) -> Range<usize> {
        let first = self.shard_firsts.partition_point(|f| f.as_str() <= prefix).saturating_sub(1);
        let mut end = first + 1;
        while end < self.shard_firsts.len() && self.shard_firsts[end].starts_with(prefix) {
            end += 1;
        }
        first..end
    }

    /// The shards that may hold a typo of `word`, a word not found as typed: of those of
    /// its first letter, the ones whose range of terms holds a word within reach (as a
    /// beginning, and as a whole word), and those of its first two letters swapped.
    fn shards_for_typos(&self, word: &str, prefix: bool) -> Vec<usize> {
        let mut needed: Vec<usize> = first_two_swapped(word).map_or(0..0, |swapped| self.shards_for_prefix(word_head(&swapped))).collect();
        let kept = first_letter(word);
        for typos in unfound_typos(word, prefix).iter().chain(&whole_word_typos(word, prefix)) {
            let automaton = AfterPrefix { prefix: kept.as_bytes(), typos };
            let may_hold_typo = |n: usize| accepts_between(&automaton, self.shard_firsts[n].as_bytes(), self.shard_firsts.get(n + 1).map(String::as_bytes));
            needed.extend(self.shards_for_prefix(kept).filter(|&n| may_hold_typo(n)));
        }
        needed
    }

    /// The shards holding Cyrillic terms whose sound keys begin with `key`'s
    /// [`chunks::key_head`]: where its sound-alikes lie.
    fn shards_for_sound(&self, key: &str) -> Vec<usize> {
        match &self.source {
            // One shard, always loaded: which sound keys it holds never needs asking.
            Source::Whole(_) => vec![0],
            Source::Chunked(index) => {
                let head = chunks::key_head(key);
                (0..index.shards().len()).filter(|&n| index.shards()[n].sounds.holds(head)).collect()
            }
        }
    }

    /// Every shard a search for `slots` reads so far: for each word, those that may hold
    /// it, its completions and its other forms ([`word_head`], [`stem_head`]); once they
    /// are loaded, for a word not found as typed, those that may hold its typos (the swap
    /// of its first two letters too), those of its layout readings and those of its sound
    /// key's head, and with them those of the other readings of the words found as typed:
    /// whether such a word is found only in another script or layout
    /// ([`Self::slot_candidates`]) is known once its shards are read, and waiting for it
    /// would take one more round of fetching.
    fn shards_needed(&self, slots: &[Slot]) -> Vec<usize> {
        let mut needed = Vec::new();
        for joined in slots.windows(2).filter_map(|pair| joined_word(&pair[0], &pair[1])) {
            self.forms_shards(&joined, &mut needed);
        }
        let mut found = Vec::new();
        let mut not_found = false;
        for slot in slots {
            // A word of a phrase is itself or, typed, one of its completions.
            if slot.phrase.is_some() {
                needed.extend(self.shards_for_prefix(&slot.term));
                continue;
            }
            let mut typed = Vec::new();
            if !slot.term.is_empty() {
                self.forms_shards(&slot.term, &mut typed);
            }
            let read = typed.iter().all(|&n| self.shards[n].is_some());
            needed.extend(typed);
            if !read {
                continue;
            }
            let as_typed = self.found_as_typed(slot);
            if as_typed != Found::No {
                found.push(slot);
                // Found only as another form, it may be a typo too.
                if as_typed == Found::AsAnotherForm {
                    needed.extend(self.shards_for_typos(&slot.term, slot.prefix));
                }
                continue;
            }
            not_found = true;
            needed.extend(self.other_readings_shards(slot));
            needed.extend(self.shards_for_typos(&slot.term, slot.prefix));
        }
        // A word alone may be read otherwise even when found as typed.
        let alone = matches!(slots, [slot @ Slot { phrase: None, .. }] if !short_word(&slot.term));
        if not_found || alone {
            for slot in found {
                needed.extend(self.other_readings_shards(slot));
            }
        }
        needed
    }

    /// The shards that hold `word`, its completions and its other forms.
    fn forms_shards(&self, word: &str, needed: &mut Vec<usize>) {
        needed.extend(self.shards_for_prefix(word_head(word)));
        for stem in analysis::stems(word) {
            needed.extend(self.shards_for_prefix(stem_head(&stem)));
        }
    }

    /// The shards of a slot's layout readings and of its sound key's head.
    fn other_readings_shards(&self, slot: &Slot) -> Vec<usize> {
        let mut needed = Vec::new();
        for reading in &slot.layout_readings {
            self.forms_shards(reading, &mut needed);
        }
        let key = translit::sound_key(&slot.term);
        needed.extend(self.shards_for_sound(&key));
        // Once the terms of the key are read, the shards of their other forms.
        if !short_word(&slot.term) {
            for id in self.sounding_as(&key) {
                self.forms_shards(&self.term(id).0, &mut needed);
            }
        }
        needed
    }

    /// Fails with the files of the shards among `needed` not read yet.
    fn read_first(&self, needed: &[usize]) -> Result<(), SearchError> {
        let missing: Vec<String> = needed.iter().filter(|&&n| self.shards[n].is_none()).map(|&n| self.shard_file(n)).collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing_error(missing))
        }
    }

    /// The loaded shards among `shards`, in order.
    fn loaded(&self, shards: impl IntoIterator<Item = usize>) -> impl Iterator<Item = &Shard> {
        shards.into_iter().filter_map(|n| self.shards[n].as_ref())
    }

    fn shard_of(&self, id: u32) -> &Shard {
        // An empty shard shares its base with the next: the last shard at or before `id`
        // holds it.
        let n = self.shard_bases.partition_point(|&base| base <= id).saturating_sub(1);
        self.shards[n].as_ref().expect("term ids come from loaded shards")
    }

    /// The term with global id `id` and its postings offset.
    fn term(&self, id: u32) -> &(String, u64) {
        let shard = self.shard_of(id);
        &shard.vocabulary[shard.local(id)]
    }

    fn unit_frequency(&self, id: u32) -> u64 {
        let shard = self.shard_of(id);
        shard.unit_frequencies[shard.local(id)]
    }

    /// The dictionary terms each slot may stand for. A word found as typed is not bent into
    /// another script or layout, unless another word of the query is not found as typed
    /// but is in another reading: a reader who types one word in Latin letters or on the
    /// wrong keyboard layout typed the others so too (in «qadamnyn internet», internet is
    /// интернет as well; in «vidy pravonarushenii», vidy is виды, though a reference list
    /// spells pravonarushenija one typo away).
    ///
    /// If the other readings then find more of the query's words whole (without a typo;
    /// short words tell nothing) than the words as typed do, and at least two, the query
    /// is read that way first, and its matches as typed become the guesses: in «v sfere
    /// zashity», zashity is защиты before the Latin zashhity of a reference list. Two words
    /// bear each other out; a word alone keeps its typos ahead of its guesses.
    fn slot_candidates(&self, slots: &[Slot]) -> Vec<Vec<Candidate>> {
        let mut candidates: Vec<Vec<Candidate>> = slots.iter().map(|slot| if slot.phrase.is_some() { self.verbatim(slot) } else { self.candidates(slot, Readings::AsTyped) }).collect();
        if let ([slot @ Slot { phrase: None, .. }], [found]) = (slots, candidates.as_mut_slice()) {
            // Alone, a word being typed has no other word to tell which of its completions
            // is meant: the word itself, however short, is its exact form, as Meilisearch's
            // exactness rule ranks it (право before правовой, ai before aimed); read in
            // another layout or script, so are its readings (pfrjy ranks as закон does),
            // and mistyped, the words nearest it as a whole word (закно: закон before
            // законодательный; dcoument: document before documents, two typos away). Its
            // stems still wait for six letters.
            let read = self.read_otherwise(slot, found);
            let misread = misread(found);
            let mistyped = read.is_none() && !found.is_empty() && found.iter().all(|c| c.cost > 0);
            let mut itself: Vec<u32> = if read.is_some() || misread {
                self.direct_readings(slot, false)
            } else if mistyped {
                Vec::new()
            } else {
                self.term_id(&slot.term).into_iter().collect()
            };
            // A word both mistyped and misread (соодай is also создают on the sound of its
            // letters) ranks its typos first: the nearest of them are exact too.
            if mistyped {
                let whole = self.candidates(&Slot { prefix: false, ..slot.clone() }, Readings::AsTyped);
                let least = whole.iter().map(|c| c.cost).min().filter(|&cost| !misread || cost < COST_READING);
                itself.extend(whole.iter().filter(|c| Some(c.cost) == least).map(|c| c.term));
            }
            if let Some(read) = read {
                *found = read;
            }
            for c in found.iter_mut() {
                c.exact |= itself.contains(&c.term);
            }
        }
        if candidates.iter().any(|found| misread(found)) {
            for (slot, found) in slots.iter().zip(&mut candidates).filter(|(slot, _)| slot.phrase.is_none()) {
                if found.iter().any(|c| c.cost == 0) {
                    *found = self.candidates(slot, Readings::AlsoOthers);
                }
            }
            let found_whole = |cost: u8| {
                let whole = |(slot, found): &(&Slot, &Vec<Candidate>)| !short_word(&slot.term) && found.iter().any(|c| c.cost == cost);
                slots.iter().zip(&candidates).filter(whole).count()
            };
            let (as_typed, read) = (found_whole(0), found_whole(COST_READING));
            if read >= 2 && read > as_typed {
                for (slot, found) in slots.iter().zip(&mut candidates).filter(|(slot, _)| slot.phrase.is_none()) {
                    *found = self.candidates(slot, Readings::OthersFirst);
                }
            }
        }
        // Two words typed apart may be one word of the text (кибер безопасность, видео
        // допрос), as Meilisearch and Algolia read them: the joined word and its forms
        // stand for both, with no typo counted.
        for (i, pair) in slots.windows(2).enumerate() {
            let joined = self.joined_forms(&pair[0], &pair[1]);
            for found in &mut candidates[i..i + 2] {
                merge_candidates(found, &joined);
            }
        }
        // A word of the text stands for one word of the query: a term that one word is found
        // as in its form typed is not also another form or a completion of another
        // (туралы қатысу қатысты, электронное элект).
        let typed: Vec<Vec<u32>> = candidates.iter().map(|found| found.iter().filter(|c| c.exact).map(|c| c.term).collect()).collect();
        for (i, found) in candidates.iter_mut().enumerate() {
            found.retain(|c| c.exact || !typed.iter().enumerate().any(|(j, terms)| j != i && terms.contains(&c.term)));
        }
        candidates
    }

    /// A word alone, found as typed (`as_typed`), read in another script or layout first
    /// when the corpus has it there on [`OTHER_READING_ODDS`] times the pages: with no
    /// other word to tell how the query was typed, the corpus does. The likeliest word
    /// each way is compared: the forms found without a typo, and the completions of a word
    /// still being typed, are weighed by the pages of the most frequent, not added up (a
    /// Kazakh or Russian word has many forms, and their pages summed outweighed a Latin
    /// word typed as meant). The matches as typed then come after every reading. A word
    /// being typed that is in the dictionary as typed counts only its whole
    /// [`Self::direct_readings`]: the completions of a reading would be other words
    /// (many, маңызды), while sot being typed is сот already.
    fn read_otherwise(&self, slot: &Slot, as_typed: &[Candidate]) -> Option<Vec<Candidate>> {
        if short_word(&slot.term) || misread(as_typed) {
            return None;
        }
        let typed = self.most_pages(as_typed.iter().filter(|c| c.cost == 0).map(|c| c.term));
        let readings = || -> Vec<Candidate> { self.candidates(slot, Readings::AlsoOthers).into_iter().filter(|c| c.cost >= COST_READING).collect() };
        // A word being typed is weighed by its direct readings alone, without the whole
        // expansion of its typos: this is every keystroke. A whole word is weighed by its
        // expansion, kept for the answer.
        let expanded = (!slot.prefix).then(readings);
        let read = match &expanded {
            Some(found) => self.most_pages(found.iter().filter(|c| c.cost == COST_READING).map(|c| c.term)),
            None => self.most_pages(self.direct_readings(slot, self.term_id(&slot.term).is_none())),
        };
        if typed == 0 || read < OTHER_READING_ODDS.saturating_mul(typed) {
            return None;
        }
        let mut best: HashMap<u32, Candidate> = HashMap::new();
        for c in expanded.unwrap_or_else(readings) {
            offer(&mut best, c.term, c.cost, c.exact);
        }
        for c in as_typed {
            offer(&mut best, c.term, c.cost + COST_READING + 1, false);
        }
        Some(sorted_candidates(best))
    }

    /// The most pages any of the terms `ids` of three letters or more is on: a reading of
    /// one or two letters (объ on the US layout is j) tells nothing.
    fn most_pages(&self, ids: impl IntoIterator<Item = u32>) -> u64 {
        ids.into_iter().filter(|&id| !short_word(&self.term(id).0)).map(|id| self.unit_frequency(id)).max().unwrap_or(0)
    }

    /// The terms that are a slot's word in another layout or script as it stands, without
    /// a typo: its layout readings and the Cyrillic terms of its sound key, and with
    /// `completions` the terms that begin as those do (by a sound key that
    /// [`key_completes`]).
    fn direct_readings(&self, slot: &Slot, completions: bool) -> Vec<u32> {
        let mut found = Vec::new();
        for reading in &slot.layout_readings {
            found.extend(self.term_id(reading));
            if completions {
                found.extend(self.completions(reading));
            }
        }
        let key = translit::sound_key(&slot.term);
        found.extend(if completions && key_completes(&key) { self.sounding(&key, &key, &|_| true) } else { self.sounding_as(&key) });
        found
    }

    /// The loaded Cyrillic terms whose sound key is `key`.
    fn sounding_as(&self, key: &str) -> Vec<u32> {
        let mut found = Vec::new();
        for shard in self.loaded(self.shards_for_sound(key)) {
            if let Ok(k) = shard.sound_groups.binary_search_by(|(group, _)| group.as_str().cmp(key)) {
                found.extend(&shard.sound_groups[k].1);
            }
        }
        found
    }

    /// The loaded Cyrillic terms whose sound keys begin with `start`, those of them that
    /// `wanted` lets through; `key` says where they lie.
    fn sounding(&self, key: &str, start: &str, wanted: &dyn Fn(&str) -> bool) -> Vec<u32> {
        let mut found = Vec::new();
        if start.is_empty() {
            return found;
        }
        for shard in self.loaded(self.shards_for_sound(key)) {
            let groups = &shard.sound_groups;
            let first = groups.partition_point(|(group, _)| group.as_str() < start);
            let matching = groups[first..].iter().take_while(|(group, _)| group.starts_with(start)).filter(|(group, _)| wanted(group));
            found.extend(matching.flat_map(|(_, ids)| ids));
        }
        found
    }

    /// The forms of two neighbouring words typed as one, [`MAX_EXPANSIONS`] at most: the
    /// joined word, its other endings and the forms of its stems (a stem that keeps at
    /// least three letters of the second word: системаи is not a form of система) and,
    /// while the second is being typed, its completions.
    fn joined_forms(&self, first: &Slot, second: &Slot) -> Vec<Candidate> {
        let mut found = Vec::new();
        let Some(joined) = joined_word(first, second) else { return found };
        let mut add = |term, exact| found.push(Candidate { term, cost: 0, exact });
        // As for one word: the second one being typed is whole from WHOLE_WORD_CHARS letters.
        let whole = !second.prefix || second.term.chars().count() >= WHOLE_WORD_CHARS;
        if let Some(id) = self.term_id(&joined) {
            add(id, whole);
            for id in self.other_endings(&joined).into_iter().filter(|_| whole) {
                add(id, false);
            }
        }
        let kept = first.term.chars().count() + second.term.chars().count().min(3);
        for stem in analysis::stems(&joined).into_iter().filter(|stem| whole && stem.chars().count() >= kept) {
            for id in self.forms_of_stem(&stem) {
                add(id, false);
            }
        }
        if second.prefix {
            for id in self.completions(&joined) {
                add(id, false);
            }
        }
        found.truncate(MAX_EXPANSIONS);
        found
    }

    /// The terms a word of a phrase stands for: itself as typed and, while it is typed,
    /// its completions, all at no cost and all counted as the forms typed.
    fn verbatim(&self, slot: &Slot) -> Vec<Candidate> {
        let completions = if slot.prefix { self.completions(&slot.term) } else { Vec::new() };
        let terms = self.term_id(&slot.term).into_iter().chain(completions);
        terms.map(|term| Candidate { term, cost: 0, exact: true }).collect()
    }

    /// Dictionary terms a slot may stand for in `readings`, each once with its lowest cost.
    fn candidates(&self, slot: &Slot, readings: Readings) -> Vec<Candidate> {
        let mut recent = self.recent.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, found)) = recent.iter().find(|((s, r), _)| s == slot && *r == readings) {
            return found.clone();
        }
        let mut wanted = Vec::new();
        for (read, found) in self.expand(slot, readings) {
            if read == readings {
                wanted = found.clone();
            }
            if recent.len() == RECENT_SLOTS {
                recent.pop_front();
            }
            recent.push_back(((slot.clone(), read), found));
        }
        wanted
    }

    /// The slot's candidates in `readings`, and in the other [`Readings`] that the same
    /// lookups give: once a word's other readings are looked up, both ways of costing
    /// them against the word as typed.
    fn expand(&self, slot: &Slot, readings: Readings) -> Vec<(Readings, Vec<Candidate>)> {
        let mut typed: HashMap<u32, Candidate> = HashMap::new();
        let found = !slot.term.is_empty() && self.spellings(&slot.term, slot.prefix, 0, true, &mut |term, cost, exact| offer(&mut typed, term, cost, exact)) != Found::No;
        // A word found as typed is not bent into another script or layout, unless asked.
        if found && readings == Readings::AsTyped {
            return vec![(readings, sorted_candidates(typed))];
        }
        let mut others: HashMap<u32, Candidate> = HashMap::new();
        let mut add = |term, cost, exact| offer(&mut others, term, cost, exact);
        let cost = reading_cost(&slot.term);
        let key = translit::sound_key(&slot.term);
        self.sound_alikes(&slot.term, &key, slot.prefix, cost, &mut add);
        // A word that sounds like a term is then matched as that term typed would be: with
        // its other forms and, being typed, its completions (zañ finds заңның, as заң
        // does). A term it is a typo of is read as that typo, which has no other forms.
        let sounding = self.sounding_as(&key);
        if sounding.is_empty() {
            // In a form the corpus does not have, it stands for the terms whose keys and its
            // own are other endings of each other (one may be mistyped: neither ends in more
            // than a suffix of its own), as likely as a reading with a typo: qazaqtyñ is
            // қазақ, and персоналиазцией not персонала.
            let shared = leading(&key, OTHER_ENDING_SHARED);
            let each_others = |group: &str| other_ending(group, &key) && other_ending(&key, group);
            let other_endings = if shared.len() < OTHER_ENDING_SHARED { Vec::new() } else { self.sounding(&key, shared, &each_others) };
            for id in other_endings.into_iter().take(MAX_EXPANSIONS) {
                add(id, cost + 1, false);
            }
        }
        // The forms of a word of one or two letters would be other words.
        if !short_word(&slot.term) {
            for id in sounding.into_iter().filter(|id| !typed.contains_key(id)) {
                self.spellings(&self.term(id).0, slot.prefix, cost + self.unmarked(&slot.term, id), false, &mut add);
            }
        }
        for reading in &slot.layout_readings {
            self.spellings(reading, slot.prefix, reading_cost(reading), false, &mut add);
        }
        // Read first in another script or layout, the word as typed is a guess: no exact form.
        let guess = |c: &Candidate| (c.term, Candidate { cost: c.cost + COST_READING, exact: false, ..*c });
        let mut others_first: HashMap<u32, Candidate> = typed.values().map(guess).collect();
        for c in others.values() {
            offer(&mut others_first, c.term, c.cost, c.exact);
        }
        for c in typed.values() {
            offer(&mut others, c.term, c.cost, c.exact);
        }
        let also = if readings == Readings::AsTyped { Readings::AsTyped } else { Readings::AlsoOthers };
        vec![(also, sorted_candidates(others)), (Readings::OthersFirst, sorted_candidates(others_first))]
    }

    /// The slots of `query`. Keys that read as one word but as several as typed (on
    /// another keyboard layout, as a Latin word with apostrophes, as a compound) stand for
    /// that word (`hf,jnf` is работа, `stat'ya` статья, `сондай-ақ` itself) unless the
    /// dictionary has neither the word nor its readings and has each of the words typed:
    /// then for those words (`adilet.zan.kz`, `children's`, `жасанды-интеллект`). Over
    /// http, the shards to read first to tell.
    fn slots(&self, query: &str) -> Result<Vec<Slot>, SearchError> {
        let parsed = query::parse(query);
        if parsed.iter().all(|slot| slot.typed_apart.is_empty()) {
            return Ok(parsed);
        }
        // With the shards of the readings, those of the words typed: one round of fetching.
        if self.shards.iter().any(Option::is_none) {
            let mut needed = Vec::new();
            for slot in parsed.iter().filter(|slot| !slot.typed_apart.is_empty()) {
                for word in slot.layout_readings.iter().chain(slot.typed_apart.iter().map(|word| &word.term)) {
                    self.forms_shards(word, &mut needed);
                }
                if !slot.term.is_empty() {
                    self.forms_shards(&slot.term, &mut needed);
                    needed.extend(self.shards_for_sound(&translit::sound_key(&slot.term)));
                }
            }
            self.read_first(&needed)?;
        }
        // The word typed is in the dictionary as [`Self::expand`] matches it (itself, its
        // other forms, its completions, never a typo of it): a compound as typed, any word
        // as read in another layout or alphabet or as a term it sounds like
        // (кибер-безопасность is кибербезопасность; children's is not childrens, a form of
        // children).
        let in_dictionary = |slot: &Slot| {
            slot.layout_readings.iter().any(|reading| self.spellings(reading, slot.prefix, 0, false, &mut |_, _, _| {}) != Found::No)
                || (slot.term.contains('-') && self.found_as_typed(slot) != Found::No)
                || (!slot.term.is_empty() && !self.direct_readings(slot, slot.prefix).is_empty())
        };
        let mut slots = Vec::new();
        for slot in parsed {
            if slot.typed_apart.is_empty() || in_dictionary(&slot) || slot.typed_apart.iter().any(|word| self.found_as_typed(word) == Found::No) {
                slots.push(Slot { typed_apart: Vec::new(), ..slot });
            } else {
                slots.extend(slot.typed_apart);
            }
        }
        slots.truncate(query::MAX_QUERY_WORDS);
        Ok(slots)
    }

    /// Whether the slot's word is in the dictionary as typed, as [`Self::expand`] decides
    /// it: the term itself, another form of its stem, or (the last word) a completion.
    /// Reads only the shards of the word's [`word_head`] and its stems' [`stem_head`]s.
    fn found_as_typed(&self, slot: &Slot) -> Found {
        if slot.term.is_empty() {
            return Found::No;
        }
        self.spellings(&slot.term, slot.prefix, 0, false, &mut |_, _, _| {})
    }

    /// Exact, stem, completion and typo matches of `word`, costs raised by `penalty`;
    /// returns how the word was found as typed (any match but a typo).
    /// Typos keep the first letter (a typo there would cost two, as in Meilisearch; only a
    /// swap of the first two letters of a word not in the dictionary is read, at one), and
    /// for a word in the dictionary as typed the first two: such a word is most likely
    /// meant, and its typos are then looked up among the few terms that share its
    /// [`word_head`]. A word found only as another form of its stem is not in the
    /// dictionary: it may as well be a typo (отыдан is осыдан, not a form of от).
    fn spellings(&self, word: &str, prefix: bool, penalty: u8, with_typos: bool, add: &mut dyn FnMut(u32, u8, bool)) -> Found {
        let mut found = Found::No;
        let mut add_found = |id, cost, exact, how| {
            found = found.max(how);
            add(id, cost, exact);
        };
        let typed = word.chars().count();
        let whole_word = !prefix || typed >= WHOLE_WORD_CHARS;
        if let Some(id) = self.term_id(word) {
            // The word being typed is a whole word (an exact form) only when it is long:
            // a short one is more often the beginning of another (бөл, топ, бері).
            add_found(id, penalty, whole_word, Found::Itself);
            // A word in the dictionary, as typed or as read in another layout or script,
            // stands for its other endings too (one that is not is more likely a typo).
            if whole_word {
                for id in self.other_endings(word) {
                    add_found(id, penalty, false, Found::Itself);
                }
            }
        }
        for stem in analysis::stems(word).into_iter().filter(|_| whole_word) {
            for id in self.forms_of_stem(&stem) {
                add_found(id, penalty, false, Found::AsAnotherForm);
            }
        }
        if prefix {
            for id in self.completions(word) {
                add_found(id, penalty, false, Found::Itself);
            }
        }
        // A word in the dictionary as typed was most likely typed whole: its own length sets
        // the budget.
        let itself = found == Found::Itself;
        let kept = if itself { word_head(word) } else { first_letter(word) };
        let typos = match (with_typos, itself) {
            (false, _) => None,
            (true, true) => typo_automaton(&word[kept.len()..], typo_budget(typed, 0), prefix),
            (true, false) => unfound_typos(word, prefix),
        };
        // A word of four letters has typos only when it is not in the dictionary
        // ([`unfound_typos`]): they are guesses after its readings in another layout or
        // script (suda is суда, not Sudan).
        let four_letters = typed == UNFOUND_TYPO_CHARS;
        let guess = if four_letters { COST_READING } else { 0 };
        if with_typos && !itself {
            if let Some(swapped) = first_two_swapped(word) {
                // One typo, as a swap elsewhere in the word; a word of four letters is
                // matched whole, as its other typos are.
                let completions = if prefix && !four_letters { self.completions(&swapped) } else { Vec::new() };
                for id in self.term_id(&swapped).into_iter().chain(completions) {
                    add(id, penalty + 1 + guess, false);
                }
            }
        }
        let Some(typos) = typos else { return found };
        let whole_typos = if with_typos && !itself { whole_word_typos(word, prefix) } else { None };
        let reach = typo_reach(word, prefix);
        let mut within_reach = Vec::new();
        for shard in self.loaded(self.shards_for_prefix(kept)) {
            for (automaton, whole) in std::iter::once((&typos, false)).chain(whole_typos.iter().map(|t| (t, true))) {
                let found = within(&shard.vocabulary, |(term, _)| term.as_bytes(), kept.as_bytes(), automaton, PREFIX_SCAN);
                // As a whole word, those within the reach of its beginning are found already.
                let wanted = |&(k, distance): &(usize, u8)| !whole || (distance > reach && distance <= typo_budget(typed, shard.vocabulary[k].0.chars().count()));
                within_reach.extend(found.into_iter().filter(wanted).map(|(k, distance)| (shard.base + k as u32, distance)));
            }
        }
        for (id, distance) in closest(within_reach) {
            // A completion's budget is the reach itself: its end is not typed yet. So is that
            // of a word of four letters.
            if distance > 0 && (prefix || four_letters || distance <= typo_budget(typed, self.term(id).0.chars().count())) {
                add(id, penalty + distance + guess, false);
            }
        }
        found
    }

    /// The terms with stem `stem`, [`MAX_EXPANSIONS`] at most.
    fn forms_of_stem(&self, stem: &str) -> Vec<u32> {
        let head = stem_head(stem);
        let ids = self.loaded(self.shards_for_prefix(head)).flat_map(|shard| {
            let ids = shard.stems.get(stem).into_iter().flatten();
            ids.filter(move |&&id| shard.vocabulary[shard.local(id)].0.starts_with(head))
        });
        ids.take(MAX_EXPANSIONS).copied().collect()
    }

    /// Cyrillic terms that sound like `word`, of sound key `key` (a transliteration, or
    /// Kazakh typed with Russian letters), also with a typo after the key's first two
    /// letters: the key already folds the spellings of the first letters, and its
    /// [`chunks::key_head`] keeps a lookup to the few shards that hold it. A term without
    /// the Kazakh letters `word` writes costs one more ([`Self::unmarked`]).
    fn sound_alikes(&self, word: &str, key: &str, prefix: bool, cost: u8, add: &mut dyn FnMut(u32, u8, bool)) {
        if key.is_empty() || key.chars().count() > MAX_TYPO_WORD_CHARS {
            return;
        }
        // One typo at most: the key already folds the spelling differences of scripts.
        let typos = typo_budget(key.chars().count(), 0).min(1);
        let head = chunks::key_head(key);
        let Some(automaton) = Typos::new(&key[head.len()..], typos, prefix && key_completes(key)) else { return };
        // The terms of the closest keys first (a key's terms in several shards together),
        // MAX_EXPANSIONS in all.
        let mut found: Vec<(u8, &str, u32)> = Vec::new();
        for shard in self.loaded(self.shards_for_sound(key)) {
            for (k, distance) in within(&shard.sound_groups, |(key, _)| key.as_bytes(), head.as_bytes(), &automaton, usize::MAX) {
                let (group, ids) = &shard.sound_groups[k];
                if distance <= typos {
                    found.extend(ids.iter().map(|&id| (distance, group.as_str(), id)));
                }
            }
        }
        crate::sort::sort_by(&mut found, Ord::cmp);
        for &(distance, _, id) in found.iter().take(MAX_EXPANSIONS) {
            add(id, cost + distance + self.unmarked(word, id), false);
        }
    }

    /// 1 if term `id` lacks Kazakh letters that `word` writes in Latin letters only Kazakh
    /// uses, else 0: it sounds like the word at one typo more.
    fn unmarked(&self, word: &str, id: u32) -> u8 {
        u8::from(!translit::keeps_kazakh_letters(word, &self.term(id).0))
    }

    /// The most frequent terms that begin as `word` does and end otherwise: they share at
    /// least its first [`OTHER_ENDING_SHARED`] letters and, past those they share, have
    /// at most [`OTHER_ENDING_OWN`] of their own. This finds the forms stemming misses:
    /// Kazakh forms whose suffixes the stripper does not know or that change the stem
    /// (қатысты, қатысуға), Russian and English ones the Snowball stemmers split apart
    /// (военное, военную; judges, judging). Cutting words to their first five letters is a
    /// known strong stemmer for Turkic languages; few letters of their own keep longer
    /// derivations and unrelated words out.
    fn other_endings(&self, word: &str) -> Vec<u32> {
        let shared = leading(word, OTHER_ENDING_SHARED);
        if shared.chars().count() < OTHER_ENDING_SHARED {
            return Vec::new();
        }
        self.most_frequent_beginning_with(shared, &|term| other_ending(term, word), MAX_EXPANSIONS)
    }

    /// The most frequent terms that extend `prefix`.
    fn completions(&self, prefix: &str) -> Vec<u32> {
        // A letter or two say little yet: their most frequent completions are enough.
        let keep = match prefix.chars().count() {
            1 => MAX_EXPANSIONS / 10,
            2 => MAX_EXPANSIONS / 4,
            _ => MAX_EXPANSIONS,
        };
        self.most_frequent_beginning_with(prefix, &|term| term.len() > prefix.len(), keep)
    }

    /// The `keep` most frequent of the terms that begin with `prefix` and that `wanted`
    /// lets through, of at most [`PREFIX_SCAN`] scanned.
    fn most_frequent_beginning_with(&self, prefix: &str, wanted: &dyn Fn(&str) -> bool, keep: usize) -> Vec<u32> {
        let mut found: Vec<(u64, u32)> = Vec::new();
        let mut scanned = 0;
        for shard in self.loaded(self.shards_for_prefix(prefix)) {
            let start = shard.vocabulary.partition_point(|(t, _)| t.as_str() < prefix);
            let extensions = shard.vocabulary[start..].iter().take(PREFIX_SCAN - scanned).take_while(|(t, _)| t.starts_with(prefix));
            for (k, (term, _)) in extensions.enumerate() {
                scanned += 1;
                if wanted(term) {
                    found.push((shard.unit_frequencies[start + k], shard.base + (start + k) as u32));
                }
            }
        }
        crate::sort::sort_by(&mut found, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        found.into_iter().take(keep).map(|(_, id)| id).collect()
    }

    fn term_id(&self, term: &str) -> Option<u32> {
        let n = self.shards_for_prefix(term).start;
        let shard = self.shards[n].as_ref()?;
        shard.vocabulary.binary_search_by(|(t, _)| t.as_str().cmp(term)).ok().map(|k| shard.base + k as u32)
    }

    /// What the [`closeness`] of `matches`, BM25 and the unit's length add to a unit's
    /// [`tier`]: less than one step between tiers.
    fn refinement(&self, unit: u32, matches: &[Option<SlotMatch>], closeness: f64) -> f64 {
        let units = self.units();
        let record = &units[unit as usize];
        let unit_count = units.len() as f64;
        let length_norm = record.tokens as f64 / self.average_unit_tokens.max(1.0);
        // A longer page holds more passages a reader may have in mind: at equal proximity
        // and BM25 (duplicated text, a common completion) it is the likelier one.
        let mut relevance = LENGTH_PRIOR * (record.tokens as f64).ln_1p();
        for m in matches.iter().flatten() {
            let df = m.forms.unit_frequency as f64;
            let idf = ((unit_count - df + 0.5) / (df + 0.5) + 1.0).ln();
            let tf = m.forms.positions.len() as f64;
            relevance += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length_norm));
            if m.forms.in_title {
                relevance += 1.0;
            }
        }
        closeness * 1e2 + relevance.min(99.0)
    }

    fn hit(&self, unit: u32, score: f64, matches: &[Option<SlotMatch>], little: &[bool]) -> Result<Hit, SearchError> {
        let record = &self.units()[unit as usize];
        let doc = &self.docs()[record.doc as usize];
        let highlight: HashSet<&str> = matches.iter().flatten().flat_map(|m| m.forms.terms().map(|t| self.term(t).0.as_str())).collect();
        let mut matched: Vec<(u32, usize)> = matches
            .iter()
            .enumerate()
            .filter_map(|(slot, m)| m.as_ref().map(|m| (slot, m)))
            .flat_map(|(slot, m)| m.forms.positions.iter().map(move |&p| (p, slot)))
            .collect();
        crate::sort::sort_by(&mut matched, Ord::cmp);
        // A word that says little (в, о, the, және) is marked only beside one that says
        // more, if the query has one: marked all over the window, it would hide the words
        // that matter.
        let telling: Vec<u32> = matched.iter().filter(|&&(_, slot)| !little[slot]).map(|&(position, _)| position).collect();
        if !telling.is_empty() {
            let beside_telling = |position: u32| telling.get(telling.partition_point(|&other| other.saturating_add(1) < position)).is_some_and(|&other| other <= position.saturating_add(1));
            matched.retain(|&(position, slot)| !little[slot] || beside_telling(position));
        }
        let url = if record.anchor.is_empty() { doc.url.clone() } else { format!("{}#{}", doc.url, record.anchor) };
        Ok(Hit {
            doc: doc.path.clone(),
            page: record.page,
            kind: UnitKind::of(&doc.path),
            start: record.start,
            end: record.end,
            title: if record.heading.is_empty() { doc.title.clone() } else { record.heading.to_string() },
            url,
            score: (score * 1000.0).round() / 1000.0,
            snippet: snippet::render(&self.passage(unit, snippet::window_start(&matched, little))?, &highlight, &matched),
        })
    }
}

/// Whether a word is not found as typed but is in another layout or script. A short word
/// never is: its readings cost nothing ([`SHORT_WORD_CHARS`]).
fn misread(candidates: &[Candidate]) -> bool {
    candidates.iter().all(|c| c.cost > 0) && candidates.iter().any(|c| c.cost >= COST_READING)
}

/// The share of the letters of `typed` that `term`, matched at `cost`, keeps from their
/// start: 0 for a typo or another reading, and for a short word (its readings in other
/// scripts share no letters with it, and cost nothing: [`SHORT_WORD_CHARS`]).
fn kept_share(term: &str, typed: &str, cost: u8) -> f64 {
    if cost > 0 || short_word(typed) {
        return 0.0;
    }
    term.chars().zip(typed.chars()).take_while(|(a, b)| a == b).count() as f64 / typed.chars().count() as f64
}

/// How a word is found as typed, from least to most certain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Found {
    No,
    /// Only as another form of its stem.
    AsAnotherForm,
    /// In the dictionary: the word itself, or (the last word) its completions.
    Itself,
}

/// Whether `term` begins as `word` does and ends otherwise: past the letters they share
/// (at least [`OTHER_ENDING_SHARED`], as the callers look them up), it has at most
/// [`OTHER_ENDING_OWN`] of its own.
fn other_ending(term: &str, word: &str) -> bool {
    let common = term.chars().zip(word.chars()).take_while(|(a, b)| a == b).count();
    term != word && term.chars().count() - common <= OTHER_ENDING_OWN
}

/// Keeps `term` in `best` at the lowest cost offered; at equal cost, as an exact form if
/// it was offered as one.
fn offer(best: &mut HashMap<u32, Candidate>, term: u32, cost: u8, exact: bool) {
    let entry = best.entry(term).or_insert(Candidate { term, cost, exact });
    if cost < entry.cost || (cost == entry.cost && exact) {
        *entry = Candidate { term, cost, exact };
    }
}

/// Adds `more` to a slot's `candidates` (sorted by cost, then term), each term once at its
/// lowest cost.
fn merge_candidates(candidates: &mut Vec<Candidate>, more: &[Candidate]) {
    if more.is_empty() {
        return;
    }
    let mut best: HashMap<u32, Candidate> = candidates.iter().map(|c| (c.term, *c)).collect();
    for c in more {
        offer(&mut best, c.term, c.cost, c.exact);
    }
    *candidates = sorted_candidates(best);
}

/// The candidates of `best` by cost, then term.
fn sorted_candidates(best: HashMap<u32, Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = best.into_values().collect();
    crate::sort::sort_by(&mut out, |a, b| (a.cost, a.term).cmp(&(b.cost, b.term)));
    out
}

/// Two neighbouring words typed as one (кибер безопасность → кибербезопасность), if both
/// are words as typed, outside a phrase (whose words are matched as typed).
fn joined_word(first: &Slot, second: &Slot) -> Option<String> {
    let joinable = |slot: &Slot| !slot.term.is_empty() && slot.phrase.is_none();
    (joinable(first) && joinable(second)).then(|| format!("{}{}", first.term, second.term))
}

/// What reading `word` in another layout or script costs: [`COST_READING`], or nothing
/// for a short word.
fn reading_cost(word: &str) -> u8 {
    if short_word(word) {
        0
    } else {
        COST_READING
    }
}

/// Whether the sound key of a word being typed is long enough (four letters) to match
/// the keys it begins, in [`Searcher::sound_alikes`] and [`Searcher::direct_readings`] alike.
fn key_completes(key: &str) -> bool {
    key.chars().count() >= 4
}

/// Whether `word` is too short to tell a reading in another layout or script from the
/// word as typed ([`SHORT_WORD_CHARS`]).
fn short_word(word: &str) -> bool {
    word.chars().count() <= SHORT_WORD_CHARS
}

fn missing_error(mut files: Vec<String>) -> SearchError {
    crate::sort::sort_by(&mut files, Ord::cmp);
    files.dedup();
    SearchError::Missing(files)
}

/// The places in the sorted `items` of the keys that begin with `prefix` and whose rest
/// `typos` accepts, with their edit distance; `limit` at most, in order.
///
/// The keys are walked as a trie would be: a key starts from the automaton's state after
/// the bytes it shares with the key before, and once the automaton rejects a beginning,
/// every key that shares it is skipped with a binary search.
fn within<T>(items: &[T], key: impl Fn(&T) -> &[u8], prefix: &[u8], typos: &Typos, limit: usize) -> Vec<(usize, u8)> {
    let mut found = Vec::new();
    // states[i]: the automaton's state after the first i bytes of the current key's rest.
    let mut states = vec![typos.start()];
    let mut previous: &[u8] = &[];
    let mut k = items.partition_point(|item| key(item) < prefix);
    while k < items.len() && found.len() < limit {
        let Some(rest) = key(&items[k]).strip_prefix(prefix) else { break };
        let shared = previous.iter().zip(rest).take_while(|(a, b)| a == b).count().min(states.len() - 1);
        states.truncate(shared + 1);
        previous = rest;
        let rejected = rest[shared..].iter().position(|&byte| {
            let next = typos.accept(&states[states.len() - 1], byte);
            states.push(next);
            !typos.can_match(&next)
        });
        if let Some(at) = rejected {
            let dead = &rest[..shared + at + 1];
            states.pop();
            k += items[k..].partition_point(|item| key(item).strip_prefix(prefix).is_some_and(|rest| rest.starts_with(dead)));
            continue;
        }
        if let Some(distance) = typos.distance(&states[states.len() - 1]) {
            found.push((k, distance));
        }
        k += 1;
    }
    found
}

/// The closest [`MAX_EXPANSIONS`] of `found`.
fn closest(mut found: Vec<(u32, u8)>) -> Vec<(u32, u8)> {
    crate::sort::sort_by(&mut found, |&(a, d), &(b, e)| (d, a).cmp(&(e, b)));
    found.truncate(MAX_EXPANSIONS);
    found
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    term: u32,
    cost: u8,
    exact: bool,
}

/// The units a query matches, each with how every slot matched in it: a row of slots per
/// unit, found from the unit's id through a table as long as the index has units (a
/// keystroke looks units up once per posting).
struct UnitMatches {
    slots: usize,
    /// Which slots are words that say little on their own ([`analysis::says_little`]).
    little: Vec<bool>,
    /// Each unit's row, `NO_ROW` for a unit not matched.
    row_of: Vec<u32>,
    /// The matched units, in the order first matched.
    units: Vec<u32>,
    /// `slots` entries per matched unit, in the order of `units`.
    matches: Vec<Option<SlotMatch>>,
}

const NO_ROW: u32 = u32::MAX;

impl UnitMatches {
    fn new(unit_count: usize, slots: &[Slot]) -> Self {
        let little = slots.iter().map(|slot| !slot.term.is_empty() && analysis::says_little(&slot.term)).collect();
        UnitMatches { slots: slots.len(), little, row_of: vec![NO_ROW; unit_count], units: Vec::new(), matches: Vec::new() }
    }

    /// The row of `unit`, added empty if it has none. `unit` is a unit of the index
    /// (postings are checked for that on reading).
    fn entry(&mut self, unit: u32) -> &mut [Option<SlotMatch>] {
        let mut row = self.row_of[unit as usize];
        if row == NO_ROW {
            row = self.units.len() as u32;
            self.row_of[unit as usize] = row;
            self.units.push(unit);
            self.matches.resize(self.matches.len() + self.slots, None);
        }
        let start = row as usize * self.slots;
        &mut self.matches[start..start + self.slots]
    }

    fn get(&self, unit: u32) -> Option<&[Option<SlotMatch>]> {
        let row = self.row(unit)?;
        Some(&self.matches[row * self.slots..(row + 1) * self.slots])
    }

    fn get_mut(&mut self, unit: u32) -> Option<&mut [Option<SlotMatch>]> {
        let row = self.row(unit)?;
        Some(&mut self.matches[row * self.slots..(row + 1) * self.slots])
    }

    fn row(&self, unit: u32) -> Option<usize> {
        self.row_of.get(unit as usize).filter(|&&row| row != NO_ROW).map(|&row| row as usize)
    }

    /// The units where a slot matched (a phrase that does not stand whole in a unit
    /// matches nothing there: [`keep_phrases`]).
    fn units(&self) -> impl Iterator<Item = u32> + '_ {
        self.iter().map(|(unit, _)| unit)
    }

    fn iter(&self) -> impl Iterator<Item = (u32, &[Option<SlotMatch>])> {
        // A query of no slot matches no unit: chunks of at least one.
        let rows = self.units.iter().copied().zip(self.matches.chunks(self.slots.max(1)));
        rows.filter(|(_, row)| row.iter().any(Option::is_some))
    }
}

/// How one query slot matched in one unit: its cheapest terms and their positions.
#[derive(Debug, Clone)]
struct SlotMatch {
    cost: u8,
    /// Whether `forms` are the form typed.
    exact: bool,
    forms: Forms,
    /// For a match in the form typed, the other forms matched at the same cost: they count
    /// instead when they stand much closer to the other words ([`choose_forms`]).
    other_forms: Option<Forms>,
}

/// Terms a slot matched in a unit at one cost, all in the form typed or all in others.
#[derive(Debug, Clone)]
struct Forms {
    /// The largest share of the letters typed that a term matched keeps from their start,
    /// for a match at no cost of a word longer than [`SHORT_WORD_CHARS`]; else 0.
    kept: f64,
    /// The first term matched, and the others (most units match one term a word: no
    /// allocation for them).
    term: u32,
    more_terms: Vec<u32>,
    unit_frequency: u64,
    /// One of the terms is a word of the unit's title.
    in_title: bool,
    positions: Vec<u32>,
}

/// One term a slot matched in a unit, with its positions there.
struct TermFound<'a> {
    term: u32,
    exact: bool,
    kept: f64,
    unit_frequency: u64,
    positions: &'a [u32],
}

impl SlotMatch {
    fn new(cost: u8, found: TermFound<'_>, in_title: bool) -> Self {
        SlotMatch { cost, exact: found.exact, forms: Forms::new(found, in_title), other_forms: None }
    }

    /// Adds a term matched at the same cost. The form typed leads; other forms are kept
    /// beside it if `keep_other_forms` (only proximity can prefer them).
    fn add(&mut self, found: TermFound<'_>, in_title: bool, keep_other_forms: bool) {
        if found.exact == self.exact {
            self.forms.add(found, in_title);
        } else if self.exact {
            match &mut self.other_forms {
                Some(other) => other.add(found, in_title),
                None if keep_other_forms => self.other_forms = Some(Forms::new(found, in_title)),
                None => {}
            }
        } else {
            self.exact = true;
            let other = std::mem::replace(&mut self.forms, Forms::new(found, in_title));
            self.other_forms = keep_other_forms.then_some(other);
        }
    }

    /// What the forms matched are worth against proximity, in words apart.
    fn worth(&self) -> f64 {
        if self.exact {
            EXACT_FORM_WORDS
        } else {
            self.forms.other_worth()
        }
    }

    /// The match read in all its forms, the form typed among them: `positions` are theirs
    /// together, sorted.
    fn use_other_forms(&mut self, positions: Vec<u32>) {
        let Some(other) = self.other_forms.take() else { return };
        self.exact = false;
        let forms = &mut self.forms;
        forms.kept = other.kept;
        forms.more_terms.push(other.term);
        forms.more_terms.extend(other.more_terms);
        forms.unit_frequency = forms.unit_frequency.min(other.unit_frequency);
        forms.in_title |= other.in_title;
        forms.positions = positions;
    }
}

impl Forms {
    fn new(found: TermFound<'_>, in_title: bool) -> Self {
        Forms { kept: found.kept, term: found.term, more_terms: Vec::new(), unit_frequency: found.unit_frequency, in_title, positions: found.positions.to_vec() }
    }

    fn add(&mut self, found: TermFound<'_>, in_title: bool) {
        self.more_terms.push(found.term);
        self.kept = self.kept.max(found.kept);
        self.unit_frequency = self.unit_frequency.min(found.unit_frequency);
        self.in_title |= in_title;
        // Sorted once the unit is ranked (other forms' as they join the form typed).
        self.positions.extend_from_slice(found.positions);
    }

    fn terms(&self) -> impl Iterator<Item = u32> + '_ {
        std::iter::once(self.term).chain(self.more_terms.iter().copied())
    }

    /// What forms other than the one typed are worth against proximity, in words apart.
    fn other_worth(&self) -> f64 {
        OTHER_FORM_WORDS * self.kept
    }
}

/// Two lists of positions (in any order) as one sorted list.
fn merged(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = [a, b].concat();
    crate::sort::sort_by(&mut out, Ord::cmp);
    out
}

/// The first letter of `word` (empty for an empty word).
fn first_letter(word: &str) -> &str {
    leading(word, 1)
}

/// `word` with its first two letters swapped, for a word of [`UNFOUND_TYPO_CHARS`] letters
/// or more that does not begin with two alike: a typo that keeps no first letter
/// (рпаво, право), which the other typos of a word not in the dictionary all keep.
fn first_two_swapped(word: &str) -> Option<String> {
    let mut letters = word.chars();
    let (first, second) = (letters.next()?, letters.next()?);
    (first != second && word.chars().count() >= UNFOUND_TYPO_CHARS).then(|| [second, first].into_iter().chain(letters).collect())
}

/// The first two letters of `word`: where a word found as typed, its completions and its
/// typos lie.
fn word_head(word: &str) -> &str {
    leading(word, 2)
}

/// Where the other forms of `stem` lie: terms that begin with it less its last two
/// letters, two at least (a Kazakh stem may lose a vowel before its last consonant:
/// мүлік → мүлкі).
fn stem_head(stem: &str) -> &str {
    leading(stem, stem.chars().count().saturating_sub(2).max(2))
}

/// Typos allowed between a word typed with `typed` letters and a dictionary word of
/// `meant` letters: 1 from 5 letters, 2 from 9 (as Meilisearch), counted on the longer of
/// the two, so that a reader who drops letters of a long word keeps its budget
/// (тдуового, трудового). A word typed with fewer than 5 letters gets none: too many
/// words lie one typo from it (one of four that is not in the dictionary gets one:
/// [`unfound_typos`]).
fn typo_budget(typed: usize, meant: usize) -> u8 {
    match typed.max(meant) {
        _ if !(5..=MAX_TYPO_WORD_CHARS).contains(&typed) => 0,
        0..=8 => 1,
        _ => 2,
    }
}

/// The most typos a dictionary word may be from `word`: the budget of the longest word
/// within two typos of it. A word still being typed is matched by its beginning, and
/// counts one letter more, one the reader may have dropped.
fn typo_reach(word: &str, prefix: bool) -> u8 {
    let typed = word.chars().count();
    typo_budget(typed, typed + if prefix { 1 } else { 2 })
}

/// The automaton of the typos that a word not in the dictionary as typed (nor, while
/// typed, the beginning of a term) may be, over what follows its first letter: within
/// [`typo_reach`], and for a word of four letters one typo as a whole word: such a word is
/// most often a longer one missing a letter or with two swapped (прво is право, бнак банк),
/// and would otherwise find nothing. Its completions would be too many other words.
fn unfound_typos(word: &str, prefix: bool) -> Option<Typos> {
    let rest = &word[first_letter(word).len()..];
    if word.chars().count() == UNFOUND_TYPO_CHARS {
        return Typos::new(rest, 1, false);
    }
    typo_automaton(rest, typo_reach(word, prefix), prefix)
}

/// For a word not in the dictionary that is still being typed, the automaton of the typos
/// it has as a whole word beyond the reach of its beginning ([`unfound_typos`]): the word
/// may be typed in full already, and finds what it finds once ended. Only a word of seven
/// letters has any: its beginning reaches one typo, while as a whole word it may be a word
/// of nine letters less two (қақстан is Қазақстан).
fn whole_word_typos(word: &str, prefix: bool) -> Option<Typos> {
    let whole = typo_reach(word, false);
    if !prefix || word.chars().count() == UNFOUND_TYPO_CHARS || whole <= typo_reach(word, true) {
        return None;
    }
    typo_automaton(&word[first_letter(word).len()..], whole, false)
}

/// The automaton of words within `typos` of `rest` (or, for a word still being typed,
/// beginning with one); `None` when no typo is allowed.
fn typo_automaton(rest: &str, typos: u8, prefix: bool) -> Option<Typos> {
    if typos == 0 {
        return None;
    }
    Typos::new(rest, typos, prefix)
}

/// An automaton for keys that begin with `prefix` and continue with what `typos` accepts.
struct AfterPrefix<'a> {
    prefix: &'a [u8],
    typos: &'a Typos,
}

/// Bytes of the prefix read so far, then the typo automaton's state.
#[derive(Clone, Copy)]
enum AfterPrefixState {
    Prefix(usize),
    Rest(typos::TyposState),
}

impl fst::Automaton for AfterPrefix<'_> {
    type State = Option<AfterPrefixState>;

    fn start(&self) -> Self::State {
        Some(if self.prefix.is_empty() { AfterPrefixState::Rest(self.typos.start()) } else { AfterPrefixState::Prefix(0) })
    }

    fn is_match(&self, state: &Self::State) -> bool {
        match state {
            Some(AfterPrefixState::Rest(s)) => self.typos.is_match(s),
            _ => false,
        }
    }

    fn can_match(&self, state: &Self::State) -> bool {
        match state {
            Some(AfterPrefixState::Rest(s)) => self.typos.can_match(s),
            Some(AfterPrefixState::Prefix(_)) => true,
            None => false,
        }
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        match *state {
            Some(AfterPrefixState::Prefix(read)) if self.prefix[read] == byte => Some(if read + 1 == self.prefix.len() {
                AfterPrefixState::Rest(self.typos.start())
            } else {
                AfterPrefixState::Prefix(read + 1)
            }),
            Some(AfterPrefixState::Rest(s)) => Some(AfterPrefixState::Rest(self.typos.accept(&s, byte))),
            _ => None,
        }
    }
}

/// Whether `automaton` accepts some key at or above `low` and below `high` (with no
/// bound above for `None`): whether a shard of that range of terms may hold a match.
fn accepts_between<A: fst::Automaton>(automaton: &A, low: &[u8], high: Option<&[u8]>) -> bool {
    let mut state = automaton.start();
    // Keys in the range begin with the bytes its bounds share.
    let shared = high.map_or(0, |high| low.iter().zip(high).take_while(|(a, b)| a == b).count());
    for &byte in &low[..shared] {
        state = automaton.accept(&state, byte);
    }
    let (low, high) = (&low[shared..], high.map(|high| &high[shared..]));
    if !automaton.can_match(&state) || high.is_some_and(<[u8]>::is_empty) {
        return false;
    }
    // A key that ends here is in the range when it is `low` itself; those that go on with
    // a byte between the bounds' next ones are all in it.
    if low.is_empty() && automaton.is_match(&state) {
        return true;
    }
    let above_low = low.first().map_or(0, |&byte| usize::from(byte) + 1);
    let below_high = high.map_or(256, |high| usize::from(high[0]));
    if (above_low..below_high).any(|byte| automaton.can_match(&automaton.accept(&state, byte as u8))) {
        return true;
    }
    // Else the keys that go on with the next byte of a bound.
    let along_low = || low.split_first().is_some_and(|(&byte, rest)| accepts_from(automaton, automaton.accept(&state, byte), rest));
    let along_high = || high.and_then(<[u8]>::split_first).is_some_and(|(&byte, rest)| accepts_before(automaton, automaton.accept(&state, byte), rest));
    along_low() || along_high()
}

/// Whether `automaton`, from `state`, accepts some key at or above `low`.
fn accepts_from<A: fst::Automaton>(automaton: &A, mut state: A::State, low: &[u8]) -> bool {
    for &next in low {
        if !automaton.can_match(&state) {
            return false;
        }
        if (usize::from(next) + 1..256).any(|byte| automaton.can_match(&automaton.accept(&state, byte as u8))) {
            return true;
        }
        state = automaton.accept(&state, next);
    }
    automaton.can_match(&state)
}

/// Whether `automaton`, from `state`, accepts some key below `high`.
fn accepts_before<A: fst::Automaton>(automaton: &A, mut state: A::State, high: &[u8]) -> bool {
    for &next in high {
        if !automaton.can_match(&state) {
            return false;
        }
        if automaton.is_match(&state) || (0..next).any(|byte| automaton.can_match(&automaton.accept(&state, byte))) {
            return true;
        }
        state = automaton.accept(&state, next);
    }
    false
}

/// What the forms of the matched words are worth less the words beyond the fewest possible
/// between them: the narrowest window holding one occurrence of every matched word, in
/// any order, less the words themselves (counted up to [`MAX_PROXIMITY`]). `words` are
/// each word's worth and sorted positions.
fn closeness(words: &[(f64, &[u32])]) -> f64 {
    let lists: Vec<&[u32]> = words.iter().map(|&(_, positions)| positions).collect();
    let proximity = narrowest_window(&lists).saturating_sub(lists.len().saturating_sub(1) as u32);
    words.iter().map(|&(worth, _)| worth).sum::<f64>() - f64::from(proximity.min(MAX_PROXIMITY))
}

/// Reads each word found in its form typed in that form or, where that ranks the unit
/// higher, in all its forms matched at the same cost: a page that has the form typed far
/// from the other words, and another form of it beside them, is read by the closer one.
/// Chosen one word at a time while that gains (few words have both). Returns the
/// [`closeness`] of the reading chosen. The positions of `matches` are sorted.
fn choose_forms(matches: &mut [Option<SlotMatch>]) -> f64 {
    let (chosen, in_all_forms, best) = {
        let matched: Vec<&SlotMatch> = matches.iter().flatten().collect();
        let mut words: Vec<(f64, &[u32])> = matched.iter().map(|m| (m.worth(), m.forms.positions.as_slice())).collect();
        let mut best = closeness(&words);
        // Alone, a word has no proximity: its form typed is worth more.
        if matched.len() < 2 || matched.iter().all(|m| m.other_forms.is_none()) {
            return best;
        }
        let in_all_forms: Vec<Option<(f64, Vec<u32>)>> = matched.iter().map(|m| m.other_forms.as_ref().map(|other| (other.other_worth(), merged(&m.forms.positions, &other.positions)))).collect();
        let mut chosen = vec![false; words.len()];
        loop {
            let mut gain = None;
            for (k, reading) in in_all_forms.iter().enumerate() {
                let Some((worth, positions)) = reading.as_ref().filter(|_| !chosen[k]) else { continue };
                let as_typed = std::mem::replace(&mut words[k], (*worth, positions));
                let value = closeness(&words);
                words[k] = as_typed;
                if value > gain.map_or(best, |(_, g)| g) {
                    gain = Some((k, value));
                }
            }
            let Some((k, value)) = gain else { break };
            if let Some((worth, positions)) = &in_all_forms[k] {
                words[k] = (*worth, positions);
            }
            chosen[k] = true;
            best = value;
        }
        (chosen, in_all_forms, best)
    };
    for ((m, chosen), reading) in matches.iter_mut().flatten().zip(chosen).zip(in_all_forms) {
        if let (true, Some((_, positions))) = (chosen, reading) {
            m.use_other_forms(positions);
        }
    }
    best
}

/// A unit's first criteria in order of importance, each in its own decimal range: query
/// words matched (those that say something, then those that say little: an initial, a
/// preposition or an article says less than a word), fewer typos. The
/// [`Searcher::refinement`] stays within (-6,001, 36,099] (12 words at most): less than the
/// 1,000,000 between two tiers.
fn tier(matches: &[Option<SlotMatch>], little: &[bool]) -> i64 {
    let matched = |saying_little: bool| matches.iter().zip(little).filter(|&(m, &l)| m.is_some() && l == saying_little).count() as i64;
    let cost: i64 = matches.iter().flatten().map(|m| i64::from(m.cost)).sum();
    matched(false) * 1_000_000_000 + matched(true) * 100_000_000 - cost.min(99) * 1_000_000
}

/// Keeps, of the words of each quoted phrase, the positions where the phrase stands whole;
/// in a unit where it stands nowhere, none of its words match.
fn keep_phrases(slots: &[Slot], units: &mut UnitMatches) {
    // Each phrase's words, and which of them are numbers.
    let mut phrases: Vec<(Range<usize>, Vec<bool>)> = Vec::new();
    for (i, slot) in slots.iter().enumerate().filter(|(_, slot)| slot.phrase.is_some()) {
        let number = analysis::is_number_term(&slot.term);
        match phrases.last_mut() {
            Some((words, numbers)) if slots[words.start].phrase == slot.phrase => {
                words.end = i + 1;
                numbers.push(number);
            }
            _ => phrases.push((i..i + 1, vec![number])),
        }
    }
    if phrases.is_empty() {
        return;
    }
    for row in units.matches.chunks_mut(units.slots) {
        for (words, numbers) in &phrases {
            let row = &mut row[words.clone()];
            let mut lists: Vec<&mut Vec<u32>> = row.iter_mut().flatten().map(|m| &mut m.forms.positions).collect();
            if lists.len() < numbers.len() || !keep_phrase_positions(&mut lists, numbers) {
                for m in row.iter_mut() {
                    *m = None;
                }
            }
        }
    }
}

/// Keeps, of the positions of each word of a phrase (sorted here), those where the words
/// follow each other: each word at the position after the word before, or at the same one
/// after a number (`numbers`: which words are), which shares the position of the word
/// after it. (A compound's parts stand at its position: ақпараттық технологиялар is found
/// in ақпараттық-коммуникациялық технологиялар.) Returns whether the phrase stands anywhere.
fn keep_phrase_positions(lists: &mut [&mut Vec<u32>], numbers: &[bool]) -> bool {
    for list in lists.iter_mut() {
        crate::sort::sort_by(list, Ord::cmp);
    }
    let step = |k: usize| i64::from(!numbers.get(k).copied().unwrap_or(false));
    for k in 1..lists.len() {
        let (before, after) = lists.split_at_mut(k);
        keep_beside(after[0], before[k - 1], -step(k - 1));
    }
    // Back from the last word: only the positions the next word follows stay.
    for k in (1..lists.len()).rev() {
        let (before, after) = lists.split_at_mut(k);
        keep_beside(before[k - 1], after[0], step(k - 1));
    }
    lists.first().is_some_and(|first| !first.is_empty())
}

/// Keeps the positions `p` of `list` where `other` (sorted) has `p + offset`.
fn keep_beside(list: &mut Vec<u32>, other: &[u32], offset: i64) {
    list.retain(|&p| u32::try_from(i64::from(p) + offset).is_ok_and(|q| other.binary_search(&q).is_ok()));
}

/// The smallest `max - min` over choices of one position from each sorted list.
fn narrowest_window(lists: &[&[u32]]) -> u32 {
    if lists.len() < 2 || lists.iter().any(|l| l.is_empty()) {
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
    use proptest::prelude::*;

    use super::*;

    fn accepts(automaton: &AfterPrefix, term: &str) -> bool {
        let state = term.bytes().fold(fst::Automaton::start(automaton), |state, byte| fst::Automaton::accept(automaton, &state, byte));
        fst::Automaton::is_match(automaton, &state)
    }

    proptest! {
        /// A shard whose range of terms is said to hold no typo of a word holds none.
        #[test]
        fn typo_shards_are_skipped_only_when_they_hold_no_typo(
            terms in proptest::collection::btree_set("[ақоа-в]{1,7}", 1..60),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
            word in "[ақоа-в]{2,9}",
            prefix in any::<bool>(),
        ) {
            let terms: Vec<String> = terms.into_iter().collect();
            let mut starts: Vec<usize> = cuts.iter().map(|cut| cut.index(terms.len())).chain([0]).collect();
            starts.sort_unstable();
            starts.dedup();
            let kept = first_letter(&word);
            let typos = typo_automaton(&word[kept.len()..], typo_reach(&word, prefix).max(1), prefix).expect("a typo is allowed");
            let automaton = AfterPrefix { prefix: kept.as_bytes(), typos: &typos };
            for (k, &start) in starts.iter().enumerate() {
                let end = starts.get(k + 1).copied().unwrap_or(terms.len());
                let low = if k == 0 { "" } else { terms[start].as_str() };
                let high = starts.get(k + 1).map(|&next| terms[next].as_bytes());
                if terms[start..end].iter().any(|term| accepts(&automaton, term)) {
                    prop_assert!(accepts_between(&automaton, low.as_bytes(), high), "{:?} in {:?}", word, &terms[start..end]);
                }
            }
        }

        /// The trie walk over a sorted list finds what testing every key finds.
        #[test]
        fn within_a_sorted_list_finds_what_each_key_alone_gives(
            mut keys in proptest::collection::vec("[abзк]{0,6}", 0..60),
            prefix in "[aз]{0,1}",
            word in "[abзк]{0,5}",
            typos in 0u8..=2,
            completions: bool,
        ) {
            keys.sort();
            keys.dedup();
            let automaton = Typos::new(&word, typos, completions).expect("a short word");
            let expected: Vec<(usize, u8)> = keys.iter().enumerate().filter_map(|(k, key)| {
                let rest = key.as_bytes().strip_prefix(prefix.as_bytes())?;
                let state = rest.iter().fold(automaton.start(), |state, &byte| automaton.accept(&state, byte));
                Some((k, automaton.distance(&state)?))
            }).collect();
            prop_assert_eq!(within(&keys, |key| key.as_bytes(), prefix.as_bytes(), &automaton, usize::MAX), expected);
        }
    }

    #[test]
    fn typo_shards_out_of_reach_are_skipped() {
        let typos = typo_automaton("оданса", 1, false).unwrap();
        let automaton = AfterPrefix { prefix: "қ".as_bytes(), typos: &typos };
        let between = |low: &str, high: Option<&str>| accepts_between(&automaton, low.as_bytes(), high.map(str::as_bytes));
        assert!(between("қол", Some("қом")), "қолданса is within one typo");
        assert!(between("", None));
        assert!(!between("қаз", Some("қай")));
        assert!(!between("құқ", Some("құр")));
        assert!(between("құқ", None), "қһданса, past құқ, is one typo away");
        assert!(!between("ж", Some("з")));
    }

    #[test]
    fn typo_budget_follows_the_longer_word() {
        assert_eq!([typo_budget(3, 3), typo_budget(5, 5), typo_budget(9, 9), typo_budget(16, 16)], [0, 1, 2, 2]);
        // тдуового for трудового: 8 letters typed, 9 meant.
        assert_eq!([typo_budget(8, 9), typo_budget(9, 8), typo_budget(8, 8)], [2, 2, 1]);
        assert_eq!([typo_budget(4, 5), typo_budget(33, 33)], [0, 0], "too short, too long");
        assert_eq!([typo_reach("тдуового", false), typo_reach("тдуового", true), typo_reach("правов", false), typo_reach("правов", true)], [2, 2, 1, 1]);
        assert_eq!(typo_reach("правово", false), 2, "two letters dropped from правового");
    }

    #[test]
    fn narrowest_window_over_any_order() {
        assert_eq!(narrowest_window(&[&[1, 40], &[39, 90], &[38]]), 2);
        assert_eq!(narrowest_window(&[&[1, 40], &[2, 90], &[38]]), 37);
        assert_eq!(narrowest_window(&[&[5], &[5]]), 0);
        assert_eq!(narrowest_window(&[&[7]]), 0);
    }

    #[test]
    fn a_phrase_stands_where_each_word_follows_the_one_before() {
        let kept = |mut lists: Vec<Vec<u32>>, numbers: &[bool]| {
            let stands = keep_phrase_positions(&mut lists.iter_mut().collect::<Vec<_>>(), numbers);
            assert_eq!(stands, lists.iter().all(|positions| !positions.is_empty()), "{lists:?}");
            stands.then_some(lists)
        };
        let words = [false; 3];
        // A lone first word at 10 and a lone second word at 20 are not the phrase at 3..=5.
        assert_eq!(kept(vec![vec![3, 10], vec![4, 20], vec![5]], &words), Some(vec![vec![3], vec![4], vec![5]]));
        // Every occurrence stands, each on its own.
        assert_eq!(kept(vec![vec![1, 8, 15], vec![2, 9, 30]], &words), Some(vec![vec![1, 8], vec![2, 9]]));
        // A number shares the position of the word after it (2019 жылы), a word does not
        // (the parts of құқықтық-ақпараттық share the compound's, but are no phrase).
        assert_eq!(kept(vec![vec![7], vec![7]], &[true, false]), Some(vec![vec![7], vec![7]]));
        assert_eq!(kept(vec![vec![7], vec![7]], &words), None);
        assert_eq!(kept(vec![vec![6], vec![7]], &[true, false]), None);
        // Out of order or apart, the words are no phrase.
        assert_eq!(kept(vec![vec![5], vec![4]], &words), None);
        assert_eq!(kept(vec![vec![1], vec![3]], &words), None);
        assert_eq!(kept(vec![vec![u32::MAX], vec![0]], &words), None);
    }
}
