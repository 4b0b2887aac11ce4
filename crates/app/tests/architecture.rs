//! Architecture tests: the crate graph ARCHITECTURE.md draws, and the walls inside the adapters
//! (pages and APIs never import each other, the command line does not reach into either, the
//! operations know nothing of HTTP or HTML), checked by `cargo test --workspace` so that a
//! forbidden dependency fails a test rather than waiting for a reviewer.
//!
//! It lives with the `app` crate because that is where the operations live and because it needs
//! only std and serde_json, which `app` already has; it reads the whole workspace.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly at the first thing that is not as expected"
)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The allowed graph between workspace crates: each crate, then the workspace crates it may
/// depend on. Written once, here; ARCHITECTURE.md draws the same graph, so change both together.
/// It is exactly what the crates use today.
const ALLOWED: &[(&str, &[&str])] = &[
    // The expression language of field forms: no workspace crate, so it compiles alone to
    // WebAssembly for the phone.
    ("enquete-expr", &[]),
    ("enquete-domain", &["enquete-expr"]),
    // The form logic behind a C ABI, compiled to WebAssembly for the canvassing page.
    ("enquete-formlogic", &["enquete-domain"]),
    ("enquete-analysis", &["enquete-domain"]),
    // formats uses analysis today: the export writes analysis's `Dataset` columns
    // (formats/src/export.rs) and the weights file yields raking `Margin`s (formats/src/weights.rs).
    ("enquete-formats", &["enquete-domain", "enquete-analysis"]),
    ("enquete-store", &["enquete-domain"]),
    (
        "enquete-app",
        &[
            "enquete-domain",
            "enquete-analysis",
            "enquete-formats",
            "enquete-store",
        ],
    ),
    (
        "enquete-web",
        &[
            "enquete-app",
            "enquete-domain",
            "enquete-analysis",
            "enquete-formats",
            "enquete-store",
        ],
    ),
    (
        "enquete",
        &[
            "enquete-app",
            "enquete-web",
            "enquete-domain",
            "enquete-analysis",
            "enquete-formats",
            "enquete-store",
        ],
    ),
];

/// Workspace crates a crate may use in its tests, examples and benches beyond [`ALLOWED`]:
/// none today.
const ALLOWED_DEV_EXTRA: &[(&str, &[&str])] = &[];

/// The binary: nothing depends on it.
const CLI: &str = "enquete";
/// The web adapters: only the binary depends on them, never for tests either.
const WEB: &str = "enquete-web";

fn workspace_root() -> PathBuf {
    // crates/app -> the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn allowed(table: &[(&str, &[&str])], krate: &str) -> Option<Vec<String>> {
    table
        .iter()
        .find(|(name, _)| *name == krate)
        .map(|(_, deps)| deps.iter().map(|d| (*d).to_owned()).collect())
}

/// A workspace package and the workspace crates it depends on, normal and dev separately.
struct Package {
    name: String,
    normal: Vec<String>,
    dev: Vec<String>,
}

fn workspace_packages() -> Vec<Package> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(&cargo)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let packages = meta["packages"].as_array().expect("a list of packages");
    let names: Vec<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    packages
        .iter()
        .map(|p| {
            let mut normal = Vec::new();
            let mut dev = Vec::new();
            for d in p["dependencies"]
                .as_array()
                .expect("a list of dependencies")
            {
                // `name` is the package's own name even when the dependency is renamed.
                let dep = d["name"].as_str().expect("a dependency name");
                if !names.contains(&dep) {
                    continue;
                }
                match d["kind"].as_str() {
                    None => normal.push(dep.to_owned()),
                    Some("dev") => dev.push(dep.to_owned()),
                    // Build scripts do not link into the crate.
                    Some(_) => {}
                }
            }
            Package {
                name: p["name"].as_str().expect("a package name").to_owned(),
                normal,
                dev,
            }
        })
        .collect()
}

