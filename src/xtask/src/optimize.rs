//! What makes the shipped files smaller than the compilers write them: binaryen's `wasm-opt` on
//! every module then its functions sorted, esbuild on the JavaScript, and the bindings' import
//! names shortened. Both tools
//! come from the npm registry (binaryen's own build, compiled to wasm, runs under Node.js), so a
//! fresh machine builds in seconds what compiling binaryen from source would take minutes for.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, anyhow, bail};
use wasm_encoder::reencode::{Error, Reencode, utils};

use crate::install;

/// binaryen at a version that reads what Rust 1.95 writes (Debian's 108 corrupts our modules).
const BINARYEN: &str = "binaryen@132.0.0";
/// The JavaScript minifier.
const ESBUILD: &str = "esbuild@0.28.2";
/// xz-embedded compiled to wasm, which the service worker runs to decode the offline pack
/// (`pack.rs`): public domain, with walloc's allocator (MIT).
const XZ_DECOMPRESS: &str = "xz-decompress@0.2.3";

/// `-Os` inlining only the smallest functions (6 bytes of code, or 16 with one caller): inlining
/// larger ones copies code that compresses worse than the calls it removes (plain `-Os` grew the
/// first module by 3%), where these tiny forwarding functions cost more as functions than
/// inlined (−1.2% of gzip and a quarter fewer functions for the browser to compile, against no
/// inlining at all).
const WASM_OPT_ARGS: &[&str] = &[
    "-Os",
    "--always-inline-max-function-size",
    "6",
    "--flexible-inline-max-function-size",
    "0",
    "--one-caller-inline-max-function-size",
    "16",
    // What Rust 1.95's wasm32-unknown-unknown target enables; binaryen needs to be told for the
    // chunks, which carry no `target_features` section.
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-call-indirect-overlong",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
    "--strip-debug",
    "--strip-producers",
    "--strip-target-features",
];

/// The module name under which the first module imports its bindings.
const BINDINGS_MODULE: &str = "./bilan_web_bg.js";

/// The two tools, installed under `target/npm-build` with the offline pack's decoder.
pub struct Optimizer {
    wasm_opt: PathBuf,
    esbuild: PathBuf,
    xz_script: PathBuf,
    work: PathBuf,
}

impl Optimizer {
    /// Installs the tools once and keeps their scratch files in `work`.
    pub fn new(root: &Path, work: &Path) -> anyhow::Result<Self> {
        let modules = install::ensure_npm(root, "npm-build", &[BINARYEN, ESBUILD, XZ_DECOMPRESS])?;
        let wasm_opt = modules.join("binaryen/bin/wasm-opt");
        let esbuild = modules.join("esbuild/bin/esbuild");
        let xz_script = modules.join("xz-decompress/dist/package/xz-decompress.js");
        for tool in [&wasm_opt, &esbuild, &xz_script] {
            if !tool.is_file() {
                bail!(
                    "npm installed the build's tools but {} is missing",
                    tool.display()
                );
            }
        }
        let work = work.join("optimize");
        fs::create_dir_all(&work)?;
        Ok(Self {
            wasm_opt,
            esbuild,
            xz_script,
            work,
        })
    }

