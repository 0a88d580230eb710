//! Building an index from documents.

use std::collections::HashMap;

use super::format::{self, Contents, DocRecord, Posting, UnitRecord};
use crate::analysis::{self, language::Lang};
use crate::corpus::Document;

/// Longest term indexed, in bytes (a word of 128 Cyrillic letters). A longer "word" — a
/// line of base64, one letter repeated for 50 MB — is no word anyone types (queries are
/// cut at 512 characters), and the fst builder holds a node per byte of its longest key.
pub const MAX_TERM_BYTES: usize = 256;

/// Collects documents, then writes the index bytes.
///
/// Documents are analysed ([`AnalyzedDocument`], any thread) and then merged in the order
/// they are added: [`add_document`](Self::add_document) does both, and gives the same
/// index as analysing on other threads and merging with [`add_analyzed`](Self::add_analyzed).
#[derive(Debug, Default)]
pub struct IndexWriter {
    contents: Contents,
    postings: HashMap<String, TermPostings>,
    /// Words hyphenated across a line end, decided once the whole corpus is read.
    line_hyphenated: Vec<LineHyphenated>,
}

/// A document with its words grouped by term, units numbered from 0 within it: the part
/// of indexing that needs no other document, so that threads can do it side by side.
#[derive(Debug)]
pub struct AnalyzedDocument {
    document: Document,
    analysis: Analysis,
}

impl AnalyzedDocument {
    pub fn new(document: Document) -> Self {
        let analysis = Analysis::of(&document);
        AnalyzedDocument { document, analysis }
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The language of each unit, detected from its words as the index stores it.
    pub fn languages(&self) -> Vec<Lang> {
        self.analysis.units.iter().map(|&(_, lang)| lang).collect()
    }
}

/// A document's occurrences grouped by term, in few allocations whatever its length, so
/// that merging it is one dictionary lookup and one copy per term.
#[derive(Debug, Default)]
struct Analysis {
    /// Per unit: its token count and detected language.
    units: Vec<(u32, Lang)>,
    /// The document's distinct terms, concatenated; term `i` ends at `term_ends[i]`.
    terms: String,
    term_ends: Vec<usize>,
    /// Term `i`'s postings as [runs](TermPostings::runs), units counted from the
    /// document's first, ending at `run_ends[i]`.
    runs: Vec<u32>,
    run_ends: Vec<usize>,
    line_hyphenated: Vec<LineHyphenated>,
}

/// A word hyphenated across a line end (`ис-\nпользования`), as the tokenizer gave it.
#[derive(Debug)]
struct LineHyphenated {
    unit: u32,
    position: u32,
    joined: String,
    kept: String,
}

impl Analysis {
    fn of(doc: &Document) -> Analysis {
        let mut out = Analysis::default();
        let mut by_term: HashMap<String, TermPostings> = HashMap::new();
        for (unit_id, unit) in (0u32..).zip(&doc.units) {
            let mut tokens = 0u32;
            let mut scripts = analysis::language::ScriptCounts::default();
            analysis::for_each_token(&unit.text, |token| {
                tokens = tokens.max(token.position + 1);
                scripts.add(&token.term);
                match token.hyphenated {
                    Some(kept) => out.line_hyphenated.push(LineHyphenated { unit: unit_id, position: token.position, joined: token.term, kept }),
                    None if token.term.len() <= MAX_TERM_BYTES => by_term.entry(token.term).or_default().push(unit_id, token.position),
                    None => {}
                }
            });
            out.units.push((tokens, scripts.language()));
        }
        for (term, postings) in by_term {
            out.terms.push_str(&term);
            out.term_ends.push(out.terms.len());
            out.runs.extend_from_slice(&postings.runs);
            out.run_ends.push(out.runs.len());
        }
        out
    }

