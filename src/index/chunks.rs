//! The chunked form of an index, for pages served over http: the one place that writes
//! and reads it. A query fetches only the parts it needs — the dictionary shards of its
//! words' first letters, the postings of the terms it matched, the texts of the units it
//! shows, and of those only the part the snippet shows — so the bytes a query costs grow
//! with what it touches, not with the corpus.
//!
//! ```text
//! file                content
//! ------------------  -----------------------------------------------------------------
//! meta.idx            an index frame (the header, magic, version and checksum of
//!                     izdeu.idx; see [`super::format`]) with STATS, DOCS, UNITS, LANGS,
//!                     HEADINGS and SPLIT, and no TEXT, TERMS or POSTINGS
//! t{n}-{tag}.bin      dictionary shard n: a contiguous range of terms in order, front-coded
//!                     (per term: varint bytes it shares with the previous term, varint
//!                     length of the rest, the rest), then per term, in order, varint unit
//!                     count
//! p{n}-{tag}.bin      postings chunk n: the postings of a run of whole terms, as in POSTINGS
//! x{u}.{k}-{tag}.bin  text block k of unit u: its text from the word at position
//!                     128 k (block 0: from the start) to the word at 128 (k + 1) (the
//!                     last block: to the end), UTF-8
//!
//! Every chunk file ends with the CRC-32 of the bytes before it, u32 LE.
//!
//! SPLIT section
//!   varint tag: the CRC-32 of every chunk's CRC-32 (u32 LE), in the order above
//!   varint shard count; per shard: first term (varint length + UTF-8; the first
//!          shard's is empty), varint term count, the first two letters of its
//!          Cyrillic terms' sound keys (varint bit set of first letters: a–z bits 0–25,
//!          0–9 bits 26–35; then per first letter, in order, varint bit set of what
//!          follows it: bit 0 the key's end, a–z bits 1–26, 0–9 bits 27–36), varint
//!          file length
//!   varint postings chunk count; per chunk: varint term count, varint file length
//!   per unit, in order: varint text block count
//! ```
//!
//! `{tag}` is the tag in 8 hex digits: a rebuilt index whose content changed names every
//! chunk anew, so a chunk may be cached for good. The reader refuses a chunk of another
//! build by its name, and a damaged one by its CRC-32. The directory lists no checksum
//! per chunk: at 100 MB of text there are 100,000 chunks, and 400 KB of checksums would
//! be fetched before the first query.
//!
//! A snippet shows 30 words: it needs one text block, or two, not the unit's whole text.
//!
//! A shard is a plain term list, not an fst: the reader needs the terms as strings anyway,
//! walks the sorted list with its Levenshtein automata as it would an fst, and servers
//! compress a sorted list to about half the bytes of an fst (brotli: 1.2 against 2.4 MB
//! for the terms of 100 MB of text). A term's postings are found by its id, not an offset, so
//! the shards carry no offsets either.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use super::format::{self, Contents, DocRecord, FormatError, Posting, PostingList, Reader, Section, UnitRecord};
use crate::analysis::{self, translit};

/// The directory file's name.
pub const META_FILE: &str = "meta.idx";
/// A dictionary shard holds about this many bytes of terms, or at least a quarter of it
/// when a new first letter begins.
const SHARD_TERM_BYTES: usize = 8 * 1024;
/// Postings are cut into chunks of about this size, at term boundaries.
const POSTINGS_CHUNK_BYTES: usize = 2 * 1024;
/// Words in a text block: a multiple of [`analysis::MARK_EVERY`], so that blocks start at
/// word marks, and much more than a snippet's window, so that a snippet needs one block
/// more often than two.
pub const TEXT_BLOCK_WORDS: u32 = 128;
const _: () = assert!(TEXT_BLOCK_WORDS % analysis::MARK_EVERY == 0 && TEXT_BLOCK_WORDS > 2 * crate::search::snippet::WINDOW_WORDS);
/// The bytes of the CRC-32 that ends every chunk file.
const CRC_BYTES: usize = 4;

/// Which chunk a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    Shard(usize),
    Postings(usize),
    /// A text block of a unit.
    Text { unit: u32, block: u32 },
}

