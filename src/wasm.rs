//! The WebAssembly binding: a thin adapter, one core call per export, errors as JS errors.

use wasm_bindgen::prelude::*;

use serde::Serialize;

use crate::corpus::{self, UnitKind};
use crate::index::UnitRecord;
use crate::search::{QueryOptions, SearchError, Searcher};

/// A loaded index, searchable from JavaScript.
#[wasm_bindgen]
pub struct Engine {
    searcher: Searcher<Vec<u8>>,
}

/// What a search answers when a chunked index lacks chunks: the files to fetch (relative
/// to the directory's folder) and add with `addChunk` before asking again.
#[derive(Serialize)]
struct Missing<'a> {
    missing: &'a [String],
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

fn answer<T: Serialize>(result: Result<T, SearchError>) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    match result {
        Ok(value) => value.serialize(&serializer).map_err(js_error),
        Err(SearchError::Missing(files)) => Missing { missing: &files }.serialize(&serializer).map_err(js_error),
        Err(e) => Err(js_error(e)),
    }
}

fn composed(query: &str) -> String {
    js_sys::JsString::from(query).normalize("NFC").into()
}

/// The engine of a chunked index, for the page over http (pkg/). The module for a whole
/// index (pkg/whole/) never reads one, and is smaller without its reader.
#[cfg(not(feature = "whole"))]
#[wasm_bindgen]
impl Engine {
    /// Opens the directory of a chunked index (meta.idx); searches then answer
    /// `{missing: [file…]}` until the chunks they need are added with `addChunk`.
    pub fn chunked(meta: &[u8]) -> Result<Engine, JsError> {
        console_error_panic_hook::set_once();
        Ok(Engine { searcher: Searcher::open_chunked(meta).map_err(js_error)? })
    }

    /// Adds a chunk file a search asked for; throws if it is not that chunk or damaged.
    #[wasm_bindgen(js_name = addChunk)]
    pub fn add_chunk(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), JsError> {
        self.searcher.add_chunk(name, bytes).map_err(js_error)
    }

    /// Every chunk file of a chunked index, and their bytes in all: `{names, bytes}`.
    #[wasm_bindgen(js_name = chunkFiles)]
    pub fn chunk_files(&self) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Files {
            names: Vec<String>,
            bytes: u64,
        }
        let (names, bytes) = self.searcher.chunk_files();
        serde_wasm_bindgen::to_value(&Files { names, bytes }).map_err(js_error)
    }
}

#[wasm_bindgen]
impl Engine {
    /// The best `limit` hits for `query`: an array of `{doc, page, kind, start, end, title,
    /// url, score, snippet}` (or `{missing}`, see `chunked`).
    pub fn search(&self, query: &str, limit: usize) -> Result<JsValue, JsError> {
        answer(self.searcher.search(&composed(query), limit))
    }

    /// Hits narrowed by language and document, with counts: `options` is `{limit, langs,
    /// docs}` (each optional), the result `{hits, total, facets: {langs, docs}}` (or
    /// `{missing}`, see `chunked`).
    pub fn query(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        answer(self.searcher.query(&composed(query), &query_options(&options)?))
    }

