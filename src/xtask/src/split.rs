//! The app's wasm split into the first module and the chunks its lazy routes load
//! (`wasm_split_cli_support`), bindings generated for the first module, and every file named by
//! its content so that browsers and the service worker may keep them forever.

use std::fs;
use std::path::Path;

use anyhow::{Context, anyhow};
use sha2::{Digest, Sha256};

use crate::optimize::{self, Optimizer};

/// The loader's name as the split module imports it; the bindings import it under this name.
const LOADER: &str = "./__wasm_split.js";
/// The bindings' name as the loader imports them (`initSync`).
const BINDINGS: &str = "./bilan_web.js";
/// Shared chunks with less code than this (as linked, about 5 KiB of gzip once optimised) are
/// folded into a larger chunk that every page needing them loads anyway (our patch of the
/// splitter, `vendor/wasm_split_cli_support/README.bilan.md`). Unfolded, a holder's survey
/// loaded 13 modules and a participant's phone 9, seven of them under 3 KiB of gzip.
const MERGE_CHUNKS_BELOW: usize = 16 * 1024;

/// What the split wrote into `dist`, by file name.
#[derive(Debug)]
pub struct Emitted {
    /// The bindings, which `index.html` imports.
    pub js: String,
    /// The first module.
    pub wasm: String,
    /// The loader of the chunks, imported by the bindings.
    pub loader: String,
    /// The chunks, loaded when a page of theirs first opens.
    pub chunks: Vec<String>,
    /// Each lazy group's files (its own chunk and the shared ones it waits for), by group name.
    pub groups: Vec<(String, Vec<String>)>,
}

