//! Plain text extracted from PDF: pages, the headings they fall under, and a title.
//!
//! A new page begins at a form feed, or at a line that starts with a space or a tab
//! (that is how the extraction marks pages). A page that opens with capitalised lines
//! begins a part of the document (an article of a journal issue, a chapter of a thesis):
//! that heading is the heading of its pages up to the next one.

use std::collections::HashMap;

use super::{clip_title, Unit};
use crate::analysis;

pub fn split(source: &str) -> (String, Vec<Unit>) {
    let mut units = pages(source);
    mark_headings(&mut units);
    let title = title(source);
    let title_heading = match &title {
        Title::Heading(heading) => Some(heading.as_str()),
        Title::Prose(_) => None,
    };
    let casing = Casing::learn(source, units.iter().map(|u| u.heading.as_str()).chain(title_heading));
    let mut cased = (String::new(), String::new());
    for unit in &mut units {
        // The pages under one heading share it: it is cased once.
        if unit.heading != cased.0 {
            cased = (unit.heading.clone(), casing.apply(&unit.heading));
        }
        unit.heading.clone_from(&cased.1);
    }
    let title = match title {
        Title::Heading(heading) => casing.apply(&heading),
        Title::Prose(line) => line,
    };
    (title, units)
}

fn pages(source: &str) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut page_start = 0;
    let mut line_start = 0;
    let bytes = source.as_bytes();
    let push = |start: usize, end: usize, units: &mut Vec<Unit>| {
        units.push(Unit {
            page: units.len() as u32 + 1,
            start: start as u64,
            end: end as u64,
            text: source[start..end].to_owned(),
            anchor: format!("page-{}", units.len() + 1),
            heading: String::new(),
        });
    };
    for (i, &b) in bytes.iter().enumerate() {
        let starts_page = (i == line_start && i > page_start && (b == b' ' || b == b'\t')) || b == b'\x0c';
        if starts_page && i > 0 {
            // A word hyphenated across the page break stays whole on the page it begins on.
            let start = if b == b'\x0c' { i } else { i + rest_of_hyphenated_word(&source[..i], &source[i..]) };
            if start < source.len() {
                push(page_start, start, &mut units);
                page_start = start;
            }
        }
        if b == b'\n' {
            line_start = i + 1;
        }
    }
    push(page_start, source.len(), &mut units);
    units
}

/// The length of the start of `page` (after its indent) that ends a word hyphenated at the
/// end of the last line `before` it (`про-` then ` фессиональной`): a lowercase rest, as
/// the analyzer joins across a line end. 0 when the page begins no such rest.
fn rest_of_hyphenated_word(before: &str, page: &str) -> usize {
    let last_line = before.strip_suffix('\n').unwrap_or(before).trim_end_matches([' ', '\t', '\r']);
    let mut end = last_line.chars().rev();
    let hyphenated = end.next().is_some_and(analysis::is_hyphen) && end.next().is_some_and(char::is_alphanumeric);
    let rest = page.trim_start_matches([' ', '\t']);
    if !hyphenated || !rest.starts_with(char::is_lowercase) {
        return 0;
    }
    let word = rest.find(|c: char| !(c.is_alphanumeric() || analysis::is_ignorable(c))).unwrap_or(rest.len());
    page.len() - rest.len() + word
}

/// A heading that repeats on this many pages of a document is a running head, which
/// names no part of it.
const RUNNING_HEAD_PAGES: usize = 3;

/// Sets each page's heading: the capitalised lines a page opens with (as they stand), for
/// it and the pages after it up to the next such page.
fn mark_headings(units: &mut [Unit]) {
    let opening: Vec<Option<PageHeading>> = units.iter().map(|u| page_heading(&u.text)).collect();
    let mut pages_per_heading: HashMap<&str, usize> = HashMap::new();
    for heading in opening.iter().flatten() {
        *pages_per_heading.entry(&heading.text).or_default() += 1;
    }
    let opens = |page: usize| opening[page].as_ref().filter(|h| pages_per_heading[h.text.as_str()] < RUNNING_HEAD_PAGES);
    let mut current = String::new();
    let mut page = 0;
    while page < units.len() {
        let Some(first) = opens(page) else {
            units[page].heading.clone_from(&current);
            page += 1;
            continue;
        };
        // A heading whose next line starts with a space reads as two pages, the first
        // holding nothing else: it goes on into the next page's heading.
        let mut lines = first.text.clone();
        let mut last = page;
        while opening[last].as_ref().is_some_and(|h| h.whole_page) && last + 1 < units.len() {
            let Some(more) = opens(last + 1) else { break };
            lines.push(' ');
            lines.push_str(&more.text);
            last += 1;
        }
        current = clip_title(&lines, 160);
        for unit in &mut units[page..=last] {
            unit.heading.clone_from(&current);
        }
        page = last + 1;
    }
}

