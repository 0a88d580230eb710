//! The analyzer on the real corpus: what PDF extraction leaves in the text is normalized.

use std::fs;

use izdeu::analysis::{self, tokenize};

fn corpus_text() -> String {
    let mut files: Vec<_> = fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
        .expect("corpus/ exists")
        .map(|e| e.expect("readable entry").path())
        .collect();
    files.sort();
    files.iter().map(|f| fs::read_to_string(f).expect("corpus is UTF-8")).collect::<Vec<_>>().join("\n")
}

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4ff}').contains(&c)
}

#[test]
fn latin_look_alikes_inside_cyrillic_words_are_folded() {
    // Real words of the corpus written with Latin letters inside (a, e, i, o, c, p).
    for (raw, want) in [("сaқтaндыру", "сақтандыру"), ("мeн", "мен"), ("тiлi", "тілі"), ("Қaзaқстaн", "қазақстан")] {
        assert_eq!(tokenize(raw)[0].term, want, "{raw}");
    }
    let text = corpus_text();
    let raw_mixed = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().any(is_cyrillic) && w.chars().any(|c| c.is_ascii_alphabetic()))
        .count();
    assert!(raw_mixed > 100, "the corpus has mixed-script words to fold ({raw_mixed})");
    let still_mixed: Vec<String> = tokenize(&text)
        .into_iter()
        .map(|t| t.term)
        .filter(|t| t.chars().any(is_cyrillic) && t.chars().any(|c| c.is_ascii_alphabetic()))
        .collect();
    // Only words whose Latin letters have no Cyrillic look-alike may stay mixed.
    for term in &still_mixed {
        assert!(
            term.chars().filter(|c| c.is_ascii_alphabetic()).any(|c| !"aceopxyih".contains(c)),
            "{term} still mixes scripts"
        );
    }
}

#[test]
fn pdf_hyphenation_is_joined_and_real_compounds_kept() {
    let text = corpus_text();
    let terms: std::collections::HashSet<String> = tokenize(&text).into_iter().map(|t| t.term).collect();
    // Hyphenated across line ends in the corpus ("ис-\nпользования", "жа-\nсанды").
    assert!(terms.contains("использования"));
    assert!(terms.contains("жасанды"));
    let at = text.find("ис-\nпользования").expect("the corpus hyphenates использования");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let around: Vec<String> = tokenize(&text[line_start..at + "ис-\nпользования".len()]).into_iter().map(|t| t.term).collect();
    assert!(around.contains(&"использования".to_owned()), "{around:?}");
    assert!(!around.iter().any(|t| t == "ис" || t == "пользования"), "{around:?}");
    // Compounds written with a hyphen on one line keep it, and their parts are indexed.
    for word in ["сондай-ақ", "іс-қимыл", "нұр-сұлтан"] {
        assert!(terms.contains(word), "{word}");
    }
}

#[test]
fn nbsp_and_zero_width_characters_do_not_split_or_join_words() {
    let got: Vec<String> = tokenize("заң\u{a0}жобасы құ\u{200b}қық\u{ad}тық").into_iter().map(|t| t.term).collect();
    assert_eq!(got, ["заң", "жобасы", "құқықтық"]);
}

#[test]
fn language_is_decided_per_word_by_its_letters() {
    use analysis::{script, Script};
    assert_eq!(script("құқық"), Script::Kazakh);
    assert_eq!(script("закон"), Script::Cyrillic);
    assert_eq!(script("law"), Script::Latin);
    assert_eq!(script("2021"), Script::Other);
    // Each script gets its stemmer: Kazakh suffixes, Russian and English Snowball.
    assert_eq!(analysis::stems("құқықтарының")[0], analysis::stems("құқықтары")[0]);
    assert!(analysis::stems("законодательства").contains(&analysis::stems("законодательство")[0]));
    assert_eq!(analysis::stems("elections"), analysis::stems("election"));
}