#[test]
fn workspace_crates_depend_only_along_the_allowed_graph() {
    let packages = workspace_packages();
    assert!(
        packages.len() >= ALLOWED.len(),
        "cargo metadata listed only {} packages",
        packages.len()
    );
    let mut wrong = Vec::new();
    for p in &packages {
        let Some(normal_ok) = allowed(ALLOWED, &p.name) else {
            wrong.push(format!(
                "{} is not in the allowed graph: add it to ALLOWED in {} (and to ARCHITECTURE.md)",
                p.name,
                file!()
            ));
            continue;
        };
        let mut dev_ok = normal_ok.clone();
        dev_ok.extend(allowed(ALLOWED_DEV_EXTRA, &p.name).unwrap_or_default());
        for (deps, ok, kind) in [
            (&p.normal, &normal_ok, "dependency"),
            (&p.dev, &dev_ok, "dev-dependency"),
        ] {
            for dep in deps {
                if dep == CLI || (dep == WEB && p.name != CLI) {
                    wrong.push(format!(
                        "{} has a {kind} on {dep}: only the binary may use the web crate, and nothing uses the binary",
                        p.name
                    ));
                } else if !ok.contains(dep) {
                    wrong.push(format!(
                        "{} has a {kind} on {dep}, which the allowed graph forbids",
                        p.name
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "forbidden dependencies between workspace crates:\n  {}",
        wrong.join("\n  ")
    );
}

/// Every `.rs` file under `dir`, sorted so that failures always read the same.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let entries =
            std::fs::read_dir(&d).unwrap_or_else(|e| panic!("cannot read {}: {e}", d.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no Rust files under {}", dir.display());
    out
}

/// The full paths a `use` tree names: `a::{b, c::{d as e}}` gives `a::b` and `a::c::d`.
fn expand_use_tree(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    let join = |rest: &str| {
        if prefix.is_empty() {
            rest.to_owned()
        } else {
            format!("{prefix}::{rest}")
        }
    };
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        if !path.is_empty() {
            out.push(join(path));
        }
        return;
    };
    let head = tree[..open].trim().trim_end_matches("::");
    let inner = tree[open + 1..].trim_end().trim_end_matches('}');
    let prefix = if head.is_empty() {
        prefix.to_owned()
    } else {
        join(head)
    };
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand_use_tree(&prefix, &inner[start..i], out);
                start = i + 1;
            }
            _ => {}
        }
    }
    expand_use_tree(&prefix, &inner[start..], out);
}

/// One place a file names something: the line number, and the text (a line of the file, or a
/// path that a `use` statement starting on that line expands to).
fn mentions(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        let body = trimmed
            .strip_prefix("pub(crate) use ")
            .or_else(|| trimmed.strip_prefix("pub(super) use "))
            .or_else(|| trimmed.strip_prefix("pub use "))
            .or_else(|| trimmed.strip_prefix("use "));
        let Some(body) = body else {
            i += 1;
            continue;
        };
        let first = i;
        let mut statement = body.to_owned();
        while !statement.contains(';') && i + 1 < lines.len() {
            i += 1;
            statement.push(' ');
            statement.push_str(lines[i].trim());
        }
        let statement = statement.split(';').next().unwrap_or_default();
        let mut paths = Vec::new();
        expand_use_tree("", statement, &mut paths);
        out.extend(paths.into_iter().map(|p| (first + 1, p)));
        i += 1;
    }
    out
}

/// Whether `text` names the path `path` (`crate::pages`) as a whole: followed by `::` or by
/// something that cannot continue an identifier.
fn names_path(text: &str, path: &str) -> bool {
    text.match_indices(path).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + path.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Whether `text` names one of the crates: the crate itself or a sibling such as `tower_http`.
fn names_crate(text: &str, krate: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|word| word == krate || word.starts_with(&format!("{krate}_")))
}

fn relative(path: &Path) -> String {
    let root = workspace_root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Every line of every file under `dir` that breaks a rule: `(file:line, what it names)`.
fn breaches(dir: &str, forbidden: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let mut out = Vec::new();
    for file in rust_files(&workspace_root().join(dir)) {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let mut seen = Vec::new();
        for (line, mention) in mentions(&text) {
            if let Some(what) = forbidden(&mention) {
                let place = format!("{}:{line}", relative(&file));
                if !seen.contains(&place) {
                    out.push(format!("{place} names {what}: {}", mention.trim()));
                    seen.push(place);
                }
            }
        }
    }
    out
}

fn first_path(text: &str, paths: &[&str]) -> Option<String> {
    paths
        .iter()
        .find(|p| names_path(text, p))
        .map(|p| (*p).to_owned())
}

#[test]
fn adapters_and_operations_keep_to_their_side() {
    let mut wrong = Vec::new();
    // api/mod.rs sits beside pages/, api/v1/*.rs two levels down.
    wrong.extend(breaches("crates/web/src/api", &|t| {
        first_path(
            t,
            &[
                "crate::pages",
                "super::pages",
                "super::super::pages",
                "enquete_web::pages",
            ],
        )
    }));
    wrong.extend(breaches("crates/web/src/pages", &|t| {
        first_path(
            t,
            &[
                "crate::api",
                "super::api",
                "super::super::api",
                "enquete_web::api",
            ],
        )
    }));
    // The binary calls operations and what the web crate offers at its root, not its handlers.
    wrong.extend(breaches("crates/cli/src", &|t| {
        first_path(t, &["enquete_web::pages", "enquete_web::api"])
    }));
    wrong.extend(breaches("crates/app/src", &|t| {
        ["axum", "askama", "tower"]
            .into_iter()
            .find(|k| names_crate(t, k))
            .map(str::to_owned)
    }));
    assert!(
        wrong.is_empty(),
        "adapters reaching past their wall (pages and APIs never import each other, the CLI \
         uses the web crate's root, app knows nothing of HTTP or HTML):\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn the_checks_see_what_they_look_for() {
    let mut paths = Vec::new();
    expand_use_tree(
        "",
        "crate::{auth, pages::{people, privacy as p}, api::v1}",
        &mut paths,
    );
    assert_eq!(
        paths,
        [
            "crate::auth",
            "crate::pages::people",
            "crate::pages::privacy",
            "crate::api::v1"
        ]
    );
    let found = mentions("use crate::{\n    error::AppError,\n    pages::chrome,\n};\nfn f() {}\n");
    assert!(found.contains(&(1, "crate::pages::chrome".to_owned())));
    assert!(names_path(
        "x = crate::pages::people::list();",
        "crate::pages"
    ));
    assert!(!names_path("use crate::pages_shared;", "crate::pages"));
    assert!(!names_path("use mycrate::pages;", "crate::pages"));
    assert!(names_crate("use tower_http::trace;", "tower"));
    assert!(names_crate("axum::Router", "axum"));
    assert!(!names_crate("let towers = 3;", "tower"));
}
