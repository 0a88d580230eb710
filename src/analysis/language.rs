//! The language of a unit (a page, a section), told from the scripts of its words.
//!
//! Kazakh and Russian share the Cyrillic alphabet, but Kazakh has nine letters of its own
//! (ә ғ қ ң ө ұ ү һ і) that stand in a good share of its words and almost never in Russian.
//! So a unit is Kazakh when at least [`KAZAKH_SHARE`] of its Cyrillic words have one of
//! them, Russian when fewer do, and English when Latin words outnumber Cyrillic ones.

use super::{script, Script};

/// Share of Cyrillic words with a Kazakh letter from which a unit is Kazakh: Kazakh prose
/// has 30–50 %, Russian prose with Kazakh names a few.
pub const KAZAKH_SHARE: f64 = 0.15;

/// A unit's detected language, stored as one byte per unit in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(u8)]
pub enum Lang {
    /// No words, or only numbers and symbols.
    #[default]
    Unknown = 0,
    Kazakh = 1,
    Russian = 2,
    English = 3,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Unknown, Lang::Kazakh, Lang::Russian, Lang::English];

    /// The stored byte; a byte this version does not know reads as unknown.
    pub fn from_byte(byte: u8) -> Lang {
        Lang::ALL.get(byte as usize).copied().unwrap_or_default()
    }

    /// The ISO 639-1 code (`und`, "undetermined", for unknown).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Unknown => "und",
            Lang::Kazakh => "kk",
            Lang::Russian => "ru",
            Lang::English => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code))
    }
}

/// Counts the scripts of a unit's words; [`language`](Self::language) decides.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScriptCounts {
    kazakh: usize,
    cyrillic: usize,
    latin: usize,
}

impl ScriptCounts {
    /// Counts one normalized word.
    pub fn add(&mut self, term: &str) {
        self.add_script(script(term));
    }

    /// Counts one word of `script`.
    pub fn add_script(&mut self, script: Script) {
        match script {
            Script::Kazakh => self.kazakh += 1,
            Script::Cyrillic => self.cyrillic += 1,
            Script::Latin => self.latin += 1,
            Script::Other => {}
        }
    }

    pub fn language(&self) -> Lang {
        let cyrillic = self.kazakh + self.cyrillic;
        if cyrillic == 0 && self.latin == 0 {
            Lang::Unknown
        } else if self.latin > cyrillic {
            Lang::English
        } else if self.kazakh as f64 >= KAZAKH_SHARE * cyrillic as f64 {
            Lang::Kazakh
        } else {
            Lang::Russian
        }
    }
}

/// The language of `text`.
pub fn detect(text: &str) -> Lang {
    let mut counts = ScriptCounts::default();
    super::for_each_token(text, |token| counts.add(&token.term));
    counts.language()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_three_languages_apart() {
        assert_eq!(detect("Қазақстан Республикасы өзін демократиялық, зайырлы, құқықтық және әлеуметтік мемлекет ретінде орнықтырады"), Lang::Kazakh);
        assert_eq!(detect("Настоящий закон регулирует отношения, связанные с обработкой персональных данных в Республике Казахстан"), Lang::Russian);
        assert_eq!(detect("The court dismissed the appeal on the use of artificial intelligence software"), Lang::English);
        assert_eq!(detect("12, 14 — 2024"), Lang::Unknown);
        // Russian prose with one Kazakh name stays Russian.
        assert_eq!(detect("Закон подписал президент в городе Астана после обсуждения в Мәжілісе и сенате страны"), Lang::Russian);
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(Lang::from_byte(lang as u8), lang);
        }
        assert_eq!(Lang::from_byte(200), Lang::Unknown);
    }
}