/// Where the text blocks of a unit's `text` begin: at 0, then at the words at positions
/// [`TEXT_BLOCK_WORDS`], twice that… (one block for a text without words).
pub fn text_block_starts(text: &str) -> Vec<usize> {
    let every = (TEXT_BLOCK_WORDS / analysis::MARK_EVERY) as usize;
    let marks = analysis::word_marks(text);
    std::iter::once(0).chain(marks.iter().skip(every).step_by(every).map(|&at| at as usize)).collect()
}

/// The files of the chunked index of `contents`, the directory ([`META_FILE`]) first.
pub fn write(contents: &Contents) -> Vec<(String, Vec<u8>)> {
    let records = format::Records::encode(contents);
    // Each chunk with its file's bytes (CRC-32 appended), and the CRC-32 of each.
    let mut chunks: Vec<(Chunk, Vec<u8>)> = Vec::new();
    let mut crcs = Vec::new();
    let mut seal = |chunk: Chunk, mut bytes: Vec<u8>| -> u64 {
        let crc = super::crc32::hash(&bytes);
        bytes.extend_from_slice(&crc.to_le_bytes());
        crcs.extend_from_slice(&crc.to_le_bytes());
        let len = bytes.len() as u64;
        chunks.push((chunk, bytes));
        len
    };
    let mut split = Vec::new();

    let shards = shard_ranges(&contents.terms);
    format::put_varint(&mut split, shards.len() as u64);
    for (n, range) in shards.iter().enumerate() {
        let terms = &contents.terms[range.clone()];
        let mut shard = Vec::new();
        let mut previous = "";
        for (term, _) in terms {
            let shared = common_prefix(previous, term);
            format::put_varint(&mut shard, shared as u64);
            format::put_str(&mut shard, &term[shared..]);
            previous = term;
        }
        for (_, list) in terms {
            format::put_varint(&mut shard, list.len() as u64);
        }
        let mut sounds = KeyHeads::default();
        for key in terms.iter().filter_map(|(term, _)| translit::term_sound_key(term)) {
            sounds.insert(&key);
        }
        let first = if n == 0 { "" } else { terms[0].0.as_str() };
        format::put_str(&mut split, first);
        format::put_varint(&mut split, range.len() as u64);
        sounds.put(&mut split);
        format::put_varint(&mut split, seal(Chunk::Shard(n), shard));
    }

    // Postings cut at term boundaries: (term count, bytes) per chunk.
    let mut postings_chunks: Vec<(usize, Vec<u8>)> = Vec::new();
    for (_, list) in &contents.terms {
        match postings_chunks.last_mut() {
            Some((count, bytes)) if bytes.len() < POSTINGS_CHUNK_BYTES => {
                *count += 1;
                format::put_postings(bytes, list);
            }
            _ => {
                let mut bytes = Vec::with_capacity(POSTINGS_CHUNK_BYTES * 2);
                format::put_postings(&mut bytes, list);
                postings_chunks.push((1, bytes));
            }
        }
    }
    format::put_varint(&mut split, postings_chunks.len() as u64);
    for (n, (terms, bytes)) in postings_chunks.into_iter().enumerate() {
        format::put_varint(&mut split, terms as u64);
        format::put_varint(&mut split, seal(Chunk::Postings(n), bytes));
    }

    for (unit, record) in contents.units.iter().enumerate() {
        let text = &contents.text[record.text.clone()];
        let starts = text_block_starts(text);
        format::put_varint(&mut split, starts.len() as u64);
        for (block, &start) in starts.iter().enumerate() {
            let end = starts.get(block + 1).copied().unwrap_or(text.len());
            seal(Chunk::Text { unit: unit as u32, block: block as u32 }, text.as_bytes()[start..end].to_vec());
        }
    }

    let tag = super::crc32::hash(&crcs);
    let mut tagged = Vec::with_capacity(split.len() + 5);
    format::put_varint(&mut tagged, tag as u64);
    tagged.extend_from_slice(&split);
    let split = tagged;
    let meta = format::frame(&[
        (Section::Stats, &records.stats),
        (Section::Docs, &records.docs),
        (Section::Units, &records.units),
        (Section::Langs, &records.langs),
        (Section::Headings, &records.headings),
        (Section::Split, &split),
    ]);
    let mut files = vec![(META_FILE.to_owned(), meta)];
    files.extend(chunks.into_iter().map(|(chunk, bytes)| (file_name(chunk, tag), bytes)));
    files
}

