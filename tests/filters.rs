//! Filtering results by language and document, with counts (facets), without a new index.

use std::path::Path;

use izdeu::analysis::language::Lang;
use izdeu::corpus::parse_document;
use izdeu::index::{Index, IndexWriter};
use izdeu::search::{QueryOptions, Searcher};

/// The same topic ("data", "law") in three languages, a page each, plus a mixed document.
const DOCS: [(&str, &str); 3] = [
    (
        "kk.txt",
        " Деректер туралы заң\nҚазақстан Республикасының дербес деректер туралы заңы деректерді қорғауды реттейді.\n Екінші бет: деректер операторының жауапкершілігі және құқықтары.\n",
    ),
    ("ru.txt", " Закон о данных\nНастоящий закон о данных регулирует обработку персональных данных в стране.\n"),
    (
        "mixed.txt",
        " Data law\nThe data protection law governs personal data of the citizens.\n Вторая страница: данные и закон, перевод на русский язык.\n",
    ),
];

fn searcher() -> Searcher<Vec<u8>> {
    let mut writer = IndexWriter::new();
    for (path, text) in DOCS {
        let doc = parse_document(path, text.as_bytes()).unwrap().unwrap();
        writer.add_document(&doc, &format!("docs/{path}.html"));
    }
    Searcher::open(writer.finish()).unwrap()
}

fn options(langs: &[&str], docs: &[&str]) -> QueryOptions {
    QueryOptions { limit: 10, langs: langs.iter().map(|s| s.to_string()).collect(), docs: docs.iter().map(|s| s.to_string()).collect() }
}

fn counts(map: &std::collections::BTreeMap<String, usize>) -> Vec<(&str, usize)> {
    map.iter().map(|(k, v)| (k.as_str(), *v)).collect()
}

#[test]
fn each_unit_gets_its_language_in_the_index() {
    let s = searcher();
    let langs: Vec<(&str, u32, Lang)> =
        s.units().iter().map(|u| (s.docs()[u.doc as usize].path.as_str(), u.page, u.lang)).collect();
    assert_eq!(
        langs,
        [
            ("kk.txt", 1, Lang::Kazakh),
            ("kk.txt", 2, Lang::Kazakh),
            ("ru.txt", 1, Lang::Russian),
            ("mixed.txt", 1, Lang::English),
            ("mixed.txt", 2, Lang::Russian),
        ]
    );
}

#[test]
fn facets_count_every_match_and_filters_narrow_hits() {
    let s = searcher();
    // "закон" matches the Russian units; "data" the English one; "заң" the Kazakh page 1.
    let all = s.query("закон data заң", &QueryOptions::default()).unwrap();
    assert_eq!(all.total, all.hits.len());
    assert_eq!(counts(&all.facets.langs), [("en", 1), ("kk", 1), ("ru", 2)]);
    assert_eq!(counts(&all.facets.docs), [("kk.txt", 1), ("mixed.txt", 2), ("ru.txt", 1)]);

    let ru = s.query("закон data заң", &options(&["ru"], &[])).unwrap();
    assert_eq!(ru.total, 2);
    assert!(ru.hits.iter().all(|h| h.doc == "ru.txt" || (h.doc == "mixed.txt" && h.page == 2)), "{:?}", ru.hits);
    // The language counts ignore the language filter; the document counts apply it.
    assert_eq!(ru.facets.langs, all.facets.langs);
    assert_eq!(counts(&ru.facets.docs), [("mixed.txt", 1), ("ru.txt", 1)]);

    let mixed = s.query("закон data заң", &options(&[], &["mixed.txt"])).unwrap();
    assert_eq!(mixed.total, 2);
    assert!(mixed.hits.iter().all(|h| h.doc == "mixed.txt"));
    assert_eq!(counts(&mixed.facets.langs), [("en", 1), ("ru", 1)]);
    assert_eq!(mixed.facets.docs, all.facets.docs);

    let both = s.query("закон data заң", &options(&["en", "kk"], &["mixed.txt"])).unwrap();
    assert_eq!((both.total, both.hits.len(), both.hits[0].page), (1, 1, 1));

    // Values that match nothing let nothing through; the counts still say what there is.
    let none = s.query("закон", &options(&["xx"], &[])).unwrap();
    assert_eq!((none.total, none.hits.len()), (0, 0));
    assert_eq!(counts(&none.facets.langs), [("ru", 2)]);
    let none = s.query("закон", &options(&[], &["no-such.txt"])).unwrap();
    assert_eq!((none.total, none.hits.len()), (0, 0));
}

#[test]
fn limit_cuts_hits_not_the_total() {
    let s = searcher();
    let r = s.query("закон data заң", &QueryOptions { limit: 1, ..QueryOptions::default() }).unwrap();
    assert_eq!((r.hits.len(), r.total), (1, 4));
}

#[test]
fn unfiltered_query_gives_the_same_hits_as_search() {
    let s = searcher();
    for query in ["закон", "деректер", "data law", "данн", "", "заң закон"] {
        for limit in [1, 3, 10] {
            let hits = s.search(query, limit).unwrap();
            let r = s.query(query, &QueryOptions { limit, ..QueryOptions::default() }).unwrap();
            assert_eq!(r.hits, hits, "{query:?} limit {limit}");
        }
    }
}

#[test]
fn options_read_from_json_with_defaults() {
    let o: QueryOptions = serde_json::from_str(r#"{"langs": ["kk"]}"#).unwrap();
    assert_eq!(o, QueryOptions { limit: 10, langs: vec!["kk".into()], docs: vec![] });
    let o: QueryOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(o, QueryOptions::default());
}

#[test]
fn an_index_without_languages_reads_them_as_unknown() {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v1-small.idx")).unwrap();
    let index = Index::open(&bytes[..]).unwrap();
    assert!(index.units().iter().all(|u| u.lang == Lang::Unknown));
    let s = Searcher::open(&bytes[..]).unwrap();
    let r = s.query("закон", &options(&["und"], &[])).unwrap();
    assert!(r.total > 0);
    assert_eq!(r.facets.langs.keys().collect::<Vec<_>>(), ["und"]);
}

#[test]
fn a_damaged_language_section_is_an_error_not_a_panic() {
    // Shorten the LANGS section by a byte in the section table (the byte is left unread,
    // the checksum still holds): it no longer has a byte per unit.
    let mut writer = IndexWriter::new();
    for (path, text) in DOCS {
        writer.add_document(&parse_document(path, text.as_bytes()).unwrap().unwrap(), "x.html");
    }
    let mut bytes = writer.finish();
    let sections = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let entry = (0..sections).map(|i| 32 + 20 * i).find(|&at| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) == 7).unwrap();
    let len = u64::from_le_bytes(bytes[entry + 12..entry + 20].try_into().unwrap());
    bytes[entry + 12..entry + 20].copy_from_slice(&(len - 1).to_le_bytes());
    let crc = crc32(&bytes[32..]);
    bytes[24..28].copy_from_slice(&crc.to_le_bytes());
    let error = Index::open(&bytes[..]).unwrap_err().to_string();
    assert!(error.contains("LANGS"), "{error}");
}

/// CRC-32 (IEEE), bit by bit: the header's checksum, without another dependency.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
