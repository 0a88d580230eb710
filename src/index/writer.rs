//! Building an index from documents.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::format::{self, Contents, DocRecord, Posting, UnitRecord};
use crate::analysis::{self, language::Lang, language::ScriptCounts, Script};
use crate::corpus::Document;

/// Longest term indexed, in bytes (a word of 128 Cyrillic letters). A longer "word" — a
/// line of base64, one letter repeated for 50 MB — is no word anyone types (queries are
/// cut at 512 characters), and the fst builder holds a node per byte of its longest key.
pub const MAX_TERM_BYTES: usize = 256;

/// Words an [`Analyzer`] remembers at most (raw forms and terms together): past that it
/// starts afresh, so that its memory stays bounded whatever the size of the corpus.
const MAX_ANALYZER_WORDS: usize = 1 << 20;

/// Collects documents, then writes the index bytes.
///
/// Documents are analysed (by an `Analyzer`, on any thread) and then merged in the
/// order they are added: [`add_document`](Self::add_document) does both, and gives the
/// same index as analysing on other threads and merging with
/// [`add_analyzed`](Self::add_analyzed).
#[derive(Debug, Default)]
pub struct IndexWriter {
    contents: Contents,
    /// Term ids by term; a term's occurrences are `postings[id]`.
    term_ids: HashMap<String, u32>,
    postings: Vec<TermPostings>,
    /// Per analyzer whose documents were added (a few: one per reading thread): its term
    /// numbers → the writer's ids.
    analyzer_terms: Vec<(u64, Vec<u32>)>,
    /// Analyses the documents given to [`add_document`](Self::add_document).
    analyzer: Analyzer,
    /// Words hyphenated across a line end, decided once the whole corpus is read.
    line_hyphenated: Vec<LineHyphenated>,
    /// Words that join two alphabets across a line end (unit, range in its text): indexed
    /// as compounds when read, their line breaks still to cut from the stored text.
    line_compounds: Vec<(u32, Range<usize>)>,
}

/// Analyses documents one after another, numbering their terms as it meets them: a word
/// recurs far more often than it is new, and a known one is found by its raw letters,
/// neither normalized nor looked up by its term again, when analysed and when merged.
///
/// The documents one analyzer analysed must be added to a writer in the order it
/// analysed them: the writer learns each term's number from the first of them that has it.
#[derive(Debug)]
pub struct Analyzer {
    /// Tells this analyzer's term numbers from another's, and from its own before it
    /// started afresh.
    id: u64,
    /// Plain words (see [`Span::is_plain`](analysis::Span::is_plain)) by their raw text.
    by_raw: HashMap<RawWord, Word>,
    /// Term numbers by term.
    by_term: HashMap<String, u32>,
    /// Per term number: the last document that had the term (counted by `documents`) and
    /// the term's place among that document's terms.
    in_document: Vec<(u32, u32)>,
    documents: u32,
    buffers: analysis::Normalizer,
    /// Reused to normalize new words into.
    term: String,
}

/// The ids of analyzers made so far.
static ANALYZERS: AtomicU64 = AtomicU64::new(0);

/// A word as the index takes it: its term's number in the analyzer (none for a term
/// longer than [`MAX_TERM_BYTES`]) and its script.
#[derive(Debug, Clone, Copy)]
struct Word {
    /// The term's number, or [`Word::NO_TERM`]: 8 bytes in all, where an `Option` would
    /// take 12, so that a word and its key make 32 bytes, two in a cache line.
    term: u32,
    script: Script,
}

impl Word {
    const NO_TERM: u32 = u32::MAX;

    fn term(self) -> Option<u32> {
        (self.term != Self::NO_TERM).then_some(self.term)
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            id: ANALYZERS.fetch_add(1, Ordering::Relaxed),
            by_raw: HashMap::new(),
            by_term: HashMap::new(),
            in_document: Vec::new(),
            documents: 0,
            buffers: analysis::Normalizer::default(),
            term: String::new(),
        }
    }
}