    /// Each term with its runs.
    fn terms(&self) -> impl Iterator<Item = (&str, &[u32])> {
        let term_starts = std::iter::once(0).chain(self.term_ends.iter().copied());
        let run_starts = std::iter::once(0).chain(self.run_ends.iter().copied());
        let terms = term_starts.zip(&self.term_ends).map(|(start, &end)| &self.terms[start..end]);
        let runs = run_starts.zip(&self.run_ends).map(|(start, &end)| &self.runs[start..end]);
        terms.zip(runs)
    }
}

/// One term's occurrences, in one vector however many units it occurs in (one vector
/// per unit would be millions of allocations for a large corpus).
#[derive(Debug, Default)]
struct TermPostings {
    /// Per unit, ascending: the unit, the number of positions, the positions ascending.
    runs: Vec<u32>,
    /// Where the count of the last run is in `runs`.
    last_count: usize,
    /// Occurrences added after the corpus was read (words hyphenated across a line end),
    /// in (unit, position) order: they may fall between the runs.
    late: Vec<(u32, u32)>,
}

impl TermPostings {
    /// Appends an occurrence while one document is analysed: in the last unit or a later
    /// one, at or after its last position (the tokenizer emits positions in order).
    fn push(&mut self, unit: u32, position: u32) {
        let in_last_unit = self.last_count > 0 && self.runs[self.last_count - 1] == unit;
        if !in_last_unit {
            self.runs.extend_from_slice(&[unit, 0]);
            self.last_count = self.runs.len() - 1;
        }
        self.runs[self.last_count] += 1;
        self.runs.push(position);
    }

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
        let mut out: Vec<Posting> = Vec::new();
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
        self.merge(doc, Analysis::of(doc), url);
    }

    /// Adds a document analysed beforehand (on another thread), whose page is at `url`.
    pub fn add_analyzed(&mut self, analyzed: AnalyzedDocument, url: &str) {
        self.merge(&analyzed.document, analyzed.analysis, url);
    }

