//! What `izdeu build` writes into the output folder besides the index: the search page
//! and widget assets, `offline.html`, and the links from results to a site's own pages.
//!
//! The output folder is the whole deliverable: served over http, or opened from disk.
//!
//! ```text
//! OUT/index.html, izdeu.js, izdeu-worker.js,      the page and the widget (copied from
//!     izdeu-reader.js, izdeu.css, pkg/            --assets, `./build.sh` builds them in www/);
//!                                                 pkg/ reads the chunked index (over http),
//!                                                 pkg/whole/ a whole one (from disk, and
//!                                                 offline.html's, with the indexer)
//! OUT/izdeu.idx, izdeu-index.js, izdeu-manifest.js the index, as bytes and as a classic script
//! OUT/izdeu-wasm.js                               pkg/whole/'s wasm as a classic script (file://)
//! OUT/docs/PATH.html                              a reader page per text/Markdown document
//! OUT/offline.html                                the page, the engine and the documents in one file:
//!                                                 the page rebuilds the index from them
//!                                                 (izdeu-offline.js, inlined, unpacks them)
//! ```

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Component, Path};

/// The search page's own files, relative to the assets folder: copied as they are.
pub const PAGE_ASSETS: [&str; 11] = [
    "index.html",
    "favicon.svg",
    "izdeu.js",
    "izdeu-worker.js",
    "izdeu-reader.js",
    OFFLINE_SCRIPT,
    "izdeu.css",
    "pkg/izdeu.js",
    "pkg/izdeu_bg.wasm",
    WHOLE_GLUE_FILE,
    WHOLE_WASM_FILE,
];
/// The wasm as a classic script, for pages opened from disk where `fetch` is blocked.
pub const WASM_SCRIPT: &str = "izdeu-wasm.js";
/// One self-contained file: page, widget, engine, and the documents the engine indexes.
pub const OFFLINE_PAGE: &str = "offline.html";
const WASM_FILE: &str = "pkg/izdeu_bg.wasm";
/// What unpacks offline.html's engine and documents: inlined there only, so the widget
/// the page over http loads does not carry it.
const OFFLINE_SCRIPT: &str = "izdeu-offline.js";
/// The engine of a whole index (the `whole` feature: it reads izdeu.idx and rebuilds
/// offline.html's index), for pages opened from disk and offline.html.
const WHOLE_GLUE_FILE: &str = "pkg/whole/izdeu.js";
const WHOLE_WASM_FILE: &str = "pkg/whole/izdeu_bg.wasm";
/// The files the page and offline.html cannot do without.
const ENGINE_FILES: [&str; 6] = ["izdeu.js", OFFLINE_SCRIPT, "pkg/izdeu.js", WASM_FILE, WHOLE_GLUE_FILE, WHOLE_WASM_FILE];

/// Copies the page assets found in `from`, which [`check_assets`] let through, into `out`
/// (nothing when they are the same folder).
pub fn copy_assets(from: &Path, out: &Path) -> Result<(), String> {
    if same_folder(from, out) {
        return Ok(());
    }
    for name in PAGE_ASSETS {
        let source = from.join(name);
        if source.is_file() {
            let target = out.join(name);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            fs::copy(&source, &target).map_err(|e| format!("cannot copy {} to {}: {e}", source.display(), target.display()))?;
        }
    }
    Ok(())
}

/// Fails unless `from` holds the engine that [`copy_assets`] needs: checked before the
/// build writes anything.
pub fn check_assets(from: &Path) -> Result<(), String> {
    match missing_engine_file(from) {
        Some(required) => Err(format!("--assets {}: no {required} there; pass the folder `./build.sh` built (www/)", from.display())),
        None => Ok(()),
    }
}

/// Whether `out` holds the engine, so the page and `offline.html` can be written.
pub fn has_engine(out: &Path) -> bool {
    missing_engine_file(out).is_none()
}

/// The first of the engine's files that `dir` lacks.
fn missing_engine_file(dir: &Path) -> Option<&'static str> {
    ENGINE_FILES.into_iter().find(|file| !dir.join(file).is_file())
}

