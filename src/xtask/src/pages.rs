//! The app's addresses and the groups of chunks each one's first screen runs: `index.html`
//! fetches and compiles them before the app runs, and the build makes an offline pack for each
//! page a device may open first. One table, so that the page's script and the packs agree.

/// A kind of page, by the router's addresses (`src/bilan-web/src/lib.rs`).
pub struct Page {
    /// What `cargo xtask size` calls it.
    pub name: &'static str,
    /// A JavaScript regular expression its address matches; the first page that matches wins.
    pub path: &'static str,
    /// The split's groups its first screen runs (the device's start after it, on every page).
    pub groups: &'static [&'static str],
    /// Whether the service worker keeps the app for offline after it: not on a phone joining a
    /// session, which keeps nothing it will not use.
    pub offline: bool,
}

/// Every address that runs a group's chunks at once; any other page (the home screen, an
/// unknown address) starts with the first module alone.
pub const PAGES: [Page; 8] = [
    Page {
        name: "a participant's phone",
        path: "^/rejoindre/",
        groups: &["participant"],
        offline: false,
    },
    Page {
        name: "a progress chart",
        path: "^/progres/",
        groups: &["journey", "charts"],
        offline: true,
    },
    // A holder's survey on paper is drawn by the sessions' paper page.
    Page {
        name: "a survey on paper",
        path: "^/papier/",
        groups: &["sessions"],
        offline: true,
    },
    Page {
        name: "a survey",
        path: "^/parcours",
        groups: &["journey"],
        offline: true,
    },
    Page {
        name: "a session's results",
        path: "^/seances/[^/]+/resultats",
        groups: &["sessions", "charts"],
        offline: true,
    },
    Page {
        name: "a session",
        path: "^/seances",
        groups: &["sessions"],
        offline: true,
    },
    Page {
        name: "your data",
        path: "^/vos-donnees",
        groups: &["journey"],
        offline: true,
    },
    Page {
        name: "the board",
        path: "^/tableau-de-bord",
        groups: &["board", "charts"],
        offline: true,
    },
];

/// The split's groups whose pages read the words only they say (`messages/fr-later.txt`, and
/// `en-later.txt` in English) beside their chunks, as the app's `routes::show` does: `index.html`
/// asks for them early on those pages, and `cargo xtask size` counts them in their routes.
pub const LATER_WORDS_GROUPS: [&str; 3] = ["journey", "sessions", "board"];

/// The table as `index.html`'s script reads it: `[[pattern, [group, …]], …]`.
pub fn for_script() -> anyhow::Result<String> {
    let pages: Vec<(&str, &[&str])> = PAGES.iter().map(|p| (p.path, p.groups)).collect();
    Ok(serde_json::to_string(&pages)?)
}

/// The first pages a device may open before the service worker keeps the rest, with the groups
/// each loads: the home screen (none) first, then every page that keeps the app for offline.
pub fn first_pages() -> impl Iterator<Item = (&'static str, &'static [&'static str])> {
    std::iter::once(("the home screen", &[][..])).chain(
        PAGES
            .iter()
            .filter(|page| page.offline)
            .map(|page| (page.name, page.groups)),
    )
}

/// The chunks a first page has loaded before the service worker keeps the rest: the device's,
/// which every such page starts after its first screen, and those of its `names` groups, each
/// once. `groups` are the split's, by name, with their files.
pub fn loaded_by(groups: &[(String, Vec<String>)], names: &[&str]) -> anyhow::Result<Vec<String>> {
    let mut loaded: Vec<String> = Vec::new();
    for name in std::iter::once(&"device").chain(names) {
        let (_, files) = groups
            .iter()
            .find(|(group, _)| group == name)
            .ok_or_else(|| anyhow::anyhow!("the split has no {name} group"))?;
        for file in files {
            if !loaded.contains(file) {
                loaded.push(file.clone());
            }
        }
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_reads_each_pattern_with_its_groups_in_order() {
        let script = for_script().unwrap();
        assert!(script.starts_with(r#"[["^/rejoindre/",["participant"]],["^/progres/","#));
        assert!(script.contains(r#"["^/seances/[^/]+/resultats",["sessions","charts"]]"#));
    }

    #[test]
    fn the_first_pages_are_the_home_screen_and_those_that_keep_the_app() {
        let names: Vec<&str> = first_pages().map(|(name, _)| name).collect();
        assert_eq!(names[0], "the home screen");
        assert!(!names.contains(&"a participant's phone"));
        assert_eq!(names.len(), PAGES.len());
    }

    #[test]
    fn a_page_loads_the_devices_chunks_and_its_groups_each_once() {
        let groups = vec![
            (
                "device".to_owned(),
                vec!["d.wasm".to_owned(), "c7.wasm".to_owned()],
            ),
            (
                "journey".to_owned(),
                vec!["j.wasm".to_owned(), "c7.wasm".to_owned()],
            ),
            (
                "charts".to_owned(),
                vec!["g.wasm".to_owned(), "c7.wasm".to_owned()],
            ),
        ];
        assert_eq!(loaded_by(&groups, &[]).unwrap(), ["d.wasm", "c7.wasm"]);
        assert_eq!(
            loaded_by(&groups, &["journey", "charts"]).unwrap(),
            ["d.wasm", "c7.wasm", "j.wasm", "g.wasm"]
        );
        let missing = loaded_by(&groups, &["board"]).unwrap_err().to_string();
        assert!(missing.contains("no board group"), "{missing}");
    }
}