impl Analyzer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Groups `document`'s words by term: the part of indexing that needs no other
    /// document, so that threads can do it side by side.
    pub fn analyze(&mut self, document: Document) -> AnalyzedDocument {
        let analysis = self.analysis(&document);
        AnalyzedDocument { document, analysis }
    }

    fn analysis(&mut self, doc: &Document) -> Analysis {
        if self.by_raw.len() + self.by_term.len() > MAX_ANALYZER_WORDS {
            *self = Analyzer::new();
        }
        self.documents += 1;
        let mut out = Analysis { analyzer: self.id, first_new: self.by_term.len() as u32, ..Analysis::default() };
        let mut buffers = std::mem::take(&mut self.buffers);
        // Every occurrence of an indexed term: (its place among the document's terms,
        // unit, position), in text order.
        let mut occurrences: Vec<(u32, u32, u32)> = Vec::new();
        for (unit_id, unit) in (0u32..).zip(&doc.units) {
            let text = unit.text.as_str();
            let mut tokens = 0u32;
            let mut scripts = ScriptCounts::default();
            analysis::for_each_span(text, |span| {
                tokens = tokens.max(span.position + 1);
                // A word counts once toward its page's language, a compound's parts with it.
                let mut counted = false;
                let mut add = |analyzer: &mut Analyzer, word: Word, out: &mut Analysis| {
                    if !std::mem::replace(&mut counted, true) {
                        scripts.add_script(word.script);
                    }
                    if let Some(id) = word.term() {
                        occurrences.push((analyzer.place_in_document(id, out), unit_id, span.position));
                    }
                };
                if span.is_line_joined() {
                    let raw = &text[span.start..span.end];
                    if analysis::joins_two_alphabets(raw) {
                        // Two alphabets meet at the line end (`IT-\nинструментов`): a compound
                        // whatever the rest of the corpus says, indexed as it stands on one
                        // line. Only its line break is left, to cut from the stored text.
                        for token in analysis::tokenize(&analysis::on_one_line(raw)) {
                            let term = self.word(&token.term, &mut out);
                            add(self, term, &mut out);
                        }
                        out.line_compounds.push((unit_id, span.start..span.end));
                        return;
                    }
                    // Its terms wait for the whole corpus to tell whether it is joined.
                    let mut word = LineHyphenated { unit: unit_id, position: span.position, range: span.start..span.end, terms: Vec::new(), kept: String::new() };
                    span.terms(text, &mut buffers, &mut |term, _, hyphenated| {
                        if let Some(kept) = hyphenated {
                            word.kept = std::mem::take(kept);
                        }
                        word.terms.push(term.clone());
                    });
                    scripts.add(&word.terms[0]);
                    out.line_hyphenated.push(word);
                    return;
                }
                if span.is_plain() {
                    let pieces = std::iter::once((span.start, span.end)).chain(span.parts().iter().copied());
                    for (start, end) in pieces {
                        let word = self.plain_word(&text[start..end], &mut out);
                        add(self, word, &mut out);
                    }
                    return;
                }
                span.terms(text, &mut buffers, &mut |term, _, _| {
                    let word = self.word(term, &mut out);
                    add(self, word, &mut out);
                });
            });
            out.units.push((tokens, scripts.language()));
        }
        self.buffers = buffers;
        out.group_runs(&occurrences);
        out
    }

    /// The word whose raw text `raw` is normalized from its bytes alone.
    fn plain_word(&mut self, raw: &str, out: &mut Analysis) -> Word {
        if let Some(&word) = self.by_raw.get(raw.as_bytes()) {
            return word;
        }
        let mut term = std::mem::take(&mut self.term);
        analysis::normalize_word_into(raw, &mut term);
        let word = self.word(&term, out);
        self.term = term;
        // A longer "word" is no term either, most likely: not worth remembering.
        if raw.len() <= MAX_TERM_BYTES {
            self.by_raw.insert(RawWord::new(raw), word);
        }
        word
    }

    /// The word whose normalized term is `term`; a term new to the analyzer is numbered
    /// and given to `out`.
    fn word(&mut self, term: &str, out: &mut Analysis) -> Word {
        let script = analysis::script(term);
        if term.len() > MAX_TERM_BYTES {
            return Word { term: Word::NO_TERM, script };
        }
        let id = match self.by_term.get(term) {
            Some(&id) => id,
            None => {
                let id = self.by_term.len() as u32;
                self.by_term.insert(term.to_owned(), id);
                self.in_document.push((0, 0));
                out.new_terms.push_str(term);
                out.new_term_ends.push(out.new_terms.len());
                id
            }
        };
        Word { term: id, script }
    }

    /// The place of term `id` among the terms of the document being analysed into `out`.
    fn place_in_document(&mut self, id: u32, out: &mut Analysis) -> u32 {
        let (document, place) = &mut self.in_document[id as usize];
        if *document != self.documents {
            *document = self.documents;
            *place = out.term_ids.len() as u32;
            out.term_ids.push(id);
        }
        *place
    }
}

/// A word's raw bytes as a map key, held in the key itself when short (nine words in ten):
/// finding one then reads no memory but the map's own.
#[derive(Debug)]
enum RawWord {
    Short { len: u8, bytes: [u8; SHORT_WORD_BYTES] },
    Long(Box<[u8]>),
}

/// Bytes of a [`RawWord`] held in the key (11 Cyrillic letters): the key is 24 bytes either way.
const SHORT_WORD_BYTES: usize = 22;

impl RawWord {
    fn new(raw: &str) -> Self {
        let raw = raw.as_bytes();
        if raw.len() > SHORT_WORD_BYTES {
            return RawWord::Long(raw.into());
        }
        let mut bytes = [0; SHORT_WORD_BYTES];
        bytes[..raw.len()].copy_from_slice(raw);
        RawWord::Short { len: raw.len() as u8, bytes }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            RawWord::Short { len, bytes } => &bytes[..usize::from(*len)],
            RawWord::Long(bytes) => bytes,
        }
    }
}

