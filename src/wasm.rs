//! The WebAssembly binding: a thin adapter, one core call per export, errors as JS errors.

use wasm_bindgen::prelude::*;

use crate::search::Searcher;

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
        Ok(Engine { searcher: Searcher::open(bytes).map_err(|e| JsError::new(&e.to_string()))? })
    }

    /// The best `limit` hits for `query`: an array of `{doc, page, start, end, title, url,
    /// score, snippet}`.
    pub fn search(&self, query: &str, limit: usize) -> Result<JsValue, JsError> {
        let query: String = js_sys::JsString::from(query).normalize("NFC").into();
        let hits = self.searcher.search(&query, limit).map_err(|e| JsError::new(&e.to_string()))?;
        serde_wasm_bindgen::to_value(&hits).map_err(|e| JsError::new(&e.to_string()))
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
