//! The index file format: the one place that writes and reads it.
//!
//! ```text
//! offset  size     field
//! ------  -------  ------------------------------------------------------------
//!      0        8  magic bytes  "IZDEU\0ix"
//!      8        4  format version, u32 LE (FORMAT_VERSION)
//!     12        4  section count N, u32 LE
//!     16        8  body length in bytes, u64 LE (the file is 32 + body length long)
//!     24        4  CRC-32 (IEEE) of the body
//!     28        4  reserved, 0
//!     32    20 N   body: section table, N × { kind u32, offset u64, length u64 },
//!                  offsets counted from the start of the body
//!      …           body: the sections
//!
//! section   content
//! -------   ---------------------------------------------------------------------
//! STATS     varints: documents, units, total tokens
//! DOCS      per document: path, title, url (each a varint length + UTF-8 bytes)
//! UNITS     per unit: varints doc, page, start, end, token count, text length;
//!           then the anchor (varint length + UTF-8). The unit's text is the next
//!           `text length` bytes of TEXT.
//! TEXT      the units' texts, concatenated, UTF-8 (composed; a word kept hyphenated
//!           across a line end stands on one line)
//! TERMS     an `fst::Map`: term → byte offset of its postings in POSTINGS
//! POSTINGS  per term: varint unit count; per unit: varint unit delta (from the
//!           previous unit, the first from 0), varint term frequency, then that many
//!           varint position deltas
//! LANGS     optional: one byte per unit, its detected language (0 unknown, 1 kk, 2 ru,
//!           3 en; see [`Lang`]). Older version-1 files lack it: their units read as
//!           unknown. A reader skips sections it does not know, so optional sections are
//!           added without a new format version.
//! HEADINGS  optional: the headings units fall under (see [`UnitRecord::heading`]):
//!           varint heading count H, H strings (varint length + UTF-8: the heading of
//!           each run of units under one), then per unit a varint, 0 for no heading or
//!           k for the k-th string. Older files lack it: their units fall under no heading.
//! SPLIT     only in the directory of a chunked index (meta.idx): see [`super::chunks`].
//!           Kind 11; kinds 8, 9 and 10 held its older forms and are refused
//!           ([`FormatError::Older`]).
//! ```
//!
//! Everything is read with bounds checks: a truncated or corrupt file gives a
//! [`FormatError`], never a panic or an allocation sized by a number in the file.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

pub use crate::analysis::language::Lang;
use crate::corpus::Unit;

/// The first bytes of every index file.
pub const MAGIC: [u8; 8] = *b"IZDEU\0ix";
/// The format version this code writes and reads.
pub const FORMAT_VERSION: u32 = 1;
const HEADER_LEN: usize = 32;
const SECTION_ENTRY_LEN: usize = 20;

/// Section kinds, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Section {
    Stats = 1,
    Docs = 2,
    Units = 3,
    Text = 4,
    Terms = 5,
    Postings = 6,
    /// Optional: the language of each unit.
    Langs = 7,
    /// The directory of a chunked index as izdeu wrote it before its dictionary shards
    /// were front-coded term lists (they were fsts): recognized only to be refused.
    FstShardsSplit = 8,
    /// The directory of a chunked index as izdeu wrote it when it listed only the first
    /// letters of each shard's sound keys: recognized only to be refused.
    FirstSoundLettersSplit = 9,
    /// The directory of a chunked index as izdeu wrote it when it named each chunk by its
    /// own CRC-32 and cut texts at whole units: recognized only to be refused.
    CrcNamedSplit = 10,
    /// Only in the directory of a chunked index: its shards and chunks ([`super::chunks`]).
    Split = 11,
    /// Optional: the heading each unit falls under.
    Headings = 12,
}

/// The kinds of SPLIT section a chunked index's directory has held, the current last.
const SPLITS: [Section; 4] = [Section::FstShardsSplit, Section::FirstSoundLettersSplit, Section::CrcNamedSplit, Section::Split];

const SECTIONS: [Section; 12] = [
    Section::Stats,
    Section::Docs,
    Section::Units,
    Section::Text,
    Section::Terms,
    Section::Postings,
    Section::Langs,
    Section::FstShardsSplit,
    Section::FirstSoundLettersSplit,
    Section::CrcNamedSplit,
    Section::Split,
    Section::Headings,
];

