//! The WebAssembly binding: a thin adapter, one core call per export, errors as JS errors.

use wasm_bindgen::prelude::*;

use serde::Serialize;

use crate::search::{QueryOptions, Searcher};

/// A loaded index, searchable from JavaScript.
#[wasm_bindgen]
pub struct Engine {
    searcher: Searcher<Vec<u8>>,
}

#[wasm_bindgen]
impl Engine {
    /// Opens index bytes; throws an `Error` saying what is wrong with them.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: Vec<u8>) -> Result<Engine, JsError> {
        console_error_panic_hook::set_once();
        let started = js_sys::Date::now();
        let searcher = Searcher::open(bytes).map_err(|e| JsError::new(&e.to_string()))?;
        // For site owners checking what loaded, at the console's debug level.
        web_sys::console::debug_1(&JsValue::from_str(&format!(
            "izdeu: {} documents, {} pages, {} index bytes opened in {:.0} ms",
            searcher.index().docs().len(),
            searcher.index().units().len(),
            searcher.index().byte_len(),
            js_sys::Date::now() - started
        )));
        Ok(Engine { searcher })
    }

    /// The best `limit` hits for `query`: an array of `{doc, page, start, end, title, url,
    /// score, snippet}`.
    pub fn search(&self, query: &str, limit: usize) -> Result<JsValue, JsError> {
        let query: String = js_sys::JsString::from(query).normalize("NFC").into();
        let hits = self.searcher.search(&query, limit).map_err(|e| JsError::new(&e.to_string()))?;
        serde_wasm_bindgen::to_value(&hits).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Hits narrowed by language and document, with counts: `options` is `{limit, langs,
    /// docs}` (each optional), the result `{hits, total, facets: {langs, docs}}`.
    pub fn query(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let query: String = js_sys::JsString::from(query).normalize("NFC").into();
        let options: QueryOptions = if options.is_undefined() || options.is_null() {
            QueryOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("query options: {e}")))?
        };
        let results = self.searcher.query(&query, &options).map_err(|e| JsError::new(&e.to_string()))?;
        results.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The documents, in index order: `[{path, title}]` (for naming documents in filters).
    pub fn documents(&self) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Doc<'a> {
            path: &'a str,
            title: &'a str,
        }
        let docs: Vec<Doc> = self.searcher.index().docs().iter().map(|d| Doc { path: &d.path, title: &d.title }).collect();
        serde_wasm_bindgen::to_value(&docs).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The units of the document at `path`, in order: `[{page, anchor, text}]` (offline.html
    /// shows them in place of the reader pages it cannot carry).
    pub fn units(&self, path: &str) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Unit<'a> {
            page: u32,
            anchor: &'a str,
            text: &'a str,
        }
        let index = self.searcher.index();
        let doc = index.docs().iter().position(|d| d.path == path).ok_or_else(|| JsError::new(&format!("no document {path:?} in the index")))?;
        let units: Vec<Unit> = (0u32..)
            .zip(index.units())
            .filter(|(_, u)| u.doc as usize == doc)
            .map(|(i, u)| Unit { page: u.page, anchor: &u.anchor, text: index.unit_text(i) })
            .collect();
        serde_wasm_bindgen::to_value(&units).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Number of documents and units in the index.
    #[wasm_bindgen(js_name = documentCount)]
    pub fn document_count(&self) -> usize {
        self.searcher.index().docs().len()
    }

    #[wasm_bindgen(js_name = unitCount)]
    pub fn unit_count(&self) -> usize {
        self.searcher.index().units().len()
    }

    /// The index's checksum (the CRC-32 of its body, verified on opening) and its size in
    /// bytes: the page compares them with `izdeu-manifest.js`.
    pub fn checksum(&self) -> u32 {
        self.searcher.index().checksum()
    }

    #[wasm_bindgen(js_name = byteLength)]
    pub fn byte_length(&self) -> usize {
        self.searcher.index().byte_len()
    }
}
