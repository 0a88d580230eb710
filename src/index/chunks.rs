//! The chunked form of an index, for pages served over http: the one place that writes
//! and reads it. A query fetches only the parts it needs — the dictionary shards of its
//! words' first letters, the postings of the terms it matched, the texts of the units it
//! shows — so the bytes a query costs grow with what it touches, not with the corpus.
//!
//! ```text
//! file            content
//! --------------  ---------------------------------------------------------------------
//! meta.idx        an index frame (the header, magic, version and checksum of izdeu.idx;
//!                 see [`super::format`]) with STATS, DOCS, UNITS, LANGS and SPLIT, and
//!                 no TEXT, TERMS or POSTINGS
//! t{n}-{crc}.bin  dictionary shard n: a contiguous range of terms in order, front-coded
//!                 (per term: varint bytes it shares with the previous term, varint length
//!                 of the rest, the rest), then per term, in order, varint unit count
//! p{n}-{crc}.bin  postings chunk n: the postings of a run of whole terms, as in POSTINGS
//! x{n}-{crc}.bin  text chunk n: the texts of a run of whole units, as in TEXT
//!
//! SPLIT section
//!   varint shard count; per shard: first term (varint length + UTF-8; the first
//!          shard's is empty), varint term count, the first two letters of its
//!          Cyrillic terms' sound keys (varint bit set of first letters: a–z bits 0–25,
//!          0–9 bits 26–35; then per first letter, in order, varint bit set of what
//!          follows it: bit 0 the key's end, a–z bits 1–26, 0–9 bits 27–36), varint
//!          byte length, varint crc
//!   varint postings chunk count; per chunk: varint term count, varint byte length,
//!          varint crc
//!   varint text chunk count; per chunk: varint unit count, varint byte length, varint crc
//! ```
//!
//! `{crc}` is the CRC-32 of the file's bytes in 8 hex digits: a changed chunk gets a new
//! name, so a chunk may be cached for good, and the reader checks every chunk against it.
//!
//! A shard is a plain term list, not an fst: the reader needs the terms as strings anyway,
//! walks the sorted list with its Levenshtein automata as it would an fst, and servers
//! compress a sorted list to about half the bytes of an fst (brotli: 1.2 against 2.4 MB
//! for the terms of 100 MB of text). A term's postings are found by its id, not an offset, so
//! the shards carry no offsets either.

use std::ops::Range;

use super::format::{self, Contents, DocRecord, FormatError, Posting, Reader, Section, UnitRecord};
use crate::analysis::{self, translit};

/// The directory file's name.
pub const META_FILE: &str = "meta.idx";
/// A dictionary shard holds about this many bytes of terms, or at least a quarter of it
/// when a new first letter begins.
const SHARD_TERM_BYTES: usize = 16 * 1024;
/// Postings are cut into chunks of about this size, at term boundaries.
const POSTINGS_CHUNK_BYTES: usize = 2 * 1024;
/// Texts are cut into chunks of at least this size, at unit boundaries.
const TEXT_CHUNK_BYTES: usize = 1024;

/// Which chunk a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    Shard(usize),
    Postings(usize),
    Text(usize),
}

