//! An index without what can be derived, and the index rebuilt from it.
//!
//! `offline.html` carries the documents, their units and the units' texts — what no code
//! can derive — and the page rebuilds the term dictionary and the postings with the same
//! [`IndexWriter`] that `izdeu build` ran: the writer derives postings, line-end
//! hyphenation and unit languages from the texts alone, so the rebuilt index is
//! byte-identical to the one built from the corpus (`tests/rebuild.rs` proves it on
//! `corpus/`).
//!
//! Rebuilt in wasm, the term dictionary holds the same terms and values in other bytes:
//! the fst builder's node cache hashes into buckets by `usize`, 32 bits there. The
//! browser tests compare the offline page's answers with those of the built index.

use super::format::{self, Contents, FormatError, UnitRecord};
use super::{Index, IndexWriter};
use crate::corpus::Document;

/// The index with an empty term dictionary and no postings: documents, units and their
/// texts. It is an index file itself, so [`Index::open`] checks it like any other.
pub fn documents_only<D: AsRef<[u8]>>(index: &Index<D>) -> Vec<u8> {
    let mut text = String::new();
    let units = (0u32..)
        .zip(index.units())
        .map(|(id, unit)| {
            let start = text.len();
            text.push_str(index.unit_text(id));
            UnitRecord { text: start..text.len(), ..unit.clone() }
        })
        .collect();
    format::write(&Contents { docs: index.docs().to_vec(), units, text, total_tokens: index.total_tokens(), terms: Vec::new() })
}

/// The full index that `index`'s documents and units give: for the output of
/// [`documents_only`], the very bytes it was taken from.
pub fn rebuild<D: AsRef<[u8]>>(index: &Index<D>) -> Result<Vec<u8>, FormatError> {
    let mut writer = IndexWriter::new();
    let mut units = (0u32..).zip(index.units()).peekable();
    for (doc_id, doc) in (0u32..).zip(index.docs()) {
        let mut document = Document { path: doc.path.clone(), title: doc.title.clone(), units: Vec::new() };
        while let Some((id, unit)) = units.next_if(|(_, unit)| unit.doc == doc_id) {
            document.units.push(unit.unit(index.unit_text(id)));
        }
        writer.add_document(&document, &doc.url);
    }
    // The writer numbers units document by document: units stored in another order
    // cannot have come from it.
    if units.next().is_some() {
        return Err(FormatError::Corrupt { section: "UNITS", what: "units are not in document order" });
    }
    Ok(writer.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Unit;

    fn unit(page: u32, text: &str) -> Unit {
        Unit { page, start: 0, end: text.len() as u64, text: text.into(), anchor: format!("page-{page}"), heading: String::new() }
    }

    fn index_of(docs: &[Document]) -> Vec<u8> {
        let mut writer = IndexWriter::new();
        for doc in docs {
            writer.add_document(doc, &format!("docs/{}.html", doc.path));
        }
        writer.finish()
    }

    #[test]
    fn documents_only_keeps_documents_units_and_texts() {
        let docs = [
            Document { path: "a.txt".into(), title: "Заң".into(), units: vec![unit(1, "Заң және құқық"), unit(2, "іс-\nқимыл")] },
            Document { path: "b.txt".into(), title: "Law".into(), units: vec![] },
            Document { path: "c.txt".into(), title: "Закон".into(), units: vec![unit(1, "ис-\nпользования закона")] },
        ];
        let bytes = index_of(&docs);
        let full = Index::open(&bytes[..]).unwrap();
        let mut writer = IndexWriter::new();
        for doc in &docs {
            writer.add_document(doc, &format!("docs/{}.html", doc.path));
        }
        // What `izdeu build` gives offline.html before the dictionary is sorted.
        assert_eq!(format::write(&writer.documents()), documents_only(&full));
        let stripped = Index::open(documents_only(&full)).unwrap();
        assert_eq!(stripped.terms().len(), 0);
        assert_eq!(stripped.docs(), full.docs());
        assert_eq!(stripped.total_tokens(), full.total_tokens());
        assert_eq!(stripped.units().len(), 3);
        for (id, (a, b)) in (0u32..).zip(stripped.units().iter().zip(full.units())) {
            assert_eq!((a.doc, a.page, a.start, a.end, a.tokens, &a.anchor, a.lang), (b.doc, b.page, b.start, b.end, b.tokens, &b.anchor, b.lang));
            assert_eq!(stripped.unit_text(id), full.unit_text(id));
        }
        // A document without units keeps its place, and hyphenation is decided as before.
        assert_eq!(rebuild(&stripped).unwrap(), bytes);
    }

    #[test]
    fn units_out_of_document_order_are_refused() {
        let docs = [
            Document { path: "a.txt".into(), title: "A".into(), units: vec![unit(1, "бір")] },
            Document { path: "b.txt".into(), title: "B".into(), units: vec![unit(1, "екі")] },
        ];
        let index = Index::open(index_of(&docs)).unwrap();
        let mut contents = Contents {
            docs: index.docs().to_vec(),
            units: index.units().to_vec(),
            text: String::new(),
            total_tokens: index.total_tokens(),
            terms: Vec::new(),
        };
        // The second document's unit first.
        contents.units.reverse();
        for (id, unit) in contents.units.iter_mut().enumerate() {
            let start = contents.text.len();
            contents.text.push_str(["екі", "бір"][id]);
            unit.text = start..contents.text.len();
        }
        let shuffled = Index::open(format::write(&contents)).unwrap();
        assert_eq!(rebuild(&shuffled), Err(FormatError::Corrupt { section: "UNITS", what: "units are not in document order" }));
    }
}
