//! Compile-time checks of `#[derive(Response)]` and `#[endpoint]`: every file under
//! `tests/ui/<area>/` except `pass/` must fail to compile with exactly the message in its
//! `.stderr`; every file under `tests/ui/pass/` must compile and run. The areas are read
//! from the folder, so a new one is never skipped.
//!
//! The messages are those of the toolchain CI uses (the machine's stable rustc). After a
//! deliberate change, regenerate them with `TRYBUILD=overwrite cargo test --test ui` (and
//! `--features fast-json`) and review the diff.
//!
//! A few messages list the types that implement a trait, a list the `fast-json` feature
//! extends (with `FastJsonResponse`). Their expected output under that feature is in
//! `tests/ui/fast-json/<area>/`, beside a link to the same case; every other case is
//! checked as it is in every configuration.

use std::path::{Path, PathBuf};

/// The folder of the cases whose message differs under `fast-json`.
const FAST_JSON: &str = "fast-json";

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    let root = Path::new("tests/ui");
    let mut cases = 0;
    for area in sorted_entries(root).filter(|p| p.is_dir()) {
        let name = area
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name == "pass" || name == FAST_JSON {
            continue;
        }
        for case in sorted_entries(&area).filter(|p| p.extension().is_some_and(|e| e == "rs")) {
            let under_feature = root
                .join(FAST_JSON)
                .join(name)
                .join(case.file_name().unwrap_or_default());
            if cfg!(feature = "fast-json") && under_feature.exists() {
                t.compile_fail(under_feature);
            } else {
                t.compile_fail(case);
            }
            cases += 1;
        }
    }
    assert!(
        cases >= 50,
        "only {cases} compile-fail cases found under tests/ui"
    );
}

fn sorted_entries(dir: &Path) -> impl Iterator<Item = PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    entries.into_iter()
}
