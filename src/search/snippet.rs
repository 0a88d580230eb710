//! Snippets: the best window of a unit's text, HTML-escaped, matched words in `<mark>`.

use std::collections::HashSet;

use crate::analysis;

/// Words a snippet shows.
pub const WINDOW_WORDS: u32 = 30;

/// Renders the window of `text` that holds the most distinct `highlight` terms, as
/// escaped HTML with every highlighted word wrapped in `<mark>`. The marks fall on the
/// words as they stand in the text, whatever the reader typed.
pub fn render(text: &str, highlight: &HashSet<&str>) -> String {
    let tokens = analysis::tokenize(text);
    let Some(last) = tokens.last() else {
        return escape_collapsed(text);
    };
    let marked: Vec<&analysis::Token> = tokens
        .iter()
        .filter(|t| highlight.contains(t.term.as_str()) || t.hyphenated.as_deref().is_some_and(|h| highlight.contains(h)))
        .collect();
    let first_position = best_window_start(&marked);
    let last_position = first_position + WINDOW_WORDS - 1;
    let in_window = |t: &analysis::Token| t.position >= first_position && t.position <= last_position;
    let Some(from) = tokens.iter().find(|t| in_window(t)).map(|t| t.start) else {
        return String::new();
    };
    let to = tokens.iter().filter(|t| in_window(t)).map(|t| t.end).max().unwrap_or(from);
    let mut ranges: Vec<(usize, usize)> = marked.iter().filter(|t| in_window(t)).map(|t| (t.start, t.end)).collect();
    // A whole compound marked wins over its marked parts.
    ranges.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = String::new();
    if first_position > 0 {
        out.push_str("… ");
    }
    let mut at = from;
    for (start, end) in ranges {
        if start < at {
            continue;
        }
        push_display(&mut out, &text[at..start]);
        out.push_str("<mark>");
        push_display(&mut out, &text[start..end]);
        out.push_str("</mark>");
        at = end;
    }
    push_display(&mut out, &text[at..to]);
    if last_position < last.position {
        out.push_str(" …");
    }
    out
}

/// The window start (a word position) covering the most distinct marked terms, then the
/// most marked words; a little context before the first of them.
fn best_window_start(marked: &[&analysis::Token]) -> u32 {
    let mut best = (0usize, 0usize, 0u32);
    for (i, first) in marked.iter().enumerate() {
        let end = first.position + WINDOW_WORDS - 6;
        let inside: Vec<&&analysis::Token> = marked[i..].iter().take_while(|t| t.position < end).collect();
        let distinct: HashSet<&str> = inside.iter().map(|t| t.term.as_str()).collect();
        let score = (distinct.len(), inside.len(), first.position.saturating_sub(5));
        if (score.0, score.1) > (best.0, best.1) {
            best = score;
        }
    }
    best.2
}

/// Appends text for display: escaped, runs of white space as one space, words
/// hyphenated across a line end joined, invisible characters dropped.
fn push_display(out: &mut String, text: &str) {
    let mut chars = text.char_indices().peekable();
    let mut space = false;
    while let Some((i, c)) = chars.next() {
        if matches!(c, '-' | '\u{2010}' | '\u{2011}') && out.chars().last().is_some_and(char::is_alphanumeric) {
            let rest = &text[i + c.len_utf8()..];
            let gap = rest.len() - rest.trim_start().len();
            let next_is_letter = rest.trim_start().chars().next().is_some_and(char::is_alphabetic);
            if rest[..gap].contains('\n') && next_is_letter {
                while chars.peek().is_some_and(|&(j, _)| j < i + c.len_utf8() + gap) {
                    chars.next();
                }
                continue;
            }
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}') {
            continue;
        }
        if space && !out.is_empty() && !out.ends_with(' ') && !out.ends_with("<mark>") {
            out.push(' ');
        }
        space = false;
        push_escaped(out, c);
    }
    if space && !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c if c.is_control() => {}
        c => out.push(c),
    }
}

fn escape_collapsed(text: &str) -> String {
    let mut out = String::new();
    push_display(&mut out, text.trim());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set<'a>(terms: &[&'a str]) -> HashSet<&'a str> {
        terms.iter().copied().collect()
    }

    #[test]
    fn escapes_text_and_marks_words() {
        let html = render("Осы <script>alert('заң')</script> заң & құқық", &set(&["заң"]));
        assert_eq!(html, "Осы &lt;script&gt;alert(&#39;<mark>заң</mark>&#39;)&lt;/script&gt; <mark>заң</mark> &amp; құқық");
    }

    #[test]
    fn marks_the_word_as_it_stands_and_joins_hyphenation() {
        let html = render("для ис-\nпользования  данных", &set(&["использования"]));
        assert_eq!(html, "для <mark>использования</mark> данных");
    }

    #[test]
    fn windows_around_the_matches() {
        let words: Vec<&str> = vec!["слово"; 200];
        let mut text = words.join(" ");
        text.push_str(" закон право");
        let html = render(&text, &set(&["закон", "право"]));
        assert!(html.starts_with("… "), "{html}");
        assert!(html.ends_with("<mark>закон</mark> <mark>право</mark>"), "{html}");
        assert!(html.split(' ').count() <= WINDOW_WORDS as usize + 1);
    }

    #[test]
    fn marks_a_compound_part() {
        assert_eq!(render("сондай-ақ іс", &set(&["ақ"])), "сондай-<mark>ақ</mark> іс");
    }
}
