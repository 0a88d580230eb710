//! Snippets: the best window of a unit's text, HTML-escaped, matched words in `<mark>`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use crate::analysis::{self, LineEndHyphen, MARK_EVERY};

/// Words a snippet shows.
pub const WINDOW_WORDS: u32 = 30;
/// Most characters of text a snippet shows: a window of 30 words of one 50 MB word
/// would be the whole word. The rest is cut with `…`.
pub const MAX_SNIPPET_CHARS: usize = 600;

/// The part of a unit's text a snippet is cut from: all of it, or (from a chunked index)
/// the blocks of it that hold the snippet's window.
pub struct Passage<'a> {
    pub text: Cow<'a, str>,
    /// The first word of the snippet's window: the [`window_start`] of the matches.
    pub window: u32,
    /// Where the scan for the window's words starts: the start of a word of `text` at
    /// word `position` of the unit (or 0, 0).
    pub start: usize,
    pub position: u32,
    /// Whether `text` runs to the end of the unit's text.
    pub to_end: bool,
}

impl<'a> Passage<'a> {
    /// A unit's whole `text`, scanned from the last of its [`analysis::word_marks`] before
    /// the window at word `window`, not from its start.
    pub fn whole(text: &'a str, marks: &[u32], window: u32) -> Passage<'a> {
        Passage::marked(Cow::Borrowed(text), marks, 0, window, true)
    }

    /// `text` from word `position` of a unit on (a word start, or the text's start),
    /// scanned from the last of `marks` (the [`analysis::word_marks`] of text that begins
    /// as `text` does) before the window at word `window`.
    pub fn marked(text: Cow<'a, str>, marks: &[u32], position: u32, window: u32, to_end: bool) -> Passage<'a> {
        let mark = ((window.saturating_sub(position) / MARK_EVERY) as usize).min(marks.len().saturating_sub(1));
        let (start, position) = marks.get(mark).map_or((0, position), |&at| (at as usize, position + mark as u32 * MARK_EVERY));
        Passage { text, window, start, position, to_end }
    }
}

/// Renders the passage's window, the one that holds the most distinct matched query
/// words, as escaped HTML with every highlighted word wrapped in `<mark>`.
/// `matched` lists the word positions of the matches with the query slot each belongs
/// to, sorted; `highlight` the terms to mark. The marks fall on the words as they stand
/// in the text, whatever the reader typed. Only the words of the window at a matched
/// position are normalized (a compound's parts share its position: `highlight` says which
/// of them to mark).
pub fn render(passage: &Passage, highlight: &HashSet<&str>, matched: &[(u32, usize)]) -> String {
    let text: &str = &passage.text;
    let first_position = passage.window;
    // Positions come from the index: the largest one must not overflow.
    let last_position = first_position.saturating_add(WINDOW_WORDS - 1);
    let mut from = None;
    let mut to = 0;
    // A passage that stops short of the unit's end stops after the window's last block,
    // and the next block begins with a word.
    let mut more_after = !passage.to_end;
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    analysis::scan_spans_from(text, passage.start, passage.position, &mut |span| {
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
            span.tokens(text, &mut |token| {
                // An index written before words kept hyphenated were stored on one line
                // has them across the line end (жылдан-\nжылға), found by their parts too:
                // such a word shows joined, marked whole.
                let hyphenated = token.hyphenated.as_deref().is_some_and(|h| highlight.contains(h) || h.split('-').any(|part| highlight.contains(part)));
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
    // Room for the window's text, its marks and escapes: a snippet grows once, if ever.
    let mut out = String::with_capacity((to - from).min(4 * MAX_SNIPPET_CHARS) + 64);
    if first_position > 0 {
        out.push_str("… ");
    }
    let mut budget = MAX_SNIPPET_CHARS;
    let mut at = from;
    for (start, end) in ranges {
        if start < at {
            continue;
        }
        push_display(&mut out, text, at..start, &mut budget);
        if budget == 0 {
            break;
        }
        out.push_str("<mark>");
        push_display(&mut out, text, start..end, &mut budget);
        out.push_str("</mark>");
        at = end;
    }
    push_display(&mut out, text, at..to.max(at), &mut budget);
    if more_after || budget == 0 {
        out.push_str(" …");
    }
    out
}

/// The window start (a word position) covering the most distinct matched slots, those
/// of words that say something first (as the ranking counts them: `little` says which
/// slots are words that say little), then the most matches; a little context before
/// the first of them.
pub fn window_start(matched: &[(u32, usize)], little: &[bool]) -> u32 {
    let mut best = ((0usize, 0usize, 0usize), 0u32);
    for (i, &(first, _)) in matched.iter().enumerate() {
        let end = first.saturating_add(WINDOW_WORDS - 6);
        let inside = &matched[i..matched[i..].partition_point(|&(p, _)| p < end) + i];
        let mut slots: Vec<usize> = inside.iter().map(|&(_, slot)| slot).collect();
        crate::sort::sort_by(&mut slots, Ord::cmp);
        slots.dedup();
        let saying_little = slots.iter().filter(|&&slot| little.get(slot).copied().unwrap_or(false)).count();
        let covered = (slots.len() - saying_little, saying_little, inside.len());
        if covered > best.0 {
            best = (covered, first.saturating_sub(5));
        }
    }
    best.1
}

/// Appends the `range` of `text` for display: escaped, runs of white space as one space,
/// words hyphenated across a line end joined, a number keeping its hyphen there
/// (`213-\nбабы`), invisible characters dropped. Shows at most `budget` characters, and
/// lowers it by those shown.
fn push_display(out: &mut String, text: &str, range: Range<usize>, budget: &mut usize) {
    let mut space = false;
    let mut i = range.start;
    while i < range.end {
        if *budget == 0 {
            return;
        }
        let (len, chars) = plain_run(&text.as_bytes()[i..range.end], *budget);
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
        // White space between words, the most frequent stop of a plain run.
        if matches!(text.as_bytes()[i], b' ' | b'\n') {
            space = true;
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else { return };
        let after = i + c.len_utf8();
        if analysis::is_hyphen(c) {
            let rest = &text[after..];
            let gap = rest.len() - rest.trim_start().len();
            // What stands around the line end, marked or not.
            let shown = if rest[..gap].contains('\n') {
                analysis::line_end_hyphen(text[..i].chars().next_back(), rest[gap..].chars().next())
            } else {
                LineEndHyphen::AsWritten
            };
            match shown {
                LineEndHyphen::Joined => {
                    i = after + gap;
                    continue;
                }
                LineEndHyphen::Kept => {
                    out.push(c);
                    *budget -= 1;
                    i = after + gap;
                    continue;
                }
                LineEndHyphen::AsWritten => {}
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
    match out.as_bytes().last() {
        None | Some(b' ') => {}
        Some(b'>') if out.ends_with("<mark>") => {}
        Some(_) => out.push(' '),
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
    let text = text.trim();
    push_display(&mut out, text, 0..text.len(), &mut budget);
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
        let little: Vec<bool> = terms.iter().map(|t| t.chars().count() <= 2).collect();
        let first = window_start(&matched, &little);
        let highlight = terms.iter().copied().collect();
        let rendered = render(&Passage::whole(text, &analysis::word_marks(text), first), &highlight, &matched);
        assert_eq!(rendered, render(&Passage::whole(text, &[], first), &highlight, &matched), "with and without marks");
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
    fn a_window_shows_a_word_before_more_prepositions() {
        // As the ranking counts them: закон says more than о and в twice over.
        let filler = vec!["слово"; 40].join(" ");
        let text = format!("сведения о лицах в сети о фактах {filler} закон принят {filler}");
        let html = render_marking(&text, &["закон", "о", "в"]);
        assert!(html.contains("<mark>закон</mark>"), "{html}");
    }

    #[test]
    fn a_number_keeps_its_hyphen_at_a_line_end_marked_or_not() {
        let text = "ҚПК 213-\nбабы), 12-\n  13 бет, COVID-\n19, заң -\nбап";
        assert_eq!(render_marking(text, &["бап"]), "ҚПК 213-бабы), 12-13 бет, COVID-19, заң - <mark>бап</mark>");
        assert_eq!(render_marking(text, &["бабы"]), "ҚПК 213-<mark>бабы</mark>), 12-13 бет, COVID-19, заң - бап");
        assert_eq!(render_marking(text, &["213", "бабы", "19"]), "ҚПК <mark>213</mark>-<mark>бабы</mark>), 12-13 бет, COVID-<mark>19</mark>, заң - бап");
    }

    #[test]
    fn marks_a_compound_part() {
        assert_eq!(render_marking("сондай-ақ іс", &["ақ"]), "сондай-<mark>ақ</mark> іс");
    }

    #[test]
    fn marks_a_word_hyphenated_across_a_line_end_by_a_part() {
        // The text of an earlier index, which kept жылдан-жылға hyphenated with its parts
        // but stored it across the line end: a match of a part lies at the word's position.
        let text = "нарығы жылдан-\nжылға дамып";
        let highlight: HashSet<&str> = ["жылдан"].into_iter().collect();
        let html = render(&Passage::whole(text, &[], 0), &highlight, &[(1, 0)]);
        assert_eq!(html, "нарығы <mark>жылданжылға</mark> дамып");
    }

    #[test]
    fn word_marks_change_no_snippet() {
        // Numbers share the position of the word after them, hyphenated words across line
        // ends and compounds are one word, soft hyphens hide inside words.
        let pieces = ["заң", "12", "ис-\nпользования", "әл-Фараби", "құ\u{ad}қық", "№ 5", "law,", "—", "2024-ж.", "Кодекстің"];
        let text: String = (0..300).map(|k| pieces[(k * 7 + k / 3) % pieces.len()]).collect::<Vec<_>>().join(" ");
        let marks = analysis::word_marks(&text);
        assert!(marks.len() > 10, "{marks:?}");
        let mut positions = Vec::new();
        analysis::for_each_token(&text, |t| positions.push(t.position));
        let highlight: HashSet<&str> = ["заң", "использования", "құқық"].into_iter().collect();
        for &p in &positions {
            let matched = [(p, 0), (p + 3, 1)];
            let first = window_start(&matched, &[]);
            let from_mark = render(&Passage::whole(&text, &marks, first), &highlight, &matched);
            assert_eq!(from_mark, render(&Passage::whole(&text, &[], first), &highlight, &matched), "a window at word {p}");
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
            push_display(&mut out, text, 0..text.len(), &mut budget);
            assert_eq!((out.as_str(), budget), (shown, left), "{text:?}");
        }
    }
}
