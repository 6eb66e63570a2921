//! `bilan-server backup`: a copy of a running server's SQLite database, which a server started
//! on it serves as the original did: its tables, its tokens, and the same perturbations at the
//! next release (the secret came along). A refused copy changes nothing.

use crate::export::undated;
use crate::fixture::*;
use axum::http::StatusCode;

/// An empty folder of this test run's own, named after `label`.
fn fresh_dir(label: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("bilan-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `bilan-server backup TO --database URL`.
fn backup(url: &str, to: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_bilan-server"))
        .arg("backup")
        .arg(to)
        .args(["--database", url])
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_copy_taken_while_the_server_runs_serves_the_same_tables_and_noise() {
    let dir = fresh_dir("backup");
    let url = format!("sqlite://{}", dir.join("bilan.db").display());
    let fx = Fixture::new(&url, None).await;
    let now = bilan_server::routes::figures::now_millis();
    bilan_server::demo::seed(&fx.state, now, 11).await.unwrap();
    // Contributions counted and not yet published: the next release will draw them.
    let people: Vec<_> = (0..12)
        .map(|i| contribution(&format!("after-{i}"), "benevoles", ["2", "3", "4"][i % 3]))
        .collect();
    let (status, _) = fx.send(&people).await;
    assert_eq!(status, StatusCode::OK);
    let before_raw = fx.raw().await;
    // The server's pool is open and its writes sit in the write-ahead log beside the file,
    // which a copy of the file alone would miss.
    let wal = dir.join("bilan.db-wal");
    assert!(
        std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0),
        "the test needs writes waiting in the log"
    );

    let copy = dir.join("copie.db");
    let done = backup(&url, &copy);
    assert!(done.status.success(), "{done:?}");
    let said = String::from_utf8_lossy(&done.stderr);
    assert!(
        said.contains(&format!("wrote {}", copy.display())),
        "{said}"
    );
    assert!(said.contains("--database sqlite://"), "{said}");
    // Nothing of the run is left beside it.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // A server on the copy: the original's board token opens it, and it serves the same
    // spreadsheet and the same raw counts.
    let copy_url = format!("sqlite://{}", copy.display());
    let restored = Fixture::new(&copy_url, None).await;
    assert_eq!(restored.raw().await, before_raw);
    let year = year();
    let sheet = format!("/api/v1/export?survey=auto-evaluation&period={year}&format=ods&lang=fr");
    let (status, _, original) = fx.download(&sheet, &fx.board).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, copied) = restored.download(&sheet, &fx.board).await;
    assert_eq!(status, StatusCode::OK, "the original's tokens came along");
    assert_eq!(undated(copied), undated(original));

    // The next release, on each: the same tables, the same perturbations.
    let published = fx.release().await;
    assert!(!published.is_empty(), "the contributions sent move a table");
    assert_eq!(restored.release().await, published);
    let period = year.to_string();
    for dimension in ["", "college:benevoles"] {
        // Published a few milliseconds apart, and otherwise the same.
        let published = async |fx: &Fixture| {
            let (status, mut table) = fx.table(&period, dimension).await;
            assert_eq!(status, StatusCode::OK, "{table}");
            table.as_object_mut().unwrap().remove("published_at");
            table
        };
        assert_eq!(published(&restored).await, published(&fx).await);
    }

    // A second copy under the same name is refused, and the first stays as it was.
    let first = std::fs::read(&copy).unwrap();
    let again = backup(&url, &copy);
    assert!(!again.status.success());
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("already exists"), "{said}");
    assert_eq!(std::fs::read(&copy).unwrap(), first);

    // A mistyped database is named, and not created.
    let missing = dir.join("nulle-part.db");
    let refused = backup(
        &format!("sqlite://{}", missing.display()),
        &dir.join("x.db"),
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("no database at"),
        "{refused:?}"
    );
    assert!(!missing.exists() && !dir.join("x.db").exists());

    // PostgreSQL has its own tool, which the refusal names.
    let refused = backup("postgres://bilan@127.0.0.1:1/bilan", &dir.join("pg.db"));
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("pg_dump"),
        "{refused:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_copy_onto_a_full_disk_is_refused_and_leaves_nothing() {
    let dir = fresh_dir("backup-full");
    let small = dir.join("petit-disque");
    std::fs::create_dir_all(&small).unwrap();
    let url = format!("sqlite://{}", dir.join("bilan.db").display());
    let fx = Fixture::new(&url, None).await;
    let now = bilan_server::routes::figures::now_millis();
    bilan_server::demo::seed(&fx.state, now, 11).await.unwrap();
    let disk = crate::sync::SmallDisk::mount(&small);
    crate::sync::fill(&small.join("filler"));
    let sheet = format!(
        "/api/v1/export?survey=auto-evaluation&period={}&format=ods&lang=fr",
        year()
    );
    let before = (
        fx.raw().await,
        undated(fx.download(&sheet, &fx.board).await.2),
    );

    let copy = small.join("copie.db");
    let refused = backup(&url, &copy);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("cannot copy the database") && said.contains("full"),
        "{said}"
    );
    // No copy, whole or partial, and the database as it was.
    let names: Vec<_> = std::fs::read_dir(&small)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["filler"]);
    let after = (
        fx.raw().await,
        undated(fx.download(&sheet, &fx.board).await.2),
    );
    assert!(after == before, "the database changed");
    // With room again, the same command writes it.
    std::fs::remove_file(small.join("filler")).unwrap();
    let done = backup(&url, &copy);
    assert!(done.status.success(), "{done:?}");
    drop(disk);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_server_keeps_copies_of_its_database_the_latest_ones_only() {
    use bilan_server::db::copy::{CopyError, Kept};
    let dir = fresh_dir("kept");
    let copies = dir.join("copies");
    std::fs::create_dir_all(&copies).unwrap();
    // Files of someone else's in the folder stay as they are.
    for theirs in ["notes.txt", "bilan.db"] {
        std::fs::write(copies.join(theirs), theirs).unwrap();
    }
    let url = format!("sqlite://{}", dir.join("bilan.db").display());
    let fx = Fixture::new(&url, None).await;
    let kept = Kept::new(&url, copies.clone(), 2, &dir.join("dist")).unwrap();
    let start = bilan_server::routes::figures::now_millis();
    kept.take(start).await.unwrap();
    kept.take(start + 1_000).await.unwrap();
    fx.send(&[contribution("later", "benevoles", "3")]).await;
    let last = kept.take(start + 2_000).await.unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&copies)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(&names[2..], ["bilan.db", "notes.txt"]);
    assert!(
        names[0].starts_with("bilan-2") && names[0] < names[1],
        "{names:?}"
    );
    assert_eq!(copies.join(&names[1]), last.to);
    // The latest holds what was sent before it.
    let restored = Fixture::new(&format!("sqlite://{}", last.to.display()), None).await;
    assert_eq!(restored.raw().await, fx.raw().await);
    // A day without a release takes one copy, not one a minute.
    let before = std::fs::read_dir(&copies).unwrap().count();
    kept.tick(false, start + 60_000).await;
    assert_eq!(std::fs::read_dir(&copies).unwrap().count(), before);
    kept.tick(false, start + 2_000 + 86_400_000).await;
    let newest = std::fs::read_dir(&copies)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .max()
        .unwrap();
    assert!(newest > names[1], "{newest}");
    // PostgreSQL is copied with its own tool: said before the server opens anything.
    assert!(matches!(
        Kept::new(
            "postgres://bilan@127.0.0.1:1/bilan",
            copies.clone(),
            2,
            &dir
        ),
        Err(CopyError::Postgres)
    ));
    // Nor inside the folder the server hands out: anyone could download them.
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    assert!(matches!(
        Kept::new(&url, dist.join("copies"), 2, &dist),
        Err(CopyError::Served(_))
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_server_told_to_keep_copies_takes_one_as_it_starts() {
    use tokio::io::AsyncBufReadExt as _;
    let dir = fresh_dir("kept-serve");
    let copies = dir.join("copies");
    let serve = |database: String| {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_bilan-server"))
            .args(["serve", "--addr", "127.0.0.1:0", "--database", &database])
            .arg("--dist")
            .arg(dir.join("no-app"))
            .arg("--backup-dir")
            .arg(&copies)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap()
    };
    let mut server = serve(format!("sqlite://{}", dir.join("bilan.db").display()));
    let stdout = server.stdout.take().unwrap();
    let line = tokio::io::BufReader::new(stdout)
        .lines()
        .next_line()
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(line.contains("listening"), "{line}");
    let copy = async {
        loop {
            let found: Vec<_> = std::fs::read_dir(&copies)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with("Z.db"))
                .collect();
            if !found.is_empty() {
                return found;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    };
    let found = tokio::time::timeout(std::time::Duration::from_secs(20), copy)
        .await
        .expect("a copy as the server starts");
    assert_eq!(found.len(), 1, "{found:?}");
    server.kill().await.unwrap();

    // On PostgreSQL the server refuses to start, and says which tool copies it.
    let refused = serve("postgres://bilan@127.0.0.1:1/bilan".to_owned())
        .wait_with_output()
        .await
        .unwrap();
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("pg_dump"), "{said}");
    let _ = std::fs::remove_dir_all(&dir);
}
