//! Snippets: the best window of a unit's text, HTML-escaped, matched words in `<mark>`.

use std::collections::HashSet;

use crate::analysis;

/// Words a snippet shows.
pub const WINDOW_WORDS: u32 = 30;
/// Most characters of text a snippet shows: a window of 30 words of one 50 MB word
/// would be the whole word. The rest is cut with `…`.
pub const MAX_SNIPPET_CHARS: usize = 600;

/// Renders the window of `text` that holds the most distinct matched query words, as
/// escaped HTML with every highlighted word wrapped in `<mark>`. `matched` lists the word
/// positions of the matches with the query slot each belongs to, sorted; `highlight` the
/// terms to mark. The marks fall on the words as they stand in the text, whatever the
/// reader typed. Only the words of the window at a matched position are normalized (a
/// compound's parts share its position: `highlight` says which of them to mark).
///
/// `marks` are the [`word_marks`] of `text`: the scan starts at the last one before the
/// window instead of at the start of the text.
pub fn render(text: &str, marks: &[u32], highlight: &HashSet<&str>, matched: &[(u32, usize)]) -> String {
    let first_position = best_window_start(matched);
    let last_position = first_position + WINDOW_WORDS - 1;
    let mut from = None;
    let mut to = 0;
    let mut more_after = false;
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mark = ((first_position / MARK_EVERY) as usize).min(marks.len().saturating_sub(1));
    let (start, position) = marks.get(mark).map_or((0, 0), |&at| (at as usize, mark as u32 * MARK_EVERY));
    analysis::scan_spans_from(text, start, position, |span| {
        if span.position > last_position {
            more_after = true;
            return false;
        }
        if span.position >= first_position {
            from.get_or_insert(span.start);
            to = span.end;
            // Only a word where a match lies can be marked: the others are not normalized.
            if matched.binary_search_by_key(&span.position, |&(p, _)| p).is_err() {
                return true;
            }
            span.tokens(text, |token| {
                let hyphenated = token.hyphenated.as_deref().is_some_and(|h| highlight.contains(h));
                if highlight.contains(token.term.as_str()) || hyphenated {
                    ranges.push((token.start, token.end));
                }
            });
        }
        true
    });
    let Some(from) = from else {
        return escape_collapsed(text);
    };
    // A whole compound marked wins over its marked parts.
    crate::sort::sort_by(&mut ranges, |a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = String::new();
    if first_position > 0 {
        out.push_str("… ");
    }
    let mut budget = MAX_SNIPPET_CHARS;
    let mut at = from;
    for (start, end) in ranges {
        if start < at {
            continue;
        }
        push_display(&mut out, &text[at..start], &mut budget);
        if budget == 0 {
            break;
        }
        out.push_str("<mark>");
        push_display(&mut out, &text[start..end], &mut budget);
        out.push_str("</mark>");
        at = end;
    }
    push_display(&mut out, &text[at..to.max(at)], &mut budget);
    if more_after || budget == 0 {
        out.push_str(" …");
    }
    out
}

/// Words between two [`word_marks`].
const MARK_EVERY: u32 = 16;

/// Where in `text` the words at positions 0, 16, 32… begin (the first word or number at
/// that position): computed once per unit, they spare each snippet the scan of the text
/// before its window.
pub fn word_marks(text: &str) -> Box<[u32]> {
    let mut marks = Vec::new();
    analysis::scan_spans(text, |span| {
        if span.position == marks.len() as u32 * MARK_EVERY {
            // Past 4 GiB of one unit's text, snippets scan from the last mark.
            let Ok(at) = u32::try_from(span.start) else { return false };
            marks.push(at);
        }
        true
    });
    marks.into_boxed_slice()
}

/// The window start (a word position) covering the most distinct matched slots, then
/// the most matches; a little context before the first of them.
fn best_window_start(matched: &[(u32, usize)]) -> u32 {
    let mut best = (0usize, 0usize, 0u32);
    for (i, &(first, _)) in matched.iter().enumerate() {
        let end = first + WINDOW_WORDS - 6;
        let inside = &matched[i..matched[i..].partition_point(|&(p, _)| p < end) + i];
        let mut slots: Vec<usize> = inside.iter().map(|&(_, slot)| slot).collect();
        crate::sort::sort_by(&mut slots, Ord::cmp);
        slots.dedup();
        if (slots.len(), inside.len()) > (best.0, best.1) {
            best = (slots.len(), inside.len(), first.saturating_sub(5));
        }
    }
    best.2
}

/// Appends text for display: escaped, runs of white space as one space, words
/// hyphenated across a line end joined, invisible characters dropped. Shows at most
/// `budget` characters, and lowers it by those shown.
fn push_display(out: &mut String, text: &str, budget: &mut usize) {
    let mut space = false;
    let mut i = 0;
    while i < text.len() {
        if *budget == 0 {
            return;
        }
        let (len, chars) = plain_run(&text.as_bytes()[i..], *budget);
        if len > 0 {
            if space {
                push_space(out);
                space = false;
            }
            out.push_str(&text[i..i + len]);
            *budget -= chars;
            i += len;
            continue;
        }
        let Some(c) = text[i..].chars().next() else { return };
        let after = i + c.len_utf8();
        if analysis::is_hyphen(c) && out.chars().next_back().is_some_and(char::is_alphanumeric) {
            let rest = &text[after..];
            let gap = rest.len() - rest.trim_start().len();
            let next_is_letter = rest.trim_start().chars().next().is_some_and(char::is_alphabetic);
            if rest[..gap].contains('\n') && next_is_letter {
                i = after + gap;
                continue;
            }
        }
        i = after;
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if analysis::is_ignorable(c) {
            continue;
        }
        if space {
            push_space(out);
        }
        space = false;
        push_escaped(out, c);
        *budget -= 1;
    }
    if space && !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// One space for a run of white space, none at the start or right after a `<mark>`.
fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') && !out.ends_with("<mark>") {
        out.push(' ');
    }
}

