//! Reading a corpus folder: which files are documents, and how each splits into units.
//!
//! A unit is what a search result points to: a page of a text file, a section of a
//! Markdown or HTML file. Every unit knows its byte range in the source file.

#[cfg(feature = "cli")]
mod html;
#[cfg(feature = "cli")]
mod markdown;
mod text;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// One source file, split into units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Path relative to the corpus folder, with `/` separators.
    pub path: String,
    pub title: String,
    pub units: Vec<Unit>,
}

/// A page or section of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// 1-based page (text) or section (Markdown, HTML) number.
    pub page: u32,
    /// Byte range in the source file.
    pub start: u64,
    pub end: u64,
    /// The text that is indexed and shown in snippets.
    pub text: String,
    /// URL fragment that leads to the unit inside its document's page (`page-3`, a
    /// heading's `id`), or empty.
    pub anchor: String,
    /// The heading of the part of the document the unit is in (an article of a journal
    /// issue, a chapter of a thesis, a section of a page under the page's title), or
    /// empty: results show it in place of the document's title.
    pub heading: String,
}

/// A file under the corpus folder that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

#[derive(Debug)]
pub enum CorpusError {
    NotFound(PathBuf),
    NotADirectory(PathBuf),
    Unreadable(PathBuf, std::io::Error),
    /// No document with text; the files that were skipped, and why.
    NoDocuments(PathBuf, Vec<Skipped>),
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorpusError::NotFound(p) => write!(f, "corpus folder {} does not exist: pass the folder that holds your .txt, .md and .html files", p.display()),
            CorpusError::NotADirectory(p) => write!(f, "{} is not a folder: pass the folder that holds your .txt, .md and .html files", p.display()),
            CorpusError::Unreadable(p, e) => write!(f, "cannot read folder {}: {e}", p.display()),
            CorpusError::NoDocuments(p, skipped) => {
                write!(f, "no .txt, .md or .html file with text was found under {}: nothing to index", p.display())?;
                // Say why the files that were there did not count (a folder of non-UTF-8 files).
                for (i, s) in skipped.iter().take(3).enumerate() {
                    write!(f, "{} {}: {}", if i == 0 { "; skipped" } else { ";" }, s.path.display(), s.reason)?;
                }
                if skipped.len() > 3 {
                    write!(f, "; and {} more", skipped.len() - 3)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for CorpusError {}

/// The documents of a corpus folder and the files skipped on the way.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
}

/// A document file found under a corpus folder, not read yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusFile {
    pub path: PathBuf,
    /// Path relative to the corpus folder, with `/` separators.
    pub relative: String,
    /// Size in bytes when the folder was listed.
    pub len: u64,
}

/// The document files of a corpus folder, sorted by path, and the entries passed over
/// while listing it (links to nothing, pipes, unreadable folders).
#[derive(Debug, Default)]
pub struct CorpusFiles {
    pub files: Vec<CorpusFile>,
    pub skipped: Vec<Skipped>,
}

impl CorpusFiles {
    /// The bytes of all files together.
    pub fn total_len(&self) -> u64 {
        self.files.iter().map(|f| f.len).sum()
    }
}

/// Reads every `.txt`, `.md` and `.html` file under `root`, recursively, sorted by path.
/// `exclude` is a folder never to descend into (the build's own output).
pub fn read_dir(root: &Path, exclude: Option<&Path>) -> Result<Corpus, CorpusError> {
    let listing = list_files(root, exclude)?;
    let mut corpus = Corpus { documents: Vec::new(), skipped: listing.skipped };
    for file in listing.files {
        match read_file(&file) {
            Ok(Some(doc)) => corpus.documents.push(doc),
            Ok(None) => corpus.skipped.push(Skipped { path: file.path, reason: NO_TEXT.into() }),
            Err(reason) => corpus.skipped.push(Skipped { path: file.path, reason }),
        }
    }
    if corpus.documents.is_empty() {
        return Err(CorpusError::NoDocuments(root.to_owned(), corpus.skipped));
    }
    Ok(corpus)
}

/// Lists the `.txt`, `.md` and `.html` files under `root`, recursively, sorted by path,
/// without reading them: [`read_file`] reads each. `exclude` is a folder never to descend
/// into (the build's own output).
pub fn list_files(root: &Path, exclude: Option<&Path>) -> Result<CorpusFiles, CorpusError> {
    let meta = fs::metadata(root).map_err(|_| CorpusError::NotFound(root.to_owned()))?;
    if !meta.is_dir() {
        return Err(CorpusError::NotADirectory(root.to_owned()));
    }
    let exclude = exclude.and_then(|p| fs::canonicalize(p).ok());
    let mut listing = CorpusFiles::default();
    collect_files(root, root, exclude.as_deref(), &mut listing.files, &mut listing.skipped)
        .map_err(|e| CorpusError::Unreadable(root.to_owned(), e))?;
    listing.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(listing)
}

/// Why a document file with no letters or digits in it is not indexed.
pub const NO_TEXT: &str = "no text";

/// Largest file indexed, in bytes: a book extracted from PDF is a few MB; past this a
/// file is skipped, not read into memory.
pub const MAX_DOCUMENT_BYTES: u64 = 64 << 20;
/// A NUL byte this early marks a binary file (as git decides).
const BINARY_SNIFF_BYTES: usize = 8000;

/// Splits one document's bytes by its file kind; `None` when it holds no text.
pub fn parse_document(relative: &str, bytes: &[u8]) -> Result<Option<Document>, String> {
    let source = std::str::from_utf8(bytes).map_err(|e| {
        if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            return "not UTF-8 but UTF-16 (it starts with a UTF-16 byte-order mark): convert it to UTF-8".to_owned();
        }
        format!("not UTF-8 (invalid byte at offset {}): convert it to UTF-8", e.valid_up_to())
    })?;
    if let Some(at) = bytes.iter().take(BINARY_SNIFF_BYTES).position(|&b| b == 0) {
        return Err(format!("binary, not text (a NUL byte at offset {at}): only text files are indexed"));
    }
    let (title, units) = match extension(relative).as_str() {
        #[cfg(feature = "cli")]
        "md" | "markdown" => markdown::split(source),
        #[cfg(feature = "cli")]
        "html" | "htm" => html::split(source),
        _ => text::split(source),
    };
    // Stored composed (NFC), so the wasm search needs no normalization tables.
    let units: Vec<Unit> = units
        .into_iter()
        .filter(|u| u.text.chars().any(char::is_alphanumeric))
        .map(|u| Unit { text: crate::analysis::compose(&u.text).into_owned(), ..u })
        .collect();
    if units.is_empty() {
        return Ok(None);
    }
    let title = if title.is_empty() { file_stem(relative) } else { title };
    Ok(Some(Document { path: relative.to_owned(), title, units }))
}