/// Bytes `a` and `b` begin with alike, cut to a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let same = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    (0..=same).rev().find(|&k| b.is_char_boundary(k)).unwrap_or(0)
}

fn file_name(chunk: Chunk, tag: u32) -> String {
    match chunk {
        Chunk::Shard(n) => format!("t{n}-{tag:08x}.bin"),
        Chunk::Postings(n) => format!("p{n}-{tag:08x}.bin"),
        Chunk::Text { unit, block } => format!("x{unit}.{block}-{tag:08x}.bin"),
    }
}

/// Contiguous ranges of terms, one per shard: cut where the bytes reach
/// [`SHARD_TERM_BYTES`], or at a new first letter once a quarter of that is reached (so
/// a word's first letter needs few shards).
fn shard_ranges(terms: &[(String, Vec<Posting>)]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let (mut start, mut bytes, mut letter) = (0, 0, None);
    for (k, (term, _)) in terms.iter().enumerate() {
        let first = term.chars().next();
        if bytes >= SHARD_TERM_BYTES || (first != letter && bytes >= SHARD_TERM_BYTES / 4) {
            ranges.push(start..k);
            (start, bytes) = (k, 0);
        }
        letter = first;
        bytes += term.len();
    }
    ranges.push(start..terms.len());
    ranges
}

/// The beginning of a sound key that a lookup by sound keeps as typed, and by which the
/// directory tells which shards to read for it: its first two letters.
pub fn key_head(key: &str) -> &str {
    analysis::leading(key, 2)
}

/// The [`key_head`]s of a shard's Cyrillic terms' sound keys (only those are found by
/// sound): a word's sound-alikes are looked up in the shards that hold its key's head.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyHeads {
    /// Per first letter, in order: its place ([`key_letter_place`]) and the set of what
    /// follows it (bit 0: the key ends; a letter's place plus one).
    heads: Vec<(u32, u64)>,
}

impl KeyHeads {
    /// Adds the head of `key` (nothing for an empty key).
    fn insert(&mut self, key: &str) {
        let Some((first, follow)) = head_places(key) else { return };
        match self.heads.binary_search_by_key(&first, |&(letter, _)| letter) {
            Ok(k) => self.heads[k].1 |= 1 << follow,
            Err(k) => self.heads.insert(k, (first, 1 << follow)),
        }
    }

    /// Whether some key begins with `head` (a [`key_head`]; a one-letter head is a key
    /// of that one letter).
    pub fn holds(&self, head: &str) -> bool {
        let Some((first, follow)) = head_places(head) else { return false };
        let found = self.heads.binary_search_by_key(&first, |&(letter, _)| letter);
        found.is_ok_and(|k| self.heads[k].1 & 1 << follow != 0)
    }

    fn put(&self, out: &mut Vec<u8>) {
        format::put_varint(out, self.heads.iter().fold(0, |firsts, &(first, _)| firsts | 1 << first));
        for &(_, follows) in &self.heads {
            format::put_varint(out, follows);
        }
    }

    fn read(r: &mut Reader) -> Result<KeyHeads, FormatError> {
        let out_of_range = FormatError::Corrupt { section: "SPLIT", what: "sound key letters out of range" };
        let firsts = r.varint()?;
        if firsts >> KEY_LETTERS != 0 {
            return Err(out_of_range);
        }
        let mut heads = Vec::new();
        for first in (0..KEY_LETTERS).filter(|first| firsts & 1 << first != 0) {
            let follows = r.varint()?;
            if follows == 0 || follows >> (KEY_LETTERS + 1) != 0 {
                return Err(out_of_range);
            }
            heads.push((first, follows));
        }
        Ok(KeyHeads { heads })
    }
}

/// Letters a sound key is written with: a–z and 0–9.
const KEY_LETTERS: u32 = 36;

/// The place of a sound key's letter in a set of them: a–z 0–25, 0–9 26–35.
fn key_letter_place(letter: char) -> Option<u32> {
    match letter {
        'a'..='z' => Some(letter as u32 - 'a' as u32),
        '0'..='9' => Some(26 + letter as u32 - '0' as u32),
        _ => None,
    }
}

