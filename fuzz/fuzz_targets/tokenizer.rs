//! The tokenizer, normalizer, stemmers, sound keys and layout conversions on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/fuzz_checks.rs"]
mod fuzz_checks;

fuzz_target!(|data: &[u8]| {
    fuzz_checks::check_tokenizer(&String::from_utf8_lossy(data));
});