/// What is wrong with bytes that should be an index, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Shorter than the header.
    TooShort { len: usize },
    /// The magic bytes are not there: some other file.
    NotAnIndex,
    /// Written by another version of the format.
    UnsupportedVersion { found: u32 },
    /// The length in the header does not match the bytes at hand.
    Truncated { expected: u64, found: u64 },
    /// The checksum does not match: the bytes changed after they were written.
    ChecksumMismatch { expected: u32, found: u32 },
    /// A structure inside is inconsistent: the file is damaged, or was not written by izdeu.
    Corrupt { section: &'static str, what: &'static str },
    /// Written by an older izdeu in a form this one no longer reads (the format version
    /// stays when only one kind of file changed).
    Older { what: &'static str },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REBUILD: &str = "rebuild it with `izdeu build`";
        match self {
            FormatError::TooShort { len } => write!(f, "not an izdeu index: {len} bytes is shorter than the {HEADER_LEN}-byte header; {REBUILD}"),
            FormatError::NotAnIndex => write!(f, "not an izdeu index (the file does not start with the izdeu magic bytes): pass the izdeu.idx that `izdeu build` wrote"),
            FormatError::UnsupportedVersion { found } => write!(f, "index format version {found} is not supported (this izdeu reads version {FORMAT_VERSION}): {REBUILD}, or use the izdeu that wrote it"),
            FormatError::Truncated { expected, found } => write!(f, "index is truncated: the header says {expected} bytes, {found} are here (an interrupted copy or download?); copy it again or {REBUILD}"),
            FormatError::ChecksumMismatch { expected, found } => write!(f, "index is corrupt: checksum {found:08x} does not match {expected:08x} in the header; copy it again or {REBUILD}"),
            FormatError::Corrupt { section, what } => write!(f, "index is corrupt ({section} section: {what}); {REBUILD}"),
            FormatError::Older { what } => write!(f, "{what} was written by an older izdeu, in a form this one does not read: {REBUILD}, or use the izdeu that wrote it"),
        }
    }
}

impl std::error::Error for FormatError {}

/// A document as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRecord {
    pub path: String,
    pub title: String,
    pub url: String,
}

/// A unit as stored, with the range of its text in the TEXT section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRecord {
    pub doc: u32,
    pub page: u32,
    pub start: u64,
    pub end: u64,
    pub tokens: u32,
    pub anchor: String,
    pub text: Range<usize>,
    /// Detected from the unit's words when it was indexed (in the LANGS section).
    pub lang: Lang,
    /// The heading of the part of the document the unit is in, or empty (in the HEADINGS
    /// section). Units under one heading share it.
    pub heading: Arc<str>,
}

impl UnitRecord {
    /// The unit as a document holds it, its text `text`.
    pub fn unit(&self, text: &str) -> Unit {
        Unit { page: self.page, start: self.start, end: self.end, text: text.to_owned(), anchor: self.anchor.clone(), heading: (*self.heading).to_owned() }
    }
}

/// One term's occurrences in one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub unit: u32,
    pub positions: Vec<u32>,
}

/// Everything an index holds, ready to be written.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Contents {
    pub docs: Vec<DocRecord>,
    /// Units in order; `text` ranges index into `text`.
    pub units: Vec<UnitRecord>,
    pub text: String,
    pub total_tokens: u64,
    /// Terms in byte order with their postings, units ascending.
    pub terms: Vec<(String, Vec<Posting>)>,
}

/// Serializes `contents` into index bytes.
pub fn write(contents: &Contents) -> Vec<u8> {
    let records = Records::encode(contents);
    let mut postings = Vec::new();
    let mut terms = fst::MapBuilder::memory();
    for (term, list) in &contents.terms {
        // Terms come sorted and distinct from the writer, so insertion cannot fail.
        terms.insert(term, postings.len() as u64).expect("terms are sorted and distinct");
        put_postings(&mut postings, list);
    }
    let terms = terms.into_inner().expect("writing an fst to memory cannot fail");
    frame(&[
        (Section::Stats, &records.stats),
        (Section::Docs, &records.docs),
        (Section::Units, &records.units),
        (Section::Text, &text_section(contents)),
        (Section::Terms, &terms),
        (Section::Postings, &postings),
        (Section::Langs, &records.langs),
        (Section::Headings, &records.headings),
    ])
}

/// The encoded sections that describe documents and units.
pub(super) struct Records {
    pub stats: Vec<u8>,
    pub docs: Vec<u8>,
    pub units: Vec<u8>,
    pub langs: Vec<u8>,
    pub headings: Vec<u8>,
}