/// The place of `key`'s first letter and what follows it in [`KeyHeads`].
fn head_places(key: &str) -> Option<(u32, u32)> {
    let mut letters = key.chars();
    let first = key_letter_place(letters.next()?)?;
    let follow = match letters.next() {
        None => 0,
        Some(letter) => key_letter_place(letter)? + 1,
    };
    Some((first, follow))
}

/// One dictionary shard as the directory lists it.
#[derive(Debug, Clone)]
pub struct ShardEntry {
    /// The first term of the shard's range (empty for the first shard).
    pub first: String,
    /// The global id of its first term: terms are numbered in order across shards.
    pub base: u32,
    pub terms: u32,
    /// The heads of its Cyrillic terms' sound keys.
    pub sounds: KeyHeads,
    len: u64,
    pub file: String,
}

/// A loaded dictionary shard.
pub struct ShardContents {
    /// Its terms, in order.
    pub terms: Vec<String>,
    /// In how many units each term occurs, in term order.
    pub unit_frequencies: Vec<u64>,
}

/// A postings chunk once fetched.
#[derive(Debug)]
struct PostingsChunk {
    bytes: Vec<u8>,
    /// Where each of its terms' postings start in `bytes`.
    starts: Vec<u64>,
}

#[derive(Debug)]
struct Part {
    /// The file's length, its CRC-32 included.
    len: u64,
    file: String,
    /// Once fetched.
    bytes: Option<PostingsChunk>,
}

/// A fetched text block, and where its words at positions 0, 16, 32… begin
/// ([`analysis::word_marks`]), worked out for its first snippet: a snippet's scan starts at
/// the mark before its window, not at the block's start.
#[derive(Debug)]
struct TextBlock {
    text: Box<str>,
    marks: OnceLock<Box<[u32]>>,
}

/// The directory of a chunked index, with the postings and texts loaded so far.
#[derive(Debug)]
pub struct ChunkedIndex {
    docs: Vec<DocRecord>,
    units: Vec<UnitRecord>,
    total_tokens: u64,
    /// In every chunk's file name.
    tag: u32,
    shards: Vec<ShardEntry>,
    postings: Vec<Part>,
    /// For each postings chunk, its first term's id.
    postings_first_terms: Vec<u32>,
    /// For each unit, the place of its first text block in `text_blocks`; then their count.
    first_text_blocks: Vec<usize>,
    /// Every unit's text blocks in order, once fetched.
    text_blocks: Vec<Option<TextBlock>>,
    checksum: u32,
    byte_len: usize,
}

impl ChunkedIndex {
    /// Reads the directory (`meta.idx`).
    pub fn open(meta: &[u8]) -> Result<ChunkedIndex, FormatError> {
        let ranges = format::sections(meta)?;
        if ranges.get(Section::FstShardsSplit).is_some() {
            return Err(FormatError::Older { what: "this chunked index (its dictionary shards are fsts)" });
        }
        if ranges.get(Section::FirstSoundLettersSplit).is_some() {
            return Err(FormatError::Older { what: "this chunked index (its directory lists only the first letters of sound keys)" });
        }
        if ranges.get(Section::CrcNamedSplit).is_some() {
            return Err(FormatError::Older { what: "this chunked index (its chunks are named by their checksums, its texts by whole units)" });
        }
        let split = ranges.get(Section::Split).ok_or(FormatError::Corrupt {
            section: "SPLIT",
            what: "section missing: this is a whole index (izdeu.idx), not the directory of a chunked one",
        })?;
        let corrupt = |what| FormatError::Corrupt { section: "SPLIT", what };
        let mut r = Reader::new(&meta[split], "SPLIT");
        let tag = u32::try_from(r.varint()?).map_err(|_| corrupt("tag out of range"))?;
        let mut shards: Vec<ShardEntry> = Vec::new();
        let mut base = 0u64;
        for n in 0..r.varint()? {
            let first = r.string()?;
            let terms = r.varint()?;
            let sounds = KeyHeads::read(&mut r)?;
            let len = r.varint()?;
            let ordered = shards.last().map_or(first.is_empty(), |last| last.first < first);
            if !ordered || base + terms > u32::MAX as u64 {
                return Err(corrupt("shards out of order"));
            }
            let file = file_name(Chunk::Shard(n as usize), tag);
            shards.push(ShardEntry { first, base: base as u32, terms: terms as u32, sounds, len, file });
            base += terms;
        }
        let mut postings = Vec::new();
        let mut postings_first_terms = Vec::new();
        let mut term = 0u64;
        for n in 0..r.varint()? {
            postings_first_terms.push(term as u32);
            term = term.saturating_add(r.varint()?);
            let len = r.varint()?;
            postings.push(Part { len, file: file_name(Chunk::Postings(n as usize), tag), bytes: None });
        }
        if term != base {
            return Err(corrupt("postings chunks do not cover the terms"));
        }
        let (docs, units, total_tokens) = format::records(meta, &ranges, usize::MAX as u64)?;
        let mut first_text_blocks = Vec::with_capacity(units.len() + 1);
        let mut blocks = 0usize;
        for unit in &units {
            first_text_blocks.push(blocks);
            // A block holds a byte at least, or is a unit's only one.
            let count = usize::try_from(r.varint()?).ok().filter(|&count| count >= 1 && count <= unit.text.len().max(1));
            blocks += count.ok_or(corrupt("a unit's count of text blocks is out of range"))?;
        }
        first_text_blocks.push(blocks);
        if r.remaining() != 0 {
            return Err(corrupt("bytes after the text block counts"));
        }
        let checksum = format::header_checksum(meta).unwrap_or(0);
        let text_blocks = (0..blocks).map(|_| None).collect();
        Ok(ChunkedIndex { docs, units, total_tokens, tag, shards, postings, postings_first_terms, first_text_blocks, text_blocks, checksum, byte_len: meta.len() })
    }

