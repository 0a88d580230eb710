//! Building an index from documents.

use std::collections::HashMap;

use super::format::{self, Contents, DocRecord, Posting, UnitRecord};
use crate::analysis;
use crate::corpus::Document;

/// Longest term indexed, in bytes (a word of 128 Cyrillic letters). A longer "word" — a
/// line of base64, one letter repeated for 50 MB — is no word anyone types (queries are
/// cut at 512 characters), and the fst builder holds a node per byte of its longest key.
pub const MAX_TERM_BYTES: usize = 256;

/// Collects documents, then writes the index bytes.
#[derive(Debug, Default)]
pub struct IndexWriter {
    contents: Contents,
    postings: HashMap<String, Vec<Posting>>,
    /// Words hyphenated across a line end, decided once the whole corpus is read:
    /// (unit, position, joined form, form with the hyphen kept).
    line_hyphenated: Vec<(u32, u32, String, String)>,
}

impl IndexWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `doc`, whose page is at `url` (relative to the search page).
    pub fn add_document(&mut self, doc: &Document, url: &str) {
        let doc_id = self.contents.docs.len() as u32;
        self.contents.docs.push(DocRecord { path: doc.path.clone(), title: doc.title.clone(), url: url.to_owned() });
        for unit in &doc.units {
            let unit_id = self.contents.units.len() as u32;
            let mut tokens = 0u32;
            let mut scripts = analysis::language::ScriptCounts::default();
            analysis::for_each_token(&unit.text, |token| {
                tokens = tokens.max(token.position + 1);
                scripts.add(&token.term);
                match token.hyphenated {
                    Some(kept) => self.line_hyphenated.push((unit_id, token.position, token.term, kept)),
                    None => add_posting(&mut self.postings, token.term, unit_id, token.position),
                }
            });
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
                lang: scripts.language(),
            });
            self.contents.total_tokens += tokens as u64;
        }
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

    /// Everything the index will hold, terms sorted: the same writer always gives the
    /// same bytes.
    pub fn into_contents(mut self) -> Contents {
        self.resolve_line_hyphenation();
        let mut terms: Vec<(String, Vec<Posting>)> = self.postings.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.contents.terms = terms;
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
        // Postings must stay in unit order, and positions ascending within a unit.
        words.sort_by_key(|w| (w.0, w.1));
        let keep: Vec<bool> = words
            .iter()
            .map(|(_, _, joined, kept)| !self.postings.contains_key(joined) && self.postings.contains_key(kept))
            .collect();
        for ((unit, position, joined, kept), keep) in words.into_iter().zip(keep) {
            if keep {
                for part in kept.split('-').filter(|p| !p.is_empty()) {
                    add_posting(&mut self.postings, part.to_owned(), unit, position);
                }
                add_posting(&mut self.postings, kept, unit, position);
            } else {
                add_posting(&mut self.postings, joined, unit, position);
            }
        }
    }
}

/// Adds an occurrence, keeping units and positions in ascending order.
fn add_posting(postings: &mut HashMap<String, Vec<Posting>>, term: String, unit: u32, position: u32) {
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
