//! `cargo xtask build`: the Leptos app to WebAssembly, bindings generated in-process, files with
//! content hashes in their names, and the service worker's list of files to keep offline.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use bilan_core::Survey;
use sha2::{Digest, Sha256};

use crate::install::locked_version;
use crate::size;
use crate::split::{self, short_hash};
use crate::{compress, pack};

/// The wasm target of the app.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// What a build wrote.
#[derive(Debug)]
pub struct Dist {
    pub dir: PathBuf,
}

/// Builds the app into `dist/`.
pub fn build(root: &Path) -> anyhow::Result<Dist> {
    build_into(root, &root.join("dist"), &[])
}

/// Builds the app with the in-page measurements of `cargo xtask bench` into `target/dist-bench`.
pub fn build_bench(root: &Path) -> anyhow::Result<Dist> {
    build_into(
        root,
        &root.join("target/dist-bench"),
        &["--features", "bench"],
    )
}

fn build_into(root: &Path, dist: &Path, features: &[&str]) -> anyhow::Result<Dist> {
    check_bindgen_versions(root)?;
    let surveys = load_surveys(&root.join("surveys"))?;
    crate::install::ensure_wasm_target()?;
    let sh = xshell::Shell::new()?;
    println!("Building the app (wasm, release, split by route)...");
    // Relocations let the splitter move functions into chunks; only the app's own link needs
    // them, so they are passed to the app crate alone (`cargo rustc`).
    // Cargo's messages (diagnostics still printed as usual) say where the app's build script
    // wrote the message files the app reads when it needs them.
    let messages = xshell::cmd!(
        sh,
        "cargo rustc --quiet --message-format=json-render-diagnostics -p bilan-web --lib --target {WASM_TARGET} --release --features split {features...} -- -C link-arg=--emit-relocs"
    )
    .read()?;
    let out_dir = app_out_dir(&messages)?;
    let wasm = root.join(format!("target/{WASM_TARGET}/release/bilan_web.wasm"));

    let dist = dist.to_path_buf();
    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("cannot clear {}", dist.display()))?;
    }
    fs::create_dir_all(&dist)?;
    let public = root.join("public");
    copy_tree(&public, &dist, &["index.html", "sw.js", "prepaint.js"])?;
    let emitted = split::split(root, &wasm, &root.join("target/split"), &dist)?;
    let (js, wasm) = (emitted.js.clone(), emitted.wasm.clone());
    let css_source = dist.join("bilan.css");
    let optimizer = crate::optimize::Optimizer::new(root, &root.join("target/split"))?;
    let style = optimizer.css("style", &fs::read_to_string(&css_source)?)?;
    fs::write(&css_source, style)?;
    let css = hashed_copy(&css_source, &dist, "bilan", "css")?;
    fs::remove_file(&css_source)?;
    // What a snapshot of a page was taken with: its markup matches only the modules and the
    // style sheet that drew it (`public/prepaint.js`).
    let build = short_hash(
        [&js, &wasm, &css]
            .into_iter()
            .chain(&emitted.chunks)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
            .as_bytes(),
    );
    let prepaint = fs::read_to_string(public.join("prepaint.js"))?.replace("{{build}}", &build);
    let prepaint = write_hashed(
        &dist,
        "bilan_prepaint",
        "js",
        optimizer.script("prepaint", &prepaint)?.as_bytes(),
    )?;

    let index = fs::read_to_string(public.join("index.html"))?
        .replace("{{css}}", &css)
        .replace("{{js}}", &js)
        .replace("{{wasm}}", &wasm)
        .replace("{{loader}}", &emitted.loader)
        .replace("{{build}}", &build)
        .replace("{{prepaint}}", &prepaint)
        .replace("{{routes}}", &route_chunks(&emitted.groups)?)
        .replace("{{pages}}", &crate::pages::for_script()?)
        .replace(
            "{{later_words}}",
            &serde_json::to_string(&crate::pages::LATER_WORDS_GROUPS)?,
        );
    if index.contains("{{") {
        bail!("public/index.html has a placeholder the build does not know");
    }
    // The policy last: it names the inline scripts by their hashes, as they are sent.
    let mut n = 0;
    let index = minified_scripts(&index, |module, body| {
        n += 1;
        if module {
            optimizer.js(&format!("inline-{n}"), body)
        } else {
            optimizer.script(&format!("inline-{n}"), body)
        }
    })?;
    let index = crate::policy::with_policy(&index)?;
    fs::write(dist.join("index.html"), index)?;
    write_surveys(&dist, &surveys)?;
    fs::create_dir_all(dist.join("messages"))?;
    // The English messages, and in each language those that only the pages outside the first
    // module say.
    for name in ["en.txt", "en-later.txt", "fr-later.txt"] {
        let file = out_dir.join(name);
        fs::copy(&file, dist.join("messages").join(name))
            .with_context(|| format!("cannot copy {}", file.display()))?;
    }
    let decoder = write_hashed(&dist, "bilan_xz", "wasm", &optimizer.xz_decoder()?)?;
    let packs = write_packs(&dist, &emitted.chunks, &emitted.groups)?;
    // The service worker is written last: it weighs the packs against the chunks as sent.
    compress::write_compressed_copies(&dist)?;
    write_service_worker(
        &public,
        &dist,
        &emitted.chunks,
        &packs,
        &decoder,
        &optimizer,
    )?;
    compress::write_compressed_copy(&dist.join("sw.js"))?;
    let app = size::print(&dist, features.is_empty())?;
    println!(
        "Built {} (the app: {} gzip).",
        dist.strip_prefix(root).unwrap_or(&dist).display(),
        size::human(app.gzip)
    );
    Ok(Dist { dir: dist })
}

