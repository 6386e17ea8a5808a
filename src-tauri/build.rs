use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().capabilities_path_pattern("../capabilities/**/*"))
        .expect("tauri-build failed");
    write_licences();
}

/// The crates compiled into the app (this shell for the target, the UI for wasm32), each with
/// its version and licence, into `$OUT_DIR/licences.json` for the settings screen. Read from
/// `cargo metadata`, so the list follows Cargo.lock by itself.
fn write_licences() {
    println!("cargo::rerun-if-changed=../Cargo.lock");
    let target = std::env::var("TARGET").expect("cargo sets TARGET");
    let mut crates = BTreeMap::new();
    for (root, platform) in [("kenpo-app", target.as_str()), ("kenpo-ui", "wasm32-unknown-unknown")] {
        crates.extend(shipped(root, platform));
    }
    let list: Vec<Value> = crates
        .into_iter()
        .map(|((name, version), licence)| serde_json::json!({ "name": name, "version": version, "licence": licence }))
        .collect();
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("licences.json"), serde_json::to_vec(&list).expect("json"))
        .expect("licences.json written");
}

/// (name, version) → licence of every crate `root` depends on at run time (normal
/// dependencies, transitively) when built for `platform`; the workspace's own crates excepted.
fn shipped(root: &str, platform: &str) -> BTreeMap<(String, String), String> {
    let cargo = std::env::var("CARGO").expect("cargo sets CARGO");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline", "--filter-platform", platform])
        .arg("--manifest-path")
        .arg(&manifest)
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&output.stderr));
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata answers JSON");
    let packages: BTreeMap<&str, &Value> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    let nodes: BTreeMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .expect("resolve")
        .iter()
        .map(|node| (node["id"].as_str().unwrap(), node))
        .collect();
    let start = packages.values().find(|p| p["name"] == root).expect("root package")["id"].as_str().unwrap();
    let (mut seen, mut todo) = (BTreeSet::new(), vec![start]);
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().into_iter().flatten() {
            let normal = dep["dep_kinds"].as_array().into_iter().flatten().any(|kind| kind["kind"].is_null());
            if normal {
                todo.push(dep["pkg"].as_str().unwrap());
            }
        }
    }
    seen.into_iter()
        .map(|id| packages[id])
        .filter(|package| package["source"].is_string())
        .map(|package| {
            let name = package["name"].as_str().unwrap().to_owned();
            let version = package["version"].as_str().unwrap().to_owned();
            let licence = package["license"].as_str().unwrap_or("see the crate's licence file").to_owned();
            ((name, version), licence)
        })
        .collect()
}