/// Splits `wasm` (linked with `--emit-relocs`), binds the first module, optimises every module
/// and script, and writes everything into `dist` under content-hashed names.
pub fn split(root: &Path, wasm: &Path, work: &Path, dist: &Path) -> anyhow::Result<Emitted> {
    let input = fs::read(wasm).with_context(|| format!("cannot read {}", wasm.display()))?;
    let _ = fs::remove_dir_all(work);
    let split_dir = work.join("split");
    fs::create_dir_all(&split_dir)?;
    let main = split_dir.join("main.wasm");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &split_dir;
    options.main_out_path = &main;
    options.link_name = LOADER;
    options.main_module = BINDINGS;
    options.merge_chunks_below = MERGE_CHUNKS_BELOW;
    // The charts are drawn on a page of the journey, the sessions or the board, once it is up.
    let loaded_after = vec![(
        "charts_group".to_owned(),
        ["journey_group", "sessions_group", "board_group"]
            .map(str::to_owned)
            .to_vec(),
    )];
    options.loaded_after = loaded_after.clone();
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| anyhow!("splitting {} failed: {e:?}", wasm.display()))?;

    let bindgen_out = work.join("bindgen");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&main)
        .out_name("bilan_web")
        .web(true)?
        .typescript(false)
        // The chunks call into the first module through the linker's exports.
        .keep_lld_exports(true)
        // Function names are only for debuggers; they are almost half the module.
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&bindgen_out)
        .with_context(|| format!("wasm-bindgen failed on {}", main.display()))?;

    let optimizer = Optimizer::new(root, work)?;
    let (first, js) = optimize::shorten_imports(
        &fs::read(bindgen_out.join("bilan_web_bg.wasm"))?,
        &fs::read_to_string(bindgen_out.join("bilan_web.js"))?,
    )?;
    let mut modules = vec![("main".to_owned(), first)];
    for path in &split.split_modules {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .context("a chunk without a name")?;
        modules.push((stem.to_owned(), without_custom_sections(&fs::read(path)?)?));
    }
    let optimized = optimizer.wasm(&modules)?;

    let first = &optimized[0];
    let wasm_name = format!("bilan_web_bg-{}.wasm", short_hash(first));
    fs::write(dist.join(&wasm_name), first)?;

    let mut loader = fs::read_to_string(split_dir.join(LOADER))
        .context("the split wrote no loader: does the app declare lazy routes?")?;
    // The groups named above are the app's (`routes.rs`, `charts::draw_waiting`): one renamed
    // there would be folded no longer, silently.
    for (split, hosts) in &loaded_after {
        for name in std::iter::once(split).chain(hosts) {
            anyhow::ensure!(
                loader.contains(&format!("__wasm_split_load_{name}")),
                "no lazy group is named {name}: update `loaded_after` in src/xtask/src/split.rs"
            );
        }
    }
    let mut chunks = Vec::new();
    for ((stem, _), bytes) in modules.iter().zip(&optimized).skip(1) {
        // A folded chunk had less than `MERGE_CHUNKS_BELOW` bytes of code; what is left shrinks
        // by about half through `wasm-opt`.
        anyhow::ensure!(
            !stem.starts_with("chunk_") || bytes.len() >= MERGE_CHUNKS_BELOW / 4,
            "the splitter left a shared chunk of {} bytes ({stem}): is its patch in use \
             (`[patch.crates-io]`, vendor/wasm_split_cli_support)?",
            bytes.len()
        );
        let name = format!("bilan_{stem}-{}.wasm", short_hash(bytes));
        let written = format!("\"./{stem}.wasm\"");
        anyhow::ensure!(
            loader.contains(&written),
            "the loader does not name the chunk {stem}"
        );
        loader = loader.replace(&written, &format!("\"./{name}\""));
        fs::write(dist.join(&name), bytes)?;
        chunks.push(name);
    }

    let loader = compiled_early(&loader, chunks.len())?;
    // The bindings and the loader import each other: one hash of both names the pair.
    let groups = crate::size::groups(&loader);
    let js = optimizer.js("bindings", &js)?;
    let loader = optimizer.js("loader", &loader)?;
    let pair = short_hash(format!("{js}\0{loader}").as_bytes());
    let (js_name, loader_name) = (
        format!("bilan_web-{pair}.js"),
        format!("bilan_split-{pair}.js"),
    );
    let js = replace_import(&js, LOADER, &format!("./{loader_name}"))
        .context("the bindings do not import the chunks' loader")?;
    let loader = replace_import(&loader, BINDINGS, &format!("./{js_name}"))
        .context("the chunks' loader does not import the bindings")?;
    fs::write(dist.join(&js_name), js)?;
    fs::write(dist.join(&loader_name), loader)?;
    Ok(Emitted {
        js: js_name,
        wasm: wasm_name,
        loader: loader_name,
        chunks,
        groups,
    })
}

/// The loader taking each chunk from the modules `index.html` compiles beside the first one
/// (`window.bilanEarly`, by address, once), and fetching and compiling any other itself: the
/// page's chunks are compiled while the first module loads, not after it has run.
fn compiled_early(loader: &str, chunks: usize) -> anyhow::Result<String> {
    const FETCH: &str = "const src = fetch(new URL(";
    const INSTANTIATE: &str = "WebAssembly.instantiateStreaming(src, imports)";
    anyhow::ensure!(
        loader.matches(FETCH).count() == chunks && loader.matches(INSTANTIATE).count() == chunks,
        "the chunks' loader no longer fetches each chunk as `{FETCH}…` then `{INSTANTIATE}`"
    );
    Ok(loader
        .replace(FETCH, "const src = compiled(new URL(")
        .replace(INSTANTIATE, "WebAssembly.instantiate(await src, imports)")
        + "
function compiled(url) {
    const early = globalThis.bilanEarly?.get(url.pathname);
    globalThis.bilanEarly?.delete(url.pathname);
    return early ?? WebAssembly.compileStreaming(fetch(url));
}
")
}

/// `text` with every `import … from "from"` reading `to` instead; `None` if it has none. Other
/// mentions stay: the bindings key the wasm's imports by the name the module asks for.
fn replace_import(text: &str, from: &str, to: &str) -> Option<String> {
    let mut out = text.to_owned();
    for quote in ['"', '\''] {
        for space in [" ", ""] {
            out = out.replace(
                &format!("from{space}{quote}{from}{quote}"),
                &format!("from{space}{quote}{to}{quote}"),
            );
        }
    }
    (out != text).then_some(out)
}

/// A wasm module without its custom sections (names, producers): only debuggers read them.
fn without_custom_sections(wasm: &[u8]) -> anyhow::Result<Vec<u8>> {
    anyhow::ensure!(
        wasm.len() >= 8 && wasm.starts_with(b"\0asm"),
        "not a wasm module"
    );
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, header) = leb128(&wasm[at + 1..]).context("a section's size is cut short")?;
        let end = at + 1 + header + size;
        anyhow::ensure!(end <= wasm.len(), "a section runs past the module's end");
        if id != 0 {
            out.extend_from_slice(&wasm[at..end]);
        }
        at = end;
    }
    Ok(out)
}

