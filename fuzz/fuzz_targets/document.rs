//! The .txt, .md and .html readers on any bytes (the first byte picks the kind): units
//! inside the file, the document indexed and findable by its own words, snippets safe.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/fuzz_checks.rs"]
mod fuzz_checks;

fuzz_target!(|data: &[u8]| {
    let (name, bytes) = fuzz_checks::document_from_fuzz_input(data);
    fuzz_checks::check_document(name, bytes);
});
