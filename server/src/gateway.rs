//! Payment gateways. The server only ever sees the wallet's opaque token
//! (DESIGN.md invariant 8); a gateway turns token + amount into a charge.
//!
//! `charge` is called inside the order's SQLite transaction, after stock is
//! reserved and before the order is written, so a decline rolls the stock
//! back and a sold-out order is never charged. It is synchronous and runs on
//! the store's writer thread: a gateway that talks to a network would hold
//! every other order up, so a real one should authorize before the
//! transaction and capture (or void) after it. The built-in test gateway
//! answers at once.

use std::sync::atomic::{AtomicU64, Ordering};

/// The gateway's id for a successful charge, stored with the order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChargeId(pub String);

/// A refused charge. `reason` is shown to the viewer (in the 402 problem's
/// `detail`), so it is plain words and never names card data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decline {
    pub reason: String,
}

pub trait PaymentGateway: Send + Sync + 'static {
    /// Charges `amount` minor units of `currency` (ISO 4217) to `token`.
    fn charge(&self, amount: i64, currency: &str, token: &str) -> Result<ChargeId, Decline>;
}

/// Approves [`TestGateway::APPROVE`] and any token starting with
/// [`TestGateway::APPROVE_PREFIX`]; declines [`TestGateway::DECLINE`] and
/// every token it does not know.
#[derive(Debug, Default)]
pub struct TestGateway {
    charges: AtomicU64,
}

impl TestGateway {
    /// The token the documented test flows (and the e2e stand-in for the
    /// payment sheet) send.
    pub const APPROVE: &'static str = "tok_test_approve";
    /// Any token with this prefix is approved too (`tok_test_ok_42`), so
    /// tests can make distinct bodies that all pay.
    pub const APPROVE_PREFIX: &'static str = "tok_test_ok";
    /// Always declined, like a card with no funds.
    pub const DECLINE: &'static str = "tok_test_decline";

    pub fn new() -> TestGateway {
        TestGateway::default()
    }
}

impl PaymentGateway for TestGateway {
    fn charge(&self, _amount: i64, _currency: &str, token: &str) -> Result<ChargeId, Decline> {
        if token == Self::APPROVE || token.starts_with(Self::APPROVE_PREFIX) {
            let n = self.charges.fetch_add(1, Ordering::Relaxed) + 1;
            // Unique across restarts too: the order id is the real key, this
            // only has to look like a gateway's reference.
            let nonce = uuid::Uuid::new_v4().simple().to_string();
            return Ok(ChargeId(format!("ch_test_{n}_{}", &nonce[..12])));
        }
        let reason = if token == Self::DECLINE {
            "the bank refused it"
        } else {
            "the payment method was not recognised"
        };
        Err(Decline {
            reason: reason.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_tokens() {
        let g = TestGateway::new();
        assert!(g.charge(100, "USD", "tok_test_approve").is_ok());
        assert!(g.charge(100, "USD", "tok_test_ok_7").is_ok());
        assert_eq!(
            g.charge(100, "USD", "tok_test_decline").unwrap_err().reason,
            "the bank refused it"
        );
        assert!(g.charge(100, "USD", "tok_live_123").is_err());
        assert!(g.charge(100, "USD", "").is_err());
        let (a, b) = (
            g.charge(1, "USD", TestGateway::APPROVE).unwrap(),
            g.charge(1, "USD", TestGateway::APPROVE).unwrap(),
        );
        assert_ne!(a, b);
    }
}