/// An unsigned LEB128 number and how many bytes it took.
fn leb128(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut value = 0usize;
    for (i, byte) in bytes.iter().take(5).enumerate() {
        value |= usize::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// The first 12 hex digits of the content's SHA-256.
pub fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_sections_go_and_the_rest_stays() {
        // Header, a custom section "n" of 3 bytes, a type section of 1 byte.
        let module = [
            b"\0asm".as_slice(),
            &[1, 0, 0, 0],
            &[0, 3, 1, b'n', 9],
            &[1, 1, 0],
        ]
        .concat();
        let stripped = without_custom_sections(&module).unwrap();
        assert_eq!(
            stripped,
            [b"\0asm".as_slice(), &[1, 0, 0, 0], &[1, 1, 0]].concat()
        );
        assert!(without_custom_sections(&module[..10]).is_err());
        assert!(without_custom_sections(b"not wasm").is_err());
    }

    #[test]
    fn the_loader_takes_the_chunks_compiled_early_and_refuses_a_shape_it_does_not_know() {
        // Two chunks, as `wasm_split_cli_support` 0.2 writes each.
        let chunk = |name: &str| {
            format!(
                "const __{name} = makeLoad(() => {{\n    const src = fetch(new URL(\"./{name}.wasm\", import.meta.url));\n    src.catch(() => {{}});\n    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n}}\n, []);\n"
            )
        };
        let loader = format!("{}{}", chunk("chunk_6"), chunk("split_journey_group"));
        let rewritten = compiled_early(&loader, 2).unwrap();
        assert_eq!(rewritten.matches("compiled(new URL(").count(), 2);
        assert_eq!(
            rewritten
                .matches("WebAssembly.instantiate(await src, imports)")
                .count(),
            2
        );
        assert!(!rewritten.contains("fetch(new URL("));
        assert!(rewritten.contains("function compiled(url)"));
        assert!(rewritten.contains("globalThis.bilanEarly?.get(url.pathname)"));
        // A chunk the splitter wrote another way would be fetched twice: the build says so.
        assert!(compiled_early(&loader, 3).is_err());
        assert!(compiled_early(&loader.replace("instantiateStreaming", "instantiate"), 2).is_err());
    }

    #[test]
    fn only_imports_are_renamed() {
        let js = r#"import * as s from './__wasm_split.js'; const m = { "./__wasm_split.js": s };"#;
        assert_eq!(
            replace_import(js, LOADER, "./bilan_split-1.js").unwrap(),
            r#"import * as s from './bilan_split-1.js'; const m = { "./__wasm_split.js": s };"#
        );
        assert!(replace_import("nothing", LOADER, "x").is_none());
        // As esbuild writes it.
        assert_eq!(
            replace_import(
                r#"import{a as b}from"./__wasm_split.js";"#,
                LOADER,
                "./l.js"
            )
            .unwrap(),
            r#"import{a as b}from"./l.js";"#
        );
    }
}
