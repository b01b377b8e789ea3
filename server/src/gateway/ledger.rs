//! A payment service's books, as a payment service keeps them: one payment
//! per reference, each moving authorized → captured → refunded, or
//! authorized → voided, every call idempotent by the reference.
//!
//! The built-in test gateway (`test.rs`) keeps one in memory, and so does
//! the HTTP stand-in (`standin.rs`) that the fault-injection tests and the
//! benches put behind the HTTP gateway. Both count what was *applied*, per
//! reference and per idempotency key, so a test can check "never two
//! captures for one key" against the books rather than against the server
//! under test.

use std::collections::HashMap;

/// Where one reference's payment stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Authorized,
    Captured,
    Voided,
    Refunded,
    Declined { reason: String },
}

impl State {
    pub fn name(&self) -> &'static str {
        match self {
            State::Authorized => "authorized",
            State::Captured => "captured",
            State::Voided => "voided",
            State::Refunded => "refunded",
            State::Declined { .. } => "declined",
        }
    }
}

/// One payment.
#[derive(Debug, Clone)]
pub struct Payment {
    pub state: State,
    pub authorization_id: String,
    pub amount: i64,
    pub currency: String,
    /// The merchant's idempotency key, when the authorize call named it.
    pub key: Option<String>,
    /// Captures applied to this reference (a well-behaved books: 0 or 1).
    pub captures: u32,
}

/// What a call did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The call moved (or had already moved) the payment to `state`.
    Ok { state: State, id: String },
    /// The call does not apply to the payment's state (capture of a voided
    /// payment, void of a captured one, a second authorize with another
    /// amount): nothing changed.
    Conflict { state: &'static str },
    /// No payment has this reference.
    NotFound,
}

/// Tokens the test books approve and decline, like a card network's test cards.
pub const APPROVE: &str = "tok_test_approve";
pub const APPROVE_PREFIX: &str = "tok_test_ok";
pub const DECLINE: &str = "tok_test_decline";

/// The books. Not thread-safe by itself: the owners wrap it in a mutex.
#[derive(Debug, Default)]
pub struct Ledger {
    payments: HashMap<String, Payment>,
    /// References voided before any authorization arrived: a late authorize
    /// with one of them is refused, so a void can never lose a race.
    tombstones: HashMap<String, ()>,
    /// Captures applied per idempotency key (kept as they happen: counting
    /// over every payment on each capture would make the books quadratic).
    captured_by_key: HashMap<String, u32>,
    next: u64,
    pub stats: Stats,
}

/// Counts of applied effects.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Stats {
    pub authorize_calls: u64,
    pub authorizations: u64,
    pub declines: u64,
    pub captures: u64,
    pub voids: u64,
    pub refunds: u64,
    /// References captured more than once, plus idempotency keys with more
    /// than one captured reference. Must stay 0.
    pub double_captures: u64,
}

impl Ledger {
    /// Authorizes `amount` of `currency` on `token` under `reference`. A
    /// repeat with the same reference answers what the first call did; with
    /// another amount or currency it is a conflict.
    pub fn authorize(
        &mut self,
        reference: &str,
        amount: i64,
        currency: &str,
        token: &str,
        key: Option<&str>,
    ) -> Applied {
        self.stats.authorize_calls += 1;
        if self.tombstones.contains_key(reference) {
            return Applied::Conflict { state: "voided" };
        }
        if let Some(p) = self.payments.get(reference) {
            if p.amount != amount || p.currency != currency {
                return Applied::Conflict {
                    state: p.state.name(),
                };
            }
            return Applied::Ok {
                state: p.state.clone(),
                id: p.authorization_id.clone(),
            };
        }
        let state = if token == APPROVE || token.starts_with(APPROVE_PREFIX) {
            self.stats.authorizations += 1;
            State::Authorized
        } else {
            self.stats.declines += 1;
            let reason = if token == DECLINE {
                "the bank refused it"
            } else {
                "the payment method was not recognised"
            };
            State::Declined {
                reason: reason.into(),
            }
        };
        self.next += 1;
        let id = format!("auth_{}", self.next);
        self.payments.insert(
            reference.to_string(),
            Payment {
                state: state.clone(),
                authorization_id: id.clone(),
                amount,
                currency: currency.to_string(),
                key: key.map(str::to_string),
                captures: 0,
            },
        );
        Applied::Ok { state, id }
    }

    /// Captures the authorized amount once; a repeat answers `captured`.
    pub fn capture(&mut self, reference: &str) -> Applied {
        let Some(p) = self.payments.get_mut(reference) else {
            return Applied::NotFound;
        };
        match p.state {
            State::Authorized => {
                p.state = State::Captured;
                p.captures += 1;
                self.stats.captures += 1;
                let key = p.key.clone();
                let id = p.authorization_id.clone();
                if let Some(key) = key {
                    let n = self.captured_by_key.entry(key).or_insert(0);
                    *n += 1;
                    if *n > 1 {
                        self.stats.double_captures += 1;
                    }
                }
                Applied::Ok {
                    state: State::Captured,
                    id,
                }
            }
            State::Captured => Applied::Ok {
                state: State::Captured,
                id: p.authorization_id.clone(),
            },
            ref s => Applied::Conflict { state: s.name() },
        }
    }

