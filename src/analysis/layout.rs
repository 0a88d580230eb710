//! Placeholder until the layout module lands.
pub fn qwerty_to_cyrillic(_typed: &str) -> Vec<String> {
    Vec::new()
}
pub fn cyrillic_to_qwerty(_typed: &str) -> Option<String> {
    None
}
