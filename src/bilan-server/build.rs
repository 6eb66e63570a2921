//! Lists the shipped survey files so the binary carries them: `bilan-server serve` works from any
//! folder, and `--surveys DIR` replaces them.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it is compiled: two checkouts sharing one target
    // folder share this script's binary, which then listed the other checkout's surveys.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("../../surveys");
    println!("cargo::rerun-if-changed={}", dir.display());
    // `sqlx::migrate!` reads the migrations when the crate compiles: a new one must recompile it.
    println!("cargo::rerun-if-changed=migrations");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the workspace's surveys/ folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("&[\n");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let path = path.canonicalize().expect("a readable survey file");
        writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            format!("surveys/{name}"),
            path.display().to_string()
        )
        .unwrap();
    }
    out.push(']');
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("shipped.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
