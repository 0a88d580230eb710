//! HTML pages: the main content, one unit per top-level section.
//!
//! The content is `<main>` (or `<article>`) when the page has one, else `<body>` without
//! navigation, header, footer, scripts and styles. Elements with a `data-izdeu-ignore`
//! attribute are left out. A new unit starts at each `<h1>` or `<h2>`, which names it; its
//! anchor is the heading's `id`, so a result links to the section.

use std::collections::HashMap;

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::{clip_title, name_sections, Unit};

/// Elements whose content is never text of the page.
const SKIPPED: [&[u8]; 12] = [
    b"script", b"style", b"noscript", b"template", b"nav", b"header", b"footer", b"svg",
    b"head", b"iframe", b"object", b"select",
];
const BLOCKS: [&[u8]; 24] = [
    b"p", b"div", b"li", b"ul", b"ol", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6", b"br", b"tr",
    b"td", b"th", b"section", b"article", b"main", b"blockquote", b"pre", b"dt", b"dd",
    b"figcaption", b"hr",
];
const VOID: [&[u8]; 10] = [b"br", b"img", b"hr", b"meta", b"link", b"input", b"source", b"wbr", b"col", b"area"];

pub fn split(source: &str) -> (String, Vec<Unit>) {
    let has_main = tokens(source).any(|t| matches!(&t, Token::StartTag(tag) if is(&tag.name, b"main") || is(&tag.name, b"article")));
    let mut units = Vec::new();
    let mut current = Unit { page: 1, start: 0, end: 0, text: String::new(), anchor: String::new(), heading: String::new() };
    let mut stack: Vec<Vec<u8>> = Vec::new();
    // How many of each element are open: an end tag of an element that is not open costs
    // nothing, so 10 MB of unmatched end tags do not scan a deep stack each (quadratic).
    let mut open: HashMap<Vec<u8>, usize> = HashMap::new();
    // The current unit has a letter or digit (not rescanned at every heading).
    let mut has_text = false;
    // Depth of the stack at which a skipped element opened, and of the main content.
    let mut skip_depth: Option<usize> = None;
    let mut main_depth: Option<usize> = None;
    let mut title = String::new();
    let mut in_title = false;
    let mut h1 = String::new();
    let mut in_h1 = false;
    // Inside the `<h1>` or `<h2>` that names the current unit.
    let mut in_heading = false;
    for token in tokens(source) {
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                let void = tag.self_closing || VOID.contains(&name.as_slice());
                in_title = name == b"title";
                let content = skip_depth.is_none() && (!has_main || main_depth.is_some());
                if content && (name == b"h1" || name == b"h2") {
                    if has_text {
                        has_text = false;
                        current.end = tag.span.start as u64;
                        let page = current.page + 1;
                        units.push(std::mem::replace(
                            &mut current,
                            Unit { page, start: tag.span.start as u64, end: 0, text: String::new(), anchor: String::new(), heading: String::new() },
                        ));
                    }
                    if let Some(id) = tag.attributes.get(b"id".as_slice()) {
                        let id = String::from_utf8_lossy(&id.value);
                        // An id becomes a link's fragment: one with spaces, quotes, angle
                        // brackets or URL syntax in it is no anchor to link to.
                        if id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')) {
                            current.anchor = id.into_owned();
                        }
                    }
                    in_h1 = name == b"h1" && h1.is_empty();
                    in_heading = current.heading.is_empty();
                }
                if BLOCKS.contains(&name.as_slice()) {
                    current.text.push('\n');
                }
                if void {
                    continue;
                }
                *open.entry(name.clone()).or_default() += 1;
                stack.push(name.clone());
                let ignored = tag.attributes.contains_key(b"data-izdeu-ignore".as_slice());
                if skip_depth.is_none() && (ignored || SKIPPED.contains(&name.as_slice())) {
                    skip_depth = Some(stack.len());
                }
                if main_depth.is_none() && (name == b"main" || name == b"article") {
                    main_depth = Some(stack.len());
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                if name == b"title" {
                    in_title = false;
                }
                if name == b"h1" {
                    in_h1 = false;
                }
                if name == b"h1" || name == b"h2" {
                    in_heading = false;
                }
                if BLOCKS.contains(&name.as_slice()) {
                    current.text.push('\n');
                }
                let is_open = open.get(&name).is_some_and(|&n| n > 0);
                if let Some(pos) = is_open.then(|| stack.iter().rposition(|n| *n == name)).flatten() {
                    for closed in stack.drain(pos..) {
                        open.entry(closed).and_modify(|n| *n -= 1);
                    }
                    if skip_depth.is_some_and(|d| d > pos) {
                        skip_depth = None;
                    }
                    if main_depth.is_some_and(|d| d > pos) {
                        main_depth = None;
                    }
                }
            }
            Token::String(text) => {
                let text = String::from_utf8_lossy(&text);
                if in_title {
                    title.push_str(&text);
                } else if skip_depth.is_none() && (!has_main || main_depth.is_some()) {
                    if in_h1 {
                        h1.push_str(&text);
                    }
                    if in_heading {
                        current.heading.push_str(&text);
                    }
                    has_text = has_text || text.chars().any(char::is_alphanumeric);
                    current.text.push_str(&text);
                }
            }
            _ => {}
        }
    }
    current.end = source.len() as u64;
    units.push(current);
    let title = clip_title(if title.trim().is_empty() { &h1 } else { &title }, 160);
    name_sections(&mut units, &title);
    (title, units)
}

fn tokens(source: &str) -> impl Iterator<Item = Token<usize>> + '_ {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Switches to raw text inside <script>, <style>, <textarea>, <title>.
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(source, emitter).flatten()
}

fn is(name: &[u8], wanted: &[u8]) -> bool {
    name.eq_ignore_ascii_case(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_main_content_and_sections() {
        let src = "<html><head><title>Заң &amp; құқық</title><style>p{}</style></head><body>\
            <nav>Мәзір</nav><main><h1 id=\"a\">Бірінші</h1><p>Мәтін <b>бір</b></p>\
            <div data-izdeu-ignore>жасырын</div><script>alert(1)</script>\
            <h2 id=\"b\">Екінші</h2><p>тағы</p></main><footer>© 2024</footer></body></html>";
        let (title, units) = split(src);
        assert_eq!(title, "Заң & құқық");
        assert_eq!(units.len(), 2);
        let words = |u: &Unit| u.text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(words(&units[0]), "Бірінші Мәтін бір");
        assert_eq!(words(&units[1]), "Екінші тағы");
        assert_eq!((units[0].anchor.as_str(), units[1].anchor.as_str()), ("a", "b"));
        assert!(src[units[1].start as usize..].starts_with("<h2"));
        assert_eq!((units[0].heading.as_str(), units[1].heading.as_str()), ("", "Заң & құқық › Екінші"));
    }

    #[test]
    fn without_main_drops_navigation() {
        let (title, units) = split("<body><header>Сайт</header><h1>Басты</h1><p>мазмұн</p><footer>x</footer></body>");
        assert_eq!(title, "Басты");
        assert_eq!(units[0].text.split_whitespace().collect::<Vec<_>>(), ["Басты", "мазмұн"]);
    }

    #[test]
    fn a_section_is_named_by_its_heading_alone() {
        let (_, units) = split("<main><h1>Бет</h1><p>Кіріспе</p><h2 id=\"x\">Екінші <em>бөлім</em><script>x()</script></h2><h3>Ішкі</h3><p>мәтін</p></main>");
        assert_eq!((units[0].heading.as_str(), units[1].heading.as_str()), ("", "Бет › Екінші бөлім"));
    }
}
