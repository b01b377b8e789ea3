#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! Who may answer for an embedded player: the vendor's hosts over https, as
//! the official clients take them, or a self-hosted `src` as written; and the
//! first origin that answers is the only one after.

use shoppable::model::frame_origin::{reply_origins, upgrade, OriginLock};

const YOUTUBE: &[&str] = &[
    "www.youtube.com",
    "youtube.com",
    "www.youtube-nocookie.com",
    "youtube-nocookie.com",
    "m.youtube.com",
];
const VIMEO: &[&str] = &["player.vimeo.com"];

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn vendor_http_is_upgraded_and_nothing_else_is() {
    let cases = [
        ("http://www.youtube.com", YOUTUBE, "https://www.youtube.com"),
        (
            "https://www.youtube.com",
            YOUTUBE,
            "https://www.youtube.com",
        ),
        ("http://player.vimeo.com", VIMEO, "https://player.vimeo.com"),
        (
            "http://player.vimeo.com:8080",
            VIMEO,
            "https://player.vimeo.com:8080",
        ),
        // Not the vendor's: as written (local stand-ins, self-hosted copies).
        ("http://127.0.0.1:4173", YOUTUBE, "http://127.0.0.1:4173"),
        (
            "http://youtube.com.example",
            YOUTUBE,
            "http://youtube.com.example",
        ),
        ("http://vimeo.com", VIMEO, "http://vimeo.com"),
        ("http://www.youtube.com", VIMEO, "http://www.youtube.com"),
    ];
    for (origin, hosts, want) in cases {
        assert_eq!(upgrade(origin, hosts), want, "{origin}");
    }
}

#[test]
fn a_vendor_frame_may_answer_from_any_vendor_host_its_own_first() {
    assert_eq!(
        reply_origins("http://youtube.com", YOUTUBE),
        strings(&[
            "https://youtube.com",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://youtube-nocookie.com",
            "https://m.youtube.com",
        ])
    );
    assert_eq!(
        reply_origins("https://player.vimeo.com", VIMEO),
        strings(&["https://player.vimeo.com"])
    );
    assert_eq!(
        reply_origins("http://localhost:4173", YOUTUBE),
        strings(&["http://localhost:4173"])
    );
}

#[test]
fn the_first_origin_that_answers_locks() {
    let candidates = reply_origins("https://www.youtube.com", YOUTUBE);
    let mut lock = OriginLock::default();
    assert_eq!(
        lock.targets(candidates.clone()),
        candidates,
        "greets every candidate"
    );
    assert!(!lock.admit("https://evil.example", &candidates));
    assert!(
        !lock.admit("http://www.youtube.com", &candidates),
        "not over http"
    );
    assert_eq!(lock.locked(), None);
    assert!(lock.admit("https://www.youtube-nocookie.com", &candidates));
    assert_eq!(lock.locked(), Some("https://www.youtube-nocookie.com"));
    assert!(
        !lock.admit("https://www.youtube.com", &candidates),
        "another vendor host after the lock"
    );
    assert!(lock.admit("https://www.youtube-nocookie.com", &candidates));
    assert_eq!(
        lock.targets(candidates.clone()),
        strings(&["https://www.youtube-nocookie.com"])
    );
    lock.clear();
    assert!(lock.admit("https://www.youtube.com", &candidates));
}