/// The length in bytes and characters (at most `budget`) of the run at the start of
/// `bytes` that shows as it stands: ASCII letters, digits and punctuation other than
/// the hyphen and what HTML escapes, and Cyrillic letters (U+0400–U+04FF).
fn plain_run(bytes: &[u8], budget: usize) -> (usize, usize) {
    let (mut len, mut chars) = (0, 0);
    while chars < budget {
        match bytes.get(len) {
            Some(b'!' | b'#'..=b'%' | b'('..=b',' | b'.'..=b';' | b'=' | b'?'..=b'~') => len += 1,
            Some(0xd0..=0xd3) => len += 2,
            _ => break,
        }
        chars += 1;
    }
    (len, chars)
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
    let mut budget = MAX_SNIPPET_CHARS;
    push_display(&mut out, text.trim(), &mut budget);
    if budget == 0 {
        out.push_str(" …");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `text` marking `terms`, each its own query slot, as the search does.
    fn render_marking(text: &str, terms: &[&str]) -> String {
        let mut matched = Vec::new();
        analysis::for_each_token(text, |t| {
            if let Some(slot) = terms.iter().position(|&w| w == t.term || t.hyphenated.as_deref() == Some(w)) {
                matched.push((t.position, slot));
            }
        });
        let rendered = render(text, &word_marks(text), &terms.iter().copied().collect(), &matched);
        assert_eq!(rendered, render(text, &[], &terms.iter().copied().collect(), &matched), "with and without marks");
        rendered
    }

    #[test]
    fn escapes_text_and_marks_words() {
        let html = render_marking("Осы <script>alert('заң')</script> заң & құқық", &["заң"]);
        assert_eq!(html, "Осы &lt;script&gt;alert(&#39;<mark>заң</mark>&#39;)&lt;/script&gt; <mark>заң</mark> &amp; құқық");
    }

    #[test]
    fn marks_the_word_as_it_stands_and_joins_hyphenation() {
        let html = render_marking("для ис-\nпользования  данных", &["использования"]);
        assert_eq!(html, "для <mark>использования</mark> данных");
    }

    #[test]
    fn windows_around_the_matches() {
        let words: Vec<&str> = vec!["слово"; 200];
        let mut text = words.join(" ");
        text.push_str(" закон право");
        let html = render_marking(&text, &["закон", "право"]);
        assert!(html.starts_with("… "), "{html}");
        assert!(html.ends_with("<mark>закон</mark> <mark>право</mark>"), "{html}");
        assert!(html.split(' ').count() <= WINDOW_WORDS as usize + 1);
    }

    #[test]
    fn marks_a_compound_part() {
        assert_eq!(render_marking("сондай-ақ іс", &["ақ"]), "сондай-<mark>ақ</mark> іс");
    }

    #[test]
    fn word_marks_change_no_snippet() {
        // Numbers share the position of the word after them, hyphenated words across line
        // ends and compounds are one word, soft hyphens hide inside words.
        let pieces = ["заң", "12", "ис-\nпользования", "әл-Фараби", "құ\u{ad}қық", "№ 5", "law,", "—", "2024-ж.", "Кодекстің"];
        let text: String = (0..300).map(|k| pieces[(k * 7 + k / 3) % pieces.len()]).collect::<Vec<_>>().join(" ");
        let marks = word_marks(&text);
        assert!(marks.len() > 10, "{marks:?}");
        let mut positions = Vec::new();
        analysis::for_each_token(&text, |t| positions.push(t.position));
        let highlight: HashSet<&str> = ["заң", "использования", "құқық"].into_iter().collect();
        for &p in &positions {
            let matched = [(p, 0), (p + 3, 1)];
            assert_eq!(render(&text, &marks, &highlight, &matched), render(&text, &[], &highlight, &matched), "a window at word {p}");
        }
    }

    #[test]
    fn the_budget_counts_characters_whatever_they_are() {
        for (text, budget, shown, left) in [
            ("Қазақстан Республикасы", 5, "Қазақ", 0),
            ("ab&cd", 3, "ab&amp;", 0),
            ("a  \u{ad}b\n-c", 10, "a b -c", 6),
            ("заң-\n  ның", 10, "заңның", 4),
        ] {
            let (mut out, mut budget) = (String::new(), budget);
            push_display(&mut out, text, &mut budget);
            assert_eq!((out.as_str(), budget), (shown, left), "{text:?}");
        }
    }
}
