//! Markdown: one unit per top-level section (a `#` or `##` heading starts a new one, and
//! names it).

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::{clip_title, name_sections, Unit};

pub fn split(source: &str) -> (String, Vec<Unit>) {
    let mut units: Vec<Unit> = Vec::new();
    let mut current = Unit { page: 1, start: 0, end: 0, text: String::new(), anchor: "page-1".into(), heading: String::new() };
    let mut title = String::new();
    let mut in_title = false;
    // Inside the top-level heading that names the current unit.
    let mut in_heading = false;
    // The current unit has text other than white space (not rescanned at every heading).
    let mut has_text = false;
    for (event, range) in Parser::new(source).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if level <= HeadingLevel::H2 && has_text {
                    has_text = false;
                    current.end = range.start as u64;
                    let page = current.page + 1;
                    units.push(std::mem::replace(&mut current, Unit { page, start: range.start as u64, end: 0, text: String::new(), anchor: format!("page-{page}"), heading: String::new() }));
                }
                in_title = title.is_empty() && level == HeadingLevel::H1;
                in_heading = level <= HeadingLevel::H2 && current.heading.is_empty();
            }
            Event::End(TagEnd::Heading(_)) => {
                in_title = false;
                in_heading = false;
                current.text.push('\n');
            }
            Event::Text(t) | Event::Code(t) => {
                if in_title {
                    title.push_str(&t);
                }
                if in_heading {
                    current.heading.push_str(&t);
                }
                has_text = has_text || !t.trim().is_empty();
                current.text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => current.text.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock | TagEnd::TableCell) => {
                current.text.push('\n')
            }
            _ => {}
        }
    }
    current.end = source.len() as u64;
    units.push(current);
    if title.is_empty() {
        title = source.lines().map(|l| l.trim_start_matches('#').trim()).find(|l| !l.is_empty()).unwrap_or("").to_owned();
    }
    let title = clip_title(&title, 160);
    name_sections(&mut units, &title);
    (title, units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_start_at_top_level_headings() {
        let src = "# Заң туралы\n\nКіріспе *мәтін*.\n\n## Бірінші бөлім\n\nМәтін `код`.\n\n### Ішкі\n\nтағы\n";
        let (title, units) = split(src);
        assert_eq!(title, "Заң туралы");
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].text, "Заң туралы\nКіріспе мәтін.\n");
        assert_eq!(&src[units[1].start as usize..units[1].end as usize], "## Бірінші бөлім\n\nМәтін `код`.\n\n### Ішкі\n\nтағы\n");
        assert_eq!(units[1].page, 2);
        assert_eq!((units[0].heading.as_str(), units[1].heading.as_str()), ("", "Заң туралы › Бірінші бөлім"));
    }

    #[test]
    fn text_before_the_first_heading_has_none() {
        let (title, units) = split("Алғы сөз.\n\n## Екінші   `бөлім`\n\nмәтін\n");
        assert_eq!(title, "Алғы сөз.");
        assert_eq!((units[0].heading.as_str(), units[1].heading.as_str()), ("", "Алғы сөз. › Екінші бөлім"));
    }
}
