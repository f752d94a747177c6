//! The record of the last verified generation: what lets `cargo xtask
//! codegen [--check]` skip the work when nothing it reads or wrote changed.
//!
//! A generation is verified when `--check` found no drift, or when
//! `codegen` wrote generated/. Its record holds a fingerprint (SHA-256) of
//! everything the result depends on: every file read under specs/ (the
//! provider specs and the files they refer to, the mappings, the model), the
//! generator's own build (the running executable's size and modification
//! time: any rebuild of the generator changes it), and every file under
//! generated/. The conversations crate reads every client's plan, so the
//! generation is one unit: when any of these changed, everything is
//! generated, and the result is the one a full run gives.
//!
//! The record lives in the target directory (`$CARGO_TARGET_DIR`, else
//! `target/` of the workspace), one file per workspace, never in the
//! repository: a fresh clone or a CI machine has none, and generates
//! everything.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use codegen::SpecFile;

/// Bumped when the record's meaning changes: an older record is ignored.
const VERSION: u32 = 1;

/// What the last verified generation read, wrote and reported.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    version: u32,
    /// The generator's build: the running executable's path, size and
    /// modification time (`generator_identity`).
    pub generator: String,
    /// Every file read under specs/, by path: its SHA-256.
    pub inputs: BTreeMap<String, String>,
    /// Every file under generated/, by path: its SHA-256.
    pub outputs: BTreeMap<String, String>,
    /// The report of that generation, as `--check` prints it on a clean
    /// tree (every crate `unchanged`, with its notes), without the verdict.
    pub report: String,
}

impl Record {
    /// The record of a generation that read `specs` and left `outputs`
    /// under generated/ (path → bytes), which reported `report`.
    pub fn new<'a>(
        generator: String,
        specs: &[SpecFile],
        outputs: impl IntoIterator<Item = (&'a String, &'a [u8])>,
        report: String,
    ) -> Self {
        Self {
            version: VERSION,
            generator,
            inputs: inputs(specs),
            outputs: outputs
                .into_iter()
                .map(|(path, bytes)| (path.clone(), digest(bytes)))
                .collect(),
            report,
        }
    }

    /// Whether a run with this generator, these specs and these files under
    /// generated/ would verify what this record did: then nothing need be
    /// generated.
    pub fn matches(
        &self,
        generator: &str,
        specs: &[SpecFile],
        on_disk: &BTreeMap<String, Vec<u8>>,
    ) -> bool {
        self.version == VERSION
            && self.generator == generator
            && self.inputs == inputs(specs)
            && self.outputs.len() == on_disk.len()
            && on_disk
                .iter()
                .all(|(path, bytes)| self.outputs.get(path) == Some(&digest(bytes)))
    }

    /// The record kept for the workspace at `root`, if any and readable. A
    /// record that does not parse (another version of xtask wrote it) is
    /// none: the run generates everything and writes a new one.
    pub fn read(root: &Path) -> Option<Self> {
        let text = fs::read(Self::path(root)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Keeps this record for the workspace at `root`.
    ///
    /// # Errors
    /// The target directory cannot be written: the message names the file.
    pub fn write(&self, root: &Path) -> Result<(), String> {
        let path = Self::path(root);
        let text = serde_json::to_vec(self)
            .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
        crate::write_atomically(&path, &text)
    }

    /// Where the record of the workspace at `root` is kept:
    /// `<target>/xtask/codegen-<workspace>.json`, one per workspace, so that
    /// clones sharing a target directory do not take each other's.
    pub fn path(root: &Path) -> PathBuf {
        let target =
            std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
        let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
        let workspace = digest(root.to_string_lossy().as_bytes());
        target
            .join("xtask")
            .join(format!("codegen-{}.json", &workspace[..16]))
    }
}

/// The generator's build: the running executable's path, size and
/// modification time. Cargo rebuilds it when the generator's code, its
/// templates or its dependencies change, which changes all three or some;
/// reading the executable's bytes instead would cost more than the check
/// saves (a debug xtask is ~180 MB). Empty when the executable cannot be
/// found, which matches no record.
pub fn generator_identity() -> String {
    let Ok(exe) = std::env::current_exe() else {
        return String::new();
    };
    let Ok(meta) = fs::metadata(&exe) else {
        return String::new();
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{} {} {modified}", exe.display(), meta.len())
}

fn inputs(specs: &[SpecFile]) -> BTreeMap<String, String> {
    specs
        .iter()
        .map(|spec| (spec.path.clone(), digest(spec.text.as_bytes())))
        .collect()
}

/// SHA-256 as lowercase hex.
fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