    /// xz-embedded's module, read out of xz-decompress's script, where it sits as a data URL:
    /// the service worker fetches the module alone, and only when it unpacks the offline pack.
    pub fn xz_decoder(&self) -> anyhow::Result<Vec<u8>> {
        const URL: &str = "data:application/wasm;base64,";
        let script = fs::read_to_string(&self.xz_script)
            .with_context(|| format!("cannot read {}", self.xz_script.display()))?;
        let base64 = script
            .split_once(URL)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(base64, _)| base64)
            .with_context(|| format!("{} holds no wasm data URL", self.xz_script.display()))?;
        use base64::Engine as _;
        let wasm = base64::engine::general_purpose::STANDARD
            .decode(base64)
            .context("xz-decompress's wasm is not base64")?;
        wasmparser::Validator::new()
            .validate_all(&wasm)
            .context("xz-decompress's wasm is not a valid module")?;
        let mut exports = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
            if let wasmparser::Payload::ExportSection(section) = payload? {
                for export in section {
                    exports.push(export?.name.to_owned());
                }
            }
        }
        // What `public/sw.js`'s `unxz` calls.
        for name in [
            "memory",
            "create_context",
            "supply_input",
            "get_next_output",
            "destroy_context",
        ] {
            anyhow::ensure!(
                exports.iter().any(|e| e == name),
                "xz-decompress's wasm does not export {name}"
            );
        }
        Ok(wasm)
    }

    /// Every module through `wasm-opt`, two at a time (the machine's cores), in their order.
    pub fn wasm(&self, modules: &[(String, Vec<u8>)]) -> anyhow::Result<Vec<Vec<u8>>> {
        let threads = std::thread::available_parallelism().map_or(2, usize::from);
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut out: Vec<Option<anyhow::Result<Vec<u8>>>> = modules.iter().map(|_| None).collect();
        let results = std::sync::Mutex::new(&mut out);
        std::thread::scope(|scope| {
            for _ in 0..threads.min(modules.len()) {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((name, bytes)) = modules.get(i) else {
                            break;
                        };
                        let result = self.one_wasm(name, bytes);
                        results.lock().expect("no thread panics holding it")[i] = Some(result);
                    }
                });
            }
        });
        out.into_iter()
            .map(|r| r.unwrap_or_else(|| Err(anyhow!("a module was not optimised"))))
            .collect()
    }

    fn one_wasm(&self, name: &str, bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
        let (input, output) = (
            self.work.join(format!("{name}.in.wasm")),
            self.work.join(format!("{name}.out.wasm")),
        );
        fs::write(&input, bytes)?;
        let mut command = Command::new("node");
        command
            .arg(&self.wasm_opt)
            .arg(&input)
            .arg("-o")
            .arg(&output)
            .args(WASM_OPT_ARGS);
        run(command, &format!("wasm-opt on {name}"))?;
        let optimized =
            fs::read(&output).with_context(|| format!("wasm-opt wrote no {}", output.display()))?;
        sorted_functions(&optimized).with_context(|| format!("sorting the functions of {name}"))
    }

    /// The script minified (names of its own imports and exports kept).
    pub fn js(&self, name: &str, text: &str) -> anyhow::Result<String> {
        self.esbuild(name, "js", text, &["--format=esm"])
    }

    /// A classic script minified (a service worker's: no module format, its globals kept).
    pub fn script(&self, name: &str, text: &str) -> anyhow::Result<String> {
        self.esbuild(name, "js", text, &[])
    }

    /// The style sheet minified: comments and layout out, the rules as written (measured: 1.4 KiB
    /// of gzip less on every page).
    pub fn css(&self, name: &str, text: &str) -> anyhow::Result<String> {
        self.esbuild(name, "css", text, &[])
    }

    fn esbuild(&self, name: &str, ext: &str, text: &str, args: &[&str]) -> anyhow::Result<String> {
        let (input, output) = (
            self.work.join(format!("{name}.in.{ext}")),
            self.work.join(format!("{name}.out.{ext}")),
        );
        fs::write(&input, text)?;
        // esbuild's installer puts its native program in place of the script.
        let mut command = Command::new(&self.esbuild);
        command
            .arg(&input)
            .arg("--minify")
            .args(args)
            // The bindings name one module five times in an object; harmless, and said.
            .arg("--log-level=error")
            .arg(format!("--outfile={}", output.display()));
        run(command, &format!("esbuild on {name}"))?;
        fs::read_to_string(&output)
            .with_context(|| format!("esbuild wrote no {}", output.display()))
    }
}