    pub fn docs(&self) -> &[DocRecord] {
        &self.docs
    }

    pub fn units(&self) -> &[UnitRecord] {
        &self.units
    }

    pub fn total_tokens(&self) -> u64 {
        self.total_tokens
    }

    pub fn shards(&self) -> &[ShardEntry] {
        &self.shards
    }

    /// The directory's checksum and size, as `izdeu-manifest.js` states them.
    pub fn checksum(&self) -> u32 {
        self.checksum
    }

    pub fn byte_len(&self) -> usize {
        self.byte_len
    }

    /// Which chunk the file `name` holds, if it is one of this index's.
    pub fn chunk_of(&self, name: &str) -> Option<Chunk> {
        let number = name.get(1..)?.split('-').next()?;
        let chunk = match name.as_bytes().first()? {
            b't' => Chunk::Shard(number.parse().ok()?),
            b'p' => Chunk::Postings(number.parse().ok()?),
            b'x' => {
                let (unit, block) = number.split_once('.')?;
                Chunk::Text { unit: unit.parse().ok()?, block: block.parse().ok()? }
            }
            _ => return None,
        };
        let listed = match chunk {
            Chunk::Shard(n) => n < self.shards.len(),
            Chunk::Postings(n) => n < self.postings.len(),
            Chunk::Text { unit, block } => self.text_block(unit, block).is_some(),
        };
        (listed && file_name(chunk, self.tag) == name).then_some(chunk)
    }

    /// Every chunk file's name (shards, postings, texts), and the bytes of them all.
    pub fn files(&self) -> (Vec<String>, u64) {
        let mut names: Vec<String> = self.shards.iter().map(|s| s.file.clone()).chain(self.postings.iter().map(|p| p.file.clone())).collect();
        for unit in 0..self.units.len() as u32 {
            names.extend((0..self.text_block_count(unit)).map(|block| file_name(Chunk::Text { unit, block }, self.tag)));
        }
        let dictionary_and_postings: u64 = self.shards.iter().map(|s| s.len).chain(self.postings.iter().map(|p| p.len)).sum();
        let texts: u64 = self.units.iter().map(|u| u.text.len() as u64).sum::<u64>() + (self.text_blocks.len() * CRC_BYTES) as u64;
        (names, dictionary_and_postings + texts)
    }

    /// Checks a shard's bytes and decodes it.
    pub fn read_shard(&self, n: usize, bytes: &[u8]) -> Result<ShardContents, FormatError> {
        let entry = self.shards.get(n).ok_or(FormatError::Corrupt { section: "SPLIT", what: "no such shard" })?;
        decode_shard(unsealed(bytes, Some(entry.len), "shard")?, entry.terms)
    }