/// Writes `izdeu-wasm.js` and `offline.html` from the assets in `out` and `documents`,
/// the index without its dictionary and postings ([`IndexWriter::documents`], written).
/// Returns the size of `offline.html`.
///
/// offline.html carries the index without its dictionary and postings (a third of it,
/// and what compresses worst): the page rebuilds them from the texts. It needs no
/// manifest: nothing else is loaded, and the documents carry their own checksum.
///
/// [`IndexWriter::documents`]: crate::index::IndexWriter::documents
pub fn write_offline(out: &Path, documents: &[u8], title: &str) -> Result<usize, String> {
    let read = |name: &str| fs::read(out.join(name)).map_err(|e| format!("cannot read {}: {e}", out.join(name).display()));
    let wasm = read(WHOLE_WASM_FILE)?;
    write(&out.join(WASM_SCRIPT), format!("window.IZDEU_WASM = \"{}\";\n", crate::cli::base64(&wasm)).as_bytes())?;
    let text = |name: &str| read(name).map(|b| String::from_utf8_lossy(&b).into_owned());
    let glue = text(WHOLE_GLUE_FILE)?;
    let widget = text("izdeu.js")?;
    let unpack = text(OFFLINE_SCRIPT)?;
    let css = if out.join("izdeu.css").is_file() { text("izdeu.css")? } else { String::new() };
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} — izdeu offline</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>\n{css}</style>\n</head>\n<body>\n\
         <main class=\"izdeu-page\">\n<h1>{title}</h1>\n\
         <izdeu-search label=\"Search the documents (Kazakh, Russian, English)\" placeholder=\"заң, закон, law…\" autofocus></izdeu-search>\n\
         </main>\n\
         <!-- Everything inline: the engine and the documents, gzip-compressed, 7 bits a character. -->\n\
         <script>window.IZDEU_OFFLINE = {{\"wasm\": \"{wasm}\", \"documents\": \"{documents}\"}};</script>\n\
         <script>\n{unpack}\n</script>\n<script>\n{glue}\n</script>\n<script>\n{widget}\n</script>\n</body>\n</html>\n",
        title = crate::cli::escape(title),
        css = inline(&css, "</style"),
        wasm = base122(&gzip(&wasm)),
        documents = base122(&gzip(documents)),
        unpack = inline(&unpack, "</script"),
        glue = inline(&glue, "</script"),
        widget = inline(&widget, "</script"),
    );
    write(&out.join(OFFLINE_PAGE), html.as_bytes())?;
    Ok(html.len())
}

/// Source text that can stand inside a `<script>` or `<style>` element: the closing tag
/// never appears in it (`</script` becomes `<\/script`, which means the same in JS).
fn inline(source: &str, closing: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.to_ascii_lowercase().find(closing) {
        out.push_str(&rest[..at]);
        out.push_str("<\\/");
        out.push_str(&rest[at + 2..at + closing.len()]);
        rest = &rest[at + closing.len()..];
    }
    out.push_str(rest);
    out
}

/// 7-bit groups that cannot stand for themselves in a `"…"` string inside `<script>`: NUL
/// (the HTML parser replaces it), line feed and carriage return (a string cannot hold
/// them; the parser rewrites the second), `"` and `\\` (JavaScript), `<` (`</script`).
const BASE122_ESCAPED: [u8; 6] = [0, b'\n', b'\r', b'"', b'\\', b'<'];
/// Each 7-bit group's place in [`BASE122_ESCAPED`], for those escaped.
const BASE122_ESCAPE_OF: [Option<u8>; 128] = {
    let mut places = [None; 128];
    let mut k = 0;
    while k < BASE122_ESCAPED.len() {
        places[BASE122_ESCAPED[k] as usize] = Some(k as u8);
        k += 1;
    }
    places
};
/// Where the two-letter characters begin: past Latin-1, so no C1 control is written.
const BASE122_PAIRS: u32 = 0x100;

/// `bytes` as the contents of a JavaScript string, 7 bits a character (base-122): in
/// UTF-8 8/7 of their size, where base64 is 4/3. Each 7-bit group, most significant bits
/// first, is the ASCII character of its value, unless that is escaped (the k-th of
/// [`BASE122_ESCAPED`]): then it and the next group are one two-byte character,
/// `BASE122_PAIRS + 128 k + next`, or `BASE122_PAIRS + 128 × 6 + k` when it is the last
/// group. The page's `decodeBase122` (www/src/izdeu-offline.js) undoes it.
fn base122(bytes: &[u8]) -> String {
    let group_count = (bytes.len() * 8).div_ceil(7);
    let mut out = String::with_capacity(group_count + group_count / 8);
    let mut groups = seven_bit_groups(bytes);
    while let Some(group) = groups.next() {
        let Some(k) = BASE122_ESCAPE_OF[usize::from(group)] else {
            out.push(group as char);
            continue;
        };
        let pair = match groups.next() {
            Some(next) => BASE122_PAIRS + 128 * k as u32 + next as u32,
            None => BASE122_PAIRS + 128 * BASE122_ESCAPED.len() as u32 + k as u32,
        };
        // At most U+047F: a valid two-byte character.
        out.extend(char::from_u32(pair));
    }
    out
}