/// The files of the chunked index of `contents`, the directory ([`META_FILE`]) first.
pub fn write(contents: &Contents) -> Vec<(String, Vec<u8>)> {
    let records = format::Records::encode(contents);
    let mut files = Vec::new();
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
        format::put_varint(&mut split, shard.len() as u64);
        files.push(named(Chunk::Shard(n), shard, &mut split));
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
        format::put_varint(&mut split, bytes.len() as u64);
        files.push(named(Chunk::Postings(n), bytes, &mut split));
    }

    let mut text_chunks: Vec<(usize, Range<usize>)> = Vec::new();
    for unit in &contents.units {
        let len = unit.text.len();
        match text_chunks.last_mut() {
            Some((count, range)) if range.len() < TEXT_CHUNK_BYTES => {
                *count += 1;
                range.end += len;
            }
            last => {
                let start = last.map_or(0, |(_, r)| r.end);
                text_chunks.push((1, start..start + len));
            }
        }
    }
    format::put_varint(&mut split, text_chunks.len() as u64);
    for (n, (count, range)) in text_chunks.into_iter().enumerate() {
        format::put_varint(&mut split, count as u64);
        format::put_varint(&mut split, range.len() as u64);
        files.push(named(Chunk::Text(n), records.text[range].to_vec(), &mut split));
    }

    let meta = format::frame(&[
        (Section::Stats, &records.stats),
        (Section::Docs, &records.docs),
        (Section::Units, &records.units),
        (Section::Langs, &records.langs),
        (Section::Split, &split),
    ]);
    files.insert(0, (META_FILE.to_owned(), meta));
    files
}

/// Bytes `a` and `b` begin with alike, cut to a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let same = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    (0..=same).rev().find(|&k| b.is_char_boundary(k)).unwrap_or(0)
}

/// Appends the chunk's checksum to the directory and names its file.
fn named(chunk: Chunk, bytes: Vec<u8>, split: &mut Vec<u8>) -> (String, Vec<u8>) {
    let crc = super::crc32::hash(&bytes);
    format::put_varint(split, crc as u64);
    (file_name(chunk, crc), bytes)
}