fn run(mut command: Command, what: &str) -> anyhow::Result<()> {
    let out = command
        .output()
        .with_context(|| format!("cannot run {what}: is Node.js installed?"))?;
    if !out.status.success() {
        bail!(
            "{what} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// The first module and its bindings with the bindings' import names shortened (`a`, `b`, …):
/// wasm-bindgen names each import by its function and a 16-digit hash, and both files carry
/// every name, which compresses poorly.
pub fn shorten_imports(wasm: &[u8], js: &str) -> anyhow::Result<(Vec<u8>, String)> {
    let mut names = HashMap::new();
    for (module, name, _) in imports(wasm)? {
        if module == BINDINGS_MODULE && !names.contains_key(&name) {
            names.insert(name, short_name(names.len()));
        }
    }
    if names.is_empty() {
        bail!("the first module imports nothing from {BINDINGS_MODULE}");
    }
    let mut js = js.to_owned();
    for (long, short) in &names {
        // wasm-bindgen writes each import as a method of one object, one per line.
        let key = format!("\n        {long}: function(");
        if js.matches(&key).count() != 1 {
            bail!("the bindings do not define the import {long} once, as expected");
        }
        js = js.replace(&key, &format!("\n        {short}: function("));
    }
    let mut module = wasm_encoder::Module::new();
    ShortImports { names: &names }
        .parse_core_module(&mut module, wasmparser::Parser::new(0), wasm)
        .map_err(|e| anyhow!("cannot rewrite the first module's imports: {e}"))?;
    Ok((module.finish(), js))
}

/// `wasm` with its functions in order of their code's size (by steps of 256 bytes), then of the
/// code itself: alike functions (a generic's copies, a closure's shims) end up side by side,
/// where the compressor finds their repeats; the split had scattered them. Measured: 3.2% of gzip
/// and 2.5% of brotli over all the modules, 7% on the runner's shared chunk. Every reference to a
/// function follows it to its new place.
pub fn sorted_functions(wasm: &[u8]) -> anyhow::Result<Vec<u8>> {
    let imported = u32::try_from(imports(wasm)?.iter().filter(|i| i.2).count())?;
    let mut bodies: Vec<&[u8]> = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::CodeSectionEntry(body) = payload? {
            let range = body.range();
            bodies.push(&wasm[usize::try_from(range.start)?..usize::try_from(range.end)?]);
        }
    }
    let mut order: Vec<usize> = (0..bodies.len()).collect();
    order.sort_by_key(|&f| (bodies[f].len() / 256, bodies[f]));
    let mut place = vec![0u32; bodies.len()];
    for (at, &f) in order.iter().enumerate() {
        place[f] = imported + u32::try_from(at)?;
    }
    let mut module = wasm_encoder::Module::new();
    Sorted {
        imported,
        place,
        order,
    }
    .parse_core_module(&mut module, wasmparser::Parser::new(0), wasm)
    .map_err(|e| anyhow!("cannot re-encode the module: {e}"))?;
    let sorted = module.finish();
    wasmparser::Validator::new()
        .validate_all(&sorted)
        .context("the module with its functions sorted is not valid")?;
    Ok(sorted)
}

/// Re-encodes a module with its defined functions in `order`, function `f` now at `place[f]`.
struct Sorted {
    imported: u32,
    place: Vec<u32>,
    order: Vec<usize>,
}

impl Reencode for Sorted {
    type Error = std::convert::Infallible;

    fn function_index(&mut self, func: u32) -> Result<u32, Error<Self::Error>> {
        Ok(match func.checked_sub(self.imported) {
            Some(defined) => self.place[defined as usize],
            None => func,
        })
    }

    fn parse_function_section(
        &mut self,
        functions: &mut wasm_encoder::FunctionSection,
        section: wasmparser::FunctionSectionReader<'_>,
    ) -> Result<(), Error<Self::Error>> {
        let types = section.into_iter().collect::<Result<Vec<u32>, _>>()?;
        for f in self.order.clone() {
            let ty = self.type_index(types[f])?;
            functions.function(ty);
        }
        Ok(())
    }

    fn parse_code_section(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        section: wasmparser::CodeSectionReader<'_>,
    ) -> Result<(), Error<Self::Error>> {
        let bodies = section.into_iter().collect::<Result<Vec<_>, _>>()?;
        for f in self.order.clone() {
            self.parse_function_body(code, bodies[f].clone())?;
        }
        Ok(())
    }
}

/// Each import of the module, as (module, name, whether it is a function), in order.
fn imports(wasm: &[u8]) -> anyhow::Result<Vec<(String, String, bool)>> {
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ImportSection(reader) = payload? {
            for group in reader {
                match group? {
                    wasmparser::Imports::Single(_, i) => {
                        let function = matches!(
                            i.ty,
                            wasmparser::TypeRef::Func(_) | wasmparser::TypeRef::FuncExact(_)
                        );
                        out.push((i.module.to_owned(), i.name.to_owned(), function));
                    }
                    _ => bail!("the module groups its imports, which no tool of this build writes"),
                }
            }
        }
    }
    Ok(out)
}

/// `a`…`z`, `A`…`Z`, then two letters and more: valid JavaScript names, never a bindings' own.
fn short_name(mut index: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[index % LETTERS.len()]);
        index /= LETTERS.len();
        if index == 0 {
            break;
        }
        index -= 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// Re-encodes a module unchanged but for the bindings' import names.
struct ShortImports<'a> {
    names: &'a HashMap<String, String>,
}

