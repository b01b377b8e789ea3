//! The life of one Buy tap's `Idempotency-Key`, as a pure state machine.
//!
//! A tap makes one key (a UUID: `crypto.randomUUID()`, or [`uuid_v4`] over
//! random bytes where that is missing) and one request body. Every try of that body
//! carries that key, so when a response is lost on the way back the server
//! recognises the retry and answers with the first result instead of
//! charging again. The key is forgotten only when the outcome is certain:
//! the order is confirmed, or the server refused it (a 4xx other than 408
//! and 429). After network errors or 5xx answers the outcome is *not*
//! certain (the order may exist), so giving up keeps the key: "Try again"
//! must [`Attempt::resume`] and resend the same body under it, never start
//! a new tap (a new payment token is a new body, which would need a new key
//! and could buy twice).
//!
//! Tries: at most [`MAX_TRIES`] per round, the n-th after [`BACKOFF_MS`]`[n-1]`:
//! at once, then 0.5 s, 1.5 s and 4 s later (6 s of waiting in all, short
//! enough for a viewer to wait through with a spinner), each wait stretched
//! by a random part of up to half its length ([`wait_ms`]) so that viewers
//! refused together (a `503 busy`) do not come back together. A server's
//! `Retry-After` raises the wait to at least what it asked; one asking for
//! more than [`MAX_RETRY_AFTER_MS`] ends the round at once (the viewer is told
//! and may try again later). Each try may take [`TRY_TIMEOUT_MS`]. The
//! policy stays pure: the caller passes in the clock, the random draw and
//! the `Retry-After` it read. The state is
//! serde-serializable so the caller can keep it, with the request body, in
//! `sessionStorage` under [`storage_key`] and carry on after a reload.

use crate::model::words::en::shop as w;
use serde::{Deserialize, Serialize};

/// Tries per round, the first included.
pub const MAX_TRIES: u8 = 4;

/// Wait before the n-th try of a round (index n - 1), in milliseconds.
pub const BACKOFF_MS: [u64; MAX_TRIES as usize] = [0, 500, 1_500, 4_000];

/// How long one try may take before the caller aborts it and counts it as
/// failed ([`Attempt::on_timeout`]).
///
/// Why 15 s: aborting a try is safe, because the retry carries the same key
/// and the server makes it wait for the first request's flow (up to 28 s,
/// then `503 in-progress`) and answers it with that flow's result; so the
/// limit need not cover the server's whole 28 s wait. It must cover a
/// healthy but slow order: the server gives the payment gateway 10 s by
/// default before it answers `payment-unavailable`, and 15 s leaves room
/// for the network and the store. Longer, and a stalled connection keeps a
/// viewer looking at "Placing your order…" past the point where people give
/// up on a payment; the progress line says when a try is taking long.
pub const TRY_TIMEOUT_MS: u64 = 15_000;

/// Longest `Retry-After` the widget waits for within a round. A server that
/// asks for more ends the round at once: the viewer is told (and may try
/// again under the same key) rather than watching a spinner for a minute.
pub const MAX_RETRY_AFTER_MS: u64 = 10_000;

/// How long to wait before sending the next try, which try it is (1-based),
/// and how long that try may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delay {
    pub ms: u64,
    pub try_number: u8,
    pub timeout_ms: u64,
}

/// The wait before a try: at least the schedule's `base_ms` and what the
/// server asked (`retry_after_ms`), plus up to half of that again by
/// `draw` (a uniform random number in `0..1`, e.g. `Math.random()`; values
/// outside are clamped). Jitter only lengthens a wait: a viewer never comes
/// back sooner than the schedule or the server said.
pub fn wait_ms(base_ms: u64, retry_after_ms: Option<u64>, draw: f64) -> u64 {
    let floor = base_ms.max(retry_after_ms.unwrap_or(0));
    let draw = if draw.is_nan() {
        0.0
    } else {
        draw.clamp(0.0, 1.0)
    };
    // At most half of `floor` (<= 10 s here): exact enough in an f64.
    floor + ((floor / 2) as f64 * draw) as u64
}

/// The seconds of a `Retry-After` header in its delta-seconds form
/// (RFC 9110 section 10.2.3), as milliseconds. The HTTP-date form and
/// anything else give `None` (the schedule's backoff applies): our server
/// sends seconds, and a date would need a trustworthy client clock.
pub fn parse_retry_after(value: &str) -> Option<u64> {
    let v = value.trim();
    if v.is_empty() || v.len() > 9 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse::<u64>().ok().map(|s| s * 1_000)
}