    /// The documents, in index order: `[{path, title}]` (for naming documents in filters).
    pub fn documents(&self) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Doc<'a> {
            path: &'a str,
            title: &'a str,
        }
        let docs: Vec<Doc> = self.searcher.docs().iter().map(|d| Doc { path: &d.path, title: &d.title }).collect();
        serde_wasm_bindgen::to_value(&docs).map_err(js_error)
    }

    /// The units of the document at `path`, in order: `[{page, kind, anchor, part, text}]`,
    /// `part` the name of the part a unit begins (see [`corpus::part_names`]) or `""`
    /// (offline.html shows them in place of the reader pages it cannot carry).
    pub fn units(&self, path: &str) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Unit<'a> {
            page: u32,
            kind: UnitKind,
            anchor: &'a str,
            part: &'a str,
            text: std::borrow::Cow<'a, str>,
        }
        let searcher = &self.searcher;
        let doc = searcher.docs().iter().position(|d| d.path == path).ok_or_else(|| JsError::new(&format!("no document \"{path}\" in the index")))?;
        let kind = UnitKind::of(path);
        let records: Vec<(u32, &UnitRecord)> = (0u32..).zip(searcher.units()).filter(|(_, u)| u.doc as usize == doc).collect();
        let headings: Vec<&str> = records.iter().map(|(_, u)| &*u.heading).collect();
        let parts = corpus::part_names(&searcher.docs()[doc].title, &headings);
        let units: Result<Vec<Unit>, SearchError> =
            records.iter().zip(parts).map(|(&(i, u), part)| Ok(Unit { page: u.page, kind, anchor: &u.anchor, part: part.unwrap_or_default(), text: searcher.unit_text(i)? })).collect();
        answer(units)
    }

    /// Number of documents and units in the index.
    #[wasm_bindgen(js_name = documentCount)]
    pub fn document_count(&self) -> usize {
        self.searcher.docs().len()
    }

    #[wasm_bindgen(js_name = unitCount)]
    pub fn unit_count(&self) -> usize {
        self.searcher.units().len()
    }

    /// The checksum (the CRC-32 of the body, verified on opening) and size in bytes of
    /// the index or chunked directory opened: the page compares them with
    /// `izdeu-manifest.js`.
    pub fn checksum(&self) -> u32 {
        self.searcher.checksum()
    }

    #[wasm_bindgen(js_name = byteLength)]
    pub fn byte_length(&self) -> usize {
        self.searcher.byte_len()
    }
}

/// The engine of a whole index, built with the `whole` feature (pkg/whole/): for pages
/// opened from disk and offline.html. The page served over http reads only the chunked
/// index, and its wasm is smaller without the fst reader and the indexer.
#[cfg(feature = "whole")]
#[wasm_bindgen]
impl Engine {
    /// Opens index bytes (izdeu.idx); throws an `Error` saying what is wrong with them.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: Vec<u8>) -> Result<Engine, JsError> {
        console_error_panic_hook::set_once();
        Ok(Engine { searcher: Searcher::open(bytes).map_err(js_error)? })
    }

    /// Rebuilds the index from an index stripped to its documents (what offline.html
    /// carries, see [`rebuild`](crate::index::rebuild)) and opens it; throws an `Error`
    /// saying what is wrong with the bytes.
    pub fn rebuild(documents: Vec<u8>) -> Result<Engine, JsError> {
        console_error_panic_hook::set_once();
        let documents = crate::index::Index::open(documents).map_err(js_error)?;
        let bytes = crate::index::rebuild::rebuild(&documents).map_err(js_error)?;
        Ok(Engine { searcher: Searcher::open(bytes).map_err(js_error)? })
    }
}

/// `{limit, langs, docs}`, each optional. Read field by field: serde's deserializer would
/// bring its error messages, and float printing with them, into the module (32 KB).
fn query_options(options: &JsValue) -> Result<QueryOptions, JsError> {
    let mut parsed = QueryOptions::default();
    if options.is_undefined() || options.is_null() {
        return Ok(parsed);
    }
    if !options.is_object() {
        return Err(JsError::new("query options must be an object: {limit, langs, docs}"));
    }
    let field = |name: &str| js_sys::Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let limit = field("limit");
    if !limit.is_undefined() {
        const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
        let whole = limit.as_f64().filter(|n| n.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(n));
        parsed.limit = whole.ok_or_else(|| JsError::new("query options: limit must be a whole number"))? as usize;
    }
    parsed.langs = strings(field("langs"), "query options: langs must be an array of strings")?;
    parsed.docs = strings(field("docs"), "query options: docs must be an array of strings")?;
    Ok(parsed)
}

/// An array of strings; `undefined` is an empty one.
fn strings(value: JsValue, error: &str) -> Result<Vec<String>, JsError> {
    if value.is_undefined() {
        return Ok(Vec::new());
    }
    if !js_sys::Array::is_array(&value) {
        return Err(JsError::new(error));
    }
    js_sys::Array::from(&value).iter().map(|v| v.as_string().ok_or_else(|| JsError::new(error))).collect()
}
