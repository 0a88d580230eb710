//! The build's progress bar on standard error: bytes of the corpus indexed out of all,
//! throughput and time left, then what is being written. Drawn only when standard error
//! is a terminal: piped or redirected, it carries the same lines as without a bar.

use std::io::{self, IsTerminal};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar for a corpus of `total` bytes.
    pub fn new(total: u64) -> Self {
        if !io::stderr().is_terminal() {
            return Progress { bar: ProgressBar::hidden() };
        }
        // Cleared when dropped too, so that an error is the last thing on the screen.
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()).with_finish(ProgressFinish::AndClear);
        bar.set_style(style("{spinner} indexing [{bar:30}] {bytes}/{total_bytes} at {binary_bytes_per_sec}, {eta} left"));
        // Redrawn while one large file is read, so the bar shows it is not stuck.
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar }
    }

    /// `bytes` more of the corpus are indexed (or skipped).
    pub fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
    }

    /// Prints `line` on standard error, above the bar.
    pub fn line(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// The corpus is read: says what is being written now.
    pub fn writing(&self, what: &str) {
        self.bar.set_style(style("{spinner} writing {msg} ({elapsed})"));
        self.bar.set_message(what.to_owned());
    }

    /// Clears the bar, before the summary line.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

fn style(template: &str) -> ProgressStyle {
    // The templates are constants (tests/cli.rs draws them): a typo would show the default bar.
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()).progress_chars("=> ")
}