/// Reads and splits one listed file; `None` when it holds no text, `Err` with the reason
/// it is skipped (unreadable, too large, not UTF-8, binary).
pub fn read_file(file: &CorpusFile) -> Result<Option<Document>, String> {
    use std::io::Read;
    let too_large = || format!("larger than {} MB: split it into smaller files", MAX_DOCUMENT_BYTES >> 20);
    let handle = fs::File::open(&file.path).map_err(|e| format!("unreadable: {e}"))?;
    if handle.metadata().is_ok_and(|m| m.len() > MAX_DOCUMENT_BYTES) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    handle.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("unreadable: {e}"))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(too_large());
    }
    parse_document(&file.relative, &bytes)
}

fn collect_files(
    root: &Path,
    dir: &Path,
    exclude: Option<&Path>,
    files: &mut Vec<CorpusFile>,
    skipped: &mut Vec<Skipped>,
) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        // Symbolic links to folders are not followed: they can form loops.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if exclude.is_some_and(|ex| fs::canonicalize(&path).is_ok_and(|p| p == ex)) {
                continue;
            }
            if let Err(e) = collect_files(root, &path, exclude, files, skipped) {
                skipped.push(Skipped { path, reason: format!("unreadable folder: {e}") });
            }
        } else if is_document(&path) {
            // Only regular files: reading a FIFO named `.txt` would wait forever, a device
            // would never end.
            let regular = fs::metadata(&path).ok().filter(|m| m.is_file());
            if let Some(meta) = regular {
                files.push(CorpusFile { relative: relative_path(root, &path), path, len: meta.len() });
            } else if kind.is_symlink() {
                skipped.push(Skipped { path, reason: "symbolic link to no file".into() });
            } else {
                skipped.push(Skipped { path, reason: "not a regular file (a pipe, socket or device)".into() });
            }
        }
    }
    Ok(())
}

