//! Plain text extracted from PDF: pages and a title.
//!
//! A new page begins at a form feed, or at a line that starts with a space or a tab
//! (that is how the extraction marks pages).

use super::{clip_title, Unit};

pub fn split(source: &str) -> (String, Vec<Unit>) {
    (title(source), pages(source))
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
        });
    };
    for (i, &b) in bytes.iter().enumerate() {
        let starts_page = (i == line_start && i > page_start && (b == b' ' || b == b'\t')) || b == b'\x0c';
        if starts_page && i > 0 {
            push(page_start, i, &mut units);
            page_start = i;
        }
        if b == b'\n' {
            line_start = i + 1;
        }
    }
    push(page_start, source.len(), &mut units);
    units
}

/// The first heading-like lines: a run of capitalised lines near the top, else the
/// first line of prose. Library codes (УДК, МРНТИ, DOI...) and contact lines are passed over.
fn title(source: &str) -> String {
    let lines: Vec<&str> = source.lines().map(str::trim).filter(|l| !l.is_empty()).take(40).collect();
    let mut heading = Vec::new();
    for line in &lines {
        if is_metadata(line) {
            if heading.is_empty() {
                continue;
            }
            break;
        }
        if is_capitalised(line) {
            heading.push(*line);
            if heading.len() == 4 {
                break;
            }
        } else if !heading.is_empty() {
            break;
        }
    }
    if !heading.is_empty() {
        return sentence_case(&clip_title(&heading.join(" "), 160));
    }
    lines
        .iter()
        .find(|l| !is_metadata(l) && l.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .map(|l| clip_title(l, 100))
        .unwrap_or_default()
}

fn is_metadata(line: &str) -> bool {
    let upper = line.to_uppercase();
    const CODES: [&str; 8] = ["УДК", "ӘОЖ", "МРНТИ", "ГРНТИ", "ХҒТАР", "DOI", "ISSN", "UDC"];
    CODES.iter().any(|c| upper.starts_with(c))
        || line.contains('@')
        || line.chars().filter(|c| c.is_alphabetic()).count() < 3
}

fn is_capitalised(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4 && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 8
}

/// "ҚҰҚЫҚТЫҚ КЕҢІСТІКТІ" → "Құқықтық кеңістікті": capitals read as shouting in a result list.
fn sentence_case(title: &str) -> String {
    let lower = title.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
    fn title_skips_library_codes_and_keeps_capitalised_lines() {
        let src = " УДК 349\n\nҚҰҚЫҚТЫҚ КЕҢІСТІКТІ ЦИФРЛАНДЫРУ\nРамазан Сәрпеков\n";
        assert_eq!(title(src), "Құқықтық кеңістікті цифрландыру");
        let src = " РОЛЬ ИНТЕЛЛЕКТА \nПРАВОТВОРЧЕСТВА:  \n\nВ ПРОЦЕСС\n\nАктуальность данного";
        assert_eq!(title(src), "Роль интеллекта правотворчества: в процесс");
    }

    #[test]
    fn title_falls_back_to_first_prose_line() {
        let src = " Жасанды интеллекттің заманауи қарқынды дамуы құқықтық қоғамдастыққа жаңа \n\nталаптар";
        assert_eq!(title(src), "Жасанды интеллекттің заманауи қарқынды дамуы құқықтық қоғамдастыққа жаңа");
    }
}
