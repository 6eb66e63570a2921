//! The build's precompressed copies, which the server sends as the browser asks: `.gz` by
//! zopfli and `.br` by brotli at quality 11.

use std::fs;
use std::path::{Path, PathBuf};

/// `bytes` as zopfli writes gzip: the same format, some 5% smaller than zlib's best.
fn zopfli(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        bytes,
        &mut out,
    )?;
    Ok(out)
}

/// `bytes` as brotli at its best quality.
fn brotli(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// `FILE` with `.ext` added.
pub fn beside(file: &Path, ext: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(ext);
    PathBuf::from(name)
}

/// Writes `FILE.gz` (zopfli) and `FILE.br` (brotli 11) beside each compressible file (not the
/// offline packs: they are xz), for the server to send as is; the files are shared between the
/// machine's cores.
pub fn write_compressed_copies(dist: &Path) -> anyhow::Result<()> {
    let mut todo: Vec<PathBuf> = crate::size::files(dist)?
        .into_iter()
        .filter(|file| {
            file.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e,
                    "html" | "js" | "css" | "wasm" | "svg" | "webmanifest" | "json" | "txt"
                )
            })
        })
        .collect();
    // The largest first, so that no core waits on one big file at the end.
    todo.sort_by_key(|f| std::cmp::Reverse(fs::metadata(f).map_or(0, |m| m.len())));
    let todo = std::sync::Mutex::new(todo);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> anyhow::Result<()> {
                    loop {
                        let Some(file) = todo.lock().expect("no worker panics").pop() else {
                            return Ok(());
                        };
                        let bytes = fs::read(&file)?;
                        fs::write(beside(&file, ".gz"), zopfli(&bytes)?)?;
                        fs::write(beside(&file, ".br"), brotli(&bytes)?)?;
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().expect("no worker panics"))
    })
}

/// Writes `FILE.gz` and `FILE.br` beside one file written after the others.
pub fn write_compressed_copy(file: &Path) -> anyhow::Result<()> {
    let bytes = fs::read(file)?;
    fs::write(beside(file, ".gz"), zopfli(&bytes)?)?;
    fs::write(beside(file, ".br"), brotli(&bytes)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::size::measure;

    #[test]
    fn text_files_are_sent_compressed_and_a_file_without_copies_is_counted_as_it_is_sent() {
        let dir = std::env::temp_dir().join(format!("bilan-size-{}", std::process::id()));
        fs::create_dir_all(dir.join("messages")).unwrap();
        let text = "Bonjour, voici un texte qui se répète. ".repeat(200);
        for name in ["messages/en.txt", "surveys.json", "icon.png"] {
            fs::write(dir.join(name), &text).unwrap();
        }
        write_compressed_copies(&dir).unwrap();
        for name in ["messages/en.txt", "surveys.json"] {
            let size = measure(&dir.join(name)).unwrap();
            assert!(
                size.gzip < size.raw / 10 && size.br < size.raw / 10,
                "{name}: {size:?}"
            );
        }
        // The server sends a PNG as it is: its size as sent is its own.
        let png = measure(&dir.join("icon.png")).unwrap();
        assert_eq!((png.gzip, png.br), (png.raw, png.raw));
        fs::remove_dir_all(&dir).unwrap();
    }
}
