//! `enquete bench gates`, small: a day at the gates with every gate cut off at once for ten
//! minutes admits no ticket twice and refuses no valid first entry, while the naive rule
//! (admit offline whatever this phone has not seen) admits some twice on the same day.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails loudly at the first thing that is not as expected"
)]

use std::process::Command;

fn day(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_enquete"))
        .args(["bench", "gates"])
        .args(args)
        .env("ENQUETE_LOG", "warn")
        .output()
        .expect("run enquete");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.lines().last().unwrap()).unwrap()
}

#[test]
fn no_ticket_enters_twice_whatever_the_network_does() {
    for (seed, groups) in [("1", "2"), ("7", "4")] {
        let f = day(&[
            "--tickets",
            "1200",
            "--gates",
            "8",
            "--groups",
            groups,
            "--duplicates",
            "0.2",
            "--partition-minutes",
            "10",
            "--seed",
            seed,
        ]);
        assert_eq!(f["admitted_twice"], 0, "{f}");
        assert_eq!(f["server_double_entries"], 0, "{f}");
        assert_eq!(f["refused_valid"], 0, "{f}");
        assert_eq!(f["admitted"], 1200, "{f}");
        assert_eq!(f["server_entries"], 1200, "{f}");
        // The day is one where it matters: gates decided offline, copies came, and the naive
        // rule let some in twice.
        assert!(f["offline_admissions"].as_u64().unwrap() > 50, "{f}");
        assert!(f["copy_scans_refused"].as_u64().unwrap() > 100, "{f}");
        assert!(f["naive_admitted_twice"].as_u64().unwrap() > 0, "{f}");
        assert_eq!(
            f["naive_admitted_twice"], f["naive_server_double_entries"],
            "{f}"
        );
    }
}

#[test]
fn bad_settings_are_refused_with_the_flag_named() {
    let out = Command::new(env!("CARGO_BIN_EXE_enquete"))
        .args(["bench", "gates", "--gates", "7", "--groups", "2"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--gates must be a multiple of --groups")
    );
}