    /// Keeps a postings chunk or text block after checking it.
    pub fn add(&mut self, chunk: Chunk, mut bytes: Vec<u8>) -> Result<(), FormatError> {
        let no_such = FormatError::Corrupt { section: "SPLIT", what: "no such chunk" };
        match chunk {
            Chunk::Postings(n) => {
                let terms = self.terms_of_postings_chunk(n).ok_or(no_such.clone())?;
                let part = self.postings.get_mut(n).ok_or(no_such)?;
                let len = unsealed(&bytes, Some(part.len), "postings chunk")?.len();
                bytes.truncate(len);
                let starts = postings_starts(&bytes, terms.len())?;
                part.bytes = Some(PostingsChunk { bytes, starts });
            }
            Chunk::Text { unit, block } => {
                let at = self.text_block(unit, block).ok_or(no_such)?;
                let len = unsealed(&bytes, None, "text block")?.len();
                bytes.truncate(len);
                let text = String::from_utf8(bytes).map_err(|_| FormatError::Corrupt { section: "TEXT", what: "not UTF-8" })?;
                self.text_blocks[at] = Some(TextBlock { text: text.into_boxed_str(), marks: OnceLock::new() });
            }
            Chunk::Shard(_) => return Err(no_such),
        }
        Ok(())
    }

    /// The place in `text_blocks` of block `block` of `unit`, if it has one.
    fn text_block(&self, unit: u32, block: u32) -> Option<usize> {
        let unit = unit as usize;
        let (first, end) = (*self.first_text_blocks.get(unit)?, *self.first_text_blocks.get(unit + 1)?);
        let at = first.checked_add(block as usize)?;
        (at < end).then_some(at)
    }

    /// The [`analysis::word_marks`] of text block `block` of `unit`, once it is fetched.
    pub fn text_block_marks(&self, unit: u32, block: u32) -> Option<&[u32]> {
        let block = self.text_blocks[self.text_block(unit, block)?].as_ref()?;
        Some(block.marks.get_or_init(|| analysis::word_marks(&block.text)))
    }

    /// How many text blocks `unit` has.
    pub fn text_block_count(&self, unit: u32) -> u32 {
        let unit = unit as usize;
        match (self.first_text_blocks.get(unit), self.first_text_blocks.get(unit + 1)) {
            (Some(first), Some(end)) => (end - first) as u32,
            _ => 0,
        }
    }

    /// The ids of the terms whose postings chunk `n` holds.
    fn terms_of_postings_chunk(&self, n: usize) -> Option<Range<u32>> {
        let first = *self.postings_first_terms.get(n)?;
        let end = self.postings_first_terms.get(n + 1).copied().unwrap_or(self.shards.last().map_or(0, |s| s.base + s.terms));
        Some(first..end)
    }

    /// The postings of term `id`, or the file to fetch first.
    pub fn postings(&self, id: u32) -> Result<Result<Vec<Posting>, &str>, FormatError> {
        Ok(self.posting_list(id)?.map(Vec::from))
    }

    /// The same postings, read as a search reads them.
    pub fn posting_list(&self, id: u32) -> Result<Result<PostingList, &str>, FormatError> {
        let past = FormatError::Corrupt { section: "POSTINGS", what: "no postings for this term" };
        let n = self.postings_first_terms.partition_point(|&first| first <= id).checked_sub(1).ok_or(past.clone())?;
        let terms = self.terms_of_postings_chunk(n).filter(|terms| terms.contains(&id)).ok_or(past)?;
        let part = &self.postings[n];
        match &part.bytes {
            Some(chunk) => format::postings(&chunk.bytes, chunk.starts[(id - terms.start) as usize], self.units.len()).map(Ok),
            None => Ok(Err(&part.file)),
        }
    }

