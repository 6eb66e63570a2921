//! An offline pack: the chunks the service worker still lacks after a first page, in one file
//! whose functions are merged across chunks so that alike ones sit side by side, which one
//! compressed stream then shares. Chunks compressed one by one cannot: a generic's copies land
//! in different chunks. The surveys and messages it keeps travel in it too, whole: xz and one
//! window shared by both languages take a fifth off their gzip, and a request each. The service
//! worker (`public/sw.js`) rebuilds each file byte for byte and checks it against its content
//! hash (in a chunk's name; the build lists the others').
//!
//! A pack is sent as xz (LZMA2), which the worker decodes with xz-embedded
//! (`optimize.rs`'s `Optimizer::xz_decoder`): 20% smaller than its gzip, and a little smaller
//! than its brotli, which HTTP gives only over HTTPS.
//!
//! Layout before compression, integers as little-endian `u32`: the number of files; for each,
//! its path's length, the path, the lengths of its head (every byte up to its functions' count,
//! included) and of its tail (every byte after its code section), and its number of functions;
//! then every head followed by its tail, file after file (a file that is not a module is all
//! head, with no function and no tail); then one byte per function naming its
//! file, in the pack's order; then, in that order, every function's size (as the code section
//! writes it), then every function's locals, then every function's code. A file's functions
//! keep their order within it. Sizes and locals apart, one function's code runs on into the
//! next, alike, one (1.3% smaller as gzip).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use anyhow::{Context, bail, ensure};

/// The id of wasm's code section.
const CODE_SECTION: u8 = 10;

/// One module cut where its functions are: what comes before them, each function's entry (its
/// size then its body), and what comes after.
struct Cut<'a> {
    head: &'a [u8],
    entries: Vec<&'a [u8]>,
    tail: &'a [u8],
}

/// Reads an unsigned LEB128 number at `*at`, moving past it.
fn leb(bytes: &[u8], at: &mut usize) -> anyhow::Result<usize> {
    let mut value = 0usize;
    for shift in (0..35).step_by(7) {
        let byte = *bytes
            .get(*at)
            .context("a number runs past the module's end")?;
        *at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok(value);
        }
    }
    bail!("a number longer than 5 bytes")
}

/// Cuts `wasm` around its code section's functions, refusing a module whose sections or
/// functions do not add up.
fn cut(wasm: &[u8]) -> anyhow::Result<Cut<'_>> {
    ensure!(wasm.starts_with(b"\0asm"), "not a wasm module");
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = leb(wasm, &mut at)?;
        let end = at + size;
        ensure!(end <= wasm.len(), "a section runs past the module's end");
        if id == CODE_SECTION {
            let count = leb(wasm, &mut at)?;
            let head = &wasm[..at];
            let mut entries = Vec::with_capacity(count);
            for _ in 0..count {
                let start = at;
                let body = leb(wasm, &mut at)?;
                at += body;
                ensure!(at <= end, "a function runs past its section");
                entries.push(&wasm[start..at]);
            }
            ensure!(at == end, "the code section holds more than its functions");
            return Ok(Cut {
                head,
                entries,
                tail: &wasm[end..],
            });
        }
        at = end;
    }
    bail!("the module has no code section")
}

/// A file as the pack holds it: a module (named `.wasm`) cut around its functions, anything else
/// whole, as its head.
fn cut_file<'a>(path: &str, bytes: &'a [u8]) -> anyhow::Result<Cut<'a>> {
    if path.ends_with(".wasm") {
        return cut(bytes);
    }
    Ok(Cut {
        head: bytes,
        entries: Vec::new(),
        tail: &[],
    })
}

/// The three parts of a function's entry: its size, its locals' declaration and its code.
/// Locals are declared with one-byte types, as Rust writes them; another type is refused.
fn parts(entry: &[u8]) -> anyhow::Result<(&[u8], &[u8], &[u8])> {
    let mut at = 0;
    leb(entry, &mut at)?;
    let body = at;
    for _ in 0..leb(entry, &mut at)? {
        leb(entry, &mut at)?;
        let kind = *entry.get(at).context("a function's locals run past it")?;
        ensure!(
            matches!(kind, 0x6f | 0x70 | 0x7b..=0x7f),
            "a local of type {kind:#x}, which the service worker cannot step over"
        );
        at += 1;
    }
    Ok((&entry[..body], &entry[body..at], &entry[at..]))
}