/// The capitalised lines a page opens with.
struct PageHeading {
    text: String,
    /// The page holds nothing else.
    whole_page: bool,
}

/// How many lines of an article's first page may come before its heading: authors, an
/// affiliation, then the e-mail or library code that ends them.
const FRONT_MATTER_LINES: usize = 4;

fn page_heading(page: &str) -> Option<PageHeading> {
    let lines: Vec<&str> = page.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let front_matter = lines.iter().take(FRONT_MATTER_LINES).rposition(|l| is_code_or_contact(l)).map_or(0, |last| last + 1);
    let (heading, whole_page) = heading_lines(&mut lines[front_matter..].iter().copied());
    (!heading.is_empty()).then(|| PageHeading { text: heading.join(" "), whole_page })
}

/// The run of capitalised lines (four at most) that `lines` open with, library codes
/// and contact lines before it passed over; and whether it took every line.
fn heading_lines<'a>(lines: &mut impl Iterator<Item = &'a str>) -> (Vec<&'a str>, bool) {
    let mut heading = Vec::new();
    for line in lines.by_ref() {
        if is_metadata(line) {
            if heading.is_empty() {
                continue;
            }
            return (heading, false);
        }
        if !is_capitalised(line) {
            return (heading, false);
        }
        heading.push(line);
        if heading.len() == 4 {
            break;
        }
    }
    (heading, lines.next().is_none())
}

/// A document's title as it stands in the text.
enum Title {
    /// Capitalised lines, to be cased.
    Heading(String),
    Prose(String),
}

/// The first heading-like lines: a run of capitalised lines near the top, else the first
/// line of prose. Library codes (УДК, МРНТИ, DOI...) and contact lines are passed over.
fn title(source: &str) -> Title {
    let lines: Vec<&str> = source.lines().map(str::trim).filter(|l| !l.is_empty()).take(40).collect();
    let (heading, _) = heading_lines(&mut lines.iter().copied().skip_while(|l| is_metadata(l) || !is_capitalised(l)));
    if !heading.is_empty() {
        return Title::Heading(clip_title(&heading.join(" "), 160));
    }
    Title::Prose(lines
        .iter()
        .find(|l| !is_metadata(l) && l.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .map(|l| clip_title(l, 100))
        .unwrap_or_default())
}

fn is_metadata(line: &str) -> bool {
    is_code_or_contact(line) || line.chars().filter(|c| c.is_alphabetic()).count() < 3
}

/// A library code (УДК, МРНТИ, DOI...) or an e-mail address.
fn is_code_or_contact(line: &str) -> bool {
    let upper = line.to_uppercase();
    const CODES: [&str; 8] = ["УДК", "ӘОЖ", "МРНТИ", "ГРНТИ", "ХҒТАР", "DOI", "ISSN", "UDC"];
    CODES.iter().any(|c| upper.starts_with(c)) || line.contains('@')
}

/// Four letters or more, and eight in ten of them capitals. (Only letters with a case
/// count: a caseless script has no capitals to shout with, and testing for a letter of
/// any kind costs far more, on every line of a long document.)
fn is_capitalised(line: &str) -> bool {
    let (mut small, mut capitals) = (0, 0);
    for c in line.chars() {
        if c.is_lowercase() {
            small += 1;
        } else if c.is_uppercase() {
            capitals += 1;
        }
    }
    small + capitals >= 4 && capitals * 10 >= (small + capitals) * 8
}

/// How a document writes the words of its headings inside its sentences, where their
/// case is the words' own: a heading in capitals reads as shouting in a result list, and
/// lowering all of it loses names and abbreviations.
struct Casing(HashMap<String, [u32; 3]>);

/// The ways a word is written, indexing [`Casing`]'s counts.
const LOWER: usize = 0;
const CAPITALISED: usize = 1;
const CAPITALS: usize = 2;

impl Casing {
    fn learn<'a>(source: &str, headings: impl Iterator<Item = &'a str>) -> Casing {
        let mut counts: HashMap<String, [u32; 3]> = HashMap::new();
        for heading in headings {
            // A word of one letter is a preposition or a conjunction (a Roman numeral
            // aside), and among the commonest: it is not looked for.
            for word in heading.split_whitespace().map(word_key).filter(|w| w.chars().nth(1).is_some()) {
                counts.entry(word).or_default();
            }
        }
        if counts.is_empty() {
            return Casing(counts);
        }
        // Most words of a long document are none of the headings': their byte lengths and
        // first letters pass them over without a lookup.
        let lengths: u64 = counts.keys().filter(|k| k.len() < 64).fold(0, |mask, k| mask | 1 << k.len());
        let mut firsts: Vec<char> = counts.keys().filter_map(|k| k.chars().next()).flat_map(|c| c.to_uppercase().chain([c])).collect();
        firsts.sort_unstable();
        firsts.dedup();
        let mut key = String::new();
        // Only a word after a word in lower case (or a number, or a comma) counts: the
        // first word of a sentence is capitalised whatever it is. A word in capitals
        // counts only outside a heading in capitals (tested only then: it is slow).
        let mut inside_sentence = false;
        for line in source.lines() {
            let mut in_heading = None;
            // Prose is spaced with ASCII spaces, and splitting at them only is fast.
            for token in line.split_ascii_whitespace() {
                let word = trim_punctuation(token);
                let known_length = word.len() < 64 && lengths & 1 << word.len() != 0;
                let known_first = || word.chars().next().is_some_and(|c| firsts.binary_search(&c).is_ok());
                if inside_sentence && known_length && known_first() {
                    // Most words are in lower case already.
                    let key = if word.chars().any(char::is_uppercase) {
                        key.clear();
                        key.extend(word.chars().flat_map(char::to_lowercase));
                        key.as_str()
                    } else {
                        word
                    };
                    if let Some(count) = counts.get_mut(key) {
                        let form = written(word);
                        if form != CAPITALS || !*in_heading.get_or_insert_with(|| is_capitalised(line)) {
                            count[form] += 1;
                        }
                    }
                }
                inside_sentence = token.chars().next_back().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c == ',');
            }
        }
        Casing(counts)
    }

    /// `heading` in sentence case, each word as the document mostly writes it inside its
    /// sentences (in lower case when no more often otherwise), Roman numerals kept:
    /// "ПРАКТИКИ РЕСПУБЛИКИ КАЗАХСТАН" → "Практики Республики Казахстан", "II ТАРАУ" →
    /// "II тарау".
    fn apply(&self, heading: &str) -> String {
        let mut cased = String::with_capacity(heading.len());
        for word in heading.split_inclusive(char::is_whitespace) {
            let counts = self.0.get(&word_key(word)).copied().unwrap_or_default();
            let most = [CAPITALISED, CAPITALS].into_iter().filter(|&form| counts[form] > counts[LOWER]).max_by_key(|&form| counts[form]);
            if is_roman_numeral(word) || most == Some(CAPITALS) {
                cased.push_str(word);
            } else if most == Some(CAPITALISED) {
                cased.push_str(&capitalise(&word.to_lowercase()));
            } else {
                cased.push_str(&word.to_lowercase());
            }
        }
        capitalise(&cased)
    }
}