    /// Voids an authorization. A reference never seen is voided too (a
    /// tombstone), so an authorize still in flight can never complete after.
    pub fn void(&mut self, reference: &str) -> Applied {
        let Some(p) = self.payments.get_mut(reference) else {
            self.tombstones.insert(reference.to_string(), ());
            return Applied::Ok {
                state: State::Voided,
                id: String::new(),
            };
        };
        match p.state {
            State::Authorized => {
                p.state = State::Voided;
                self.stats.voids += 1;
                Applied::Ok {
                    state: State::Voided,
                    id: p.authorization_id.clone(),
                }
            }
            // Nothing to void: a declined payment holds no money.
            State::Voided | State::Declined { .. } => Applied::Ok {
                state: p.state.clone(),
                id: p.authorization_id.clone(),
            },
            ref s => Applied::Conflict { state: s.name() },
        }
    }

    /// Refunds a captured payment in full, once.
    pub fn refund(&mut self, reference: &str) -> Applied {
        let Some(p) = self.payments.get_mut(reference) else {
            return Applied::NotFound;
        };
        match p.state {
            State::Captured => {
                p.state = State::Refunded;
                self.stats.refunds += 1;
                Applied::Ok {
                    state: State::Refunded,
                    id: p.authorization_id.clone(),
                }
            }
            State::Refunded => Applied::Ok {
                state: State::Refunded,
                id: p.authorization_id.clone(),
            },
            ref s => Applied::Conflict { state: s.name() },
        }
    }

    pub fn lookup(&self, reference: &str) -> Option<&Payment> {
        self.payments.get(reference)
    }

    /// Captures applied per idempotency key (for the fault tests' books check).
    pub fn captures_by_key(&self) -> HashMap<String, u32> {
        self.captured_by_key.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_call_is_idempotent_by_reference() {
        let mut l = Ledger::default();
        let a = l.authorize("r1", 100, "USD", APPROVE, Some("k1"));
        assert!(matches!(
            a,
            Applied::Ok {
                state: State::Authorized,
                ..
            }
        ));
        assert_eq!(l.authorize("r1", 100, "USD", APPROVE, Some("k1")), a);
        assert_eq!(
            l.authorize("r1", 200, "USD", APPROVE, Some("k1")),
            Applied::Conflict {
                state: "authorized"
            }
        );
        assert!(matches!(
            l.capture("r1"),
            Applied::Ok {
                state: State::Captured,
                ..
            }
        ));
        assert!(matches!(
            l.capture("r1"),
            Applied::Ok {
                state: State::Captured,
                ..
            }
        ));
        assert_eq!(l.stats.captures, 1);
        assert_eq!(l.void("r1"), Applied::Conflict { state: "captured" });
        assert!(matches!(
            l.refund("r1"),
            Applied::Ok {
                state: State::Refunded,
                ..
            }
        ));
        assert!(matches!(
            l.refund("r1"),
            Applied::Ok {
                state: State::Refunded,
                ..
            }
        ));
        assert_eq!(l.stats.refunds, 1);
        assert_eq!(l.stats.double_captures, 0);
    }

    #[test]
    fn a_void_before_the_authorization_wins() {
        let mut l = Ledger::default();
        assert!(matches!(
            l.void("r2"),
            Applied::Ok {
                state: State::Voided,
                ..
            }
        ));
        assert_eq!(
            l.authorize("r2", 100, "USD", APPROVE, None),
            Applied::Conflict { state: "voided" }
        );
        assert_eq!(l.stats.authorizations, 0);
    }

    #[test]
    fn two_captured_references_for_one_key_are_counted() {
        let mut l = Ledger::default();
        l.authorize("a", 1, "USD", APPROVE, Some("k"));
        l.authorize("b", 1, "USD", APPROVE, Some("k"));
        l.capture("a");
        assert_eq!(l.stats.double_captures, 0);
        l.capture("b");
        assert_eq!(l.stats.double_captures, 1);
        assert_eq!(l.captures_by_key()["k"], 2);
    }

    #[test]
    fn declines_by_token() {
        let mut l = Ledger::default();
        assert!(matches!(
            l.authorize("d", 1, "USD", DECLINE, None),
            Applied::Ok {
                state: State::Declined { .. },
                ..
            }
        ));
        assert_eq!(l.capture("d"), Applied::Conflict { state: "declined" });
        assert!(matches!(
            l.authorize("e", 1, "USD", "tok_live_x", None),
            Applied::Ok {
                state: State::Declined { .. },
                ..
            }
        ));
    }
}