/// The bindings generator is a library linked into this xtask: its version must be the
/// `wasm-bindgen` version the app was compiled against, or the output is broken.
fn check_bindgen_versions(root: &Path) -> anyhow::Result<()> {
    let lib = locked_version(root, "wasm-bindgen")?;
    let cli = locked_version(root, "wasm-bindgen-cli-support")?;
    if lib != cli {
        bail!(
            "wasm-bindgen {lib} and wasm-bindgen-cli-support {cli} differ in Cargo.lock: \
             pin both to the same version with `=x.y.z` in the workspace Cargo.toml"
        );
    }
    Ok(())
}

/// The folder where the app's build script wrote its outputs, from cargo's JSON messages.
fn app_out_dir(messages: &str) -> anyhow::Result<PathBuf> {
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "build-script-executed")
        .filter(|m| {
            m["package_id"]
                .as_str()
                .is_some_and(|id| id.contains("bilan-web"))
        })
        .find_map(|m| m["out_dir"].as_str().map(PathBuf::from))
        .context("cargo did not say where the app's build script wrote its messages")
}

/// Reads and validates the survey folder; a broken file stops the build with every mistake.
pub fn load_surveys(dir: &Path) -> anyhow::Result<Vec<Survey>> {
    match bilan_core::load::read_folder(dir) {
        Ok(surveys) => Ok(surveys.into_iter().map(|(_, s)| s).collect()),
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            bail!(
                "{} mistake(s) in the survey files: fix them, then build again",
                errors.len()
            )
        }
    }
}

/// The app reads surveys as JSON (no TOML parser in the wasm): one file per survey version and
/// an index of the latest.
fn write_surveys(dist: &Path, surveys: &[Survey]) -> anyhow::Result<()> {
    let dir = dist.join("surveys");
    fs::create_dir_all(&dir)?;
    let set = bilan_core::versions::Versions::new(surveys.to_vec());
    for (name, bytes) in set.app_files()? {
        fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}

/// Copies `path` into `dist` as `STEM-HASH.EXT` and returns the new file name.
fn hashed_copy(path: &Path, dist: &Path, stem: &str, ext: &str) -> anyhow::Result<String> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    write_hashed(dist, stem, ext, &bytes)
}

/// Writes `bytes` into `dist` as `STEM-HASH.EXT` and returns the file name.
fn write_hashed(dist: &Path, stem: &str, ext: &str, bytes: &[u8]) -> anyhow::Result<String> {
    let name = format!("{stem}-{}.{ext}", short_hash(bytes));
    fs::write(dist.join(&name), bytes)?;
    Ok(name)
}

/// An offline pack as written: its name and the paths of the chunks it holds.
struct Pack {
    name: String,
    paths: Vec<String>,
}