/// The TEXT section: the units' texts, in order.
fn text_section(contents: &Contents) -> Vec<u8> {
    let mut text = Vec::with_capacity(contents.text.len());
    for unit in &contents.units {
        text.extend_from_slice(&contents.text.as_bytes()[unit.text.clone()]);
    }
    text
}

impl Records {
    pub fn encode(contents: &Contents) -> Records {
        let mut stats = Vec::new();
        put_varint(&mut stats, contents.docs.len() as u64);
        put_varint(&mut stats, contents.units.len() as u64);
        put_varint(&mut stats, contents.total_tokens);

        let mut docs = Vec::new();
        for doc in &contents.docs {
            put_str(&mut docs, &doc.path);
            put_str(&mut docs, &doc.title);
            put_str(&mut docs, &doc.url);
        }

        let mut units = Vec::new();
        let langs: Vec<u8> = contents.units.iter().map(|u| u.lang as u8).collect();
        for unit in &contents.units {
            for value in [unit.doc as u64, unit.page as u64, unit.start, unit.end, unit.tokens as u64, unit.text.len() as u64] {
                put_varint(&mut units, value);
            }
            put_str(&mut units, &unit.anchor);
        }
        Records { stats, docs, units, langs, headings: headings_section(&contents.units) }
    }
}

/// The HEADINGS section: the heading of each run of units under one heading, then the
/// number of each unit's heading.
fn headings_section(units: &[UnitRecord]) -> Vec<u8> {
    let mut table = Vec::new();
    let mut count = 0u64;
    let mut per_unit = Vec::with_capacity(units.len());
    let mut previous = "";
    for unit in units {
        if *unit.heading != *previous && !unit.heading.is_empty() {
            put_str(&mut table, &unit.heading);
            count += 1;
        }
        previous = &unit.heading;
        put_varint(&mut per_unit, if unit.heading.is_empty() { 0 } else { count });
    }
    let mut section = Vec::with_capacity(table.len() + per_unit.len() + 4);
    put_varint(&mut section, count);
    section.extend_from_slice(&table);
    section.extend_from_slice(&per_unit);
    section
}

/// Appends one term's postings: unit count, then per unit the unit delta, the term
/// frequency and the position deltas.
pub(super) fn put_postings(out: &mut Vec<u8>, list: &[Posting]) {
    put_varint(out, list.len() as u64);
    let mut previous_unit = 0;
    for posting in list {
        put_varint(out, (posting.unit - previous_unit) as u64);
        previous_unit = posting.unit;
        put_varint(out, posting.positions.len() as u64);
        let mut previous = 0;
        for &p in &posting.positions {
            put_varint(out, (p - previous) as u64);
            previous = p;
        }
    }
}