impl std::borrow::Borrow<[u8]> for RawWord {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

// Hashed and compared as its bytes, as the map's `Borrow` requires.
impl std::hash::Hash for RawWord {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl PartialEq for RawWord {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for RawWord {}

/// A document with its words grouped by term, units numbered from 0 within it.
#[derive(Debug)]
pub struct AnalyzedDocument {
    document: Document,
    analysis: Analysis,
}

impl AnalyzedDocument {
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The language of each unit, detected from its words as the index stores it.
    pub fn languages(&self) -> Vec<Lang> {
        self.analysis.units.iter().map(|&(_, lang)| lang).collect()
    }
}

/// A document's occurrences grouped by term, in few allocations whatever its length, so
/// that merging it is one copy per term.
#[derive(Debug, Default)]
struct Analysis {
    /// Per unit: its token count and detected language.
    units: Vec<(u32, Lang)>,
    /// The analyzer that numbered the terms, and how many terms it knew before this document.
    analyzer: u64,
    first_new: u32,
    /// The terms the analyzer met first in this document, numbered from `first_new` on,
    /// concatenated; term `first_new + i` ends at `new_term_ends[i]`.
    new_terms: String,
    new_term_ends: Vec<usize>,
    /// The document's distinct terms, by their numbers in the analyzer.
    term_ids: Vec<u32>,
    /// The postings of the term `term_ids[i]` as [runs](TermPostings::runs), units
    /// counted from the document's first, ending at `run_ends[i]`.
    runs: Vec<u32>,
    run_ends: Vec<usize>,
    line_hyphenated: Vec<LineHyphenated>,
    line_compounds: Vec<(u32, Range<usize>)>,
}

/// A word hyphenated across a line end (`ис-\nпользования`), as the tokenizer gave it.
#[derive(Debug)]
struct LineHyphenated {
    unit: u32,
    position: u32,
    /// Where the word stands in its unit's text.
    range: Range<usize>,
    /// The word joined, then its parts if it is a compound.
    terms: Vec<String>,
    /// The word with its hyphens kept.
    kept: String,
}

impl Analysis {
    /// Fills `runs` from the occurrences of the document's terms: a counting sort by
    /// term keeps each term's occurrences in text order.
    fn group_runs(&mut self, occurrences: &[(u32, u32, u32)]) {
        let mut starts = vec![0usize; self.term_ids.len() + 1];
        for &(term, _, _) in occurrences {
            starts[term as usize + 1] += 1;
        }
        for term in 1..starts.len() {
            starts[term] += starts[term - 1];
        }
        let mut by_term = vec![(0u32, 0u32); occurrences.len()];
        let mut next = starts.clone();
        for &(term, unit, position) in occurrences {
            by_term[next[term as usize]] = (unit, position);
            next[term as usize] += 1;
        }
        self.runs.reserve(occurrences.len() + 2 * self.term_ids.len());
        self.run_ends.reserve(self.term_ids.len());
        for range in starts.windows(2) {
            // Where the count of the term's last run is.
            let mut count_at: Option<usize> = None;
            for &(unit, position) in &by_term[range[0]..range[1]] {
                let at = match count_at {
                    Some(at) if self.runs[at - 1] == unit => at,
                    _ => {
                        self.runs.extend_from_slice(&[unit, 0]);
                        self.runs.len() - 1
                    }
                };
                self.runs[at] += 1;
                self.runs.push(position);
                count_at = Some(at);
            }
            self.run_ends.push(self.runs.len());
        }
    }

    /// The terms new to the analyzer, in the order it numbered them.
    fn new_terms(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.new_term_ends.iter().copied());
        starts.zip(&self.new_term_ends).map(|(start, &end)| &self.new_terms[start..end])
    }

    /// Each of the document's terms, by its number in the analyzer, with its runs.
    fn term_runs(&self) -> impl Iterator<Item = (u32, &[u32])> {
        let run_starts = std::iter::once(0).chain(self.run_ends.iter().copied());
        let runs = run_starts.zip(&self.run_ends).map(|(start, &end)| &self.runs[start..end]);
        self.term_ids.iter().copied().zip(runs)
    }
}

/// One term's occurrences, in one vector however many units it occurs in (one vector
/// per unit would be millions of allocations for a large corpus).
#[derive(Debug, Default)]
struct TermPostings {
    /// Per unit, ascending: the unit, the number of positions, the positions ascending.
    runs: Vec<u32>,
    /// Occurrences added after the corpus was read (words hyphenated across a line end),
    /// in (unit, position) order: they may fall between the runs.
    late: Vec<(u32, u32)>,
}

impl TermPostings {
    /// Appends the runs of a later document whose units start at `first_unit`.
    fn append(&mut self, runs: &[u32], first_unit: u32) {
        let mut at = self.runs.len();
        self.runs.extend_from_slice(runs);
        while at < self.runs.len() {
            self.runs[at] += first_unit;
            at += 2 + self.runs[at + 1] as usize;
        }
    }

