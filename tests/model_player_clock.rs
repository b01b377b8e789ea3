#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! The clock of an iframe player: extrapolated between reports, never back
//! for a late report, at once for a seek, and still while the player buffers.

use shoppable::model::player_clock::{Clock, Report, JUMP_SECONDS, SEEK_GRACE_MS};

const PLAYING: Report = Report::Playback {
    paused: false,
    ended: false,
    advancing: true,
};
const PAUSED: Report = Report::Playback {
    paused: true,
    ended: false,
    advancing: false,
};

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// A clock playing from `t` at `now` (ms).
fn playing_at(t: f64, now: f64) -> Clock {
    let mut c = Clock::new(0.0);
    c.apply(Report::Time(t), now);
    c.apply(PLAYING, now);
    c
}

#[test]
fn starts_paused_at_zero() {
    let c = Clock::new(500.0);
    assert!(c.paused() && !c.ended() && !c.advancing());
    assert_eq!((c.at(10_000.0), c.rate(), c.duration()), (0.0, 1.0, 0.0));
}

#[test]
fn extrapolates_while_playing_at_the_rate_and_stops_at_the_duration() {
    let mut c = playing_at(2.0, 1000.0);
    assert!(near(c.at(1500.0), 2.5));
    c.apply(Report::Rate(2.0), 2000.0); // at 3.0
    assert!(near(c.at(2500.0), 4.0));
    c.apply(Report::Duration(4.2), 2500.0);
    assert!(near(c.at(9000.0), 4.2), "{}", c.at(9000.0));
    c.apply(Report::Rate(0.0), 2500.0); // not a rate: ignored
    assert_eq!(c.rate(), 2.0);
}

#[test]
fn a_late_report_never_moves_time_back_but_a_jump_does() {
    let mut c = playing_at(10.0, 0.0);
    let shown = c.frame(1000.0); // 11.0 on screen
    c.apply(Report::Time(10.8), 1000.0); // 0.2 s late
    assert!(c.at(1000.0) >= shown, "{} < {shown}", c.at(1000.0));
    assert!(near(c.at(1200.0), 11.0), "{}", c.at(1200.0)); // follows the report once past the floor
    c.apply(Report::Time(11.0 - JUMP_SECONDS - 0.1), 1200.0); // a seek back
    assert!(near(c.at(1200.0), 10.4), "{}", c.at(1200.0));
}

#[test]
fn our_seek_ignores_stale_reports_for_the_grace_period() {
    let mut c = playing_at(10.0, 0.0);
    c.seek(3.0, 1000.0);
    assert!(near(c.at(1000.0), 3.0));
    c.apply(Report::Time(11.2), 1200.0); // the player had not got there yet
    assert!(near(c.at(1200.0), 3.2), "{}", c.at(1200.0));
    c.apply(Report::Time(12.0), 1000.0 + SEEK_GRACE_MS + 1.0); // after the grace: a jump
    assert!(near(c.at(1000.0 + SEEK_GRACE_MS + 1.0), 12.0));
}

#[test]
fn paused_reports_are_taken_as_they_are() {
    let mut c = Clock::new(0.0);
    c.apply(PAUSED, 0.0);
    c.apply(Report::Time(7.5), 100.0);
    assert_eq!(c.at(5000.0), 7.5);
    c.apply(Report::Time(7.4), 200.0); // even a small step back
    assert_eq!(c.at(5000.0), 7.4);
    c.apply(Report::Seeked(2.0), 300.0);
    assert_eq!(c.at(5000.0), 2.0);
}

#[test]
fn buffering_holds_the_clock_and_bufferend_resumes_only_a_playing_player() {
    let mut c = playing_at(5.0, 0.0);
    c.apply(Report::Buffering(true), 1000.0); // stalled at 6.0
    assert!(!c.advancing() && !c.paused(), "a stall is not a pause");
    assert_eq!(c.at(1000.0), 6.0);
    assert_eq!(c.at(4000.0), 6.0, "held while buffering");
    c.apply(Report::Buffering(false), 4000.0);
    assert!(c.advancing());
    assert!(near(c.at(4500.0), 6.5), "{}", c.at(4500.0));

    // Paused during the stall: the end of buffering does not start it.
    c.apply(Report::Buffering(true), 5000.0);
    c.apply(PAUSED, 5500.0);
    c.apply(Report::Buffering(false), 6000.0);
    assert!(c.paused() && !c.advancing());
    assert_eq!(c.at(9000.0), 7.0);

    // Play pressed while still buffering: time waits for the data.
    c.apply(Report::Buffering(true), 9000.0);
    c.apply(PLAYING, 9100.0);
    assert!(!c.advancing());
    assert_eq!(c.at(9900.0), 7.0);
    c.apply(Report::Buffering(false), 10_000.0);
    assert!(near(c.at(11_000.0), 8.0));
}

#[test]
fn ended_is_paused_and_still() {
    let mut c = playing_at(19.0, 0.0);
    c.apply(
        Report::Playback {
            paused: true,
            ended: true,
            advancing: false,
        },
        1000.0,
    );
    assert!(c.paused() && c.ended());
    assert_eq!(c.at(5000.0), 20.0);
}