/// What the caller does after a try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Call [`Attempt::next_try`] and send again, same key, same body.
    Retry,
    Done(Outcome),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Confirmed,
    Failed(Failure),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Failure {
    /// The server refused the order (4xx); its problem document says why.
    /// Definitive: the key is forgotten.
    Rejected { status: u16 },
    /// Every try of the round failed on the network. Not definitive.
    Offline,
    /// The round ended on a try that took longer than [`TRY_TIMEOUT_MS`].
    /// Not definitive: the order may have been placed meanwhile.
    TimedOut,
    /// The round ended on a 5xx (or 408/429). Not definitive.
    ServerError { status: u16 },
}

impl Failure {
    /// True when sending the same body again can never succeed.
    pub fn is_definitive(self) -> bool {
        matches!(self, Failure::Rejected { .. })
    }

    /// Plain words for the viewer, a message of the shop's catalogue
    /// (`shop-failure-*`). For `Rejected`, prefer the problem document's
    /// `detail` or `ProblemType::viewer_words`.
    pub fn viewer_words(self) -> usize {
        match self {
            Failure::Rejected { .. } => w::FAILURE_REJECTED,
            Failure::Offline => w::FAILURE_OFFLINE,
            Failure::TimedOut => w::FAILURE_SLOW,
            Failure::ServerError { .. } => w::FAILURE_DOWN,
        }
    }
}

/// True when a response with this status should be tried again: 5xx (the
/// server failed, or the first try under this key is still in progress),
/// 408 Request Timeout and 429 Too Many Requests. Any other status is an
/// answer.
pub fn is_retryable(status: u16) -> bool {
    matches!(status, 500..=599 | 408 | 429)
}

/// One tap's checkout attempt. See the module docs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// `None` once forgotten.
    key: Option<String>,
    /// Of the body sent under `key` (`checkout::fingerprint`). Stored as
    /// 16 hex digits: a u64 above 2^53 does not survive a JS number.
    #[serde(with = "hex_u64")]
    fingerprint: u64,
    /// Tries started in this round.
    tries: u8,
    /// When the current try is (or was) due, in the caller's clock
    /// (`Date.now()`, which, unlike `performance.now()`, survives a reload).
    due_ms: Option<u64>,
    /// The wait the current try was given: asking again never waits longer.
    #[serde(default)]
    wait_ms: u64,
    /// What the last answer's `Retry-After` asked, in ms, for the next wait.
    #[serde(default)]
    retry_after_ms: Option<u64>,
    outcome: Option<Outcome>,
}

impl Attempt {
    pub fn new(key: String, fingerprint: u64) -> Attempt {
        Attempt {
            key: Some(key),
            fingerprint,
            tries: 0,
            due_ms: None,
            wait_ms: 0,
            retry_after_ms: None,
            outcome: None,
        }
    }

