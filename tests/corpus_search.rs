//! Searching the real corpus: known-item queries land on the right page, hits point to
//! the right bytes, snippets mark real words, and hostile queries never break anything.
//!
//! Run: `cargo test --release --test corpus_search`

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use izdeu::analysis;
use izdeu::corpus::{parse_document, read_dir, UnitKind};
use izdeu::index::IndexWriter;
use izdeu::search::{Hit, Searcher, MAX_LIMIT};
use unicode_normalization::UnicodeNormalization;

struct Corpus {
    searcher: Searcher<Vec<u8>>,
    /// Source file text by document path.
    sources: HashMap<String, String>,
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let corpus = read_dir(&root, None).expect("the corpus folder reads");
        assert!(corpus.skipped.is_empty(), "skipped: {:?}", corpus.skipped);
        let mut writer = IndexWriter::new();
        let mut sources = HashMap::new();
        for doc in &corpus.documents {
            writer.add_document(doc, &format!("docs/{}.html", doc.path));
            let text = std::fs::read_to_string(root.join(&doc.path)).expect("UTF-8 source");
            sources.insert(doc.path.clone(), text);
        }
        Corpus { searcher: Searcher::open(writer.finish()).expect("the index opens"), sources }
    })
}

/// Where pages begin as the known-item queries define them (past the first): at a line
/// that starts with a space or a tab, or at a form feed.
fn line_page_starts(source: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = source.as_bytes();
    (1..bytes.len()).filter(|&i| (bytes[i - 1] == b'\n' && matches!(bytes[i], b' ' | b'\t')) || bytes[i] == b'\x0c')
}

/// The page of byte `offset` as the known-item queries define it: pages counted from 1,
/// each beginning at one of the [`line_page_starts`].
fn page_at(source: &str, offset: usize) -> u32 {
    line_page_starts(source).take_while(|&start| start <= offset).count() as u32 + 1
}

/// The page of byte `offset` as the index splits pages: as [`page_at`], but a word
/// hyphenated across a page break (`в про-` ending a page, ` фессиональной` opening the
/// next) stays whole on the page it begins on: the next page begins after the word's rest.
fn unit_page_at(source: &str, offset: usize) -> u32 {
    let starts = line_page_starts(source).map(|i| {
        if source.as_bytes()[i] == b'\x0c' {
            return i;
        }
        let before: Vec<char> = source[..i - 1].trim_end_matches([' ', '\t', '\r']).chars().rev().take(2).collect();
        let hyphenated = matches!(before[..], [hyphen, letter] if "-\u{2010}\u{2011}".contains(hyphen) && letter.is_alphanumeric());
        let line = &source[i..];
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let rest: String = line[indent..].chars().take_while(|&c| c.is_alphanumeric() || c == '\u{ad}').collect();
        if hyphenated && rest.starts_with(char::is_lowercase) { i + indent + rest.len() } else { i }
    });
    // A word that ends the text begins no page.
    starts.take_while(|&start| start <= offset && start < source.len()).count() as u32 + 1
}

