//! The index reader on any bytes: as a whole file, or as a body behind a valid header
//! (see `index_from_fuzz_input`). Nothing may panic; errors say how to fix them.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/fuzz_checks.rs"]
mod fuzz_checks;

fuzz_target!(|data: &[u8]| {
    fuzz_checks::check_index(&fuzz_checks::index_from_fuzz_input(data));
});
