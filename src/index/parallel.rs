//! Indexing a corpus on several threads: files are read, split and analysed side by side,
//! and merged into one [`IndexWriter`] by the calling thread in corpus order, so the index
//! is byte-identical to adding the documents one by one.
//!
//! Memory stays bounded whatever the size of the corpus: a thread takes the next file
//! only while the files read but not yet merged hold at most [`IN_FLIGHT_BYTES`].

use std::collections::BTreeMap;
use std::sync::{mpsc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;

use super::writer::{AnalyzedDocument, Analyzer, IndexWriter};
use crate::corpus::{self, CorpusFile};

/// Source bytes read but not yet merged, at most (one file always goes through, however
/// large): with their texts, analyses and pages, a few times this much memory.
pub const IN_FLIGHT_BYTES: u64 = 32 << 20;

/// Indexes `files` on `threads` reading threads (at least one) besides the calling one.
///
/// For each document read and analysed, `publish` runs on the thread that read it: it
/// puts the document where its readers will find it (a reader page) and returns the URL
/// results link to; an error from it stops the build and is returned. `merged` runs on the calling
/// thread for every file, in corpus order, once it is in the index (`Ok`) or skipped
/// (`Err` with the reason).
pub fn index_files<P, M>(files: &[CorpusFile], threads: usize, publish: P, mut merged: M) -> Result<IndexWriter, String>
where
    P: Fn(&AnalyzedDocument) -> Result<String, String> + Sync,
    M: FnMut(&CorpusFile, Result<(), &str>),
{
    let claims = Claims::new(files, IN_FLIGHT_BYTES);
    let (results, received) = mpsc::channel();
    thread::scope(|scope| {
        for _ in 0..threads.clamp(1, files.len().max(1)) {
            let (claims, results, publish) = (&claims, results.clone(), &publish);
            scope.spawn(move || {
                // However this thread ends, one waiting for room must not wait forever.
                let _stop = StopOnDrop(claims);
                // This thread takes files in corpus order, and they are merged in that order,
                // as an analyzer's documents must be.
                let mut analyzer = Analyzer::new();
                while let Some(at) = claims.take() {
                    if results.send((at, read(&files[at], &mut analyzer, publish))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(results);
        let mut writer = IndexWriter::new();
        // Files read ahead of the next one to merge, by their place in the corpus.
        let mut ahead = BTreeMap::new();
        let mut next = 0;
        for (at, outcome) in received {
            ahead.insert(at, outcome);
            while let Some(outcome) = ahead.remove(&next) {
                let file = &files[next];
                match outcome {
                    Read::Indexed(analyzed, url) => {
                        writer.add_analyzed(*analyzed, &url);
                        merged(file, Ok(()));
                    }
                    Read::Skipped(reason) => merged(file, Err(&reason)),
                    Read::Failed(message) => {
                        claims.stop();
                        return Err(message);
                    }
                }
                claims.release(file.len);
                next += 1;
            }
        }
        // Short of the last file only when a reading thread panicked: the scope re-raises it.
        Ok(writer)
    })
}

/// What became of one file on its reading thread.
enum Read {
    /// Boxed: it crosses the channel, whose slots are as large as the largest variant.
    Indexed(Box<AnalyzedDocument>, String),
    Skipped(String),
    /// `publish` failed: the build stops.
    Failed(String),
}

fn read<P: Fn(&AnalyzedDocument) -> Result<String, String>>(file: &CorpusFile, analyzer: &mut Analyzer, publish: &P) -> Read {
    match corpus::read_file(file) {
        Ok(Some(document)) => {
            let analyzed = analyzer.analyze(document);
            match publish(&analyzed) {
                Ok(url) => Read::Indexed(Box::new(analyzed), url),
                Err(message) => Read::Failed(message),
            }
        }
        Ok(None) => Read::Skipped(corpus::NO_TEXT.to_owned()),
        Err(reason) => Read::Skipped(reason),
    }
}

/// Hands out files to reading threads in corpus order, while there is room.
struct Claims<'a> {
    files: &'a [CorpusFile],
    /// Bytes of files taken but not merged, at most (but one file always goes through).
    room: u64,
    state: Mutex<ClaimState>,
    changed: Condvar,
}

struct ClaimState {
    next: usize,
    in_flight: u64,
    stopped: bool,
}

impl<'a> Claims<'a> {
    fn new(files: &'a [CorpusFile], room: u64) -> Self {
        Claims { files, room, state: Mutex::new(ClaimState { next: 0, in_flight: 0, stopped: false }), changed: Condvar::new() }
    }

    /// The place of the next file to read, once there is room for it; `None` when every
    /// file is taken or the build stopped.
    fn take(&self) -> Option<usize> {
        let mut state = self.lock();
        loop {
            if state.stopped || state.next == self.files.len() {
                return None;
            }
            let len = self.files[state.next].len;
            // Nothing in flight means the merge waits for this very file: let it through.
            if state.in_flight == 0 || state.in_flight + len <= self.room {
                state.in_flight += len;
                state.next += 1;
                return Some(state.next - 1);
            }
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// A file of `len` bytes was merged: its room is free.
    fn release(&self, len: u64) {
        self.lock().in_flight -= len;
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, ClaimState> {
        // The state stays consistent even if a thread panicked: nothing panics under the lock.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

struct StopOnDrop<'a, 'b>(&'a Claims<'b>);

impl Drop for StopOnDrop<'_, '_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn files(lens: &[u64]) -> Vec<CorpusFile> {
        lens.iter().enumerate().map(|(i, &len)| CorpusFile { path: format!("{i}.txt").into(), relative: format!("{i}.txt"), len }).collect()
    }

    #[test]
    fn a_file_waits_for_room_and_a_file_larger_than_the_room_goes_through_alone() {
        let files = files(&[10, 15, 40, 1]);
        let claims = Claims::new(&files, 20);
        assert_eq!(claims.take(), Some(0));
        thread::scope(|scope| {
            // 10 + 15 bytes do not fit in 20: the next file waits until the first is merged.
            let waiting = scope.spawn(|| claims.take());
            thread::sleep(Duration::from_millis(100));
            assert!(!waiting.is_finished(), "a file was taken beyond the room");
            claims.release(10);
            assert_eq!(waiting.join().unwrap(), Some(1));
        });
        claims.release(15);
        // Larger than the room, and nothing in flight: the merge waits for it.
        assert_eq!(claims.take(), Some(2));
        thread::scope(|scope| {
            let waiting = scope.spawn(|| claims.take());
            thread::sleep(Duration::from_millis(100));
            assert!(!waiting.is_finished());
            // A stopped build wakes whoever waits, with nothing to take.
            claims.stop();
            assert_eq!(waiting.join().unwrap(), None);
        });
    }
}