fn unescape(html: &str) -> String {
    html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn is_hash_like(title: &str) -> bool {
    let t = title.trim_end_matches(".txt");
    let (head, tail) = t.split_once('_').unwrap_or(("", t));
    (head.chars().all(|c| c.is_ascii_digit()) && tail.len() >= 12 && tail.chars().all(|c| c.is_ascii_hexdigit()))
        || t.chars().all(|c| c.is_ascii_hexdigit() || c == '_')
}

/// Everything a hit must satisfy, whatever the query.
fn check_hit(hit: &Hit) {
    let c = corpus();
    let source = c.sources.get(&hit.doc).unwrap_or_else(|| panic!("hit for unknown document {:?}", hit.doc));
    let (start, end) = (hit.start as usize, hit.end as usize);
    assert!(start < end && end <= source.len(), "{}: range {start}..{end} of {}", hit.doc, source.len());
    assert!(end - start < 20_000, "{} page {}: {} bytes is not a page", hit.doc, hit.page, end - start);
    assert!(source.is_char_boundary(start) && source.is_char_boundary(end));
    let slice = &source[start..end];

    // The range is exactly one page, with the page number of the definition.
    assert_eq!(unit_page_at(source, start), hit.page, "{} at byte {start}", hit.doc);
    assert_eq!(unit_page_at(source, end - 1), hit.page, "{}: page {} runs into the next page", hit.doc, hit.page);
    assert!(start == 0 || unit_page_at(source, start - 1) == hit.page - 1, "{} page {} does not begin at a page start", hit.doc, hit.page);
    assert!(end == source.len() || unit_page_at(source, end) == hit.page + 1, "{} page {} ends before the page does", hit.doc, hit.page);

    // The index's unit for it holds exactly those bytes.
    let index = &c.searcher;
    let units: Vec<u32> = (0..index.units().len() as u32)
        .filter(|&u| {
            let r = &index.units()[u as usize];
            index.docs()[r.doc as usize].path == hit.doc && r.page == hit.page
        })
        .collect();
    assert_eq!(units.len(), 1, "{} page {}", hit.doc, hit.page);
    let unit_text = index.unit_text(units[0]).unwrap();
    // Units are stored composed (NFC): the source's bytes, composed, but for the line
    // breaks inside words the index keeps hyphenated (сондай-\nақ is stored сондай-ақ).
    let composed: String = slice.nfc().collect();
    assert!(unit_text.len() <= composed.len());
    assert_eq!(analysis::on_one_line(&unit_text), analysis::on_one_line(&composed), "the unit's text is not the source's bytes {start}..{end}");

    assert_eq!(hit.url, format!("docs/{}.html#page-{}", hit.doc, hit.page));
    let stem = hit.doc.trim_end_matches(".txt");
    assert!(!hit.title.trim().is_empty() && hit.title != stem && hit.title != hit.doc, "title {:?}", hit.title);
    assert!(!is_hash_like(&hit.title), "title {:?} is a file name", hit.title);
    assert!(hit.title.chars().filter(|c| c.is_alphabetic()).count() >= 3, "title {:?}", hit.title);
    assert!(hit.score.is_finite());

    // Snippet: escaped HTML with balanced marks around words of the page.
    let opens = hit.snippet.matches("<mark>").count();
    assert_eq!(opens, hit.snippet.matches("</mark>").count(), "{}", hit.snippet);
    assert!(opens >= 1, "no word marked: {}", hit.snippet);
    let without_marks = hit.snippet.replace("<mark>", "").replace("</mark>", "");
    assert!(!without_marks.contains('<') && !without_marks.contains('>'), "unescaped markup: {}", hit.snippet);
    let unit_terms: HashSet<String> = analysis::tokenize(&unit_text).into_iter().map(|t| t.term).collect();
    for (marked, _) in marks(&hit.snippet) {
        let marked = unescape(marked);
        let terms = analysis::tokenize(&marked);
        assert!(!terms.is_empty(), "an empty mark in {}", hit.snippet);
        for t in terms {
            assert!(unit_terms.contains(&t.term), "marked {marked:?} ({}) is not a word of {} page {}", t.term, hit.doc, hit.page);
        }
    }
}

/// A snippet's marked words, each with the text after it up to the next mark (escaped).
fn marks(snippet: &str) -> Vec<(&str, &str)> {
    snippet.split("<mark>").skip(1).map(|piece| piece.split_once("</mark>").unwrap_or((piece, ""))).collect()
}

/// Known-item queries from the dev set (id, query, document, page, passage bytes).
const DEV_QUERIES: [(&str, &str, &str, u32, u64, u64); 20] = [
    ("exact-2", "процедур относительно избирателей", "003_b7ca536208c8f24b.txt", 63, 302184, 302428),
    ("exact-3", "involving tactical mirror", "003_b7ca536208c8f24b.txt", 162, 820142, 820334),
    ("exact-5", "біркелкі түсіндірілмесе", "003_b7ca536208c8f24b.txt", 25, 109846, 110105),
    ("exact-14", "глебов қолданылуы факторлардың", "002_38ac2b458d4866f2.txt", 3, 14752, 15043),
    ("exact-15", "сектор отандық", "000_498d5e84c928b603.txt", 10, 79853, 80081),
    ("exact-19", "kazakh investigation combating", "003_b7ca536208c8f24b.txt", 172, 877543, 877719),
    ("typo-29", "fucntionn guidlenies interepretative", "003_b7ca536208c8f24b.txt", 15, 79083, 79396),
    ("typo-32", "қазын ынатымақтастықтың зерттледр", "003_b7ca536208c8f24b.txt", 181, 921736, 922221),
    ("typo-41", "көрсетіліетін аусыстыру нсыанға", "000_498d5e84c928b603.txt", 5, 35313, 35540),
    ("typo-43", "тіртіп бизнесіени қауіпсіздіігемн", "003_b7ca536208c8f24b.txt", 107, 499371, 499623),
    ("typo-50", "ужеиточени накананий занонодатеьные", "003_b7ca536208c8f24b.txt", 170, 875228, 875539),
    ("prefix-52", "australia copyright respo", "003_b7ca536208c8f24b.txt", 116, 550268, 550423),
    ("prefix-58", "информационный программа arti", "004_3c08eeb99c743998.txt", 20, 45417, 45635),
    ("prefix-67", "crimestat indicators пер", "003_b7ca536208c8f24b.txt", 174, 885970, 886041),
    ("prefix-75", "препятствий инноваций мяг", "003_b7ca536208c8f24b.txt", 8, 42449, 42698),
    ("inflect-77", "бостандықтарды қажеттілігін дәуірде", "002_38ac2b458d4866f2.txt", 41, 45053, 45374),
    ("inflect-80", "ensured permanent scholarship", "003_b7ca536208c8f24b.txt", 48, 201711, 201864),
    ("inflect-86", "пирамидой подчеркивают литературы", "003_b7ca536208c8f24b.txt", 145, 730301, 730795),
    ("inflect-82", "материалдарын көздеріндегі нысанда", "004_3c08eeb99c743998.txt", 104, 121142, 121390),
    ("inflect-93", "modernization improve amendments", "003_b7ca536208c8f24b.txt", 124, 577585, 577821),
];

#[test]
fn known_items_are_first_on_their_page() {
    let c = corpus();
    let mut failures = Vec::new();
    for (id, query, doc, page, start, end) in DEV_QUERIES {
        // The expected page is the page of the passage under the definition.
        assert_eq!(page_at(&c.sources[doc], start as usize), page, "{id}: the dev set's page");
        let hits = c.searcher.search(query, 10).unwrap();
        match hits.first() {
            Some(top) if top.doc == doc && top.page == page && top.start < end && top.end > start => check_hit(top),
            Some(top) => failures.push(format!("{id} {query:?}: first is {} page {}, expected {doc} page {page}", top.doc, top.page)),
            None => failures.push(format!("{id} {query:?}: no hits")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A compound the source breaks at its hyphen across a line end shows with its hyphen;
/// a word broken across a line end by hyphenation shows joined; a number with its hyphen.
#[test]
fn snippets_show_line_end_hyphenation_resolved_as_the_index_resolved_it() {
    let c = corpus();
    for (query, source, shown) in [
        ("өтеулі сипаты олардың", "сондай-\nақ олардың", "сондай-ақ <mark>олардың</mark>"),
        ("кодификациялаудың артықшылықтарын", "кодификациялау-\nдың", "<mark>кодификациялаудың</mark> <mark>артықшылықтарын</mark>"),
        // Written nowhere else, but онлайн- begins other compounds and формате is a word.
        ("услуг в онлайн формате", "онлайн-\nформате", "<mark>онлайн</mark>-<mark>формате</mark>"),
        // Two alphabets meet at the line end: a compound, whatever the corpus says.
        ("инструментов", "IT-\nинструментов", "IT-<mark>инструментов</mark>"),
        // A number keeps its hyphen (ҚПК 213-бабы: article 213 of the code).
        ("213 бабы", "213-\nбабы", "<mark>213</mark>-<mark>бабы</mark>"),
        // Typed as it is read: a number and the word after it are two words of the query.
        ("ҚПК 213-бабы", "213-\nбабы", "<mark>213</mark>-<mark>бабы</mark>"),
        ("\"213-бабы\"", "213-\nбабы", "<mark>213</mark>-<mark>бабы</mark>"),
        ("бейнебайланыс режимінде қашықтықтан", "213-\nбабы", "(ҚПК 213-бабы)"),
    ] {
        let top = &c.searcher.search(query, 1).unwrap()[0];
        assert!(c.sources[&top.doc][top.start as usize..top.end as usize].contains(source), "{query:?}: the hit is not the page of {source:?}");
        assert!(top.snippet.contains(shown), "{query:?}: {}", top.snippet);
    }
}

/// Words of our own, typed exactly as they stand: Kazakh, Russian, English.
#[test]
fn exact_words_find_their_page() {
    let c = corpus();
    for (query, doc, page, word) in [
        // Kazakh
        ("санитарлық ", "003_b7ca536208c8f24b.txt", 136, "санитарлық"),
        ("парақшаларды ", "004_3c08eeb99c743998.txt", 97, "парақшаларды"),
        // hyphenated across a line end in the source: "кодификациялау-\nдың"
        ("кодификациялаудың ", "001_4c35daff06d2ef2c.txt", 2, "кодификациялау-\nдың"),
        // hyphenated across a page break: the page it begins on has it whole
        ("судебных решений профессиональной ", "003_b7ca536208c8f24b.txt", 16, "в про-\n фессиональной"),
        // Russian
        ("направлениям вредного критическое", "001_4c35daff06d2ef2c.txt", 3, "вредного"),
        ("предопределяет практическую значимость", "003_b7ca536208c8f24b.txt", 163, "предопределяет"),
        // English
        ("gatekeeper precondition", "003_b7ca536208c8f24b.txt", 116, "gatekeeper"),
    ] {
        let hits = c.searcher.search(query, 10).unwrap();
        let top = hits.first().unwrap_or_else(|| panic!("{query:?}: no hits"));
        assert_eq!((top.doc.as_str(), top.page), (doc, page), "{query:?}: {:?}", hits.iter().map(|h| (&h.doc, h.page)).collect::<Vec<_>>());
        let source = &c.sources[doc];
        let slice = &source[top.start as usize..top.end as usize];
        assert!(slice.contains(word), "{query:?}: {word:?} is not in the hit's bytes");
        let at = source.find(word).unwrap();
        assert_eq!(page_at(source, at), page, "{word:?} first stands on page {}", page_at(source, at));
        check_hit(top);
        for hit in &hits {
            check_hit(hit);
        }
    }
}

#[test]
fn hits_of_many_queries_point_to_their_pages() {
    let c = corpus();
    let mut checked = 0;
    for query in ["заң", "құқық ", "закон", "право ", "law", "court ", "интеллект", "жасанды интеллект", "artificial intelligence", "киберқылмыс", "данных"] {
        let hits = c.searcher.search(query, 50).unwrap();
        assert!(hits.len() >= 3, "{query:?}: {} hits", hits.len());
        for hit in &hits {
            check_hit(hit);
            checked += 1;
        }
        // Best first, no unit twice.
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score), "{query:?} is not sorted");
        let distinct: HashSet<(&str, u32)> = hits.iter().map(|h| (h.doc.as_str(), h.page)).collect();
        assert_eq!(distinct.len(), hits.len(), "{query:?} returns a page twice");
    }
    assert!(checked > 200);
}

#[test]
fn titles_are_titles_not_file_names() {
    let c = corpus();
    let docs = c.searcher.docs();
    assert_eq!(docs.len(), 5);
    for doc in docs {
        assert!(!is_hash_like(&doc.title), "{}: title {:?}", doc.path, doc.title);
        assert!(doc.title.chars().filter(|c| c.is_alphabetic()).count() >= 5, "{}: title {:?}", doc.path, doc.title);
        assert!(doc.title.chars().count() <= 161, "{}: title {:?}", doc.path, doc.title);
    }
    assert!(is_hash_like("003_b7ca536208c8f24b"));
    assert!(!is_hash_like("Құқықтық кеңістікті цифрландыру"));
}

#[test]
fn a_document_is_read_by_the_extension_of_its_file_name() {
    let markdown = "# Guide\n\nFirst part.\n\n## Install\n\nSecond part.\n";
    let doc = parse_document("notes.v2/Guide.MD", markdown.as_bytes()).unwrap().unwrap();
    assert_eq!((UnitKind::of(&doc.path), doc.units.len()), (UnitKind::Section, 2));
    // Without a title of its own, a document is named by its file name less the extension.
    let doc = parse_document("archive.2024/law.final.txt", b"...").unwrap();
    assert!(doc.is_none(), "no text");
    let doc = parse_document("archive.2024/law.final.txt", b"42\n").unwrap().unwrap();
    assert_eq!((UnitKind::of(&doc.path), doc.title.as_str()), (UnitKind::Page, "law.final"));
    // A folder's dot is not an extension, nor is the dot that begins a file's name.
    for path in ["site.md/notes", "site.md/.notes"] {
        let doc = parse_document(path, b"42\n").unwrap().unwrap();
        assert_eq!((UnitKind::of(path), doc.title.as_str()), (UnitKind::Page, path.rsplit('/').next().unwrap()));
    }
}

#[test]
fn a_page_is_shown_with_the_heading_of_its_article_or_chapter() {
    let c = corpus();
    let first_hit = |query: &str| c.searcher.search(query, 1).unwrap().into_iter().next().unwrap_or_else(|| panic!("{query}: no hit"));
    // The journal issue holds many articles; each page is shown with its own article's title.
    for (query, doc, title) in [
        ("нарушения правил безопасности горных работ", "003_b7ca536208c8f24b.txt", "Объективные и субъективные факторы нарушения безопасности при ведении горных или строительных работ"),
        // A heading whose second line starts with a space (a page mark) is still whole.
        ("зеркало гезелла опознание", "003_b7ca536208c8f24b.txt", "Тактико-психологические аспекты допроса в специализированной комнате для расследований"),
        ("ойын бизнесі лицензия", "003_b7ca536208c8f24b.txt", "Қазақстан Республикасында ойын бизнесінің заңнамалық реттелу тәртібі"),
        // An article whose heading comes after its authors' affiliation and e-mail.
        ("финансовые пирамиды мошенничество", "003_b7ca536208c8f24b.txt", "Правовые меры противодействия финансовому мошенничеству: анализ законодательства и практики Республики Казахстан"),
        // A chapter of the thesis keeps its Roman numeral.
        ("электрондық құжаттың түпнұсқасы", "004_3c08eeb99c743998.txt", "II дәлелдеудің жаңа құралдары – электрондық құжаттар"),
    ] {
        let hit = first_hit(query);
        assert_eq!((hit.doc.as_str(), hit.title.as_str()), (doc, title), "{query}: page {}", hit.page);
    }
    // Every heading is the capitalised opening of a page at or before the unit it heads
    // (or of the next page: a heading broken by a page mark runs on into it).
    let words = |text: &str| text.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    let units = c.searcher.units();
    let mut journal_headings = HashSet::new();
    for (i, unit) in units.iter().enumerate().filter(|(_, u)| !u.heading.is_empty()) {
        let doc = &c.searcher.docs()[unit.doc as usize];
        let end = units.get(i + 1).filter(|next| next.doc == unit.doc).map_or(unit.end, |next| next.end);
        let before = words(&c.sources[&doc.path][..end as usize]);
        // A long heading is clipped at a word, with an ellipsis.
        assert!(before.contains(&words(unit.heading.trim_end_matches('…'))), "{} page {}: heading {:?} is not in the text before", doc.path, unit.page, unit.heading);
        if doc.path.starts_with("003_") {
            journal_headings.insert(unit.heading.clone());
        }
    }
    // Fifteen articles, and the notes for authors in three languages.
    assert_eq!(journal_headings.len(), 18, "the journal's articles: {journal_headings:?}");
}

#[test]
fn punctuation_and_empty_queries_find_nothing() {
    let c = corpus();
    for query in ["", " ", "   \n\t ", "— «…» • § ¶", "…", "«»", "¿¡ — –", "\u{200b}\u{ad}", "\u{feff}", "‐‐‐"] {
        assert_eq!(c.searcher.search(query, 10), Ok(vec![]), "{query:?}");
    }
}

/// A small xorshift generator: the same hostile queries every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn hostile_query(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "заң", "құқықтық", "мемлекет", "закон", "данных", "law", "court", "intelligence", "сондай-ақ", "ис-\nпользования",
        "😀", "🙂👍🏽", "👨‍👩‍👧‍👦", "🇰🇿", "שלום", "مرحبا بالعالم", "\u{202e}", "\u{200f}", "\u{202a}", ".*", "+?", "^$", "(a|b)",
        "[a-z]", "{2,}", "\\d", "\\", "/", "|", "%", "&amp;", "<mark>", "</script>", "'\"", "\0", "\t", "\r\n", "\x1b[31m",
        "\u{7f}", "\u{ffff}", "\u{10ffff}", "\u{feff}", "\u{ad}", "\u{200b}", "\u{2060}", "-", "--", "‐", "—", "0", "000123",
        "١٢٣", "Ⅻ", "ǅ", "İ", "ß", "ﬁ", "ŉ", "ΐ", "ﬃ", "a\u{0301}", "и\u{306}", "\u{0301}", "\u{0489}", "x", "ё", "Ё", "ǈ",
        " ", "  ", "\u{3000}", "\u{a0}", "\u{2028}", "ꙮ", "𝔷𝔞𝔨𝔬𝔫", "ｚａｋｏｎ", "ℌ", "ﷺ", "\u{fdfd}",
    ];
    const COMBINING: &[&str] = &["\u{300}", "\u{301}", "\u{302}", "\u{308}", "\u{30a}", "\u{327}", "\u{36f}", "\u{483}", "\u{489}"];
    let mut q = String::new();
    match rng.below(6) {
        // A long run of pieces.
        0 => {
            let target = 500 + rng.below(4000);
            while q.len() < target {
                q.push_str(rng.pick(PIECES));
                if rng.below(3) == 0 {
                    q.push(' ');
                }
            }
        }
        // One very long word.
        1 => {
            let letter = rng.pick(&["а", "ә", "z", "ы", "\u{301}"]);
            q = letter.repeat(100 + rng.below(3000));
        }
        // Letters buried under combining marks.
        2 => {
            for _ in 0..1 + rng.below(12) {
                q.push_str(rng.pick(&["а", "e", "қ", "и", "z"]));
                for _ in 0..rng.below(12) {
                    q.push_str(rng.pick(COMBINING));
                }
                if rng.below(2) == 0 {
                    q.push(' ');
                }
            }
        }
        // Random code points.
        3 => {
            for _ in 0..1 + rng.below(40) {
                let c = loop {
                    let n = match rng.below(3) {
                        0 => rng.below(0x80) as u32,
                        1 => rng.below(0x3000) as u32,
                        _ => rng.below(0x11_0000) as u32,
                    };
                    if let Some(c) = char::from_u32(n) {
                        break c;
                    }
                };
                q.push(c);
            }
        }
        // Many short words (more than a query keeps).
        4 => {
            for _ in 0..5 + rng.below(40) {
                q.push_str(rng.pick(PIECES));
                q.push(' ');
            }
        }
        // A few pieces glued together.
        _ => {
            for _ in 0..1 + rng.below(6) {
                q.push_str(rng.pick(PIECES));
            }
        }
    }
    q
}

#[test]
fn hostile_queries_never_break_the_search() {
    let c = corpus();
    let mut rng = Rng(0x0bad_c0de_dead_beef);
    // Mostly small limits: a limit of 1000 renders a snippet for every matching page.
    let queries: Vec<(String, usize)> = (0..1000)
        .map(|_| (hostile_query(&mut rng), [0, 1, 10, 10, 10, 10, 50, 50, 1000, usize::MAX][rng.below(10)]))
        .collect();
    let run = |queries: &[(String, usize)]| -> usize {
        let mut found = 0;
        for (query, limit) in queries {
            let hits = c.searcher.search(query, *limit).unwrap_or_else(|e| panic!("query {query:?}: {e}"));
            assert!(hits.len() <= (*limit).clamp(1, MAX_LIMIT), "{query:?}: {} hits for limit {limit}", hits.len());
            if let Some(top) = hits.first() {
                found += 1;
                check_hit(top);
            }
            for hit in &hits {
                assert!(hit.start < hit.end && hit.score.is_finite());
                assert_eq!(hit.snippet.matches("<mark>").count(), hit.snippet.matches("</mark>").count());
                assert!(!hit.snippet.replace("<mark>", "").replace("</mark>", "").contains('<'), "{query:?}: {}", hit.snippet);
            }
        }
        found
    };
    // Two threads share the searcher, as a page's workers or a server would.
    let (first, second) = queries.split_at(queries.len() / 2);
    let found = std::thread::scope(|s| {
        let a = s.spawn(|| run(first));
        let b = s.spawn(|| run(second));
        a.join().unwrap() + b.join().unwrap()
    });
    // The hostile set still contains real words: the search was exercised, not skipped.
    assert!(found > 100, "only {found} hostile queries found anything");
}

#[test]
fn a_letter_or_two_being_typed_expand_to_their_most_frequent_words() {
    // A keystroke's work grows with the words its last word stands for: one letter reads
    // the postings of its 20 most frequent completions, two letters of 50.
    let searcher = &corpus().searcher;
    // (қ stands in the corpus as a word of its own too: one more.)
    assert_eq!(searcher.expansions("қ"), [21]);
    assert_eq!(searcher.expansions("қа"), [50]);
    assert_eq!(searcher.expansions("заң қа")[1], 50);
    assert!(searcher.expansions("пра")[0] > 50, "from three letters every completion counts");
    // The pages found hold one of them, marked in their snippets.
    let hits = searcher.search("қ", 10).expect("search works");
    assert_eq!(hits.len(), 10);
    for hit in &hits {
        assert!(hit.snippet.to_lowercase().contains("<mark>қ"), "{}", hit.snippet);
    }
}

/// A quoted phrase finds the pages where its words stand side by side, in order, as typed.
#[test]
fn a_quoted_phrase_finds_its_words_side_by_side_as_typed() {
    let searcher = &corpus().searcher;
    let count = |query: &str| searcher.search(query, MAX_LIMIT).unwrap().len();
    for (phrase, words, first, second) in [
        ("\"құқықтық мемлекет\"", "құқықтық мемлекет", "құқықтық", "мемлекет"),
        // Being typed: the last word's completions, still next to the word before.
        ("\"құқықтық мем", "құқықтық мем", "құқықтық", "мем"),
        // A number shares the position of the word after it.
        ("«2019 жылы»", "2019 жылы", "2019", "жылы"),
        ("\"artificial intelligence\" ", "artificial intelligence ", "artificial", "intelligence"),
    ] {
        let hits = searcher.search(phrase, MAX_LIMIT).unwrap();
        assert!(!hits.is_empty(), "{phrase:?} finds nothing");
        assert!(hits.len() < count(words), "{phrase:?}: {} hits, as many as the words apart", hits.len());
        for hit in &hits {
            check_hit(hit);
            let typed = phrase.ends_with(second);
            assert!(marks_side_by_side(&hit.snippet, &|t| t == first, &|t| t == second || typed && t.starts_with(second)), "{phrase:?}: {}", hit.snippet);
        }
    }
    // One word quoted is that word as typed: no other forms, no typos.
    let hits = searcher.search("\"заң\"", MAX_LIMIT).unwrap();
    assert!(hits.len() * 2 < count("заң "), "{} of {} pages", hits.len(), count("заң "));
    for hit in &hits {
        let marked: Vec<String> = marks(&hit.snippet).into_iter().map(|(m, _)| m.to_lowercase()).collect();
        assert!(!marked.is_empty() && marked.iter().all(|m| m == "заң"), "{marked:?}");
    }
    assert_eq!(searcher.search("\"заьң\"", 10), Ok(vec![]));
    assert_eq!(searcher.search("\"intelligence artificial\"", 10), Ok(vec![]));
}

/// Whether a snippet marks two words with no word between them (a phrase does not look at
/// punctuation, and the parts of a compound stand at its place: ақпараттық технологиялар
/// is in ақпараттық-коммуникациялық технологиялар) whose terms (a compound's, or one of
/// its parts') `first` and `second` accept.
fn marks_side_by_side(snippet: &str, first: &dyn Fn(&str) -> bool, second: &dyn Fn(&str) -> bool) -> bool {
    let terms = |marked: &str| analysis::tokenize(&unescape(marked)).into_iter().map(|t| t.term).collect::<Vec<_>>();
    let pieces = marks(snippet);
    let no_word = |between: &str| {
        let after_compound = if between.starts_with('-') { between.split_once(' ').map_or("", |(_, rest)| rest) } else { between };
        analysis::tokenize(&unescape(after_compound)).is_empty()
    };
    pieces.windows(2).any(|w| no_word(w[0].1) && terms(w[0].0).iter().any(|t| first(t)) && terms(w[1].0).iter().any(|t| second(t)))
}

/// A word of a letter or two (о, в, of) or a function word (the, және) is marked beside a
/// word of the query that says more, not all over a snippet; alone in a query, it is
/// marked wherever it stands.
#[test]
fn a_word_that_says_little_is_marked_only_beside_one_that_says_more() {
    let searcher = &corpus().searcher;
    for (query, little) in [("делам о мошенничестве", "о"), ("the rights of the child", "the"), ("сот және құқық", "және")] {
        let is_little = |word: &str| word.to_lowercase() == little;
        let mut marked_beside = 0;
        let mut left_unmarked = 0;
        for hit in searcher.search(query, 10).expect("the query runs") {
            // The snippet's words in order, each with whether it is marked.
            let words_of = |html: &str, marked: bool| analysis::tokenize(&unescape(html)).into_iter().map(move |t| (t.term, marked));
            let before_marks = hit.snippet.split("<mark>").next().unwrap_or_default();
            let mut words: Vec<(String, bool)> = words_of(before_marks, false).collect();
            for (marked, rest) in marks(&hit.snippet) {
                words.extend(words_of(marked, true).chain(words_of(rest, false)));
            }
            for (at, (word, marked)) in words.iter().enumerate().filter(|(_, (word, _))| is_little(word)) {
                let neighbours = [at.checked_sub(1).and_then(|before| words.get(before)), words.get(at + 1)];
                let beside_marked = neighbours.into_iter().flatten().any(|(other, marked)| *marked && !analysis::says_little(other));
                assert_eq!(*marked, beside_marked, "«{word}» in {}", hit.snippet);
                marked_beside += usize::from(*marked);
                left_unmarked += usize::from(!*marked);
            }
        }
        assert!(marked_beside >= 3 && left_unmarked >= 1, "{query}: {marked_beside} marked, {left_unmarked} not");
        let alone = searcher.search(little, 5).expect("the query runs");
        assert!(!alone.is_empty() && alone.iter().all(|hit| marks(&hit.snippet).iter().any(|(word, _)| is_little(word))), "{alone:#?}");
    }
}

/// Two neighbouring words of a line, quoted as they stand, find their page, and only pages
/// where they stand so (sampled over the whole corpus).
#[test]
fn every_pair_of_neighbouring_words_quoted_finds_its_page() {
    let c = corpus();
    let mut docs: Vec<&String> = c.sources.keys().collect();
    docs.sort();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut checked = 0;
    while checked < 300 {
        let doc = docs[rng.below(docs.len())];
        let source = &c.sources[doc];
        let mut cut = rng.below(source.len());
        while !source.is_char_boundary(cut) {
            cut -= 1;
        }
        let line_start = source[..cut].rfind('\n').map_or(0, |i| i + 1);
        let line = source[line_start..].split('\n').next().unwrap_or("");
        // Not the first or last word of a line: either may be part of a hyphenated word.
        let words = analysis::tokenize(line);
        let inner = words.get(1..words.len().saturating_sub(1)).unwrap_or(&[]);
        let Some(pair) = inner.windows(2).find(|w| w[0].position + 1 == w[1].position && w.iter().all(|t| t.term.chars().all(char::is_alphabetic))) else { continue };
        let query = format!("\"{} {}\"", &line[pair[0].start..pair[0].end], &line[pair[1].start..pair[1].end]);
        let at = line_start + pair[0].start;
        let hits = c.searcher.search(&query, MAX_LIMIT).unwrap();
        assert!(hits.iter().any(|h| &h.doc == doc && (h.start as usize..h.end as usize).contains(&at)), "{query:?} misses {doc} at byte {at}");
        // And every page found shows the two words side by side.
        for hit in &hits {
            assert!(marks_side_by_side(&hit.snippet, &|t| t == pair[0].term, &|t| t == pair[1].term), "{query:?}: {}", hit.snippet);
        }
        checked += 1;
    }
}

/// A web address or an e-mail address is the words it is made of, though its dots and @
/// are letters on the Russian or Kazakh layout; keys of a word typed on the wrong layout
/// whose punctuation keys are letters there still read as that word.
#[test]
fn a_web_address_is_its_words_and_wrong_layout_punctuation_is_letters() {
    let c = corpus();
    for (query, words) in [
        ("adilet.zan.kz", &["adilet", "zan", "kz"][..]),
        ("www.zakon.kz ", &["www", "zakon", "kz"]),
        ("instzak-kz@mail.ru", &["instzak-kz", "mail", "ru"]),
    ] {
        let hits = c.searcher.search(query, 10).unwrap();
        let top = hits.first().unwrap_or_else(|| panic!("{query:?} finds nothing"));
        check_hit(top);
        let page = c.sources[&top.doc][top.start as usize..top.end as usize].to_lowercase();
        assert!(page.contains(query.trim()), "{query:?} is not on {} page {}", top.doc, top.page);
        let marks = top.snippet.to_lowercase();
        assert!(words.iter().all(|w| marks.contains(&format!("<mark>{w}</mark>"))), "{query:?}: {}", top.snippet);
    }
    // обеспечить on US keys: б is the comma key.
    let top = &c.searcher.search("j,tcgtxbnm ", 1).unwrap()[0];
    assert!(top.snippet.to_lowercase().contains("<mark>обеспечить</mark>"), "{}", top.snippet);
}