impl Reencode for ShortImports<'_> {
    type Error = std::convert::Infallible;

    fn parse_imports(
        &mut self,
        section: &mut wasm_encoder::ImportSection,
        imports: wasmparser::Imports<'_>,
    ) -> Result<(), Error<Self::Error>> {
        match imports {
            wasmparser::Imports::Single(_, import) if import.module == BINDINGS_MODULE => {
                let names = self.names;
                let name = names.get(import.name).map_or(import.name, String::as_str);
                let ty = self.entity_type(import.ty)?;
                section.import(import.module, name, ty);
                Ok(())
            }
            other => utils::parse_imports(self, section, other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_distinct_javascript_names() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!((names[0].as_str(), names[51].as_str()), ("a", "Z"));
        assert_eq!((names[52].as_str(), names[53].as_str()), ("aa", "ab"));
        let distinct: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(distinct.len(), names.len());
        assert!(
            names
                .iter()
                .all(|n| n.bytes().all(|b| b.is_ascii_alphabetic()))
        );
    }

    #[test]
    fn imports_are_renamed_in_both_files_and_nothing_else() {
        let wasm = module_importing(&[
            (BINDINGS_MODULE, "__wbg_log_0123456789abcdef"),
            ("other", "keep_me"),
        ]);
        let js = "const i = {\n        __wbg_log_0123456789abcdef: function(a) {},\n    };\n";

        let (wasm, js) = shorten_imports(&wasm, js).unwrap();
        assert_eq!(js, "const i = {\n        a: function(a) {},\n    };\n");
        assert_eq!(
            imports(&wasm).unwrap(),
            [
                (BINDINGS_MODULE.to_owned(), "a".to_owned(), true),
                ("other".to_owned(), "keep_me".to_owned(), true)
            ]
        );

        let missing = "const i = {};";
        let err = shorten_imports(&module_importing(&[(BINDINGS_MODULE, "__wbg_x")]), missing)
            .unwrap_err();
        assert!(err.to_string().contains("__wbg_x"), "{err}");
    }

    #[test]
    fn functions_are_sorted_by_size_then_code_and_every_reference_follows_them() {
        use wasm_encoder::{ConstExpr, Elements, ExportKind, Function, Instruction as I};
        let mut module = wasm_encoder::Module::new();
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], [wasm_encoder::ValType::I32]);
        module.section(&types);
        let mut imports = wasm_encoder::ImportSection::new();
        imports.import("env", "f", wasm_encoder::EntityType::Function(0));
        module.section(&imports);
        // 1 "big" (over 256 bytes) calls 3 "small" and sits in the table; 2 "mid".
        let mut functions = wasm_encoder::FunctionSection::new();
        for _ in 0..3 {
            functions.function(0);
        }
        module.section(&functions);
        let mut table = wasm_encoder::TableSection::new();
        table.table(wasm_encoder::TableType {
            element_type: wasm_encoder::RefType::FUNCREF,
            table64: false,
            minimum: 1,
            maximum: None,
            shared: false,
        });
        module.section(&table);
        let mut exports = wasm_encoder::ExportSection::new();
        for (name, f) in [("big", 1), ("mid", 2), ("small", 3)] {
            exports.export(name, ExportKind::Func, f);
        }
        module.section(&exports);
        let mut elements = wasm_encoder::ElementSection::new();
        elements.active(
            None,
            &ConstExpr::i32_const(0),
            Elements::Functions([1].as_slice().into()),
        );
        module.section(&elements);
        let mut code = wasm_encoder::CodeSection::new();
        let body = |instructions: &[I]| {
            let mut f = Function::new([]);
            for i in instructions {
                f.instruction(i);
            }
            f.instruction(&I::End);
            f
        };
        // Its code would come first (a call is 0x10, a constant 0x41), its size puts it last.
        let mut big = vec![I::Call(3), I::Call(0), I::I32Add];
        for _ in 0..100 {
            big.extend([I::I32Const(1), I::I32Add]);
        }
        code.function(&body(&big));
        code.function(&body(&[I::I32Const(3), I::I32Const(300), I::I32Add]));
        code.function(&body(&[I::I32Const(2)]));
        module.section(&code);

        let sorted = sorted_functions(&module.finish()).unwrap();
        let (mut exported, mut table, mut calls) = (Vec::new(), Vec::new(), Vec::new());
        for payload in wasmparser::Parser::new(0).parse_all(&sorted) {
            match payload.unwrap() {
                wasmparser::Payload::ExportSection(reader) => {
                    for e in reader {
                        let e = e.unwrap();
                        exported.push((e.name.to_owned(), e.index));
                    }
                }
                wasmparser::Payload::ElementSection(reader) => {
                    for e in reader {
                        if let wasmparser::ElementItems::Functions(items) = e.unwrap().items {
                            table.extend(items.into_iter().map(Result::unwrap));
                        }
                    }
                }
                wasmparser::Payload::CodeSectionEntry(body) => {
                    for op in body.get_operators_reader().unwrap() {
                        if let wasmparser::Operator::Call { function_index } = op.unwrap() {
                            calls.push(function_index);
                        }
                    }
                }
                _ => {}
            }
        }
        let at = |name: &str| exported.iter().find(|(n, _)| n == name).unwrap().1;
        assert_eq!((at("small"), at("mid"), at("big")), (1, 2, 3));
        assert_eq!(
            calls,
            [at("small"), 0],
            "big still calls small, then the import"
        );
        assert_eq!(table, [at("big")]);
    }

    /// A module importing one function under each (module, name).
    fn module_importing(names: &[(&str, &str)]) -> Vec<u8> {
        let mut module = wasm_encoder::Module::new();
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        let mut imports = wasm_encoder::ImportSection::new();
        for (from, name) in names {
            imports.import(from, name, wasm_encoder::EntityType::Function(0));
        }
        module.section(&imports);
        module.finish()
    }
}
