//! Placeholder until the Kazakh stemmer lands.
pub fn stem(word: &str) -> String {
    word.to_owned()
}
