//! Placeholder until the transliteration module lands.
pub fn sound_key(word: &str) -> String {
    word.to_owned()
}