/// The surveys and messages the service worker keeps, as paths from `dist`: they travel in the
/// offline packs, whole.
fn packed_texts(dist: &Path) -> anyhow::Result<Vec<String>> {
    let mut texts = Vec::new();
    for (folder, ext) in [("messages", ".txt"), ("surveys", ".json")] {
        for entry in fs::read_dir(dist.join(folder))? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            let rel = format!("{folder}/{name}");
            if name.ends_with(ext) && size::precached(&rel) {
                texts.push(rel);
            }
        }
    }
    texts.sort();
    Ok(texts)
}

/// Writes an offline pack (`pack.rs`) of the chunks, surveys and messages the service worker
/// keeps, for each first page a device may open, each checked by unpacking it. The device's
/// chunks are left out: every page but a phone's loads them once its first screen is up, before
/// the worker keeps the rest; so are the chunks of the first page. The home screen reads no
/// survey nor message file, and its pack holds them all; any other first page has read its
/// survey, the index and the French of its pages (`index.html` asks for them early), so its
/// pack holds only the English, which a French page never read.
fn write_packs(
    dist: &Path,
    later: &[String],
    groups: &[(String, Vec<String>)],
) -> anyhow::Result<Vec<Pack>> {
    let mut packs: Vec<Pack> = Vec::new();
    let texts = packed_texts(dist)?;
    for (_, first) in crate::pages::first_pages() {
        let page = crate::pages::loaded_by(groups, first)?;
        let mut files = Vec::new();
        let chunks = later
            .iter()
            .filter(|rel| rel.ends_with(".wasm") && size::precached(rel) && !page.contains(rel));
        let unread = texts
            .iter()
            .filter(|rel| first.is_empty() || rel.starts_with("messages/en"));
        for rel in chunks.chain(unread) {
            files.push((format!("/{rel}"), fs::read(dist.join(rel))?));
        }
        files.sort();
        let paths: Vec<String> = files.iter().map(|(path, _)| path.clone()).collect();
        if paths.is_empty() || packs.iter().any(|p| p.paths == paths) {
            continue;
        }
        let packed = pack::pack(&files)?;
        anyhow::ensure!(
            pack::unpack(&packed)? == files,
            "the offline pack does not give back the chunks it packed"
        );
        let name = write_hashed(dist, "bilan_offline", "pack", &packed)?;
        packs.push(Pack { name, paths });
    }
    Ok(packs)
}

/// Writes `sw.js` with the files every visit needs, the files kept for offline once the app is
/// interactive (the `later` chunks, surveys, icons), the offline packs and their decoder with
/// what each pack weighs with the decoder and each packed chunk weighs alone as gzip, and a
/// version that changes whenever any file does, so browsers see an update. Its code is
/// minified (every first visit downloads it: 5.5 KiB of gzip as written, comments and all); the
/// four lines the build fills stay whole at its top, where tests and a deployment read them.
fn write_service_worker(
    public: &Path,
    dist: &Path,
    later: &[String],
    packs: &[Pack],
    decoder: &str,
    optimizer: &crate::optimize::Optimizer,
) -> anyhow::Result<()> {
    let mut files = size::files(dist)?;
    files.sort();
    let mut hasher = Sha256::new();
    for prefix in size::ONLINE_ONLY {
        anyhow::ensure!(
            files.iter().any(|f| f
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))),
            "no file is named {prefix}…: a page that needs the server would be kept for offline"
        );
    }
    // The page once, as `/index.html`: the worker answers every address of the app with it.
    let mut core = Vec::new();
    let mut rest = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(dist)?
            .to_string_lossy()
            .replace('\\', "/");
        hasher.update(rel.as_bytes());
        hasher.update(fs::read(file)?);
        if !size::precached(&rel) {
            continue;
        }
        // The keeper of a holder's survey is asked for once the first screen is up.
        let deferred = later.contains(&rel)
            || ["surveys/", "icons/", "messages/", "bilan_prepaint-"]
                .iter()
                .any(|p| rel.starts_with(p));
        if deferred { &mut rest } else { &mut core }.push(format!("/{rel}"));
    }
    let version: String = hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let gzip = |rel: &str| size::measure(&dist.join(rel)).map(|s| s.gzip);
    let mut alone = serde_json::Map::new();
    // The content hash of each packed file whose name does not carry it (a survey, messages),
    // which the worker checks as it checks a chunk's.
    let mut hashes = serde_json::Map::new();
    let mut listed = Vec::new();
    for pack in packs {
        for path in &pack.paths {
            let rel = path.trim_start_matches('/');
            alone.insert(path.clone(), gzip(rel)?.into());
            if !rel.starts_with("bilan") {
                hashes.insert(path.clone(), short_hash(&fs::read(dist.join(rel))?).into());
            }
        }
        listed.push(serde_json::json!({
            "path": format!("/{}", pack.name),
            "bytes": gzip(&pack.name)? + gzip(decoder)?,
            "files": pack.paths,
        }));
    }
    let packs = serde_json::json!({
        "decoder": format!("/{decoder}"),
        "packs": listed,
        "alone": alone,
        "hashes": hashes,
    });
    let source = fs::read_to_string(public.join("sw.js"))?;
    let filled = ["VERSION", "CORE", "LATER", "PACKS"].map(|name| format!("const {name} = "));
    let (data, code): (Vec<&str>, Vec<&str>) = source
        .lines()
        .partition(|line| filled.iter().any(|start| line.starts_with(start.as_str())));
    anyhow::ensure!(
        data.len() == filled.len(),
        "public/sw.js must declare VERSION, CORE, LATER and PACKS each on a line of its own"
    );
    let data = data
        .join("\n")
        .replace("{{version}}", &version)
        .replace("{{packs}}", &packs.to_string())
        .replace("{{core}}", &serde_json::to_string(&core)?)
        .replace("{{later}}", &serde_json::to_string(&rest)?);
    let code = optimizer.script("sw", &code.join("\n"))?;
    if data.contains("{{") || code.contains("{{") {
        bail!("public/sw.js has a placeholder the build does not know");
    }
    fs::write(dist.join("sw.js"), format!("{data}\n{code}"))?;
    Ok(())
}

