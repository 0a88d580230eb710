//! # izdeu
//!
//! Client-side full-text search for Kazakh, Russian and English documents: an indexer
//! that compiles a folder of `.txt`, `.md` and `.html` files into one compact index file
//! whose term dictionary is an [`fst`], and a search core that runs the same way in the
//! native command line and, compiled to WebAssembly, in a plain HTML page.
//!
//! ```text
//! corpus/  → corpus::read_dir     documents split into units (pages, sections)
//!          → analysis             one tokenizer + normalizer for index and query
//!          → index::IndexWriter   term → postings, unit texts, metadata
//!          → index::format        the file: magic, version, checksum, sections
//!          → index::chunks        the same index cut into chunks a page fetches on demand
//! query    → search::query        slots: typed word, layout readings, prefix
//!          → search::Searcher     exact / stem / prefix / typo / sound-alike over the terms,
//!                                 ranked units
//!          → search::snippet      escaped window with <mark>
//! ```
//!
//! ```
//! use izdeu::corpus::parse_document;
//! use izdeu::index::IndexWriter;
//! use izdeu::search::Searcher;
//!
//! let text = " Заң туралы\nҚұқықтық мемлекет\n Екінші бет: сот";
//! let doc = parse_document("law.txt", text.as_bytes()).unwrap().unwrap();
//! let mut writer = IndexWriter::new();
//! writer.add_document(&doc, "docs/law.txt.html");
//! let searcher = Searcher::open(writer.finish()).unwrap();
//! // One typo in "мемлекет", and the last word is a prefix.
//! let hits = searcher.search("құқықтық мемлекат", 10).unwrap();
//! assert_eq!(hits[0].page, 1);
//! assert!(hits[0].snippet.contains("<mark>мемлекет</mark>"));
//! ```

pub mod analysis;
pub mod corpus;
pub mod index;
pub mod search;
pub mod sort;

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub mod output;

#[cfg(target_arch = "wasm32")]
mod wasm;