    fn into_postings(self) -> Vec<Posting> {
        let mut units = 0;
        let mut at = 0;
        while at < self.runs.len() {
            units += 1;
            at += 2 + self.runs[at + 1] as usize;
        }
        let mut out: Vec<Posting> = Vec::with_capacity(units + self.late.len());
        let mut late = self.late.into_iter().peekable();
        let mut at = 0;
        while at < self.runs.len() {
            let (unit, count) = (self.runs[at], self.runs[at + 1] as usize);
            while let Some((late_unit, position)) = late.next_if(|&(u, _)| u < unit) {
                add_occurrence(&mut out, late_unit, position);
            }
            out.push(Posting { unit, positions: self.runs[at + 2..at + 2 + count].to_vec() });
            while let Some((late_unit, position)) = late.next_if(|&(u, _)| u == unit) {
                add_occurrence(&mut out, late_unit, position);
            }
            at += 2 + count;
        }
        for (unit, position) in late {
            add_occurrence(&mut out, unit, position);
        }
        out
    }
}

/// Adds an occurrence in the last unit of `postings` or a new one after it, after the
/// equal positions already there.
fn add_occurrence(postings: &mut Vec<Posting>, unit: u32, position: u32) {
    match postings.last_mut() {
        Some(posting) if posting.unit == unit => {
            let at = posting.positions.partition_point(|&p| p <= position);
            posting.positions.insert(at, position);
        }
        _ => postings.push(Posting { unit, positions: vec![position] }),
    }
}

impl IndexWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `doc`, whose page is at `url` (relative to the search page).
    pub fn add_document(&mut self, doc: &Document, url: &str) {
        let analysis = self.analyzer.analysis(doc);
        self.merge(doc, analysis, url);
    }

    /// Adds a document analysed beforehand (on another thread), whose page is at `url`.
    pub fn add_analyzed(&mut self, analyzed: AnalyzedDocument, url: &str) {
        self.merge(&analyzed.document, analyzed.analysis, url);
    }

    fn merge(&mut self, doc: &Document, analysis: Analysis, url: &str) {
        let doc_id = self.contents.docs.len() as u32;
        let first_unit = self.contents.units.len() as u32;
        self.contents.docs.push(DocRecord { path: doc.path.clone(), title: doc.title.clone(), url: url.to_owned() });
        let mut heading: Arc<str> = Arc::from("");
        for (unit, &(tokens, lang)) in doc.units.iter().zip(&analysis.units) {
            // The pages under one heading share it.
            if *heading != *unit.heading {
                heading = Arc::from(unit.heading.as_str());
            }
            let text_start = self.contents.text.len();
            self.contents.text.push_str(&unit.text);
            self.contents.units.push(UnitRecord {
                doc: doc_id,
                page: unit.page,
                start: unit.start,
                // The reader rejects a range that ends before it starts: store it empty.
                end: unit.end.max(unit.start),
                tokens,
                anchor: unit.anchor.clone(),
                text: text_start..self.contents.text.len(),
                lang,
                heading: Arc::clone(&heading),
            });
            self.contents.total_tokens += tokens as u64;
        }
        let at = match self.analyzer_terms.iter().position(|(analyzer, _)| *analyzer == analysis.analyzer) {
            Some(at) => at,
            None => {
                self.analyzer_terms.push((analysis.analyzer, Vec::new()));
                self.analyzer_terms.len() - 1
            }
        };
        let ids = &mut self.analyzer_terms[at].1;
        assert_eq!(ids.len(), analysis.first_new as usize, "the documents of an analyzer are added in the order it analysed them");
        for term in analysis.new_terms() {
            ids.push(term_id(&mut self.term_ids, &mut self.postings, term));
        }
        for (term, runs) in analysis.term_runs() {
            self.postings[ids[term as usize] as usize].append(runs, first_unit);
        }
        self.line_hyphenated.extend(
            analysis.line_hyphenated.into_iter().map(|word| LineHyphenated { unit: word.unit + first_unit, ..word }),
        );
        self.line_compounds.extend(analysis.line_compounds.into_iter().map(|(unit, range)| (unit + first_unit, range)));
    }

    pub fn doc_count(&self) -> usize {
        self.contents.docs.len()
    }

    pub fn unit_count(&self) -> usize {
        self.contents.units.len()
    }

    pub fn term_count(&self) -> usize {
        self.term_ids.len()
    }

    /// The index without terms and postings: the documents, units and texts added so far
    /// (line-end hyphenation resolved, which needs them all), which later documents do not
    /// change. Once every document is added, written with
    /// [`format::write`] it gives the bytes
    /// [`rebuild::documents_only`](super::rebuild::documents_only) takes from the finished
    /// index, ready to be written on another thread while this writer sorts its dictionary.
    pub fn documents(&mut self) -> Contents {
        self.store_line_hyphenated();
        // The terms are only filled by `into_contents`.
        self.contents.clone()
    }