/// Where a function goes in the pack: by its size in steps of 256 bytes (as the build sorts a
/// module's functions), then by its code, from an entry `cut` has read whole.
fn key(entry: &[u8]) -> (usize, &[u8]) {
    let mut at = 0;
    let _ = leb(entry, &mut at);
    let body = &entry[at..];
    (body.len() / 256, body)
}

fn u32_of(n: usize) -> anyhow::Result<[u8; 4]> {
    Ok(u32::try_from(n)
        .context("a pack holds less than 4 GiB")?
        .to_le_bytes())
}

/// Packs `files` (each a path, as the service worker names it, and its bytes: a wasm module, or a
/// survey or messages kept whole), compressed.
pub fn pack(files: &[(String, Vec<u8>)]) -> anyhow::Result<Vec<u8>> {
    compress(&layout(files)?)
}

/// The files of a pack, rebuilt as `public/sw.js` rebuilds them: the build checks each against
/// the file it packed.
pub fn unpack(pack: &[u8]) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    read_layout(&decompress(pack)?)
}

/// `bytes` as one xz stream: LZMA2 at its strongest, with a dictionary no larger than the input
/// (the decoder allocates what the stream says), position bits at 0 (wasm has no alignment worth
/// modelling: 0.4% smaller) and a CRC32, which xz-embedded checks. How many bits of the byte
/// before a literal are its context (three or four) and how long a match is sought (64 bytes or
/// 273) are whichever make the smallest pack: up to 0.4% smaller than three and 64 alone, on
/// the largest.
fn compress(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut best: Option<Vec<u8>> = None;
    for (literal_context, longest) in [(3, 64), (4, 64), (3, 273), (4, 273)] {
        let xz = compress_with(bytes, literal_context, longest)?;
        if best.as_ref().is_none_or(|b| xz.len() < b.len()) {
            best = Some(xz);
        }
    }
    best.context("no way to compress was tried")
}

fn compress_with(bytes: &[u8], literal_context: u32, longest: u32) -> anyhow::Result<Vec<u8>> {
    use std::io::Write;
    let mut options = lzma_rust2::XzOptions::with_preset(9);
    options.set_check_sum_type(lzma_rust2::CheckType::Crc32);
    options.lzma_options.dict_size = u32::try_from(bytes.len().next_power_of_two())
        .context("a pack holds less than 4 GiB")?
        .clamp(1 << 12, 1 << 26);
    options.lzma_options.pb = 0;
    options.lzma_options.lc = literal_context;
    options.lzma_options.nice_len = longest;
    let mut writer = lzma_rust2::XzWriter::new(Vec::new(), options)?;
    writer.write_all(bytes)?;
    Ok(writer.finish()?)
}

/// The bytes of an xz file, refusing one that is damaged, cut short or followed by anything but
/// xz's padding, as the worker's decoder does.
fn decompress(xz: &[u8]) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    lzma_rust2::XzReader::new(xz, true)
        .read_to_end(&mut bytes)
        .context("the pack is not a whole xz file")?;
    Ok(bytes)
}