    /// The text of `blocks` of `unit`, joined, or the files to fetch first. Blocks past the
    /// unit's last are none.
    pub fn unit_text(&self, unit: u32, blocks: Range<u32>) -> Result<Cow<'_, str>, Vec<String>> {
        let blocks = blocks.start..blocks.end.min(self.text_block_count(unit));
        let mut missing = Vec::new();
        let mut parts = Vec::new();
        for block in blocks {
            match self.text_block(unit, block).and_then(|at| self.text_blocks[at].as_ref()) {
                Some(block) => parts.push(&*block.text),
                None => missing.push(file_name(Chunk::Text { unit, block }, self.tag)),
            }
        }
        match (missing.is_empty(), parts.len()) {
            (false, _) => Err(missing),
            (true, 0) => Ok(Cow::Borrowed("")),
            (true, 1) => Ok(Cow::Borrowed(parts[0])),
            (true, _) => Ok(Cow::Owned(parts.concat())),
        }
    }
}

/// The bytes of a chunk file before its CRC-32, once its CRC-32 matches and it is `len`
/// bytes long, if the directory says how long.
fn unsealed<'a>(bytes: &'a [u8], len: Option<u64>, what: &'static str) -> Result<&'a [u8], FormatError> {
    let damaged = |why| FormatError::Corrupt { section: what, what: why };
    if len.is_some_and(|len| len != bytes.len() as u64) {
        return Err(damaged("its length differs from the directory's: a stale or damaged copy (reload the page; if that does not help, upload the whole output folder again)"));
    }
    let Some(at) = bytes.len().checked_sub(CRC_BYTES) else { return Err(damaged("shorter than its checksum: a damaged copy (reload the page; if that does not help, upload the whole output folder again)")) };
    let (content, crc) = bytes.split_at(at);
    if super::crc32::hash(content).to_le_bytes() != crc {
        return Err(damaged("checksum mismatch: a damaged copy (reload the page; if that does not help, upload the whole output folder again)"));
    }
    Ok(content)
}

/// Decodes a shard of `terms_count` terms (the directory's count).
fn decode_shard(bytes: &[u8], terms_count: u32) -> Result<ShardContents, FormatError> {
    let corrupt = |what| FormatError::Corrupt { section: "shard", what };
    let mut r = Reader::new(bytes, "shard");
    // Each term takes two bytes at least: a count from the directory allocates no more.
    let mut terms: Vec<String> = Vec::with_capacity((terms_count as usize).min(bytes.len() / 2));
    let mut term = Vec::new();
    for _ in 0..terms_count {
        let shared = usize::try_from(r.varint()?).ok().filter(|&s| s <= term.len()).ok_or(corrupt("a term shares more than the previous one holds"))?;
        let rest = usize::try_from(r.varint()?).ok().filter(|&l| l <= r.remaining()).ok_or(corrupt("a term runs past the end"))?;
        term.truncate(shared);
        term.extend_from_slice(r.bytes(rest)?);
        // Shared bytes cost nothing to send: without this bound, a few kilobytes could
        // spell gigabytes of terms.
        if term.len() > super::MAX_TERM_BYTES {
            return Err(corrupt("a term longer than the indexer writes"));
        }
        let text = std::str::from_utf8(&term).map_err(|_| corrupt("a term is not UTF-8"))?;
        if terms.last().is_some_and(|last| last.as_str() >= text) {
            return Err(corrupt("terms out of order"));
        }
        terms.push(text.to_owned());
    }
    let unit_frequencies = (0..terms_count).map(|_| r.varint()).collect::<Result<Vec<u64>, _>>()?;
    if r.remaining() != 0 {
        return Err(corrupt("bytes after the unit counts"));
    }
    Ok(ShardContents { terms, unit_frequencies })
}