    /// Everything the index will hold, terms sorted: the same writer always gives the
    /// same bytes.
    pub fn into_contents(mut self) -> Contents {
        self.store_line_hyphenated();
        let mut postings = std::mem::take(&mut self.postings);
        let mut terms: Vec<(String, TermPostings)> =
            self.term_ids.drain().map(|(term, id)| (term, std::mem::take(&mut postings[id as usize]))).collect();
        crate::sort::sort_by(&mut terms, |a, b| a.0.cmp(&b.0));
        // Term by term, so each term's flat postings are freed as its list is made.
        self.contents.terms = terms.into_iter().map(|(term, postings)| (term, postings.into_postings())).collect();
        self.contents
    }

    pub fn finish(self) -> Vec<u8> {
        format::write(&self.into_contents())
    }

    /// Decides the words hyphenated across a line end, which needs every document: call
    /// it once all are added ([`documents`](Self::documents) and
    /// [`into_contents`](Self::into_contents) do, if it was not). Returns the documents
    /// whose texts it changed, as now stored, with their units' languages: pages shown
    /// from their texts as read are out of date.
    pub fn resolve_line_hyphenation(&mut self) -> Vec<(Document, Vec<Lang>)> {
        self.store_line_hyphenated().into_iter().map(|doc| self.stored_document(doc)).collect()
    }

    /// A word hyphenated across a line end is joined (`ис-\nпользования`) or kept
    /// hyphenated (`іс-\nқимыл` → `іс-қимыл`) as [`keeps_hyphen`] decides. A word kept
    /// hyphenated is stored on one line, a compound like any other with its parts:
    /// snippets show it with its hyphen, and the stored texts rebuild this very index
    /// (its words, now on one line, no longer wait for a decision; those joined are
    /// joined again, as [`keeps_hyphen`] says why). Words that join two alphabets there,
    /// indexed when read, are stored on one line too. Returns the documents whose texts
    /// changed.
    fn store_line_hyphenated(&mut self) -> Vec<u32> {
        let mut words = std::mem::take(&mut self.line_hyphenated);
        // Late occurrences must come in unit order, and positions ascending within a unit.
        crate::sort::sort_by(&mut words, |a, b| (a.unit, a.position).cmp(&(b.unit, b.position)));
        // Decided on the dictionary as read, before any of these words joins it.
        let keep = keeps_hyphen(words.iter().map(|w| (w.terms[0].as_str(), w.kept.as_str())), &self.term_ids);
        // The words to store on one line: (unit, range in its text).
        let mut one_line = std::mem::take(&mut self.line_compounds);
        for (word, keep) in words.into_iter().zip(keep) {
            if !keep {
                for term in word.terms {
                    self.add_late(term, word.unit, word.position);
                }
                continue;
            }
            let unit = &self.contents.units[word.unit as usize];
            let raw = &self.contents.text[unit.text.start + word.range.start..unit.text.start + word.range.end];
            for token in analysis::tokenize(&analysis::on_one_line(raw)) {
                self.add_late(token.term, word.unit, word.position);
            }
            one_line.push((word.unit, word.range));
        }
        // Their line breaks, in text order, and their documents.
        crate::sort::sort_by(&mut one_line, |a, b| (a.0, a.1.start).cmp(&(b.0, b.1.start)));
        let mut cuts: Vec<Range<usize>> = Vec::new();
        let mut changed: Vec<u32> = Vec::new();
        for (unit, range) in one_line {
            let unit = &self.contents.units[unit as usize];
            if changed.last() != Some(&unit.doc) {
                changed.push(unit.doc);
            }
            let at = unit.text.start + range.start;
            let breaks = analysis::line_breaks(&self.contents.text[at..at + range.len()]);
            cuts.extend(breaks.into_iter().map(|gap| at + gap.start..at + gap.end));
        }
        self.cut_text(&cuts);
        changed
    }

    /// Document `doc` as stored, with its units' languages.
    fn stored_document(&self, doc: u32) -> (Document, Vec<Lang>) {
        let units = &self.contents.units;
        let first = units.partition_point(|u| u.doc < doc);
        let units = &units[first..first + units[first..].partition_point(|u| u.doc == doc)];
        let record = &self.contents.docs[doc as usize];
        let stored = units.iter().map(|u| u.unit(&self.contents.text[u.text.clone()]));
        (Document { path: record.path.clone(), title: record.title.clone(), units: stored.collect() }, units.iter().map(|u| u.lang).collect())
    }

    /// Removes the byte ranges `cuts` (ascending, within units) from the stored text, and
    /// moves the units' texts to match.
    fn cut_text(&mut self, cuts: &[Range<usize>]) {
        if cuts.is_empty() {
            return;
        }
        self.contents.text = analysis::without(&self.contents.text, cuts);
        // Units' texts stand in order: one walk over the cuts moves them all.
        let (mut next, mut removed) = (0, 0);
        let mut moved = |at: usize| {
            while cuts.get(next).is_some_and(|cut| cut.end <= at) {
                removed += cuts[next].len();
                next += 1;
            }
            at - removed
        };
        for unit in &mut self.contents.units {
            let start = moved(unit.text.start);
            unit.text = start..moved(unit.text.end);
        }
    }