/// The pack's layout, uncompressed (the module's comment).
fn layout(files: &[(String, Vec<u8>)]) -> anyhow::Result<Vec<u8>> {
    ensure!(
        files.len() <= 256,
        "a pack names a file's functions in one byte"
    );
    let cuts = files
        .iter()
        .map(|(path, bytes)| cut_file(path, bytes).with_context(|| path.clone()))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    out.extend(u32_of(files.len())?);
    for ((path, _), cut) in files.iter().zip(&cuts) {
        out.extend(u32_of(path.len())?);
        out.extend(path.as_bytes());
        out.extend(u32_of(cut.head.len())?);
        out.extend(u32_of(cut.tail.len())?);
        out.extend(u32_of(cut.entries.len())?);
    }
    for cut in &cuts {
        out.extend(cut.head);
        out.extend(cut.tail);
    }
    // The files' functions merged, each file's order kept: at each step the next function of
    // one file, the one with the smallest key.
    let mut next = vec![0usize; cuts.len()];
    let mut heads = BinaryHeap::new();
    for (file, cut) in cuts.iter().enumerate() {
        if let Some(first) = cut.entries.first() {
            heads.push(Reverse((key(first), file)));
        }
    }
    let mut owners = Vec::<u8>::new();
    let (mut sizes, mut locals, mut code) = (Vec::new(), Vec::new(), Vec::new());
    while let Some(Reverse((_, file))) = heads.pop() {
        let (size, declared, instructions) = parts(cuts[file].entries[next[file]])?;
        owners.push(u8::try_from(file)?);
        sizes.extend_from_slice(size);
        locals.extend_from_slice(declared);
        code.extend_from_slice(instructions);
        next[file] += 1;
        if let Some(following) = cuts[file].entries.get(next[file]) {
            heads.push(Reverse((key(following), file)));
        }
    }
    for part in [owners, sizes, locals, code] {
        out.extend(part);
    }
    Ok(out)
}

/// A cursor over a pack.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> anyhow::Result<&'a [u8]> {
        let bytes = self
            .bytes
            .get(self.at..self.at + n)
            .with_context(|| format!("the pack ends in {what}"))?;
        self.at += n;
        Ok(bytes)
    }

    fn word(&mut self) -> anyhow::Result<usize> {
        Ok(u32::from_le_bytes(self.take(4, "its table of files")?.try_into()?) as usize)
    }
}