/// Where each of the `terms_count` terms' postings in a postings chunk start.
fn postings_starts(bytes: &[u8], terms_count: usize) -> Result<Vec<u64>, FormatError> {
    let mut starts = Vec::with_capacity(terms_count.min(bytes.len() / 2));
    let mut at = 0;
    for _ in 0..terms_count {
        starts.push(at);
        at = format::postings_end(bytes, at)?;
    }
    if at != bytes.len() as u64 {
        return Err(FormatError::Corrupt { section: "POSTINGS", what: "a chunk holds more or fewer terms than the directory says" });
    }
    Ok(starts)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Any bytes, as a shard or a postings chunk: an error or a result, never a panic
        /// or an allocation sized by a count in the bytes.
        #[test]
        fn any_chunk_bytes_decode_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..200), terms in prop_oneof![0u32..50, Just(u32::MAX)]) {
            if let Ok(shard) = decode_shard(&bytes, terms) {
                prop_assert_eq!(shard.terms.len(), terms as usize);
                prop_assert!(shard.terms.windows(2).all(|w| w[0] < w[1]));
            }
            if let Ok(starts) = postings_starts(&bytes, terms as usize) {
                prop_assert_eq!(starts.len(), terms as usize);
            }
            let _ = KeyHeads::read(&mut Reader::new(&bytes, "SPLIT"));
        }

        /// The heads of any sound keys read back as written, and a shard is said to hold
        /// exactly the heads of its keys.
        #[test]
        fn key_heads_round_trip(keys in proptest::collection::vec("[a-z0-9]{0,4}", 0..40)) {
            let mut heads = KeyHeads::default();
            for key in &keys {
                heads.insert(key);
            }
            let mut bytes = Vec::new();
            heads.put(&mut bytes);
            let mut r = Reader::new(&bytes, "SPLIT");
            prop_assert_eq!(KeyHeads::read(&mut r), Ok(heads.clone()));
            prop_assert_eq!(r.remaining(), 0);
            let letters = || ('a'..='z').chain('0'..='9').map(String::from);
            for head in letters().chain(letters().flat_map(|first| letters().map(move |second| format!("{first}{second}")))) {
                prop_assert_eq!(heads.holds(&head), keys.iter().any(|key| !key.is_empty() && key_head(key) == head), "{}", head);
            }
        }
    }

    #[test]
    fn key_heads_out_of_range_are_refused() {
        let read = |bytes: &[u8]| KeyHeads::read(&mut Reader::new(bytes, "SPLIT"));
        // No first letter: no key.
        assert_eq!(read(&[0]), Ok(KeyHeads::default()));
        // A first letter past 9, one that nothing follows, one followed past 9.
        assert_eq!(read(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x02, 1]), Err(FormatError::Corrupt { section: "SPLIT", what: "sound key letters out of range" }));
        assert!(read(&[1, 0]).is_err());
        assert!(read(&[1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x04]).is_err());
        assert!(read(&[1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02]).is_ok(), "the head a9");
        assert_eq!(key_head("kotorimi"), "ko");
        assert_eq!(key_head("k"), "k");
    }

    #[test]
    fn a_shard_reads_back_its_front_coded_terms() {
        let terms = ["закон", "заң", "заңды", "заңдылық", "😀", "😀a"];
        let contents = Contents {
            docs: Vec::new(),
            units: Vec::new(),
            text: String::new(),
            total_tokens: 0,
            terms: terms.iter().map(|t| (t.to_string(), Vec::new())).collect(),
        };
        let files = write(&contents);
        let (_, sealed) = files.iter().find(|(name, _)| name.starts_with('t')).expect("one shard");
        let shard = unsealed(sealed, Some(sealed.len() as u64), "shard").unwrap();
        let read = decode_shard(shard, terms.len() as u32).unwrap();
        assert_eq!(read.terms, terms);
        assert!(decode_shard(shard, terms.len() as u32 + 1).is_err(), "a count past the terms");
        let mut reordered = shard.to_vec();
        reordered.swap(0, 1);
        assert!(decode_shard(&reordered, terms.len() as u32).is_err());
    }

    #[test]
    fn text_blocks_start_at_every_128th_word() {
        // Numbers share the position of the word after them; hyphenated words across line
        // ends are one word.
        let pieces = [" заң", "12", "ис-\nпользования", "law,", "—", "№ 5", "құ\u{ad}қық"];
        let text: String = (0..700).map(|k| pieces[k % pieces.len()]).collect::<Vec<_>>().join(" ");
        let starts = text_block_starts(&text);
        let mut first_spans = Vec::new();
        analysis::for_each_span(&text, |span| {
            if span.position % TEXT_BLOCK_WORDS == 0 && first_spans.last().map(|&(p, _)| p) != Some(span.position) {
                first_spans.push((span.position, span.start));
            }
        });
        assert!(first_spans.len() >= 3, "{first_spans:?}");
        assert_eq!(starts[0], 0);
        assert_eq!(&starts[1..], first_spans[1..].iter().map(|&(_, at)| at).collect::<Vec<_>>());
        assert_eq!(text_block_starts(""), [0]);
        assert_eq!(text_block_starts(" — "), [0]);
    }
}
