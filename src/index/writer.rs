//! Building an index from documents.

use std::collections::HashMap;

use super::format::{self, Contents, DocRecord, Posting, UnitRecord};
use crate::analysis;
use crate::corpus::Document;

/// Collects documents, then writes the index bytes.
#[derive(Debug, Default)]
pub struct IndexWriter {
    contents: Contents,
    postings: HashMap<String, Vec<Posting>>,
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
            analysis::for_each_token(&unit.text, |token| {
                tokens = tokens.max(token.position + 1);
                let list = self.postings.entry(token.term).or_default();
                match list.last_mut() {
                    Some(last) if last.unit == unit_id => last.positions.push(token.position),
                    _ => list.push(Posting { unit: unit_id, positions: vec![token.position] }),
                }
            });
            let text_start = self.contents.text.len();
            self.contents.text.push_str(&unit.text);
            self.contents.units.push(UnitRecord {
                doc: doc_id,
                page: unit.page,
                start: unit.start,
                end: unit.end,
                tokens,
                anchor: unit.anchor.clone(),
                text: text_start..self.contents.text.len(),
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
        let mut terms: Vec<(String, Vec<Posting>)> = self.postings.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.contents.terms = terms;
        self.contents
    }

    pub fn finish(self) -> Vec<u8> {
        format::write(&self.into_contents())
    }
}