fn copy_tree(from: &Path, to: &Path, skip: &[&str]) -> anyhow::Result<()> {
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type()?.is_dir() {
            fs::create_dir_all(&target)?;
            copy_tree(&entry.path(), &target, &[])?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Each group's chunks, by group name, as JSON for `index.html`: the page being opened fetches
/// its group's chunks while the first module loads, not after.
fn route_chunks(groups: &[(String, Vec<String>)]) -> anyhow::Result<String> {
    let groups: std::collections::BTreeMap<&String, &Vec<String>> =
        groups.iter().map(|(g, f)| (g, f)).collect();
    Ok(serde_json::to_string(&groups)?)
}

/// `page` with the body of each inline script replaced by what `minify` makes of it, told
/// whether the script is a module: the comments and layout of `public/index.html` are for whoever
/// reads it, and every page sent them (0.5 KiB of gzip for the comments alone).
fn minified_scripts(
    page: &str,
    mut minify: impl FnMut(bool, &str) -> anyhow::Result<String>,
) -> anyhow::Result<String> {
    let mut out = String::new();
    let mut from = 0;
    for script in crate::policy::scripts(page)? {
        let (tag, body) = (&page[script.tag.clone()], &page[script.body.clone()]);
        out.push_str(&page[from..script.body.start]);
        let module = tag.contains("type=\"module\"");
        if body.trim().is_empty() || (tag.contains("type=") && !module) {
            // Data (`application/json`), not code.
            out.push_str(body);
        } else {
            out.push_str(minify(module, body)?.trim_end());
        }
        from = script.body.end;
    }
    out.push_str(&page[from..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_inline_script_is_minified_as_what_it_is_and_the_rest_stays() {
        let page = "<head><script>\n  // Why.\n  go();\n</script><script src=\"/a.js\"></script>\n\
                    <script type=\"application/json\"> {\"a\": 1}</script>\n\
                    <script type=\"module\">\n  import a from \"/b.js\";\n</script></head>";
        let minified = minified_scripts(page, |module, body| {
            Ok(format!("[{module}:{}]", body.trim().lines().count()))
        });
        assert_eq!(
            minified.unwrap(),
            "<head><script>[false:2]</script><script src=\"/a.js\"></script>\n\
             <script type=\"application/json\"> {\"a\": 1}</script>\n\
             <script type=\"module\">[true:1]</script></head>"
        );
        assert!(minified_scripts("<script>go()", |_, b| Ok(b.into())).is_err());
    }
}