    fn add_late(&mut self, term: String, unit: u32, position: u32) {
        if term.len() <= MAX_TERM_BYTES {
            let id = term_id(&mut self.term_ids, &mut self.postings, &term);
            self.postings[id as usize].late.push((unit, position));
        }
    }
}

/// Letters from which the first part of a word hyphenated across a line end may be a
/// word of its own rather than a syllable (по-, про-, жан-, pre-).
const COMPOUND_FIRST_PART_CHARS: usize = 4;
/// Letters from which the rest of such a word may be a word of its own rather than an
/// ending (Kazakh мен, те, дағы stand alone in the text too).
const COMPOUND_REST_CHARS: usize = 5;
/// Hyphenated words of the dictionary a first part must begin to be a compound's first
/// word (онлайн-, интернет-, уголовно-): a syllable seldom begins two.
const COMPOUND_FIRST_PART_USES: usize = 2;

/// Which words hyphenated across a line end, given as (joined, with the hyphen kept),
/// keep their hyphen on `dictionary`, the terms of the rest of the corpus. A word is
/// joined when the joined word is in the dictionary (`ис-\nпользования`); else kept
/// when the hyphenated word is (`іс-\nқимыл`), or when its first part begins other
/// hyphenated words and the rest is a word (`онлайн-\nформате`: онлайн-сервисов,
/// онлайн-платформы; формате), neither of them as short as a syllable or an ending; else
/// joined, as most are syllables of one word. Stored kept on one line, a word kept
/// adds to the dictionary only its hyphenated word (its parts were there) and to its
/// first part's count only one more past two: a word joined is joined again on the
/// stored texts.
fn keeps_hyphen<'a, V>(words: impl Iterator<Item = (&'a str, &'a str)>, dictionary: &HashMap<String, V>) -> Vec<bool> {
    let mut first_parts: HashMap<&str, usize> = HashMap::new();
    let mut words = words.peekable();
    if words.peek().is_some() {
        for term in dictionary.keys() {
            if let Some(at) = term.find('-') {
                *first_parts.entry(term.split_at(at + 1).0).or_default() += 1;
            }
        }
    }
    let compound = |kept: &str| {
        // The first part is taken with its hyphen.
        kept.find('-').is_some_and(|at| {
            let (first, rest) = kept.split_at(at + 1);
            first.chars().count() > COMPOUND_FIRST_PART_CHARS
                && rest.chars().count() >= COMPOUND_REST_CHARS
                && first_parts.get(first).is_some_and(|&uses| uses >= COMPOUND_FIRST_PART_USES)
                && dictionary.contains_key(rest)
        })
    };
    words.map(|(joined, kept)| !dictionary.contains_key(joined) && (dictionary.contains_key(kept) || compound(kept))).collect()
}

