//! The crate's layers, as written once in the module doc of `src/lib.rs`: every
//! `crate::…` path in `src/` (outside tests) must point at a module of an earlier
//! layer, or of the same layer without forming a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The layer of each top-level module, read from the numbered list in lib.rs.
fn layers() -> BTreeMap<String, usize> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let mut out = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.strip_prefix("//! ") else {
            continue;
        };
        let Some((number, modules)) = rest.split_once(". ") else {
            continue;
        };
        let Ok(layer) = number.parse::<usize>() else {
            continue;
        };
        for m in modules.split(", ") {
            out.insert(m.trim_matches('`').to_string(), layer);
        }
    }
    out
}

/// The top-level module a file belongs to (`lib` for lib.rs, `cli` for main.rs).
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    match first.trim_end_matches(".rs") {
        "main" => "cli".to_string(),
        other => other.to_string(),
    }
}

/// The non-test code of a file: everything before its `#[cfg(test)]` module.
fn code(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// The modules a piece of code names with `crate::x` (or `carepress::x` from the binary),
/// including `use crate::{a, b}` groups.
fn imported(code: &str, known: &BTreeMap<String, usize>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for prefix in ["crate::", "carepress::"] {
        for (i, _) in code.match_indices(prefix) {
            let rest = &code[i + prefix.len()..];
            let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                group[..end].split(',').map(str::trim).collect()
            } else {
                vec![rest]
            };
            for n in names {
                let ident: String = n
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if known.contains_key(&ident) {
                    out.insert(ident);
                } else if !ident.is_empty() {
                    // `crate::Site`, `crate::plan_site`: items of lib.rs itself.
                    out.insert("lib".to_string());
                }
            }
        }
    }
    out
}

pub fn imports_point_only_down_the_layers() {
    let layers = layers();
    assert!(layers.len() >= 20, "the layer list in lib.rs: {layers:?}");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for entry in walkdir::WalkDir::new(src()).into_iter().flatten() {
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let module = module_of(entry.path());
        let Some(&own) = layers.get(&module) else {
            wrong.push(format!(
                "{module} ({}) is not in the layer list of lib.rs",
                entry.path().display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for target in imported(code(&text), &layers) {
            if target == module {
                continue;
            }
            let layer = layers[&target];
            if layer > own {
                wrong.push(format!(
                    "{} ({module}, layer {own}) imports {target} (layer {layer})",
                    entry.path().strip_prefix(src()).unwrap().display()
                ));
            }
            edges.entry(module.clone()).or_default().insert(target);
        }
    }
    // Imports only point down or sideways, so a cycle lies within one layer.
    if let Some(cycle) = find_cycle(&edges) {
        wrong.push(format!("import cycle: {}", cycle.join(" -> ")));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A cycle in the import graph, if there is one (depth-first search).
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for start in edges.keys() {
        if let Some(c) = visit(start, edges, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}