/// A word without the punctuation around it, in lower case.
fn word_key(word: &str) -> String {
    trim_punctuation(word.trim()).to_lowercase()
}

/// `token` without the punctuation of prose around it. (Not every character that is no
/// letter: testing for a letter of any kind is slow, and this runs on every word.)
fn trim_punctuation(token: &str) -> &str {
    token.trim_matches(|c: char| c.is_ascii_punctuation() || matches!(c, '«' | '»' | '“' | '”' | '„' | '‘' | '’' | '…' | '–' | '—'))
}

/// How `word` is written: [`LOWER`], [`CAPITALISED`] or in [`CAPITALS`] (two letters or more).
fn written(word: &str) -> usize {
    let mut letters = word.chars().filter(|c| c.is_uppercase() || c.is_lowercase());
    match letters.next() {
        Some(first) if first.is_uppercase() => {
            let mut rest = letters.peekable();
            if rest.peek().is_some() && rest.all(char::is_uppercase) {
                CAPITALS
            } else {
                CAPITALISED
            }
        }
        _ => LOWER,
    }
}

/// `text` with its first letter in upper case.
fn capitalise(text: &str) -> String {
    match text.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((at, first)) => format!("{}{}{}", &text[..at], first.to_uppercase(), &text[at + first.len_utf8()..]),
        None => text.to_owned(),
    }
}