/// The id of `term` in a writer's dictionary, which it joins if it is new.
fn term_id(term_ids: &mut HashMap<String, u32>, postings: &mut Vec<TermPostings>, term: &str) -> u32 {
    if let Some(&id) = term_ids.get(term) {
        return id;
    }
    let id = postings.len() as u32;
    term_ids.insert(term.to_owned(), id);
    postings.push(TermPostings::default());
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Unit;

    fn doc(path: &str, pages: &[&str]) -> Document {
        let units = (1u32..)
            .zip(pages)
            .map(|(page, text)| Unit { page, start: 0, end: text.len() as u64, text: (*text).to_owned(), anchor: format!("page-{page}"), heading: String::new() })
            .collect();
        Document { path: path.into(), title: path.into(), units }
    }

    /// The postings as the writer made them before they were kept flat, one insertion at a
    /// time: what the flat postings must reproduce exactly.
    fn reference_terms(docs: &[Document]) -> Vec<(String, Vec<Posting>)> {
        fn add(postings: &mut HashMap<String, Vec<Posting>>, term: String, unit: u32, position: u32) {
            if term.len() > MAX_TERM_BYTES {
                return;
            }
            let list = postings.entry(term).or_default();
            let at = list.partition_point(|p| p.unit < unit);
            match list.get_mut(at) {
                Some(posting) if posting.unit == unit => {
                    let k = posting.positions.partition_point(|&p| p <= position);
                    posting.positions.insert(k, position);
                }
                _ => list.insert(at, Posting { unit, positions: vec![position] }),
            }
        }
        struct Hyphenated {
            unit: u32,
            position: u32,
            /// The word joined, then its parts.
            terms: Vec<String>,
            kept: String,
            /// The word on one line.
            unbroken: String,
        }
        let mut postings = HashMap::new();
        let mut hyphenated: Vec<Hyphenated> = Vec::new();
        for (unit, text) in (0u32..).zip(docs.iter().flat_map(|d| &d.units).map(|u| &u.text)) {
            // A compound's parts follow it at its position; the next word has the next.
            let mut last_hyphenated: Option<u32> = None;
            let mut last_two_alphabets: Option<u32> = None;
            analysis::for_each_token(text, |token| {
                if let Some(kept) = token.hyphenated {
                    let unbroken = analysis::on_one_line(&text[token.start..token.end]).into_owned();
                    if analysis::joins_two_alphabets(&text[token.start..token.end]) {
                        // Taken as it stands on one line, parts and all.
                        for part in analysis::tokenize(&unbroken) {
                            add(&mut postings, part.term, unit, token.position);
                        }
                        last_two_alphabets = Some(token.position);
                        return;
                    }
                    hyphenated.push(Hyphenated { unit, position: token.position, terms: vec![token.term], kept, unbroken });
                    last_hyphenated = Some(token.position);
                } else if last_hyphenated == Some(token.position) {
                    hyphenated.last_mut().unwrap().terms.push(token.term);
                } else if last_two_alphabets != Some(token.position) {
                    add(&mut postings, token.term, unit, token.position);
                }
            });
        }
        hyphenated.sort_by_key(|w| (w.unit, w.position));
        let keep = keeps_hyphen(hyphenated.iter().map(|w| (w.terms[0].as_str(), w.kept.as_str())), &postings);
        for (word, keep) in hyphenated.into_iter().zip(keep) {
            let terms = if keep { analysis::tokenize(&word.unbroken).into_iter().map(|t| t.term).collect() } else { word.terms };
            for term in terms {
                add(&mut postings, term, word.unit, word.position);
            }
        }
        let mut terms: Vec<(String, Vec<Posting>)> = postings.into_iter().collect();
        crate::sort::sort_by(&mut terms, |a, b| a.0.cmp(&b.0));
        terms
    }

    fn terms_of(docs: &[Document]) -> Vec<(String, Vec<Posting>)> {
        terms_of_contents(docs).terms
    }

    fn terms_of_contents(docs: &[Document]) -> Contents {
        let mut writer = IndexWriter::new();
        for d in docs {
            writer.add_document(d, &d.path);
        }
        writer.into_contents()
    }

    #[test]
    fn flat_postings_match_the_reference_on_the_real_corpus() {
        let corpus = crate::corpus::read_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"), None).unwrap();
        let terms = terms_of(&corpus.documents);
        assert!(terms.len() > 10_000, "the corpus was read: {} terms", terms.len());
        assert!(terms == reference_terms(&corpus.documents), "the postings differ from the reference");
    }

    #[test]
    fn line_hyphenated_words_match_the_reference_wherever_they_fall() {
        // Hyphenated across line ends in units before, between and after the other
        // occurrences of their forms, twice at one position ("а-а"), and as the only form.
        let docs = [
            doc("a.txt", &["іс-\nқимыл мен ис-\nпользования", "іс-қимыл іс қимыл", "а-\nа бір-\nбір"]),
            doc("b.txt", &["использования іс-\nқимыл", "сөз", "қимыл іс-\nқимыл а-а бір-бір", "жаңа-\nсөз"]),
        ];
        assert_eq!(terms_of(&docs), reference_terms(&docs));
    }

    #[test]
    fn a_word_kept_hyphenated_is_stored_on_one_line() {
        let docs = [
            doc("a.txt", &["іс-\n  қимыл мен ис-\nпользования, жылдан- \r\nжылға", "бір-\nбір"]),
            doc("b.txt", &["іс-қимыл, использования, жылдан-жылға бір-бір", "соңғы бет"]),
        ];
        let contents = terms_of_contents(&docs);
        let texts: Vec<&str> = contents.units.iter().map(|u| &contents.text[u.text.clone()]).collect();
        // Joined words keep their line break, which snippets join.
        assert_eq!(texts, ["іс-қимыл мен ис-\nпользования, жылдан-жылға", "бір-бір", "іс-қимыл, использования, жылдан-жылға бір-бір", "соңғы бет"]);
        let positions = |term: &str| contents.terms.iter().find(|(t, _)| t == term).map(|(_, list)| list.iter().map(|p| (p.unit, p.positions.clone())).collect::<Vec<_>>());
        assert_eq!(positions("іс-қимыл"), Some(vec![(0, vec![0]), (2, vec![0])]));
        assert_eq!(positions("қимыл"), Some(vec![(0, vec![0]), (2, vec![0])]));
        assert_eq!(positions("жылға"), Some(vec![(0, vec![3]), (2, vec![2])]));
        assert_eq!(positions("использования"), Some(vec![(0, vec![2]), (2, vec![1])]));
        assert_eq!(positions("ис"), None);
    }

    #[test]
    fn a_word_joining_two_alphabets_at_a_line_end_is_a_compound() {
        let docs = [
            doc("a.txt", &["IT-\nинструментов және PR-\n  кампании, бo-\nлып", "онлайн-\nформате"]),
            doc("b.txt", &["онлайн-сервис, онлайн-платформы, long-\nформате"]),
        ];
        let contents = terms_of_contents(&docs);
        let texts: Vec<&str> = contents.units.iter().map(|u| &contents.text[u.text.clone()]).collect();
        // бo (a Latin o) is one alphabet once folded: a word split into syllables. формате,
        // a word only as a part of long-формате, makes онлайн-формате a compound too.
        assert_eq!(texts, ["IT-инструментов және PR-кампании, бo-\nлып", "онлайн-формате", "онлайн-сервис, онлайн-платформы, long-формате"]);
        let has = |term: &str| contents.terms.iter().any(|(t, _)| t == term);
        for term in ["it-инструментов", "it", "инструментов", "pr-кампании", "pr", "кампании", "болып", "long-формате", "формате", "онлайн-формате"] {
            assert!(has(term), "{term}");
        }
        assert!(!has("itинструментов") && !has("prкампании") && !has("longформате") && !has("онлайнформате"));
        assert!(contents.terms == reference_terms(&docs));
    }

    #[test]
    fn a_word_whose_first_part_begins_other_compounds_keeps_its_hyphen() {
        let docs = [
            doc("a.txt", &["онлайн-\nформате және жан-\nды, бағыт-\nтау", "про-\nблемы онлайн-\nдым онлайн-\nмен"]),
            doc("b.txt", &["онлайн-сервис, онлайн-платформы, формате", "жан-жақты жан-жануар ды", "бағыт-бағдар тау", "про-\nблема про-тив блемы мен"]),
        ];
        let contents = terms_of_contents(&docs);
        let texts: Vec<&str> = contents.units.iter().map(|u| &contents.text[u.text.clone()]).collect();
        // онлайн begins two compounds and формате is a word; жан is too short to tell from a
        // syllable, бағыт begins one compound, дым is no word and мен too short to tell
        // from an ending.
        assert_eq!(texts[..2], ["онлайн-формате және жан-\nды, бағыт-\nтау", "про-\nблемы онлайн-\nдым онлайн-\nмен"]);
        let has = |term: &str| contents.terms.iter().any(|(t, _)| t == term);
        assert!(has("онлайн-формате") && has("жанды") && has("бағыттау") && has("проблемы") && has("онлайндым") && has("онлайнмен"));
        assert!(!has("онлайнформате") && !has("жан-ды") && !has("бағыт-тау") && !has("онлайн-дым") && !has("онлайн-мен"));
        assert!(contents.terms == reference_terms(&docs));
    }

    #[test]
    fn analysed_elsewhere_or_added_directly_gives_the_same_index() {
        let docs = [
            doc("a.txt", &["Құқықтық мемлекет іс-\nқимыл", "закон и право, закон"]),
            doc("b.txt", &["іс-қимыл және ис-\nпользования", "использования 12 закон"]),
            doc("c.txt", &["ЗАКОН Закон закон құқықтық", "мемлекет және право"]),
            doc("d.txt", &["Право, закон и мемлекет", "жаңа сөз Құқықтық"]),
        ];
        let mut direct = IndexWriter::new();
        let mut analysed = IndexWriter::new();
        // Two analyzers, as two reading threads, each numbering the terms of its documents:
        // most of them met before, in a document of its own or of the other.
        let mut analyzers = [Analyzer::new(), Analyzer::new()];
        for (d, k) in docs.iter().zip([0, 1, 1, 0]) {
            direct.add_document(d, &d.path);
            analysed.add_analyzed(analyzers[k].analyze(d.clone()), &d.path);
        }
        let direct = direct.into_contents();
        assert_eq!(direct, analysed.into_contents());
        assert!(direct.terms == reference_terms(&docs));
    }

    #[test]
    #[should_panic(expected = "in the order it analysed them")]
    fn an_analyzers_documents_added_out_of_order_are_refused() {
        let mut analyzer = Analyzer::new();
        let first = analyzer.analyze(doc("a.txt", &["закон"]));
        let second = analyzer.analyze(doc("b.txt", &["право"]));
        let mut writer = IndexWriter::new();
        writer.add_analyzed(second, "b.txt");
        writer.add_analyzed(first, "a.txt");
    }

    #[test]
    fn late_occurrences_fall_between_units_and_after_equal_positions() {
        let mut postings = TermPostings::default();
        // Unit 1 at positions 2 and 5, unit 4 at position 0.
        postings.append(&[1, 2, 2, 5, 4, 1, 0], 0);
        postings.late = vec![(0, 7), (1, 2), (1, 9), (2, 1), (2, 3), (6, 0)];
        let got: Vec<(u32, Vec<u32>)> = postings.into_postings().into_iter().map(|p| (p.unit, p.positions)).collect();
        assert_eq!(got, [(0, vec![7]), (1, vec![2, 2, 5, 9]), (2, vec![1, 3]), (4, vec![0]), (6, vec![0])]);
    }
}
