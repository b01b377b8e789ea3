//! The life of one Buy tap's `Idempotency-Key`, as a pure state machine.
//!
//! A tap makes one key (a UUID, made by the caller with
//! `crypto.randomUUID()`) and one request body. Every try of that body
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
//! enough for a viewer to wait through with a spinner). The state is
//! serde-serializable so the caller can keep it, with the request body, in
//! `sessionStorage` under [`storage_key`] and carry on after a reload.

use serde::{Deserialize, Serialize};

/// Tries per round, the first included.
pub const MAX_TRIES: u8 = 4;

/// Wait before the n-th try of a round (index n - 1), in milliseconds.
pub const BACKOFF_MS: [u64; MAX_TRIES as usize] = [0, 500, 1_500, 4_000];

/// How long to wait before sending the next try, and which try it is (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delay {
    pub ms: u64,
    pub try_number: u8,
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
    /// The round ended on a 5xx (or 408/429). Not definitive.
    ServerError { status: u16 },
}

impl Failure {
    /// True when sending the same body again can never succeed.
    pub fn is_definitive(self) -> bool {
        matches!(self, Failure::Rejected { .. })
    }

    /// Plain words for the viewer. For `Rejected`, prefer the problem
    /// document's `detail` or `ProblemType::viewer_message`.
    pub fn viewer_message(self) -> &'static str {
        match self {
            Failure::Rejected { .. } => "Your order could not be placed.",
            Failure::Offline => {
                "We could not reach the shop. Check your connection and try again; you will not be charged twice."
            }
            Failure::ServerError { .. } => {
                "The shop is not answering right now. Try again in a moment; you will not be charged twice."
            }
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
    outcome: Option<Outcome>,
}

impl Attempt {
    pub fn new(key: String, fingerprint: u64) -> Attempt {
        Attempt {
            key: Some(key),
            fingerprint,
            tries: 0,
            due_ms: None,
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
    /// (see [`outcome`](Self::outcome)). Asking again before reporting the
    /// try's result returns the time left for the same try, so a restored
    /// attempt resumes where it was; that wait never exceeds the longest
    /// backoff, whatever the clock did meanwhile.
    pub fn next_try(&mut self, now_ms: u64) -> Option<Delay> {
        if self.outcome.is_some() || self.key.is_none() {
            return None;
        }
        let longest = BACKOFF_MS[BACKOFF_MS.len() - 1];
        let due = match self.due_ms {
            Some(due) => due,
            None if self.tries >= MAX_TRIES => return None,
            None => {
                self.tries += 1;
                let due = now_ms.saturating_add(BACKOFF_MS[usize::from(self.tries) - 1]);
                self.due_ms = Some(due);
                due
            }
        };
        Some(Delay {
            ms: due.saturating_sub(now_ms).min(longest),
            try_number: self.tries,
        })
    }

    /// The try failed before any response (offline, DNS, reset, CORS).
    pub fn on_network_error(&mut self) -> Step {
        self.failed(Failure::Offline)
    }

    /// The try got an HTTP response.
    pub fn on_response(&mut self, status: u16) -> Step {
        match status {
            200..=299 => self.finish(Outcome::Confirmed),
            s if is_retryable(s) => self.failed(Failure::ServerError { status: s }),
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