/// Frames `sections`: header, section table, then the sections in the order given.
pub(super) fn frame(sections: &[(Section, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut offset = (sections.len() * SECTION_ENTRY_LEN) as u64;
    for (kind, bytes) in sections {
        body.extend_from_slice(&(*kind as u32).to_le_bytes());
        body.extend_from_slice(&offset.to_le_bytes());
        body.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        offset += bytes.len() as u64;
    }
    for (_, bytes) in sections {
        body.extend_from_slice(bytes);
    }
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&super::crc32::hash(&body).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// The parsed, validated frame of an index: where each section lies, plus the small
/// tables decoded up front. Postings are decoded on demand.
#[derive(Debug, Clone)]
pub struct Layout {
    pub docs: Vec<DocRecord>,
    pub units: Vec<UnitRecord>,
    pub total_tokens: u64,
    /// The TEXT section, validated once, and where it starts: unit ranges are absolute,
    /// their texts slices of it.
    pub text: String,
    pub text_start: usize,
    /// Absolute byte ranges of the sections.
    pub terms: Range<usize>,
    pub postings: Range<usize>,
}

/// Checks the header, checksum and every table of `bytes`.
pub fn read(bytes: &[u8]) -> Result<Layout, FormatError> {
    let ranges = sections(bytes)?;
    if SPLITS.iter().any(|&split| ranges.get(split).is_some()) {
        return Err(FormatError::Corrupt { section: "header", what: "this is the directory of a chunked index (meta.idx), not izdeu.idx" });
    }
    for (section, name) in [(Section::Stats, "STATS"), (Section::Docs, "DOCS"), (Section::Units, "UNITS")] {
        ranges.require(section, name)?;
    }
    let text = ranges.require(Section::Text, "TEXT")?;
    let terms = ranges.require(Section::Terms, "TERMS")?;
    let postings = ranges.require(Section::Postings, "POSTINGS")?;
    let text_bytes = &bytes[text.clone()];
    let text_string = std::str::from_utf8(text_bytes).map_err(|_| FormatError::Corrupt { section: "TEXT", what: "not UTF-8" })?.to_owned();
    let (docs, mut units, total_tokens) = records(bytes, &ranges, text_bytes.len() as u64)?;
    let on_boundary = |i: usize| i == text_bytes.len() || (text_bytes[i] as i8) >= -0x40;
    for unit in &mut units {
        if !on_boundary(unit.text.end) {
            return Err(FormatError::Corrupt { section: "UNITS", what: "unit fields out of range" });
        }
        unit.text = text.start + unit.text.start..text.start + unit.text.end;
    }
    fst::Map::new(&bytes[terms.clone()]).map_err(|_| FormatError::Corrupt { section: "TERMS", what: "not a valid fst" })?;
    // `Map::new` only checks the fst's frame; walking damaged nodes panics inside the fst
    // crate. Its own checksum catches damage behind a valid index checksum.
    if !super::crc32::fst_checksum_holds(&bytes[terms.clone()]) {
        return Err(FormatError::Corrupt { section: "TERMS", what: "fst checksum mismatch" });
    }
    Ok(Layout { docs, units, total_tokens, text: text_string, text_start: text.start, terms, postings })
}

/// Where each section of a framed file lies (absolute byte ranges), the header, checksum
/// and section table checked.
pub(super) struct Sections([Option<Range<usize>>; SECTIONS.len()]);

impl Sections {
    pub fn get(&self, section: Section) -> Option<Range<usize>> {
        self.0[section as usize - 1].clone()
    }

    pub fn require(&self, section: Section, name: &'static str) -> Result<Range<usize>, FormatError> {
        self.get(section).ok_or(FormatError::Corrupt { section: name, what: "section missing" })
    }
}

pub(super) fn sections(bytes: &[u8]) -> Result<Sections, FormatError> {
    if bytes.len() < HEADER_LEN {
        if bytes.len() >= MAGIC.len() && bytes[..MAGIC.len()] != MAGIC {
            return Err(FormatError::NotAnIndex);
        }
        return Err(FormatError::TooShort { len: bytes.len() });
    }
    if bytes[..8] != MAGIC {
        return Err(FormatError::NotAnIndex);
    }
    let version = u32_at(bytes, 8);
    if version != FORMAT_VERSION {
        return Err(FormatError::UnsupportedVersion { found: version });
    }
    let section_count = u32_at(bytes, 12) as usize;
    let body_len = u64_at(bytes, 16);
    let found = (bytes.len() - HEADER_LEN) as u64;
    if body_len != found {
        return Err(FormatError::Truncated { expected: body_len.saturating_add(HEADER_LEN as u64), found: bytes.len() as u64 });
    }
    let body = &bytes[HEADER_LEN..];
    let expected = u32_at(bytes, 24);
    let actual = super::crc32::hash(body);
    if expected != actual {
        return Err(FormatError::ChecksumMismatch { expected, found: actual });
    }
    let table_len = section_count.checked_mul(SECTION_ENTRY_LEN).filter(|&l| l <= body.len());
    let table_len = table_len.ok_or(FormatError::Corrupt { section: "header", what: "section table runs past the end" })?;
    let mut ranges: [Option<Range<usize>>; SECTIONS.len()] = Default::default();
    for entry in body[..table_len].chunks_exact(SECTION_ENTRY_LEN) {
        let kind = u32::from_le_bytes(entry[0..4].try_into().unwrap_or_default());
        let offset = u64::from_le_bytes(entry[4..12].try_into().unwrap_or_default());
        let len = u64::from_le_bytes(entry[12..20].try_into().unwrap_or_default());
        let Some(index) = SECTIONS.iter().position(|s| *s as u32 == kind) else {
            continue; // a section this version does not know: skipped
        };
        let end = offset.checked_add(len).filter(|&e| e <= body.len() as u64 && offset >= table_len as u64);
        let end = end.ok_or(FormatError::Corrupt { section: "header", what: "a section lies outside the file" })?;
        ranges[index] = Some(HEADER_LEN + offset as usize..HEADER_LEN + end as usize);
    }
    Ok(Sections(ranges))
}

/// Decodes STATS, DOCS, UNITS, LANGS and HEADINGS. Unit text ranges are offsets into the units'
/// concatenated text, `text_len` bytes long.
pub(super) fn records(bytes: &[u8], ranges: &Sections, text_len: u64) -> Result<(Vec<DocRecord>, Vec<UnitRecord>, u64), FormatError> {
    let mut r = Reader::new(&bytes[ranges.require(Section::Stats, "STATS")?], "STATS");
    let doc_count = r.varint()?;
    let unit_count = r.varint()?;
    let total_tokens = r.varint()?;

    let mut r = Reader::new(&bytes[ranges.require(Section::Docs, "DOCS")?], "DOCS");
    let mut doc_records = Vec::new();
    for _ in 0..doc_count {
        doc_records.push(DocRecord { path: r.string()?, title: r.string()?, url: r.string()? });
    }

    let mut r = Reader::new(&bytes[ranges.require(Section::Units, "UNITS")?], "UNITS");
    let mut unit_records = Vec::new();
    let mut text_at = 0u64;
    let no_heading: Arc<str> = Arc::from("");
    for _ in 0..unit_count {
        let doc = r.varint()?;
        let page = r.varint()?;
        let (start, end, tokens, len) = (r.varint()?, r.varint()?, r.varint()?, r.varint()?);
        let anchor = r.string()?;
        let text_end = text_at.checked_add(len).filter(|&e| e <= text_len);
        let text_end = text_end.ok_or(FormatError::Corrupt { section: "UNITS", what: "unit text runs past TEXT" })?;
        if doc >= doc_count || start > end || page > u32::MAX as u64 || tokens > u32::MAX as u64 {
            return Err(FormatError::Corrupt { section: "UNITS", what: "unit fields out of range" });
        }
        unit_records.push(UnitRecord {
            doc: doc as u32,
            page: page as u32,
            start,
            end,
            tokens: tokens as u32,
            anchor,
            text: text_at as usize..text_end as usize,
            lang: Lang::Unknown,
            heading: Arc::clone(&no_heading),
        });
        text_at = text_end;
    }
    if let Some(langs) = ranges.get(Section::Langs) {
        let langs = &bytes[langs];
        if langs.len() != unit_records.len() {
            return Err(FormatError::Corrupt { section: "LANGS", what: "not one byte per unit" });
        }
        for (unit, &byte) in unit_records.iter_mut().zip(langs) {
            unit.lang = Lang::from_byte(byte);
        }
    }
    if let Some(headings) = ranges.get(Section::Headings) {
        let mut r = Reader::new(&bytes[headings], "HEADINGS");
        let count = r.varint()?;
        // Each heading takes a byte at least: a count past the section is damage, and
        // allocating by it would not be safe.
        if count > r.remaining() as u64 {
            return Err(FormatError::Corrupt { section: "HEADINGS", what: "more headings than bytes" });
        }
        let mut table = vec![no_heading];
        for _ in 0..count {
            table.push(Arc::from(r.string()?));
        }
        for unit in &mut unit_records {
            let number = usize::try_from(r.varint()?).unwrap_or(usize::MAX);
            unit.heading = Arc::clone(table.get(number).ok_or(FormatError::Corrupt { section: "HEADINGS", what: "a unit's heading is not in the table" })?);
        }
        if r.remaining() != 0 {
            return Err(FormatError::Corrupt { section: "HEADINGS", what: "not one heading number per unit" });
        }
    }
    Ok((doc_records, unit_records, total_tokens))
}

/// The CRC-32 of the body as the header states it ([`read`] checks it): it names one
/// index's bytes, so a page can tell whether it loaded the index it was built with.
pub fn header_checksum(bytes: &[u8]) -> Option<u32> {
    (bytes.len() >= HEADER_LEN).then(|| u32_at(bytes, 24))
}

/// One term's postings as a search reads them: the units it occurs in, ascending, with
/// their positions in one buffer (a keystroke reads hundreds of lists: one allocation per
/// unit would be most of its work).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingList {
    /// Each unit, and where its positions end in `positions`.
    units: Vec<(u32, u32)>,
    positions: Vec<u32>,
}

impl PostingList {
    /// The units, ascending, each with its positions.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &[u32])> {
        let starts = std::iter::once(0).chain(self.units.iter().map(|&(_, end)| end));
        self.units.iter().zip(starts).map(|(&(unit, end), start)| (unit, &self.positions[start as usize..end as usize]))
    }
}

impl From<PostingList> for Vec<Posting> {
    fn from(list: PostingList) -> Self {
        list.iter().map(|(unit, positions)| Posting { unit, positions: positions.to_vec() }).collect()
    }
}

/// Decodes one term's postings from the POSTINGS section, starting at `offset`.
/// `unit_count` bounds the unit ids.
pub fn postings(section: &[u8], offset: u64, unit_count: usize) -> Result<PostingList, FormatError> {
    let start = usize::try_from(offset).ok().filter(|&o| o < section.len());
    let start = start.ok_or(FormatError::Corrupt { section: "POSTINGS", what: "term points past the postings" })?;
    let mut r = Reader::new(&section[start..], "POSTINGS");
    let count = r.varint()?;
    // Two positions a unit, as a start; each position takes a byte at least, so a damaged
    // count reserves no more than is left.
    let positions = (count as usize).saturating_mul(2).min(r.remaining());
    let mut list = PostingList { units: Vec::with_capacity((count as usize).min(unit_count)), positions: Vec::with_capacity(positions) };
    let mut unit = 0u64;
    for _ in 0..count {
        unit = unit.saturating_add(r.varint()?);
        if unit >= unit_count as u64 {
            return Err(FormatError::Corrupt { section: "POSTINGS", what: "unit id out of range" });
        }
        let frequency = r.varint()?;
        list.positions.reserve((frequency as usize).min(r.remaining()));
        let mut position = 0u64;
        for _ in 0..frequency {
            position = position.saturating_add(r.varint()?);
            list.positions.push(u32::try_from(position).map_err(|_| FormatError::Corrupt { section: "POSTINGS", what: "position out of range" })?);
        }
        let end = u32::try_from(list.positions.len()).map_err(|_| FormatError::Corrupt { section: "POSTINGS", what: "more positions than an index holds" })?;
        list.units.push((unit as u32, end));
    }
    Ok(list)
}

/// Where the postings that start at `offset` end: where the next term's begin.
pub fn postings_end(section: &[u8], offset: u64) -> Result<u64, FormatError> {
    let start = usize::try_from(offset).ok().filter(|&o| o < section.len());
    let start = start.ok_or(FormatError::Corrupt { section: "POSTINGS", what: "term points past the postings" })?;
    let mut r = Reader::new(&section[start..], "POSTINGS");
    // Every varint read takes a byte at least: the loops end with the section.
    for _ in 0..r.varint()? {
        r.varint()?;
        for _ in 0..r.varint()? {
            r.varint()?;
        }
    }
    Ok((section.len() - r.remaining()) as u64)
}

/// The number of units a term occurs in, without decoding its postings.
pub fn document_frequency(section: &[u8], offset: u64) -> Result<u64, FormatError> {
    let start = usize::try_from(offset).ok().filter(|&o| o < section.len());
    let start = start.ok_or(FormatError::Corrupt { section: "POSTINGS", what: "term points past the postings" })?;
    Reader::new(&section[start..], "POSTINGS").varint()
}

pub(super) fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

pub(super) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(b)
}

/// A bounds-checked cursor over one section.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    section: &'static str,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], section: &'static str) -> Self {
        Reader { bytes, at: 0, section }
    }

    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    pub fn varint(&mut self) -> Result<u64, FormatError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at).ok_or(FormatError::Corrupt { section: self.section, what: "ends inside a number" })?;
            self.at += 1;
            value |= ((byte & 0x7f) as u64) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(FormatError::Corrupt { section: self.section, what: "number too long" })
    }

    pub fn string(&mut self) -> Result<String, FormatError> {
        let len = self.varint()?;
        let bytes = self.bytes(usize::try_from(len).unwrap_or(usize::MAX))?;
        let s = std::str::from_utf8(bytes).map_err(|_| FormatError::Corrupt { section: self.section, what: "string is not UTF-8" })?;
        Ok(s.to_owned())
    }

    /// The next `len` bytes.
    pub fn bytes(&mut self, len: usize) -> Result<&'a [u8], FormatError> {
        let end = self.at.checked_add(len).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(FormatError::Corrupt { section: self.section, what: "string runs past the section" })?;
        let bytes = &self.bytes[self.at..end];
        self.at = end;
        Ok(bytes)
    }
}
