//! A fresh, empty folder under the system temp dir for one test, removed when dropped.
//! Include with `#[path = "support/temp_dir.rs"] mod temp_dir;`.

// Each test binary that includes this uses part of it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

pub struct TempDir(PathBuf);

impl TempDir {
    /// `name` must be unique within the test binary; the process id keeps binaries and
    /// concurrent runs apart.
    pub fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("izdeu-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `bytes` at `relative`, creating folders on the way; returns the path.
    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(relative);
        write_file(&path, bytes);
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Writes `bytes` at `path`, creating folders on the way.
pub fn write_file(path: impl AsRef<Path>, bytes: impl AsRef<[u8]>) {
    let path = path.as_ref();
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}