    /// The key to send, until it is forgotten.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Tries started in the current round.
    pub fn tries(&self) -> u8 {
        self.tries
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    /// Whether the caller should keep this in storage: as long as it has a key.
    pub fn should_store(&self) -> bool {
        self.key.is_some()
    }

    /// The wait before the next try, or `None` when this round is over
    /// (see [`outcome`](Self::outcome)); `draw` is a uniform random number
    /// in `0..1` for the jitter ([`wait_ms`]). Asking again before reporting
    /// the try's result returns the time left for the same try, so a
    /// restored attempt resumes where it was; that wait never exceeds the
    /// one the try was given, whatever the clock did meanwhile.
    pub fn next_try(&mut self, now_ms: u64, draw: f64) -> Option<Delay> {
        if self.outcome.is_some() || self.key.is_none() {
            return None;
        }
        let due = match self.due_ms {
            Some(due) => due,
            None if self.tries >= MAX_TRIES => return None,
            None => {
                self.tries += 1;
                let base = BACKOFF_MS[usize::from(self.tries) - 1];
                self.wait_ms = wait_ms(base, self.retry_after_ms.take(), draw);
                let due = now_ms.saturating_add(self.wait_ms);
                self.due_ms = Some(due);
                due
            }
        };
        Some(Delay {
            ms: due.saturating_sub(now_ms).min(self.wait_ms),
            try_number: self.tries,
            timeout_ms: TRY_TIMEOUT_MS,
        })
    }

    /// The try failed before any response (offline, DNS, reset, CORS).
    pub fn on_network_error(&mut self) -> Step {
        self.failed(Failure::Offline)
    }

    /// The try was aborted after [`TRY_TIMEOUT_MS`] without an answer.
    pub fn on_timeout(&mut self) -> Step {
        self.failed(Failure::TimedOut)
    }

    /// The try got an HTTP response; `retry_after_ms` is its `Retry-After`
    /// ([`parse_retry_after`]), which only a retryable status uses.
    pub fn on_response(&mut self, status: u16, retry_after_ms: Option<u64>) -> Step {
        match status {
            200..=299 => self.finish(Outcome::Confirmed),
            s if is_retryable(s) => {
                let failure = Failure::ServerError { status: s };
                if retry_after_ms.is_some_and(|ms| ms > MAX_RETRY_AFTER_MS) {
                    return self.end_round(failure);
                }
                self.retry_after_ms = retry_after_ms;
                self.failed(failure)
            }
            s => self.finish(Outcome::Failed(Failure::Rejected { status: s })),
        }
    }

    /// Starts a new round of tries under the same key after a round ended
    /// in doubt (`Offline`, `ServerError`): the viewer's "Try again". False,
    /// and nothing changes, when the outcome is certain or still pending.
    pub fn resume(&mut self) -> bool {
        match self.outcome {
            Some(Outcome::Failed(f)) if !f.is_definitive() && self.key.is_some() => {
                self.outcome = None;
                self.tries = 0;
                self.due_ms = None;
                self.retry_after_ms = None;
                true
            }
            _ => false,
        }
    }

    /// A failed try: retry while the round has tries left, else end the
    /// round with `failure` (keeping the key).
    fn failed(&mut self, failure: Failure) -> Step {
        if let Some(done) = &self.outcome {
            // A late report after the outcome is known changes nothing.
            return Step::Done(done.clone());
        }
        self.due_ms = None;
        if self.tries < MAX_TRIES {
            return Step::Retry;
        }
        self.end_round(failure)
    }

    /// Ends the round in doubt, keeping the key.
    fn end_round(&mut self, failure: Failure) -> Step {
        if let Some(done) = &self.outcome {
            return Step::Done(done.clone());
        }
        self.due_ms = None;
        self.retry_after_ms = None;
        self.outcome = Some(Outcome::Failed(failure));
        Step::Done(Outcome::Failed(failure))
    }

    /// A certain outcome: record it and forget the key.
    fn finish(&mut self, outcome: Outcome) -> Step {
        if let Some(done) = &self.outcome {
            if done == &Outcome::Confirmed || self.key.is_none() {
                return Step::Done(done.clone());
            }
        }
        self.key = None;
        self.due_ms = None;
        self.retry_after_ms = None;
        self.outcome = Some(outcome.clone());
        Step::Done(outcome)
    }
}

/// The `sessionStorage` key of the pending checkout of one video of one
/// site (same parts as `cart::storage_key`), e.g.
/// `shoppable:checkout:v1:https%3A%2F%2Fshop.example:spring-drop`.
pub fn storage_key(site: &str, video_id: &str) -> String {
    super::percent::site_video_key("shoppable:checkout:v1:", site, video_id)
}

/// True for a UUID in its canonical text form, 8-4-4-4-12 hex digits of
/// either case, e.g. `crypto.randomUUID()`'s. The server requires this of
/// an `Idempotency-Key`: a random 122-bit key cannot collide with another
/// viewer's, which a client-chosen short string could. The nil UUID is
/// refused, being no one's random key.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
        && b.iter().any(|&c| c != b'-' && c != b'0')
}

/// A version 4 UUID in canonical lower-case form from 16 random bytes:
/// the version nibble set to 4 and the variant bits to `10` (RFC 9562
/// section 5.4), the other 122 bits as given. The widget's key where
/// `crypto.randomUUID()` is missing (it exists only in secure contexts), over
/// `crypto.getRandomValues()`'s bytes.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
    out
}

/// 16 bytes for [`uuid_v4`] on a page with no `crypto` at all: each byte
/// from one of `draws` (uniform in `0..1`, `Math.random()`), XORed with the
/// bytes of `now_ms` and `tick` (`Date.now()`, `performance.now()` in µs).
/// `Math.random()` is not a cryptographic generator, but the key needs to be
/// unique, not secret: a key is only ever replayed together with the same
/// body, and V8, SpiderMonkey and JavaScriptCore seed it per page from the
/// system's entropy, so two viewers' 122-bit keys do not meet; the clock
/// parts separate two pages whose generators were seeded alike.
pub fn fallback_bytes(draws: [f64; 16], now_ms: u64, tick: u64) -> [u8; 16] {
    let mut out = [0u8; 16];
    let clock = [now_ms.to_le_bytes(), tick.to_le_bytes()].concat();
    for (i, d) in draws.iter().enumerate() {
        let d = if d.is_nan() { 0.0 } else { d.clamp(0.0, 1.0) };
        out[i] = ((d * 256.0) as u32).min(255) as u8 ^ clock[i];
    }
    out
}

/// A u64 as exactly 16 lower-case hex digits.
mod hex_u64 {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(n: &u64, s: S) -> Result<S::Ok, S::Error> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 16];
        for (i, d) in out.iter_mut().enumerate() {
            *d = HEX[((n >> (60 - 4 * i)) & 0xF) as usize];
        }
        s.serialize_str(core::str::from_utf8(&out).map_err(serde::ser::Error::custom)?)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let s = String::deserialize(d)?;
        if s.len() != 16 {
            return Err(D::Error::custom("fingerprint: expected 16 hex digits"));
        }
        u64::from_str_radix(&s, 16).map_err(D::Error::custom)
    }
}
