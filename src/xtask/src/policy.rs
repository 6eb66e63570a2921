//! The page's Content Security Policy: what the browser lets the app load, run and reach. The
//! app speaks only to the server that served it, so an injected script (a compromised
//! dependency, a bug that writes markup) could not send a person's answers anywhere else; and
//! only the page's own inline scripts run, named by their hashes.

use anyhow::{Context, bail};
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Every directive but the scripts' hashes, which the build adds. `default-src 'self'` holds
/// requests, workers and the manifest to the server that served the page; images may also be
/// the charts' own (`data:`, `blob:`); styles come from the app's style sheet only (the report's
/// page size is a rule the app adds to it); and `wasm-unsafe-eval` (below) compiles the app's
/// modules. `frame-ancestors`
/// cannot be said in a page: the server sends it as a header (`bilan_server`'s
/// `security_headers`).
const POLICY: &str = "default-src 'self'; img-src 'self' data: blob:; \
                      style-src 'self'; object-src 'none'; base-uri 'none'; \
                      form-action 'self'";

/// `page` with its policy as the first element of its head, after the character set: the
/// policy, plus the SHA-256 of each inline script, which the browser checks before running it.
/// A script the page loads by address must come from the server (`'self'`).
pub fn with_policy(page: &str) -> anyhow::Result<String> {
    let mut hashes = Vec::new();
    for script in scripts(page)? {
        let (tag, body) = (&page[script.tag.clone()], &page[script.body.clone()]);
        if tag.contains("src=") {
            if !body.trim().is_empty() {
                bail!("a <script src> with a body: {tag}");
            }
        } else {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
    }
    let policy = format!(
        "{POLICY}; script-src 'self' 'wasm-unsafe-eval' {}",
        hashes.join(" ")
    );
    let charset = "<meta charset=\"utf-8\">";
    let at = page
        .find(charset)
        .context("the page has no <meta charset=\"utf-8\"> to put its policy after")?
        + charset.len();
    Ok(format!(
        "{}\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">{}",
        &page[..at],
        &page[at..]
    ))
}

/// Where a `<script>` element stands in a page: its opening tag and its body.
pub struct Script {
    pub tag: std::ops::Range<usize>,
    pub body: std::ops::Range<usize>,
}

/// The page's `<script>` elements, in order; an error names one that does not end.
pub fn scripts(page: &str) -> anyhow::Result<Vec<Script>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = page[from..].find("<script").map(|at| at + from) {
        let open_end = page[start..]
            .find('>')
            .context("a <script> tag that does not end")?
            + start;
        let close = page[open_end..]
            .find("</script>")
            .context("a <script> without </script>")?
            + open_end;
        found.push(Script {
            tag: start..open_end + 1,
            body: open_end + 1..close,
        });
        from = close + "</script>".len();
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_inline_script_is_named_by_its_hash() {
        let page = "<!doctype html>\n<head>\n  <meta charset=\"utf-8\">\n  <script>go();</script>\n\
                    <script src=\"/a.js\"></script>\n</head>\n<body><script type=\"module\">\n  run();\n</script></body>\n";
        let out = with_policy(page).unwrap();
        let first = format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"go();"))
        );
        let second = format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"\n  run();\n"))
        );
        let meta = out.lines().nth(3).unwrap();
        assert!(
            meta.starts_with("  <meta http-equiv=\"Content-Security-Policy\""),
            "{out}"
        );
        assert!(
            meta.ends_with(&format!(
                "script-src 'self' 'wasm-unsafe-eval' {first} {second}\">"
            )),
            "{meta}"
        );
        assert!(meta.contains("default-src 'self';"));
        // The rest of the page as it was.
        assert_eq!(out.replace(&format!("{meta}\n"), ""), page);
    }

    #[test]
    fn a_page_it_cannot_read_is_refused() {
        assert!(with_policy("<head><script>x</script></head>").is_err());
        assert!(with_policy("<meta charset=\"utf-8\"><script>x").is_err());
        assert!(with_policy("<meta charset=\"utf-8\"><script src=\"/a.js\">x</script>").is_err());
    }
}