/// A word of Roman numeral letters (Latin, or the Cyrillic І and Х PDF text writes them
/// with), punctuation around it aside.
fn is_roman_numeral(word: &str) -> bool {
    let letters = word.trim_matches(|c: char| !c.is_alphabetic());
    !letters.is_empty() && letters.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'І' | 'Х'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_start_at_indented_lines_and_form_feeds() {
        let src = " Title\nline one\n Second page\nmore\x0cthird";
        let units = pages(src);
        let got: Vec<(u32, &str)> = units.iter().map(|u| (u.page, &src[u.start as usize..u.end as usize])).collect();
        assert_eq!(got, [(1, " Title\nline one\n"), (2, " Second page\nmore"), (3, "\x0cthird")]);
        assert!(units.iter().all(|u| src[u.start as usize..u.end as usize] == u.text));
    }

    #[test]
    fn a_word_hyphenated_across_a_page_break_stays_on_the_page_it_begins_on() {
        let src = " Бірінші бет, в про-\n фессиональной деятельности\nжәне те-\n\tле\u{ad}фон соғу\n Second page\nends in a dash -\n Third\n";
        let units = pages(src);
        let got: Vec<&str> = units.iter().map(|u| &src[u.start as usize..u.end as usize]).collect();
        assert_eq!(got, [" Бірінші бет, в про-\n фессиональной", " деятельности\nжәне те-\n\tле\u{ad}фон", " соғу\n", " Second page\nends in a dash -\n", " Third\n"]);
        assert!(units.iter().all(|u| src[u.start as usize..u.end as usize] == u.text));
        // A word that ends the text is no page of its own.
        assert_eq!(pages(" про-\n фессия").len(), 1);
    }

    #[test]
    fn title_skips_library_codes_and_keeps_capitalised_lines() {
        let src = " УДК 349\n\nҚҰҚЫҚТЫҚ КЕҢІСТІКТІ ЦИФРЛАНДЫРУ\nРамазан Сәрпеков\n";
        assert_eq!(split(src).0, "Құқықтық кеңістікті цифрландыру");
        let src = " РОЛЬ ИНТЕЛЛЕКТА \nПРАВОТВОРЧЕСТВА:  \n\nВ ПРОЦЕСС\n\nАктуальность данного";
        assert_eq!(split(src).0, "Роль интеллекта правотворчества: в процесс");
    }

    fn headings(source: &str) -> Vec<String> {
        split(source).1.into_iter().map(|u| u.heading).collect()
    }

    #[test]
    fn a_page_opening_with_capitalised_lines_heads_the_pages_up_to_the_next() {
        let src = " Алғы сөз, тақырыбы жоқ\n МРНТИ 10.77.01\nЦИФРЛЫҚ ЭКОНОМИКАДА\nҚЫЗМЕТ КӨРСЕТУ ШАРТЫ\nМақаланың мәтіні.\n Екінші бет.\n \
                   II ДӘЛЕЛДЕУДІҢ ЖАҢА ҚҰРАЛДАРЫ\nМәтін.\n Төртінші бет, ОСЫ ЖЕРДЕ бас әріптер бар.\n \
                   Учреждение «SDU University», Каскелен\n*e-mail: author@sdu.edu.kz\nПРАВОВЫЕ МЕРЫ\nТекст.\n \
                   Шестая страница, строка\nвторая строка\nОДНА СТРОКА ЗАГЛАВНЫМИ\nТекст.\n";
        let (first, second, third) = ("Цифрлық экономикада қызмет көрсету шарты", "II дәлелдеудің жаңа құралдары", "Правовые меры");
        // After an affiliation and an e-mail, a heading still opens the page; after prose, not.
        assert_eq!(headings(src), ["", first, first, second, second, third, third]);
    }

    #[test]
    fn a_heading_broken_by_a_page_mark_is_one_heading() {
        // Its second line starts with a space, as a centred line of a PDF may.
        let src = "Текст статьи.\n ТАКТИКО-ПСИХОЛОГИЧЕСКИЕ АСПЕКТЫ ДОПРОСА \n В СПЕЦИАЛИЗИРОВАННОЙ КОМНАТЕ\n\nДЛЯ РАССЛЕДОВАНИЙ\n\nВ процессе.\n";
        let heading = "Тактико-психологические аспекты допроса в специализированной комнате для расследований";
        assert_eq!(headings(src), ["", heading, heading]);
    }

    #[test]
    fn a_running_head_on_every_page_is_no_heading() {
        let src = " ҚАЗҰУ ХАБАРШЫСЫ\nБірінші бет.\n ҚАЗҰУ ХАБАРШЫСЫ\nЕкінші бет.\n ҚАЗҰУ ХАБАРШЫСЫ\nҮшінші бет.\n";
        assert_eq!(headings(src), ["", "", ""]);
    }

    #[test]
    fn a_heading_keeps_the_case_its_words_have_inside_sentences() {
        let src = " ПРАВОВЫЕ МЕРЫ В РЕСПУБЛИКЕ КАЗАХСТАН И ИИ\nПравовые меры. Меры приняты в Республике Казахстан, \
                   где системы ИИ и меры\nпо Казахстан.\n";
        // "Правовые" and "Меры" open sentences and count for nothing; "меры" inside one is lower.
        assert_eq!(split(src).1[0].heading, "Правовые меры в Республике Казахстан и ИИ");
    }

    #[test]
    fn title_falls_back_to_first_prose_line() {
        let src = " Жасанды интеллекттің заманауи қарқынды дамуы құқықтық қоғамдастыққа жаңа \n\nталаптар";
        assert_eq!(split(src).0, "Жасанды интеллекттің заманауи қарқынды дамуы құқықтық қоғамдастыққа жаңа");
    }
}