    fn merge(&mut self, doc: &Document, analysis: Analysis, url: &str) {
        let doc_id = self.contents.docs.len() as u32;
        let first_unit = self.contents.units.len() as u32;
        self.contents.docs.push(DocRecord { path: doc.path.clone(), title: doc.title.clone(), url: url.to_owned() });
        for (unit, &(tokens, lang)) in doc.units.iter().zip(&analysis.units) {
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
            });
            self.contents.total_tokens += tokens as u64;
        }
        for (term, runs) in analysis.terms() {
            match self.postings.get_mut(term) {
                Some(postings) => postings.append(runs, first_unit),
                None => {
                    let mut postings = TermPostings::default();
                    postings.append(runs, first_unit);
                    self.postings.insert(term.to_owned(), postings);
                }
            }
        }
        self.line_hyphenated.extend(
            analysis.line_hyphenated.into_iter().map(|word| LineHyphenated { unit: word.unit + first_unit, ..word }),
        );
    }

    pub fn doc_count(&self) -> usize {
        self.contents.docs.len()
    }

    pub fn unit_count(&self) -> usize {
        self.contents.units.len()
    }

    pub fn term_count(&self) -> usize {
        self.postings.len()
    }

    /// The index without terms and postings: the documents, units and texts added so far,
    /// which later documents do not change. Once every document is added, the bytes
    /// [`rebuild::documents_only`](super::rebuild::documents_only) takes from the finished
    /// index, ready before the dictionary is sorted.
    pub fn documents_only(&self) -> Vec<u8> {
        // The terms are only filled by `into_contents`.
        format::write(&self.contents)
    }

    /// Everything the index will hold, terms sorted: the same writer always gives the
    /// same bytes.
    pub fn into_contents(mut self) -> Contents {
        self.resolve_line_hyphenation();
        let mut terms: Vec<(String, TermPostings)> = self.postings.into_iter().collect();
        crate::sort::sort_by(&mut terms, |a, b| a.0.cmp(&b.0));
        // Term by term, so each term's flat postings are freed as its list is made.
        self.contents.terms = terms.into_iter().map(|(term, postings)| (term, postings.into_postings())).collect();
        self.contents
    }

    pub fn finish(self) -> Vec<u8> {
        format::write(&self.into_contents())
    }

    /// A word hyphenated across a line end is joined (`ис-\nпользования`), unless only the
    /// hyphenated form stands elsewhere in the corpus (`іс-\nқимыл` → `іс-қимыл`, with its
    /// parts). Snippets decide the same way from the finished dictionary.
    fn resolve_line_hyphenation(&mut self) {
        let mut words = std::mem::take(&mut self.line_hyphenated);
        // Late occurrences must come in unit order, and positions ascending within a unit.
        crate::sort::sort_by(&mut words, |a, b| (a.unit, a.position).cmp(&(b.unit, b.position)));
        // Decided on the dictionary as read, before any of these words joins it.
        let keep: Vec<bool> =
            words.iter().map(|w| !self.postings.contains_key(&w.joined) && self.postings.contains_key(&w.kept)).collect();
        for (word, keep) in words.into_iter().zip(keep) {
            if keep {
                for part in word.kept.split('-').filter(|p| !p.is_empty()) {
                    self.add_late(part.to_owned(), word.unit, word.position);
                }
                self.add_late(word.kept, word.unit, word.position);
            } else {
                self.add_late(word.joined, word.unit, word.position);
            }
        }
    }

    fn add_late(&mut self, term: String, unit: u32, position: u32) {
        if term.len() <= MAX_TERM_BYTES {
            self.postings.entry(term).or_default().late.push((unit, position));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Unit;

    fn doc(path: &str, pages: &[&str]) -> Document {
        let units = (1u32..)
            .zip(pages)
            .map(|(page, text)| Unit { page, start: 0, end: text.len() as u64, text: (*text).to_owned(), anchor: format!("page-{page}") })
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
        let mut postings = HashMap::new();
        let mut hyphenated = Vec::new();
        for (unit, text) in (0u32..).zip(docs.iter().flat_map(|d| &d.units).map(|u| &u.text)) {
            analysis::for_each_token(text, |token| match token.hyphenated {
                Some(kept) => hyphenated.push((unit, token.position, token.term, kept)),
                None => add(&mut postings, token.term, unit, token.position),
            });
        }
        hyphenated.sort_by_key(|w| (w.0, w.1));
        let keep: Vec<bool> = hyphenated.iter().map(|(_, _, joined, kept)| !postings.contains_key(joined) && postings.contains_key(kept)).collect();
        for ((unit, position, joined, kept), keep) in hyphenated.into_iter().zip(keep) {
            if keep {
                for part in kept.split('-').filter(|p| !p.is_empty()) {
                    add(&mut postings, part.to_owned(), unit, position);
                }
                add(&mut postings, kept, unit, position);
            } else {
                add(&mut postings, joined, unit, position);
            }
        }
        let mut terms: Vec<(String, Vec<Posting>)> = postings.into_iter().collect();
        crate::sort::sort_by(&mut terms, |a, b| a.0.cmp(&b.0));
        terms
    }

    fn terms_of(docs: &[Document]) -> Vec<(String, Vec<Posting>)> {
        let mut writer = IndexWriter::new();
        for d in docs {
            writer.add_document(d, &d.path);
        }
        writer.into_contents().terms
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
    fn analysed_elsewhere_or_added_directly_gives_the_same_index() {
        let docs = [
            doc("a.txt", &["Құқықтық мемлекет іс-\nқимыл", "закон и право, закон"]),
            doc("b.txt", &["іс-қимыл және ис-\nпользования", "использования 12 закон"]),
        ];
        let mut direct = IndexWriter::new();
        let mut analysed = IndexWriter::new();
        for d in &docs {
            direct.add_document(d, &d.path);
            analysed.add_analyzed(AnalyzedDocument::new(d.clone()), &d.path);
        }
        assert_eq!(direct.into_contents(), analysed.into_contents());
    }

    #[test]
    fn late_occurrences_fall_between_units_and_after_equal_positions() {
        let mut postings = TermPostings::default();
        postings.push(1, 2);
        postings.push(1, 5);
        postings.push(4, 0);
        postings.late = vec![(0, 7), (1, 2), (1, 9), (2, 1), (2, 3), (6, 0)];
        let got: Vec<(u32, Vec<u32>)> = postings.into_postings().into_iter().map(|p| (p.unit, p.positions)).collect();
        assert_eq!(got, [(0, vec![7]), (1, vec![2, 2, 5, 9]), (2, vec![1, 3]), (4, vec![0]), (6, vec![0])]);
    }
}
