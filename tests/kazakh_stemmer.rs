//! Checks the Kazakh stemmer against hand-checked stems of corpus word forms
//! (tests/data/kazakh_stems.tsv) and runs it over every word of the corpus.

use izdeu::analysis::kazakh::stem;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::Path;

/// One lemma's group in the TSV: the stem named in its `# stem` header and its rows.
/// The file's opening comment lines are headers of empty groups, dropped on reading.
struct Group {
    name: String,
    rows: Vec<(String, String)>,
}

fn read_groups() -> Vec<Group> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/kazakh_stems.tsv");
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let mut groups: Vec<Group> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('#') {
            groups.push(Group {
                name: name.trim().to_owned(),
                rows: Vec::new(),
            });
            continue;
        }
        let (form, expected) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("line {}: expected form<TAB>stem, got {line:?}", number + 1));
        let group = groups
            .last_mut()
            .unwrap_or_else(|| panic!("line {}: row before any '# stem' header", number + 1));
        group.rows.push((form.to_owned(), expected.to_owned()));
    }
    groups.retain(|g| !g.rows.is_empty());
    groups
}

#[test]
fn stems_match_the_expected_stems() {
    let groups = read_groups();
    let rows: Vec<&(String, String)> = groups.iter().flat_map(|g| &g.rows).collect();
    assert!(rows.len() >= 300, "only {} rows in the TSV", rows.len());
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|(form, expected)| {
            let got = stem(form);
            (got != *expected).then(|| format!("{form}: expected {expected}, got {got}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} forms stem wrongly:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

#[test]
fn forms_of_one_lemma_share_a_stem() {
    let mut failures = Vec::new();
    for group in read_groups() {
        let mut forms_by_stem: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for (form, _) in &group.rows {
            forms_by_stem.entry(stem(form)).or_default().push(form);
        }
        if forms_by_stem.len() > 1 {
            failures.push(format!("{}: {forms_by_stem:?}", group.name));
        }
    }
    assert!(
        failures.is_empty(),
        "lemmas split over several stems:\n{}",
        failures.join("\n")
    );
}

#[test]
fn different_lemmas_get_different_stems() {
    let mut lemmas_by_stem: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for group in read_groups() {
        let (form, _) = &group.rows[0];
        lemmas_by_stem
            .entry(stem(form))
            .or_default()
            .push(group.name);
    }
    let merged: Vec<String> = lemmas_by_stem
        .iter()
        .filter(|(_, lemmas)| lemmas.len() > 1)
        .map(|(stem, lemmas)| format!("{stem}: {lemmas:?}"))
        .collect();
    assert!(
        merged.is_empty(),
        "unrelated lemmas merged:\n{}",
        merged.join("\n")
    );
}

#[test]
fn every_corpus_word_gets_a_non_empty_stem() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut words = 0;
    for entry in
        fs::read_dir(&corpus).unwrap_or_else(|e| panic!("reading {}: {e}", corpus.display()))
    {
        let path = entry.expect("corpus directory entry").path();
        if path.extension() != Some(OsStr::new("txt")) {
            continue;
        }
        let text =
            fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let word = word.to_lowercase().replace('ё', "е");
            assert!(!stem(&word).is_empty(), "empty stem for {word:?}");
            words += 1;
        }
    }
    assert!(
        words > 10_000,
        "only {words} words found in {}",
        corpus.display()
    );
}

#[test]
fn odd_input_is_returned_unchanged() {
    for word in [
        "",
        "а",
        "ә",
        "ел",
        "law",
        "2024",
        "😀",
        "заң😀",
        "іс-қимыл",
        "\u{0301}",
        "x\u{0}y",
    ] {
        assert_eq!(stem(word), word);
    }
}

#[test]
fn random_kazakh_letter_strings_get_a_non_empty_stem() {
    let letters: Vec<char> = "аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
        .chars()
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |bound: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % bound
    };
    for _ in 0..200_000 {
        let len = 1 + next(14);
        let word: String = (0..len).map(|_| letters[next(letters.len())]).collect();
        assert!(!stem(&word).is_empty(), "empty stem for {word:?}");
    }
}