/// `bytes` as 7-bit groups, most significant bits first, the last filled up with zero bits.
fn seven_bit_groups(bytes: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let mut bytes = bytes.iter();
    // Bits read but not yet given out: the lowest `count` of `bits`.
    let (mut bits, mut count) = (0u32, 0);
    std::iter::from_fn(move || {
        if count < 7 {
            match bytes.next() {
                Some(&byte) => {
                    bits = (bits << 8 | byte as u32) & 0x7fff;
                    count += 8;
                }
                None if count > 0 => {
                    let last = (bits << (7 - count)) as u8 & 0x7f;
                    count = 0;
                    return Some(last);
                }
                None => return None,
            }
        }
        count -= 7;
        Some((bits >> count) as u8 & 0x7f)
    })
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    // Level 6, zlib's default: on corpus/ 1% larger than level 9 in half the time, and
    // offline.html's compression is the longest step of a large build.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing to memory cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn same_folder(a: &Path, b: &Path) -> bool {
    fs::canonicalize(a).ok().is_some_and(|a| fs::canonicalize(b).is_ok_and(|b| a == b))
}

/// The relative link from pages in folder `from` to folder `to` (`../`, `../site/`, or
/// empty for the same folder), from their canonical paths. `None` when there is no
/// relative path (another drive).
pub fn relative_folder_url(from: &Path, to: &Path) -> Option<String> {
    let from = fs::canonicalize(from).ok()?;
    let to = fs::canonicalize(to).ok()?;
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    if from.first() != to.first() {
        return None;
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut url = "../".repeat(from.len() - common);
    for part in &to[common..] {
        url.push_str(&part.as_os_str().to_string_lossy());
        url.push('/');
    }
    Some(url)
}

/// Where results of a site's HTML pages link to: the page itself, relative to the
/// search page (`relative`, from [`relative_folder_url`]) or under an absolute `base_url`.
pub fn site_page_url(base: &SiteBase, escaped_path: &str) -> String {
    match base {
        SiteBase::Relative(prefix) => format!("{prefix}{escaped_path}"),
        SiteBase::Absolute(url) => format!("{}/{escaped_path}", url.trim_end_matches('/')),
    }
}

/// How links to a site's own pages begin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteBase {
    Relative(String),
    Absolute(String),
}

/// Whether a document is a web page that results link to directly (no reader page).
pub fn is_site_page(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_never_closes_the_element() {
        assert_eq!(inline("a</script>b</SCRIPT>", "</script"), "a<\\/script>b<\\/SCRIPT>");
        assert_eq!(inline("no tag", "</script"), "no tag");
    }

    #[test]
    fn relative_folder_urls() {
        let root = std::env::temp_dir().join(format!("izdeu-output-test-{}", std::process::id()));
        let site = root.join("site");
        let out = site.join("_izdeu");
        let elsewhere = root.join("out");
        for d in [&out, &elsewhere] {
            fs::create_dir_all(d).unwrap();
        }
        assert_eq!(relative_folder_url(&out, &site).as_deref(), Some("../"));
        assert_eq!(relative_folder_url(&elsewhere, &site).as_deref(), Some("../site/"));
        assert_eq!(relative_folder_url(&site, &site).as_deref(), Some(""));
        assert_eq!(site_page_url(&SiteBase::Relative("../".into()), "about/index.html"), "../about/index.html");
        assert_eq!(site_page_url(&SiteBase::Absolute("https://u.kz/".into()), "a.html"), "https://u.kz/a.html");
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn base122_writes_7_bits_a_character_and_pairs_the_escaped() {
        assert_eq!(base122(b""), "");
        // 0100000 1000000: two plain characters.
        assert_eq!(base122(b"A"), " @");
        // NUL escaped, with the next group in one character.
        assert_eq!(base122(&[0]), "\u{100}");
        // `"` (escaped, k = 3) with the group after it; then a plain one.
        assert_eq!(base122(&[0x45, 0x01]), "\u{2c0} ");
        // The last group is NUL, with no group after it.
        assert_eq!(base122(&[0x41, 0x04]), " A\u{400}");
        let all: Vec<u8> = (0..=255).chain((0..=255).rev()).collect();
        let text = base122(&all);
        assert!(text.chars().all(|c| (c as u32) < 0x480 && !"\0\n\r\"\\<".contains(c)), "{text:?}");
        assert!(text.len() <= all.len() * 8 / 7 + 2, "{} bytes for {}", text.len(), all.len());
    }

    #[test]
    fn gzip_round_trips() {
        use std::io::Read;
        let data = "құқықтық мемлекет ".repeat(100);
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gzip(data.as_bytes())[..]).read_to_string(&mut back).unwrap();
        assert_eq!(back, data);
    }
}
