//! The page's Content Security Policy: the app reaches only the server that served it and runs
//! only its own scripts, so that a script slipped into the page could not send anyone's answers
//! elsewhere; and no other site shows it in a frame. (Every end-to-end test runs under the
//! policy too: `Browser::close` fails on anything it refused.)

use crate::harness::{Browser, Server};

#[tokio::test]
async fn the_page_runs_only_its_own_scripts_and_reaches_only_its_server() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.wait_text("h1", "Mon parcours").await?;
    assert!(
        browser.policy_refusals().await?.is_empty(),
        "the app itself runs under its policy"
    );

    // A script written into the page does not run, and a request to another address (the same
    // server, under another name) does not leave.
    let elsewhere = server.url.replace("127.0.0.1", "localhost");
    let outcome = c
        .execute_async(
            "const [elsewhere, done] = arguments; window.__ran = false; \
             const s = document.createElement('script'); s.textContent = 'window.__ran = true'; \
             document.body.append(s); \
             fetch(elsewhere + '/api/v1/health', { mode: 'no-cors' }) \
               .then(() => done('sent'), () => done(window.__ran ? 'ran' : 'refused'));",
            vec![elsewhere.clone().into()],
        )
        .await?;
    assert_eq!(outcome.as_str(), Some("refused"));
    let refused = browser.policy_refusals().await?;
    assert!(
        refused.iter().any(|r| r.contains("script-src")),
        "{refused:?}"
    );
    assert!(
        refused
            .iter()
            .any(|r| r.contains("connect-src") && r.contains("localhost")),
        "{refused:?}"
    );
    // Nor does a style written into the page, in an element or an attribute: styles come from
    // the app's own sheet (a style can carry data out in an address, or hide and restyle what
    // the page asks).
    let styled = c
        .execute(
            "const probe = document.createElement('p'); probe.id = 'probe'; \
             probe.setAttribute('style', 'color: rgb(1, 2, 3)'); document.body.append(probe); \
             const s = document.createElement('style'); \
             s.textContent = '#probe { background-color: rgb(4, 5, 6) }'; document.head.append(s); \
             const seen = getComputedStyle(probe); \
             return [seen.color, seen.backgroundColor].join(' ');",
            vec![],
        )
        .await?;
    let styled = styled.as_str().unwrap_or_default();
    assert!(
        !styled.contains("rgb(1, 2, 3)") && !styled.contains("rgb(4, 5, 6)"),
        "{styled}"
    );
    // Both refusals said (the console may hand them over a moment later).
    let mut refused = Vec::new();
    for _ in 0..50 {
        refused.extend(browser.policy_refusals().await?);
        if refused.iter().filter(|r| r.contains("style-src")).count() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        refused.iter().filter(|r| r.contains("style-src")).count() >= 2,
        "{refused:?}"
    );
    // The same request from the test, outside the page, is answered: it was the policy.
    let answered = reqwest::get(format!("{elsewhere}/api/v1/health")).await?;
    assert!(answered.status().is_success());

    // Every response forbids type sniffing and sends no page's address; the page, at any of
    // its addresses (and a 404 in JSON is no page), forbids framing, the camera and other
    // windows' hold, which mean nothing on a file (they weighed 5 KiB over a first visit's
    // files); the page says its policy itself.
    for (path, page) in [
        ("/", true),
        ("/parcours", true),
        ("/vos-donnees", true),
        ("/api/v1/health", false),
        ("/sw.js", false),
        ("/surveys/index.json", false),
    ] {
        let response = reqwest::get(format!("{}{path}", server.url)).await?;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        if !page {
            for name in [
                "content-security-policy",
                "x-frame-options",
                "permissions-policy",
            ] {
                assert!(!headers.contains_key(name), "{path}: {name}");
            }
            continue;
        }
        assert_eq!(
            headers["content-security-policy"], "frame-ancestors 'none'",
            "{path}"
        );
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(
            headers["cross-origin-opener-policy"], "same-origin",
            "{path}"
        );
        assert!(
            headers["permissions-policy"]
                .to_str()?
                .contains("camera=()"),
            "{path}"
        );
    }
    let page = reqwest::get(format!("{}/", server.url))
        .await?
        .text()
        .await?;
    assert!(
        page.contains("http-equiv=\"Content-Security-Policy\"")
            && page.contains("default-src 'self'"),
        "{page}"
    );
    browser.close().await
}