/// The files of a pack's uncompressed layout.
fn read_layout(pack: &[u8]) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut r = Reader { bytes: pack, at: 0 };
    let count = r.word()?;
    let mut table = Vec::new();
    for _ in 0..count {
        let length = r.word()?;
        let path = String::from_utf8(r.take(length, "a path")?.to_vec())?;
        table.push((path, r.word()?, r.word()?, r.word()?));
    }
    let mut parts = Vec::new();
    for (path, head, tail, functions) in table {
        let head = r.take(head, "a head")?.to_vec();
        let tail = r.take(tail, "a tail")?;
        parts.push((path, head, tail, functions));
    }
    let total: usize = parts.iter().map(|p| p.3).sum();
    let owners = r.take(total, "the functions' files")?;
    // Each function's size, then where its locals end, read from their own parts of the pack.
    let mut sizes = Vec::with_capacity(total);
    for _ in 0..total {
        let start = r.at;
        let size = leb(pack, &mut r.at)?;
        sizes.push((start, r.at, size));
    }
    let mut locals = Vec::with_capacity(total);
    for _ in 0..total {
        let start = r.at;
        for _ in 0..leb(pack, &mut r.at)? {
            leb(pack, &mut r.at)?;
            r.take(1, "a local's type")?;
        }
        locals.push((start, r.at));
    }
    let mut counted = vec![0usize; parts.len()];
    for ((&owner, (size_start, size_end, size)), (locals_start, locals_end)) in
        owners.iter().zip(sizes).zip(locals)
    {
        let code = size
            .checked_sub(locals_end - locals_start)
            .context("a function smaller than its locals")?;
        let code = r.take(code, "a function's code")?;
        let part = parts
            .get_mut(usize::from(owner))
            .context("a function of no file")?;
        part.1.extend(&pack[size_start..size_end]);
        part.1.extend(&pack[locals_start..locals_end]);
        part.1.extend(code);
        counted[usize::from(owner)] += 1;
    }
    ensure!(r.at == pack.len(), "the pack holds more than its files");
    ensure!(
        parts.iter().zip(&counted).all(|(p, &n)| p.3 == n),
        "a file's functions are not the number its table gives"
    );
    Ok(parts
        .into_iter()
        .map(|(path, mut bytes, tail, _)| {
            bytes.extend(tail);
            (path, bytes)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with a type, `bodies.len()` functions of that type, and a data section after.
    fn module(bodies: &[&[u8]]) -> Vec<u8> {
        let mut m = wasm_encoder::Module::new();
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], [wasm_encoder::ValType::I32]);
        m.section(&types);
        let mut functions = wasm_encoder::FunctionSection::new();
        for _ in bodies {
            functions.function(0);
        }
        m.section(&functions);
        let mut memory = wasm_encoder::MemorySection::new();
        memory.memory(wasm_encoder::MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        m.section(&memory);
        let mut code = wasm_encoder::CodeSection::new();
        for constant in bodies {
            let mut f = wasm_encoder::Function::new([]);
            for &c in *constant {
                f.instructions().i32_const(i32::from(c)).drop();
            }
            f.instructions().i32_const(7).end();
            code.function(&f);
        }
        m.section(&code);
        let mut data = wasm_encoder::DataSection::new();
        data.active(
            0,
            &wasm_encoder::ConstExpr::i32_const(0),
            b"tail".iter().copied(),
        );
        m.section(&data);
        m.finish()
    }

    #[test]
    fn every_file_comes_back_byte_for_byte_with_its_functions_in_order() {
        let files = vec![
            ("/a.wasm".to_owned(), module(&[&[3, 1], &[2], &[9, 9, 9]])),
            ("/b.wasm".to_owned(), module(&[&[2], &[1, 1]])),
            ("/c.wasm".to_owned(), module(&[])),
            // Surveys and messages, whole.
            ("/messages/en.txt".to_owned(), b"cancel = Cancel\n".to_vec()),
            ("/surveys/s.json".to_owned(), b"{\"id\":\"s\"}".to_vec()),
        ];
        for (_, wasm) in files.iter().filter(|(p, _)| p.ends_with(".wasm")) {
            wasmparser::Validator::new().validate_all(wasm).unwrap();
        }
        let packed = pack(&files).unwrap();
        assert_eq!(unpack(&packed).unwrap(), files);
    }

    #[test]
    fn alike_functions_of_different_files_sit_side_by_side() {
        let long: Vec<u8> = (0..40).collect();
        let files = vec![
            ("/a.wasm".to_owned(), module(&[&long, &[5]])),
            ("/b.wasm".to_owned(), module(&[&long, &[6]])),
        ];
        let packed = layout(&files).unwrap();
        // Each alike pair side by side: a's and b's long ones, then a's and b's short ones.
        let owners_at = packed.len()
            - files
                .iter()
                .map(|(_, w)| cut(w).unwrap().entries.concat().len())
                .sum::<usize>()
            - 4;
        assert_eq!(&packed[owners_at..owners_at + 4], &[0, 1, 0, 1]);
    }

    #[test]
    fn a_damaged_pack_is_refused_not_rebuilt_wrong() {
        let files = vec![("/a.wasm".to_owned(), module(&[&[1], &[2]]))];
        let plain = layout(&files).unwrap();
        assert!(read_layout(&plain[..plain.len() - 1]).is_err());
        let mut longer = plain.clone();
        longer.push(0);
        assert!(read_layout(&longer).is_err());
        // As sent: cut short, followed by more, or with one byte changed.
        let packed = pack(&files).unwrap();
        assert_eq!(unpack(&packed).unwrap(), files);
        assert!(unpack(&packed[..packed.len() - 1]).is_err());
        let mut longer = packed.clone();
        longer.extend(b"more than xz's padding");
        assert!(unpack(&longer).is_err());
        let mut changed = packed.clone();
        changed[packed.len() / 2] ^= 0x10;
        assert!(unpack(&changed).is_err());
        assert!(pack(&[("/x.wasm".to_owned(), b"not wasm".to_vec())]).is_err());
    }

    #[test]
    fn the_pack_is_sent_as_xz() {
        let files = vec![("/a.wasm".to_owned(), module(&[&[1; 200], &[1; 200]]))];
        let packed = pack(&files).unwrap();
        assert!(packed.starts_with(b"\xfd7zXZ\0"));
        assert!(packed.len() < layout(&files).unwrap().len());
    }
}