fn file_name(chunk: Chunk, crc: u32) -> String {
    let (kind, n) = match chunk {
        Chunk::Shard(n) => ('t', n),
        Chunk::Postings(n) => ('p', n),
        Chunk::Text(n) => ('x', n),
    };
    format!("{kind}{n}-{crc:08x}.bin")
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
    crc: u32,
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
struct Part<B> {
    /// Offset of the chunk in all postings or all text.
    start: u64,
    len: u64,
    file: String,
    crc: u32,
    /// Once fetched: the bytes, or for text the string (validated once).
    bytes: Option<B>,
}

/// The directory of a chunked index, with the postings and texts loaded so far.
#[derive(Debug)]
pub struct ChunkedIndex {
    docs: Vec<DocRecord>,
    units: Vec<UnitRecord>,
    total_tokens: u64,
    shards: Vec<ShardEntry>,
    postings: Vec<Part<PostingsChunk>>,
    /// For each postings chunk, its first term's id.
    postings_first_terms: Vec<u32>,
    texts: Vec<Part<String>>,
    /// For each text chunk, its first unit.
    text_first_units: Vec<u32>,
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
        let split = ranges.get(Section::Split).ok_or(FormatError::Corrupt {
            section: "SPLIT",
            what: "section missing: this is a whole index (izdeu.idx), not the directory of a chunked one",
        })?;
        let corrupt = |what| FormatError::Corrupt { section: "SPLIT", what };
        let mut r = Reader::new(&meta[split], "SPLIT");
        let mut shards: Vec<ShardEntry> = Vec::new();
        let mut base = 0u64;
        for n in 0..r.varint()? {
            let first = r.string()?;
            let terms = r.varint()?;
            let sounds = KeyHeads::read(&mut r)?;
            let len = r.varint()?;
            let crc = checksum(&mut r)?;
            let ordered = shards.last().map_or(first.is_empty(), |last| last.first < first);
            if !ordered || base + terms > u32::MAX as u64 {
                return Err(corrupt("shards out of order"));
            }
            let file = file_name(Chunk::Shard(n as usize), crc);
            shards.push(ShardEntry { first, base: base as u32, terms: terms as u32, sounds, len, file, crc });
            base += terms;
        }
        let (postings, term_counts) = parts(&mut r, Chunk::Postings)?;
        let mut postings_first_terms = Vec::with_capacity(postings.len());
        let mut term = 0u64;
        for count in term_counts {
            postings_first_terms.push(term as u32);
            term = term.saturating_add(count);
        }
        if term != base {
            return Err(corrupt("postings chunks do not cover the terms"));
        }
        let (texts, unit_counts) = parts(&mut r, Chunk::Text)?;
        let text_len = texts.last().map_or(0, |p| p.start + p.len);
        let (docs, units, total_tokens) = format::records(meta, &ranges, text_len)?;
        let mut text_first_units = Vec::with_capacity(texts.len());
        let mut unit = 0u64;
        for (part, count) in texts.iter().zip(unit_counts) {
            // Each chunk starts where its first unit's text starts.
            let starts_there = units.get(unit as usize).map_or(part.len == 0, |u| u.text.start as u64 == part.start);
            if !starts_there {
                return Err(corrupt("text chunks do not fall on unit boundaries"));
            }
            text_first_units.push(unit as u32);
            unit += count;
        }
        if unit != units.len() as u64 {
            return Err(corrupt("text chunks do not cover the units"));
        }
        let checksum = format::header_checksum(meta).unwrap_or(0);
        Ok(ChunkedIndex { docs, units, total_tokens, shards, postings, postings_first_terms, texts, text_first_units, checksum, byte_len: meta.len() })
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
        let n: usize = name.get(1..)?.split('-').next()?.parse().ok()?;
        let chunk = match name.as_bytes().first()? {
            b't' => Chunk::Shard(n),
            b'p' => Chunk::Postings(n),
            b'x' => Chunk::Text(n),
            _ => return None,
        };
        (self.file(chunk) == Some(name)).then_some(chunk)
    }

    /// Every chunk file with its size: shards, postings, texts.
    pub fn files(&self) -> impl Iterator<Item = (&str, u64)> {
        let shards = self.shards.iter().map(|s| (s.file.as_str(), s.len));
        let postings = self.postings.iter().map(|p| (p.file.as_str(), p.len));
        shards.chain(postings).chain(self.texts.iter().map(|p| (p.file.as_str(), p.len)))
    }

    fn file(&self, chunk: Chunk) -> Option<&str> {
        match chunk {
            Chunk::Shard(n) => self.shards.get(n).map(|s| s.file.as_str()),
            Chunk::Postings(n) => self.postings.get(n).map(|p| p.file.as_str()),
            Chunk::Text(n) => self.texts.get(n).map(|p| p.file.as_str()),
        }
    }

    /// Checks a shard's bytes and decodes it.
    pub fn read_shard(&self, n: usize, bytes: &[u8]) -> Result<ShardContents, FormatError> {
        let entry = self.shards.get(n).ok_or(FormatError::Corrupt { section: "SPLIT", what: "no such shard" })?;
        verify(bytes, entry.crc, "shard")?;
        if bytes.len() as u64 != entry.len {
            return Err(FormatError::Corrupt { section: "SPLIT", what: "chunk length differs from the directory" });
        }
        decode_shard(bytes, entry.terms)
    }

    /// Keeps a postings or text chunk after checking it.
    pub fn add(&mut self, chunk: Chunk, bytes: Vec<u8>) -> Result<(), FormatError> {
        let no_such = FormatError::Corrupt { section: "SPLIT", what: "no such chunk" };
        match chunk {
            Chunk::Postings(n) => {
                let terms = self.terms_of_postings_chunk(n).ok_or(no_such.clone())?;
                let part = self.postings.get_mut(n).ok_or(no_such)?;
                check_part(part, &bytes, "postings chunk")?;
                let starts = postings_starts(&bytes, terms.len())?;
                part.bytes = Some(PostingsChunk { bytes, starts });
            }
            Chunk::Text(n) => {
                let part = self.texts.get_mut(n).ok_or(no_such)?;
                check_part(part, &bytes, "text chunk")?;
                let text = String::from_utf8(bytes).map_err(|_| FormatError::Corrupt { section: "TEXT", what: "not UTF-8" })?;
                part.bytes = Some(text);
            }
            Chunk::Shard(_) => return Err(no_such),
        }
        Ok(())
    }

    /// The ids of the terms whose postings chunk `n` holds.
    fn terms_of_postings_chunk(&self, n: usize) -> Option<Range<u32>> {
        let first = *self.postings_first_terms.get(n)?;
        let end = self.postings_first_terms.get(n + 1).copied().unwrap_or(self.shards.last().map_or(0, |s| s.base + s.terms));
        Some(first..end)
    }

    /// The postings of term `id`, or the file to fetch first.
    pub fn postings(&self, id: u32) -> Result<Result<Vec<Posting>, &str>, FormatError> {
        let past = FormatError::Corrupt { section: "POSTINGS", what: "no postings for this term" };
        let n = self.postings_first_terms.partition_point(|&first| first <= id).checked_sub(1).ok_or(past.clone())?;
        let terms = self.terms_of_postings_chunk(n).filter(|terms| terms.contains(&id)).ok_or(past)?;
        let part = &self.postings[n];
        match &part.bytes {
            Some(chunk) => format::postings(&chunk.bytes, chunk.starts[(id - terms.start) as usize], self.units.len()).map(Ok),
            None => Ok(Err(&part.file)),
        }
    }

    /// The text of `unit`, or the file to fetch first.
    pub fn unit_text(&self, unit: u32) -> Result<&str, &str> {
        let Some(record) = self.units.get(unit as usize) else { return Ok("") };
        let n = self.text_first_units.partition_point(|&first| first <= unit).saturating_sub(1);
        let Some(part) = self.texts.get(n) else { return Ok("") };
        match &part.bytes {
            Some(bytes) => {
                let start = record.text.start - part.start as usize;
                Ok(bytes.get(start..start + record.text.len()).unwrap_or(""))
            }
            None => Err(&part.file),
        }
    }
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

fn checksum(r: &mut Reader) -> Result<u32, FormatError> {
    u32::try_from(r.varint()?).map_err(|_| FormatError::Corrupt { section: "SPLIT", what: "checksum out of range" })
}

fn check_part<B>(part: &Part<B>, bytes: &[u8], what: &'static str) -> Result<(), FormatError> {
    verify(bytes, part.crc, what)?;
    if bytes.len() as u64 != part.len {
        return Err(FormatError::Corrupt { section: "SPLIT", what: "chunk length differs from the directory" });
    }
    Ok(())
}

fn verify(bytes: &[u8], crc: u32, what: &'static str) -> Result<(), FormatError> {
    let found = super::crc32::hash(bytes);
    if found == crc {
        Ok(())
    } else {
        Err(FormatError::Corrupt { section: what, what: "checksum mismatch: a stale or damaged copy (reload the page; if that does not help, upload the whole output folder again)" })
    }
}

/// Reads a list of postings or text chunks from the directory, with each one's count of
/// terms (postings) or units (texts).
fn parts<B>(r: &mut Reader, chunk: fn(usize) -> Chunk) -> Result<(Vec<Part<B>>, Vec<u64>), FormatError> {
    let count = r.varint()?;
    let mut out = Vec::new();
    let mut counts = Vec::new();
    let mut start = 0u64;
    for n in 0..count {
        counts.push(r.varint()?);
        let len = r.varint()?;
        let crc = checksum(r)?;
        out.push(Part { start, len, file: file_name(chunk(n as usize), crc), crc, bytes: None });
        start = start.checked_add(len).ok_or(FormatError::Corrupt { section: "SPLIT", what: "chunk lengths overflow" })?;
    }
    Ok((out, counts))
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
        let (_, shard) = files.iter().find(|(name, _)| name.starts_with('t')).expect("one shard");
        let read = decode_shard(shard, terms.len() as u32).unwrap();
        assert_eq!(read.terms, terms);
        assert!(decode_shard(shard, terms.len() as u32 + 1).is_err(), "a count past the terms");
        let mut reordered = shard.clone();
        reordered.swap(0, 1);
        assert!(decode_shard(&reordered, terms.len() as u32).is_err());
    }
}
