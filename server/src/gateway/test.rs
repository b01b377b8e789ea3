//! The built-in test gateway: in-memory books ([`Ledger`]) that approve
//! the documented test tokens and decline the rest, answering at once.
//! It moves no money, so the server runs it only with `--test-payments`
//! (a loud line at start-up) and marks its orders `"test": true`.
//!
//! Its books live in memory: after a restart it has forgotten every
//! payment, so an order the restart left `pending` is found `NotFound` and
//! ends `voided` (server/README.md, "Faults"). The fault tests use the HTTP
//! stand-in, whose books outlive the server under test.

use std::sync::Mutex;

use async_trait::async_trait;

use super::ledger::{self, Applied, Ledger, State, Stats};
use super::{Authorization, Charge, GatewayError, PaymentGateway, Status};

#[derive(Debug, Default)]
pub struct TestGateway {
    books: Mutex<Ledger>,
}

impl TestGateway {
    /// The token the documented test flows (and the e2e stand-in for the
    /// payment sheet) send.
    pub const APPROVE: &'static str = ledger::APPROVE;
    /// Any token with this prefix is approved too (`tok_test_ok_42`), so
    /// tests can make distinct bodies that all pay.
    pub const APPROVE_PREFIX: &'static str = ledger::APPROVE_PREFIX;
    /// Always declined, like a card with no funds.
    pub const DECLINE: &'static str = ledger::DECLINE;

    pub fn new() -> TestGateway {
        TestGateway::default()
    }

    /// What the books applied so far.
    pub fn stats(&self) -> Stats {
        self.books().stats.clone()
    }

    fn books(&self) -> std::sync::MutexGuard<'_, Ledger> {
        self.books.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A call the books could not apply, as the HTTP gateway would report it.
fn conflict(state: &str) -> GatewayError {
    GatewayError::Refused(format!("the payment is {state}"))
}

#[async_trait]
impl PaymentGateway for TestGateway {
    fn describe(&self) -> String {
        "test gateway (in memory; moves no money)".into()
    }

    fn is_test(&self) -> bool {
        true
    }

    async fn authorize(
        &self,
        c: Charge<'_>,
        token: &str,
        key: &str,
    ) -> Result<Authorization, GatewayError> {
        match self
            .books()
            .authorize(c.reference, c.amount, c.currency, token, Some(key))
        {
            Applied::Ok {
                state: State::Declined { reason },
                ..
            } => Ok(Authorization::Declined { reason }),
            Applied::Ok { id, .. } => Ok(Authorization::Approved { id }),
            Applied::Conflict { state: "voided" } => Ok(Authorization::Voided),
            Applied::Conflict { state } => Err(conflict(state)),
            Applied::NotFound => Err(conflict("unknown")),
        }
    }

    async fn capture(&self, c: Charge<'_>) -> Result<(), GatewayError> {
        match self.books().capture(c.reference) {
            Applied::Ok { .. } => Ok(()),
            Applied::Conflict { state } => Err(conflict(state)),
            Applied::NotFound => Err(conflict("unknown")),
        }
    }

    async fn void(&self, reference: &str) -> Result<(), GatewayError> {
        match self.books().void(reference) {
            Applied::Ok { .. } => Ok(()),
            Applied::Conflict { state } => Err(conflict(state)),
            Applied::NotFound => Ok(()),
        }
    }

    async fn refund(&self, c: Charge<'_>) -> Result<(), GatewayError> {
        match self.books().refund(c.reference) {
            Applied::Ok { .. } => Ok(()),
            Applied::Conflict { state } => Err(conflict(state)),
            Applied::NotFound => Err(conflict("unknown")),
        }
    }

    async fn lookup(&self, reference: &str) -> Result<Status, GatewayError> {
        Ok(match self.books().lookup(reference) {
            None => Status::NotFound,
            Some(p) => status_of(&p.state, &p.authorization_id),
        })
    }
}

/// The books' state as the trait's [`Status`].
pub fn status_of(state: &State, authorization_id: &str) -> Status {
    match state {
        State::Authorized => Status::Authorized {
            id: authorization_id.to_string(),
        },
        State::Captured => Status::Captured,
        State::Voided => Status::Voided,
        State::Refunded => Status::Refunded,
        State::Declined { reason } => Status::Declined {
            reason: reason.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charge(r: &str) -> Charge<'_> {
        Charge {
            reference: r,
            amount: 100,
            currency: "USD",
        }
    }

    #[tokio::test]
    async fn test_tokens_and_idempotency() {
        let g = TestGateway::new();
        let a = g.authorize(charge("o1"), TestGateway::APPROVE, "k1").await;
        assert!(matches!(a, Ok(Authorization::Approved { .. })));
        assert_eq!(
            g.authorize(charge("o1"), TestGateway::APPROVE, "k1").await,
            a
        );
        assert!(matches!(
            g.authorize(charge("o2"), "tok_test_ok_7", "k2").await,
            Ok(Authorization::Approved { .. })
        ));
        assert_eq!(
            g.authorize(charge("o3"), TestGateway::DECLINE, "k3").await,
            Ok(Authorization::Declined {
                reason: "the bank refused it".into()
            })
        );
        g.capture(charge("o1")).await.unwrap();
        g.capture(charge("o1")).await.unwrap();
        assert_eq!(g.stats().captures, 1);
        assert_eq!(g.lookup("o1").await, Ok(Status::Captured));
        assert_eq!(g.lookup("nope").await, Ok(Status::NotFound));
        g.void("o4").await.unwrap();
        assert_eq!(
            g.authorize(charge("o4"), TestGateway::APPROVE, "k4").await,
            Ok(Authorization::Voided)
        );
    }
}
