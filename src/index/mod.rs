//! The index: built by [`IndexWriter`], stored by [`mod@format`], read by [`Index`].

pub mod chunks;
mod crc32;
pub mod format;
pub mod parallel;
pub mod rebuild;
mod writer;

pub use format::{DocRecord, FormatError, Posting, PostingList, UnitRecord};
pub use writer::{AnalyzedDocument, Analyzer, IndexWriter, MAX_TERM_BYTES};

/// A read-only index over its bytes: a file read into memory, or bytes fetched by a page.
///
/// Opening checks the header, the checksum and the tables; postings are decoded when a
/// query needs them.
///
/// ```
/// use izdeu::corpus::{Document, Unit};
/// use izdeu::index::{Index, IndexWriter};
///
/// let mut writer = IndexWriter::new();
/// writer.add_document(&Document {
///     path: "law.txt".into(),
///     title: "Заң".into(),
///     units: vec![Unit { page: 1, start: 0, end: 19, text: "Заң және құқық".into(), anchor: "page-1".into(), heading: String::new() }],
/// }, "docs/law.txt.html");
/// let bytes = writer.finish();
/// let index = Index::open(&bytes[..]).unwrap();
/// assert_eq!(index.units().len(), 1);
/// assert!(index.terms().get("құқық").is_some());
/// ```
#[derive(Debug, Clone)]
pub struct Index<D> {
    data: D,
    layout: format::Layout,
}

impl<D: AsRef<[u8]>> Index<D> {
    pub fn open(data: D) -> Result<Self, FormatError> {
        let layout = format::read(data.as_ref())?;
        Ok(Index { data, layout })
    }

    /// The term dictionary: term → offset of its postings.
    pub fn terms(&self) -> fst::Map<&[u8]> {
        fst::Map::new(&self.data.as_ref()[self.layout.terms.clone()]).expect("the fst was validated when the index was opened")
    }

    /// The postings of the term whose dictionary value is `offset`.
    pub fn postings(&self, offset: u64) -> Result<Vec<Posting>, FormatError> {
        self.posting_list(offset).map(Vec::from)
    }

    /// The same postings, read as a search reads them.
    pub fn posting_list(&self, offset: u64) -> Result<PostingList, FormatError> {
        format::postings(self.postings_section(), offset, self.layout.units.len())
    }

    /// In how many units the term whose dictionary value is `offset` occurs.
    pub fn unit_frequency(&self, offset: u64) -> Result<u64, FormatError> {
        format::document_frequency(self.postings_section(), offset)
    }

    pub fn docs(&self) -> &[DocRecord] {
        &self.layout.docs
    }

    pub fn units(&self) -> &[UnitRecord] {
        &self.layout.units
    }

    pub fn total_tokens(&self) -> u64 {
        self.layout.total_tokens
    }

    /// The text of unit `unit` (empty for an id out of range).
    pub fn unit_text(&self, unit: u32) -> &str {
        let Some(record) = self.layout.units.get(unit as usize) else { return "" };
        let start = self.layout.text_start;
        self.layout.text.get(record.text.start - start..record.text.end - start).unwrap_or("")
    }

    /// The size of the index in bytes.
    pub fn byte_len(&self) -> usize {
        self.data.as_ref().len()
    }

    /// The CRC-32 of the index body, from the header (verified when the index was opened):
    /// with [`byte_len`](Self::byte_len), what `izdeu-manifest.js` says the page should load.
    pub fn checksum(&self) -> u32 {
        format::header_checksum(self.data.as_ref()).unwrap_or(0)
    }

    fn postings_section(&self) -> &[u8] {
        &self.data.as_ref()[self.layout.postings.clone()]
    }
}