fn is_document(path: &Path) -> bool {
    let name = path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
    extension(&name) == "txt" || split_at_headings(&name)
}

/// Whether a document is split into sections at its headings (Markdown, HTML), not into
/// pages.
pub fn split_at_headings(path: &str) -> bool {
    matches!(extension(path).as_str(), "md" | "markdown" | "html" | "htm")
}

/// What the units of a document are to a reader: pages of a text file, or sections of a
/// Markdown or HTML one. Results carry it, so no reader of them repeats the extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Page,
    Section,
}

impl UnitKind {
    pub fn of(path: &str) -> Self {
        if split_at_headings(path) { UnitKind::Section } else { UnitKind::Page }
    }

    pub fn name(self) -> &'static str {
        match self {
            UnitKind::Page => "page",
            UnitKind::Section => "section",
        }
    }
}

/// The file name of a `/`-separated path split at its last dot, unless that dot begins the
/// name (`.profile`): `std::path` would bring its parser into the wasm module.
fn name_and_extension(path: &str) -> (&str, &str) {
    let name = &path[path.bytes().rposition(|b| b == b'/').map_or(0, |slash| slash + 1)..];
    match name.bytes().rposition(|b| b == b'.') {
        Some(dot) if dot > 0 => (&name[..dot], &name[dot + 1..]),
        _ => (name, ""),
    }
}

fn extension(path: &str) -> String {
    name_and_extension(path).1.to_ascii_lowercase()
}

fn file_stem(path: &str) -> String {
    name_and_extension(path).0.to_string()
}

fn relative_path(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Names each section of a Markdown or HTML page but the first by its heading under the
/// page's `title` (`Guide › Install`): a heading alone (Overview, Contacts) does not say
/// which page it is on. The first section, whose heading is the page's own, and a section
/// named like the page or not at all, are named by the title alone (empty).
#[cfg(feature = "cli")]
fn name_sections(units: &mut [Unit], title: &str) {
    for (k, unit) in units.iter_mut().enumerate() {
        let heading = clip_title(&unit.heading, 160);
        unit.heading = match heading.as_str() {
            _ if k == 0 || heading.is_empty() || heading == title => String::new(),
            _ if title.is_empty() => heading,
            _ => format!("{title} › {heading}"),
        };
    }
}

/// The parts of a document (the articles of a journal issue, the chapters of a thesis, the
/// sections of a Markdown or HTML page), from the headings of its units in order: for each
/// unit, the name of the part it begins, if it begins one. A unit begins a part when its
/// heading is not the one before it; the name is the heading less the document's `title`
/// that names a section under it (`Guide › Install` → `Install`). A document of one part
/// has none: its title names it.
pub fn part_names<'a>(title: &str, headings: &[&'a str]) -> Vec<Option<&'a str>> {
    let mut names: Vec<Option<&str>> = Vec::with_capacity(headings.len());
    let mut previous = "";
    for &heading in headings {
        let begins = !heading.is_empty() && heading != previous;
        names.push(begins.then(|| heading.strip_prefix(title).and_then(|rest| rest.strip_prefix(" › ")).unwrap_or(heading)));
        previous = heading;
    }
    if names.iter().flatten().nth(1).is_none() {
        names.iter_mut().for_each(|name| *name = None);
    }
    names
}

/// Shortens a title to at most `max` characters, at a word boundary.
fn clip_title(title: &str, max: usize) -> String {
    let collapsed = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let mut out = String::new();
    for word in collapsed.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::part_names;

    #[test]
    fn parts_begin_where_the_heading_changes() {
        // A journal issue: a cover page under no heading, two articles of two pages each.
        let headings = ["", "Құқықтық мемлекет", "Құқықтық мемлекет", "Право и закон", "Право и закон"];
        assert_eq!(part_names("Құқықтық мемлекет", &headings), [None, Some("Құқықтық мемлекет"), None, Some("Право и закон"), None]);
        // A section of a page is named without the page's title; one under no heading
        // (the page's first) begins no part.
        assert_eq!(part_names("Guide", &["", "Guide › Install", "Guide › Use"]), [None, Some("Install"), Some("Use")]);
        // One part: the document's title names it.
        assert_eq!(part_names("Заң", &["Заң", "Заң", ""]), [None, None, None]);
        assert_eq!(part_names("Заң", &[]), Vec::<Option<&str>>::new());
    }
}
