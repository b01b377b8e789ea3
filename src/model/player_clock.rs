//! The clock of a player we cannot read directly (a YouTube or Vimeo embed in
//! an `<iframe>`): it says where it is a few times a second, and between its
//! reports the time is extrapolated, `t = last + (now − at) × rate`, so tags
//! move smoothly. Times are in seconds, `now` in milliseconds (any monotonic
//! clock, e.g. `performance.now()`).
//!
//! Two things make the extrapolation honest. A report that lags a little
//! behind the prediction never moves the time back (`floor`), while one far
//! from it is a seek and is taken at once ([`JUMP_SECONDS`]). And the clock
//! runs only while the player says it plays and does not buffer: a stall
//! ([`Report::Buffering`]) holds it where it is.

/// A reported time further than this from the prediction is a seek (YouTube
/// sends no seek event): the clock jumps to it at once.
pub const JUMP_SECONDS: f64 = 0.5;
/// After we ask for a seek, reports still carrying the old time are ignored
/// for this long (a seek takes the player a moment).
pub const SEEK_GRACE_MS: f64 = 1000.0;

/// What a player said, as the clock understands it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Report {
    /// A time reported in passing (timeupdate, infoDelivery, a getter's answer).
    Time(f64),
    /// The player says it seeked: taken as is, even backwards.
    Seeked(f64),
    /// `advancing` is whether time runs as far as the play state goes:
    /// playing, and not buffering when the player folds buffering into its
    /// state (YouTube's state 3).
    Playback {
        paused: bool,
        ended: bool,
        advancing: bool,
    },
    /// The player started (`true`) or stopped (`false`) buffering while its
    /// play state stays as it was (Vimeo's `bufferstart` / `bufferend`).
    Buffering(bool),
    Rate(f64),
    Duration(f64),
}

/// The last reported time, when it was reported, and whether it runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clock {
    time: f64,
    at: f64,
    rate: f64,
    /// What the last [`Report::Playback`] said about time running.
    playing: bool,
    /// Between [`Report::Buffering`]`(true)` and `(false)`.
    stalled: bool,
    paused: bool,
    ended: bool,
    /// The last time published while advancing: extrapolation never goes
    /// below it, so a late report does not make tags step back.
    floor: f64,
    duration: f64,
    /// Until when (ms) reports far from `time` are stale: we asked for a seek.
    seek_until: f64,
}

impl Clock {
    /// A paused player at 0 s, rate 1, duration unknown (0).
    pub fn new(now: f64) -> Clock {
        Clock {
            time: 0.0,
            at: now,
            rate: 1.0,
            playing: false,
            stalled: false,
            paused: true,
            ended: false,
            floor: f64::NEG_INFINITY,
            duration: 0.0,
            seek_until: 0.0,
        }
    }

    /// Whether time runs: the player plays and does not buffer.
    pub fn advancing(&self) -> bool {
        self.playing && !self.stalled
    }

    pub fn paused(&self) -> bool {
        self.paused
    }

    pub fn ended(&self) -> bool {
        self.ended
    }

    pub fn rate(&self) -> f64 {
        self.rate
    }

    pub fn duration(&self) -> f64 {
        self.duration
    }

    /// The time at `now`: the last report, extrapolated while advancing (never
    /// below the floor, never past a known duration).
    pub fn at(&self, now: f64) -> f64 {
        let mut t = self.time;
        if self.advancing() {
            t = (t + (now - self.at) / 1000.0 * self.rate).max(self.floor);
            if self.duration > 0.0 {
                t = t.min(self.duration);
            }
        }
        t
    }

    /// The time shown on a frame at `now`; later reports never go below it.
    pub fn frame(&mut self, now: f64) -> f64 {
        let t = self.at(now);
        self.floor = self.floor.max(t);
        t
    }

    /// We asked the player to seek to `t`: the clock moves there at once, and
    /// reports of the old time that arrive while the player gets there are
    /// ignored.
    pub fn seek(&mut self, t: f64, now: f64) {
        self.apply(Report::Seeked(t), now);
        self.seek_until = now + SEEK_GRACE_MS;
    }

    fn anchor(&mut self, t: f64, now: f64) {
        self.time = t;
        self.at = now;
    }

    /// Re-anchors at the current time and sets what makes time run, so the
    /// change applies from `now` on.
    fn set_running(&mut self, now: f64, change: impl FnOnce(&mut Clock)) {
        let t = self.at(now);
        self.anchor(t, now);
        change(self);
        self.floor = if self.advancing() {
            t
        } else {
            f64::NEG_INFINITY
        };
    }

    pub fn apply(&mut self, r: Report, now: f64) {
        match r {
            Report::Time(t) => {
                let predicted = self.at(now);
                if now < self.seek_until && (t - predicted).abs() > JUMP_SECONDS {
                    return; // still the time from before our seek
                }
                if self.advancing() && (t - predicted).abs() <= JUMP_SECONDS {
                    // Normal drift: follow the report, never stepping back.
                    self.floor = self.floor.max(predicted);
                } else {
                    self.floor = f64::NEG_INFINITY; // a seek (or held): take it as is
                }
                self.anchor(t, now);
            }
            Report::Seeked(t) => {
                self.seek_until = 0.0;
                self.floor = f64::NEG_INFINITY;
                self.anchor(t, now);
            }
            Report::Playback {
                paused,
                ended,
                advancing,
            } => self.set_running(now, |c| {
                c.playing = advancing;
                c.paused = paused;
                c.ended = ended;
            }),
            Report::Buffering(stalled) => self.set_running(now, |c| c.stalled = stalled),
            Report::Rate(r) if r > 0.0 => {
                let t = self.at(now);
                self.anchor(t, now);
                self.rate = r;
            }
            Report::Rate(_) => {}
            Report::Duration(d) if d >= 0.0 => self.duration = d,
            Report::Duration(_) => {}
        }
    }
}
